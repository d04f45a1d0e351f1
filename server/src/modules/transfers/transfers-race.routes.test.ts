import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { createTestApp, logInEach, type TestSession } from "../../test/factories";
import { memberIdByName } from "../../test/member-factories";
import { startOk, transferStep } from "./transfers.test-support";

/**
 * Two approvers on one transfer step at once (issue 11, "bad input"): the township and the county
 * committee both approve the sending committee's step of the same version; exactly one wins (200),
 * the other answers 409, never 500 or a false 404, and the step is recorded once. Concurrent starts
 * of one member: one 201, the rest 409 (the partial unique index or the member's row lock). PGlite
 * runs one statement at a time, so this runs on PostgreSQL only.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;

describe.skipIf(!process.env.DATABASE_URL)("two approvers on one transfer step at once", () => {
  beforeAll(async () => {
    context = await createTestApp();
    [county, east, secretary] = await logInEach(context.app, ["county", "east", "secretary"]);
  });
  afterAll(async () => context?.close());

  it("lets exactly one of two approvers take the step; the other gets 409", async () => {
    const zhang = await memberIdByName(context.db, "张三");
    const started = await startOk(context.app, secretary, {
      memberId: zhang,
      toOrganizationId: context.tree.westVillage.id,
    });
    const responses = await Promise.all([
      transferStep(context.app, east, started.id, "approve_sending_committee", 1),
      transferStep(context.app, county, started.id, "approve_sending_committee", 1),
    ]);
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses, responses.map((response) => response.body).join("\n")).toEqual([200, 409]);
    const steps = await queryRows<{ total: number }>(
      context.db,
      sql`select count(*)::int as total from workflow_step s join member_transfer t on t.county_id = s.county_id and t.instance_id = s.instance_id
          where t.id = ${started.id} and s.action = 'approve_sending_committee'`,
    );
    expect(Number(steps[0]?.total)).toBe(1);
    const items = await queryRows<{ total: number }>(
      context.db,
      // (no join: on Citus work_item is distributed by the county its item sits at, not its instance's)
      sql`select count(*)::int as total from work_item w
          where w.instance_id = (select t.instance_id from member_transfer t where t.id = ${started.id}) and w.closed_at is null`,
    );
    expect(Number(items[0]?.total)).toBe(1);
  });

  it("starts one transfer of a member when several starts race; the others answer 409", async () => {
    const li = await memberIdByName(context.db, "李四");
    const responses = await Promise.all(
      [context.tree.westVillage.id, context.tree.eastVillage2.id, context.tree.west.id].map(
        (toOrganizationId) =>
          context.app.inject({
            method: "POST",
            url: "/api/v1/transfers",
            headers: secretary.headers,
            payload: {
              memberId: li,
              toOrganizationId,
              reason: "moved_residence",
              kind: "ordinary",
              startedOn: "2026-06-01",
            },
          }),
      ),
    );
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses, responses.map((response) => response.body).join("\n")).toEqual([201, 409, 409]);
    const open = await queryRows<{ total: number }>(
      context.db,
      sql`select count(*)::int as total from member_transfer where member_id = ${li} and closed_at is null`,
    );
    expect(Number(open[0]?.total)).toBe(1);
  });
});
