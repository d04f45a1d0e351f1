import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { createTestApp, logInEach, type TestSession } from "../../test/factories";
import { citizenIdFor } from "../../test/member-factories";
import { insertQuota, insertVotedApplication, setDivisionCode, step } from "./development.test-support";

/**
 * 总量控制 under concurrency (issue 10 part 4): fifty committee approvals at the same moment against a
 * quota of ten issue exactly ten distinct member numbers; the others answer 422 quota_exhausted, never
 * 500. PGlite runs one statement at a time (requests never overlap there), so this runs on PostgreSQL
 * only (DATABASE_URL; a database of its own, dropped afterwards).
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let east: TestSession;
const applicationIds: number[] = [];

describe.skipIf(!process.env.DATABASE_URL)("fifty approvals against a quota of ten", () => {
  beforeAll(async () => {
    context = await createTestApp();
    [east] = await logInEach(context.app, ["east"]);
    await setDivisionCode(context.db, context.tree.county.id, "990001");
    await insertQuota(context.db, context.tree.east.id, 2026, 10);
    const branches = [context.tree.eastVillage1, context.tree.eastVillage2];
    for (let index = 0; index < 50; index += 1) {
      const branch = branches[index % 2] ?? context.tree.eastVillage1;
      const citizenId = citizenIdFor("2010-03-01", String(100 + index * 2 + 1).padStart(3, "0"));
      applicationIds.push(await insertVotedApplication(context.db, branch, `申请人${index}`, citizenId));
    }
  });
  afterAll(async () => context?.close());

  it("issues exactly ten distinct numbers; the rest are refused as quota exhausted", async () => {
    const responses = await Promise.all(
      applicationIds.map((id) =>
        step(context.app, east, id, "approve_admission", 1, { approvedOn: "2026-06-20" }),
      ),
    );
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 200)).toHaveLength(10);
    expect(statuses.filter((status) => status === 422)).toHaveLength(40);
    for (const response of responses.filter((each) => each.statusCode === 422)) {
      expect(response.json().error.code).toBe("quota_exhausted");
    }
    const numbers = await queryRows<{ memberNumber: string }>(
      context.db,
      sql`select member_number as "memberNumber" from development_application where member_number is not null`,
    );
    expect(new Set(numbers.map((row) => row.memberNumber)).size).toBe(10);
    expect(numbers.map((row) => row.memberNumber).sort()).toEqual(
      Array.from({ length: 10 }, (_, index) => `2026990001${String(index + 1).padStart(6, "0")}`),
    );
    const quota = await queryRows<{ used: number }>(context.db, sql`select used from admission_quota`);
    expect(Number(quota[0]?.used)).toBe(10);
    const approved = await queryRows<{ total: number }>(
      context.db,
      sql`select count(*)::int as total from workflow_instance where state = 'approved'`,
    );
    expect(Number(approved[0]?.total)).toBe(10);
  });
});
