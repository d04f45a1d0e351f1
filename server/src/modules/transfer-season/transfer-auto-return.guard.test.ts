import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { createTestApp, logInEach } from "../../test/factories";
import { memberIdByName } from "../../test/member-factories";
import { systemActor } from "../auth/system-actor";
import { transitionTransferIn } from "../transfers/transfers.service";
import { startOk } from "../transfers/transfers.test-support";
import { runAutoReturn } from "./transfer-auto-return.job";

/**
 * The automatic return's guard (issue 11 item 6) reads what the job's candidate query reads: the last
 * step's date in China (Asia/Shanghai, not UTC) and the applicable season's own approval deadline
 * (findApplicableSeason: the sending side's nearest committee setting), so that a transfer the job
 * finds due is returned, not skipped, and one that is not due in China is refused.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
const ids: Record<string, number> = {};

async function stateOf(id: number) {
  const [row] = await queryRows<{ state: string; version: number }>(
    context.db,
    sql`select wi.state, wi.version from member_transfer mt join workflow_instance wi on wi.id = mt.instance_id
        where mt.id = ${id}`,
  );
  return row;
}

beforeAll(async () => {
  context = await createTestApp();
  const [east] = await logInEach(context.app, ["east"]);
  if (!east) throw new Error("no session");
  for (const name of ["张三", "李四", "王五"]) {
    const memberId = await memberIdByName(context.db, name);
    ids[name] = (
      await startOk(context.app, east, { memberId, toOrganizationId: context.tree.westVillage.id })
    ).id;
    // The clock of these tests: the transfers started on 1 Sep (the route used the real date).
    await context.db.execute(sql`update member set status_since = '2026-09-01' where id = ${memberId}`);
    await context.db.execute(
      sql`update member_history set valid_to = '2026-09-01'
          where member_id = ${memberId} and valid_to is not null and valid_to > '2026-09-01'`,
    );
    await context.db.execute(
      sql`update member_history set valid_from = '2026-09-01' where member_id = ${memberId} and valid_to is null`,
    );
  }
  // 张三: a graduate of 2026 whose township set its approval deadline to 15 Sep; last step 1 Sep.
  await context.db.execute(sql`update member_transfer set season_year = 2026 where id = ${ids.张三}`);
  await context.db.execute(
    sql`insert into transfer_season (organization_id, year, initiated_by, approved_by, completed_by)
        values (${context.tree.east.id}, 2026, '2026-08-31', '2026-09-15', '2026-10-31')`,
  );
  await context.db.execute(
    sql`update workflow_instance set updated_at = '2026-09-01T10:00:00+08:00'
        where id = (select instance_id from member_transfer where id = ${ids.张三})`,
  );
  // 李四 and 王五: last step at 23:30 UTC on 1 Oct, which is 07:30 on 2 Oct in China.
  for (const name of ["李四", "王五"]) {
    await context.db.execute(
      sql`update workflow_instance set updated_at = '2026-10-01T23:30:00Z'
          where id = (select instance_id from member_transfer where id = ${ids[name]})`,
    );
  }
});
afterAll(async () => context.close());

describe("the auto_return guard", () => {
  it.each([
    // [today in China, overdue]: the China date of the last step is 2 Oct, so due after 12 Oct.
    ["2026-10-12", false],
    ["2026-10-13", true],
  ] as const)("a step at 23:30 UTC on 1 Oct, on %s: returned %s", async (today, overdue) => {
    const id = ids.李四 as number;
    const before = await stateOf(id);
    const run = context.db.transaction((tx) =>
      transitionTransferIn(
        tx,
        systemActor("auto-return"),
        id,
        { action: "auto_return", version: Number(before?.version), payload: { reason: "超期" } },
        today,
      ),
    );
    if (overdue) {
      await run;
      expect((await stateOf(id))?.state).toBe("returned");
    } else {
      await expect(run).rejects.toMatchObject({ status: 422 });
      expect(await stateOf(id)).toEqual(before);
    }
  });
});

describe("runAutoReturn with the season's own deadline and China dates", () => {
  it("returns a graduate whose committee's deadline (15 Sep) has passed by 10 days — not skipped", async () => {
    const run = await runAutoReturn(context.db, new Date("2026-09-26T04:00:00Z"));
    expect(run).toMatchObject({ ran: true, today: "2026-09-26", returned: [ids.张三], skipped: [] });
  });

  it("leaves a step of 23:30 UTC on 1 Oct alone on 12 Oct in China, and returns it on the 13th", async () => {
    const early = await runAutoReturn(context.db, new Date("2026-10-12T04:00:00Z"));
    expect(early).toMatchObject({ returned: [], skipped: [] });
    // 13 Oct 00:30 in China is still 12 Oct in UTC: the China date decides.
    const due = await runAutoReturn(context.db, new Date("2026-10-12T16:30:00Z"));
    expect(due).toMatchObject({ today: "2026-10-13", returned: [ids.王五], skipped: [] });
  });
});
