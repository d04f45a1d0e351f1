import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { createTestCounty, createTestUser } from "../../test/factories";
import { createTestDatabase } from "../../test/test-database";
import { systemActor } from "../auth/system-actor";
import { computeIndicators } from "../indicators/indicator.service";
import { seedDemoAnnualCycle } from "./demo-organizational-life";

/** The demo's annual cycle (issue 12 parts 2, 3, 9): the review through the services, then registration. */

const TODAY = "2026-12-06";
let handle: DatabaseHandle;
let tree: Awaited<ReturnType<typeof createTestCounty>>;

beforeAll(async () => {
  handle = await createTestDatabase();
  tree = await createTestCounty(handle.db);
  // The demo's branch secretary account: its branch is left grading (the secretary's review to finish).
  await createTestUser(handle.db, "demo-branch", "branch_secretary", tree.eastVillage2.id);
});
afterAll(async () => handle.close());

describe("seedDemoAnnualCycle", () => {
  it("approves the first branches' reviews on the engine and registers their members; last year's campaign closed", async () => {
    const result = await seedDemoAnnualCycle(handle.db, systemActor("demo"), tree.county, TODAY);
    expect(result.approvedReviews).toBeGreaterThan(0);
    const reviews = await queryRows<{
      organizationId: number;
      state: string;
      approved: boolean;
      graded: number;
      roll: number;
    }>(
      handle.db,
      sql`select r.organization_id::int as "organizationId", w.state, r.approved_at is not null as approved,
            (select count(*)::int from member_review_grade g where g.branch_review_id = r.id and g.grade is not null) as graded,
            r.roll_count as roll
          from branch_education_review r join workflow_instance w on w.id = r.instance_id
          where r.campaign_id = ${result.reviewCampaignId} order by r.organization_id`,
    );
    // demo-branch's branch is still grading: saved, not submitted.
    const grading = reviews.filter((review) => review.organizationId === tree.eastVillage2.id);
    expect(grading).toEqual([expect.objectContaining({ state: "branch_review", approved: false })]);
    const others = reviews.filter((review) => review.organizationId !== tree.eastVillage2.id);
    expect(others.length).toBe(result.approvedReviews);
    for (const review of others) {
      expect(review).toMatchObject({ state: "approved", approved: true });
      expect(review.graded).toBe(review.roll);
    }
    const registrations = await queryRows<{ year: number; closed: boolean; status: string; n: number }>(
      handle.db,
      sql`select c.year, c.closed_at is not null as closed, r.status, count(*)::int as n
          from member_registration r join registration_campaign c on c.id = r.campaign_id
          group by c.year, c.closed_at, r.status order by c.year, r.status`,
    );
    expect(registrations.find((row) => row.year === 2025)).toMatchObject({ closed: true });
    expect(registrations.some((row) => row.year === 2026 && row.status === "registered")).toBe(true);
    expect(registrations.reduce((sum, row) => sum + row.n, 0)).toBe(result.registrations);
  });

  it("gives the annual-cycle indicators figures for the county", async () => {
    const values = await computeIndicators(
      handle.db,
      tree.county.path,
      ["registration_rate", "review_completion_rate", "review_grade_qualified_share"],
      TODAY,
    );
    for (const [id, value] of values) {
      expect(value, id).not.toBeNull();
      expect(value, id).toBeGreaterThan(0);
      expect(value, id).toBeLessThanOrEqual(100);
    }
  });
});
