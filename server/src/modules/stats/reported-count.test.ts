import { percentOf } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { createTestCounty } from "../../test/factories";
import { createTestDatabase } from "../../test/test-database";
import { systemActor } from "../auth/system-actor";
import { computeIndicators } from "../indicators/indicator.service";
import { sumReportedMemberCounts } from "../members/member-completeness.repository";
import { setReportedMemberCount } from "../members/member-completeness.service";
import { moveOrganization } from "../organizations/organization.service";
import { readReportedCounts, runReportedCountRebuild } from "./reported-count.repository";

/**
 * 应录入数 per subtree from organization_reported_count (issue 18 part 1) against the scan it replaced
 * (sumReportedMemberCounts, per child and in total), through the service's writes and a move; and
 * entry_rate (入团率 = current members / 应录入数) from it. The random-write proof
 * (member-count.consistency.test.ts) checks the counter against a recount for every organization.
 */

const actor = systemActor("reported-count-test");
const TODAY = "2026-12-06";
let handle: DatabaseHandle;
let tree: Awaited<ReturnType<typeof createTestCounty>>;

beforeAll(async () => {
  handle = await createTestDatabase();
  tree = await createTestCounty(handle.db);
});
afterAll(async () => handle.close());

type Organization = { id: number; path: string; kind: string; parent_id: number | null };

/** Every organization: the counter equals the scan of its parent's children (and its own total). */
async function expectCounterEqualsScan(label: string): Promise<void> {
  const organizations = await queryRows<Organization>(
    handle.db,
    sql`select id, path, kind, parent_id from organization order by id`,
  );
  const counted = await readReportedCounts(
    handle.db,
    organizations.map((o) => ({ id: Number(o.id), kind: o.kind })),
  );
  for (const organization of organizations) {
    const rows = await sumReportedMemberCounts(handle.db, organization.path);
    const total = rows.find((row) => row.total)?.reported ?? null;
    expect(counted.get(Number(organization.id)), `${label}: ${organization.path}`).toBe(total);
    // The root's own row has no child (null): its reported count is inside the total.
    for (const child of rows.filter((row) => !row.total && row.childId !== null)) {
      expect(
        counted.get(Number(child.childId)),
        `${label}: child ${child.childId} of ${organization.path}`,
      ).toBe(child.reported);
    }
  }
}

describe("应录入数 per subtree from the counter", () => {
  it("equals the scan after sets, clears and a move, and equals a rebuild", async () => {
    await expectCounterEqualsScan("nothing reported");
    expect(
      (await readReportedCounts(handle.db, [{ id: tree.county.id, kind: "committee" }])).get(tree.county.id),
    ).toBe(null);
    await setReportedMemberCount(handle.db, actor, tree.eastVillage1.id, 10);
    await setReportedMemberCount(handle.db, actor, tree.eastVillage2.id, 7);
    await setReportedMemberCount(handle.db, actor, tree.westVillage.id, 0);
    await setReportedMemberCount(handle.db, actor, tree.east.id, 3);
    await expectCounterEqualsScan("after sets");
    await setReportedMemberCount(handle.db, actor, tree.eastVillage2.id, 12);
    await setReportedMemberCount(handle.db, actor, tree.east.id, null);
    await expectCounterEqualsScan("after a change and a clear");
    await moveOrganization(handle.db, actor, tree.eastVillage1.id, { newParentId: tree.west.id });
    await expectCounterEqualsScan("after a move");
    const before = await queryRows(
      handle.db,
      sql`select organization_id, reported, reporting from organization_reported_count
           where reported <> 0 or reporting <> 0 order by 1`,
    );
    await runReportedCountRebuild(handle.db);
    const after = await queryRows(
      handle.db,
      sql`select organization_id, reported, reporting from organization_reported_count order by 1`,
    );
    expect(after).toEqual(before);
    await moveOrganization(handle.db, actor, tree.eastVillage1.id, { newParentId: tree.east.id });
    await expectCounterEqualsScan("moved back");
  });

  it("gives entry_rate: current members / 应录入数", async () => {
    // County: 4 current members; 应录入数 10 + 12 + 0 = 22.
    const values = await computeIndicators(handle.db, tree.county.path, ["entry_rate"], TODAY);
    expect(values.get("entry_rate")).toBe(percentOf(4, 22));
  });
});
