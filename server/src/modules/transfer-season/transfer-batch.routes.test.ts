import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { latestAuditEntry } from "../../test/database-state";
import { createTestApp, logInEach, type TestSession } from "../../test/factories";
import { memberIdByName, sendAs } from "../../test/member-factories";
import { runAutoReturn } from "./transfer-auto-return.job";
import { expectSeasonRefused } from "./transfer-season.test-support";

/**
 * The class batch (issue 11 part 4): POST /organizations/{id}/transfer-batches — all or nothing, every
 * bad row named — then the work lists, the committee backlog and the automatic return (run with a clock).
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;
let zhang: number;
let li: number;
let wang: number;
let zhao: number;

beforeAll(async () => {
  context = await createTestApp();
  [county, east, secretary, member] = await logInEach(context.app, ["county", "east", "secretary", "member"]);
  zhang = await memberIdByName(context.db, "张三");
  li = await memberIdByName(context.db, "李四");
  wang = await memberIdByName(context.db, "王五");
  zhao = await memberIdByName(context.db, "赵六");
});
afterAll(async () => context.close());

const batch = (session: TestSession | undefined, classId: number, body: unknown) =>
  sendAs(context.app, session, "POST", `/organizations/${classId}/transfer-batches`, body);

describe("POST /organizations/{id}/transfer-batches", () => {
  const rows = () => [
    { memberId: zhang, destination: "continuing_study", schoolOrganizationId: context.tree.westVillage.id },
    { memberId: li, destination: "unplaced", mobileBranchId: context.tree.eastVillage2.id },
  ];
  const body = () => ({ startedOn: "2026-09-01", rows: rows() });

  it("refuses a class without a graduation date (422), 401, 403, 404 and bad input (400), writing nothing", async () => {
    const classId = context.tree.eastVillage1.id;
    await expectSeasonRefused(context.db, () => batch(secretary, classId, body()), 422, {
      code: "class_not_graduating",
    });
    await sendAs(context.app, secretary, "PUT", `/organizations/${classId}/graduation-date`, {
      graduatesOn: "2026-06-30",
    });
    await expectSeasonRefused(context.db, () => batch(undefined, classId, body()), 401);
    await expectSeasonRefused(context.db, () => batch(member, classId, body()), 403);
    await expectSeasonRefused(context.db, () => batch(east, context.tree.westVillage.id, body()), 404);
    await expectSeasonRefused(context.db, () => batch(secretary, classId, { ...body(), rows: [] }), 400, {
      field: "rows",
    });
    await expectSeasonRefused(
      context.db,
      () => batch(secretary, classId, { ...body(), rows: [{ memberId: zhang, destination: "abroad" }] }),
      400,
      { field: "rows.0.destination" },
    );
  });

  it("refuses the whole batch naming each bad row: not of the class, outside the scope, no destination", async () => {
    const error = await expectSeasonRefused(
      context.db,
      () =>
        batch(east, context.tree.eastVillage1.id, {
          startedOn: "2026-09-01",
          rows: [
            ...rows(),
            { memberId: wang, destination: "employed", townshipOrganizationId: context.tree.west.id },
            { memberId: zhao, destination: "employed", employerOrganizationId: context.tree.westVillage.id },
            { memberId: zhang, destination: "employed" },
          ],
        }),
      400,
      { code: "batch_refused", field: "rows.2.memberId" },
    );
    expect(String(error.message).split("；")).toEqual([
      "第3行（王五）：不是本班（团支部）的毕业生",
      `第4行：团员（编号${zhao}）不存在或不在您的管理范围内`,
      "第5行（张三）：同一团员重复出现",
      "第5行（张三）：就业：须指定用人单位团组织，单位未建团组织的指定所在乡镇（街道）团组织",
    ]);
  });

  it("starts the class: 升学 to the new school (the branch's step taken), unplaced to a mobile branch as 流动团员", async () => {
    const response = await batch(secretary, context.tree.eastVillage1.id, body());
    expect(response.statusCode, response.body).toBe(201);
    const result = response.json();
    expect(result.seasonYear).toBe(2026);
    expect(result.transfers).toEqual([
      expect.objectContaining({
        memberId: zhang,
        destination: "continuing_study",
        toOrganizationId: context.tree.westVillage.id,
        state: "awaiting_sending_committee",
      }),
    ]);
    expect(result.flows).toEqual([
      expect.objectContaining({
        memberId: li,
        mobileBranchId: context.tree.eastVillage2.id,
        until: "2027-03-01",
      }),
    ]);
    const [stored] = await queryRows<{
      season_year: number;
      destination: string;
      kind: string;
      reason: string;
    }>(
      context.db,
      sql`select season_year, destination, kind, reason from member_transfer where member_id = ${zhang}`,
    );
    expect(stored).toMatchObject({
      season_year: 2026,
      destination: "continuing_study",
      kind: "school_to_school",
      reason: "further_study",
    });
    expect(await latestAuditEntry(context.db, "transfer.batch")).toMatchObject({
      entityId: String(context.tree.eastVillage1.id),
    });
    // A second batch of the same members: each row named, nothing written.
    const error = await expectSeasonRefused(
      context.db,
      () => batch(secretary, context.tree.eastVillage1.id, body()),
      400,
      {
        code: "batch_refused",
      },
    );
    expect(error.message).toContain("第1行（张三）：状态为“转接中”");
    expect(error.message).toContain("第2行（李四）：已登记为流动团员");
  });

  it("lists the transfer on both sides' work lists by step and age, and in the county's backlog by child", async () => {
    const sending = await sendAs(
      context.app,
      east,
      "GET",
      `/organizations/${context.tree.east.id}/transfer-worklist`,
    );
    expect(sending.statusCode).toBe(200);
    // The sending committee's step is a work item at the sending branch, inside east's subtree.
    expect(sending.json()).toMatchObject({ total: 1, awaitingHere: 1 });
    expect(sending.json().items[0]).toMatchObject({
      memberName: "张三",
      state: "awaiting_sending_committee",
      stateLabel: "待转出团委审核",
      fromName: "东一村团支部",
      toName: "西一村团支部",
    });
    expect(sending.json().counts).toContainEqual(
      expect.objectContaining({ state: "awaiting_sending_committee", count: 1 }),
    );
    const receiving = await sendAs(
      context.app,
      county,
      "GET",
      `/organizations/${context.tree.west.id}/transfer-worklist?state=awaiting_sending_committee`,
    );
    expect(receiving.json().items).toHaveLength(1);
    const none = await sendAs(
      context.app,
      county,
      "GET",
      `/organizations/${context.tree.west.id}/transfer-worklist?state=awaiting_receiving_branch`,
    );
    expect(none.json().items).toHaveLength(0);
    const backlog = await sendAs(
      context.app,
      county,
      "GET",
      `/organizations/${context.tree.county.id}/transfer-backlog`,
    );
    expect(backlog.statusCode).toBe(200);
    const children = backlog.json().children as { organizationId: number; total: number }[];
    // The sending committee's step sits at the township (east) or the county: counted under one child at most.
    expect(backlog.json().total).toBe(1);
    expect(children.find((child) => child.organizationId === context.tree.west.id)?.total).toBe(0);
    expect(children.find((child) => child.organizationId === context.tree.east.id)).toMatchObject({
      total: 1,
      byState: [{ state: "awaiting_sending_committee", count: 1 }],
    });
    expect(backlog.json().atThisOrganization.total).toBe(0);
  });
});

describe("runAutoReturn (the scheduled job, called with a clock)", () => {
  beforeAll(async () => {
    // The clock of these tests: the batch ran on its start date, 1 Sep (the routes use the real date).
    await context.db.execute(sql`update workflow_instance set updated_at = '2026-09-01T10:00:00+08:00'`);
    await context.db.execute(sql`update member set status_since = '2026-09-01' where id = ${zhang}`);
    await context.db.execute(
      sql`update member_history set valid_to = '2026-09-01' where member_id = ${zhang} and valid_to is not null and valid_to > '2026-09-01'`,
    );
    await context.db.execute(
      sql`update member_history set valid_from = '2026-09-01' where member_id = ${zhang} and valid_to is null`,
    );
  });

  it("returns nothing before the approval deadline's 10 days have passed", async () => {
    const run = await runAutoReturn(context.db, new Date("2026-10-05T04:00:00Z"));
    expect(run).toMatchObject({ ran: true, today: "2026-10-05", returned: [] });
  });

  it("returns a stale application once; a second run finds nothing (idempotent)", async () => {
    const [transfer] = await queryRows<{ id: number }>(
      context.db,
      sql`select id::int as id from member_transfer where member_id = ${zhang}`,
    );
    const run = await runAutoReturn(context.db, new Date("2026-10-20T04:00:00Z"));
    expect(run).toMatchObject({ ran: true, today: "2026-10-20", returned: [transfer?.id], skipped: [] });
    const [state] = await queryRows<{ state: string; status: string; closed: boolean }>(
      context.db,
      sql`select wi.state, m.status, mt.closed_at is not null as closed from member_transfer mt
          join workflow_instance wi on wi.id = mt.instance_id join member m on m.id = mt.member_id
          where mt.member_id = ${zhang}`,
    );
    expect(state).toMatchObject({ state: "returned", status: "active", closed: true });
    const again = await runAutoReturn(context.db, new Date("2026-10-21T04:00:00Z"));
    expect(again.returned).toEqual([]);
    const steps = await queryRows<{ total: number }>(
      context.db,
      sql`select count(*)::int as total from workflow_step where action = 'auto_return'`,
    );
    expect(steps[0]?.total).toBe(1);
  });
});

describe.runIf(process.env.DATABASE_URL)("runAutoReturn on PostgreSQL: two processes", () => {
  it("does nothing while another holds the advisory lock", async () => {
    await context.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(7261104011)`);
      const run = await runAutoReturn(context.db, new Date("2026-10-20T04:00:00Z"));
      expect(run.ran).toBe(false);
    });
  });
});
