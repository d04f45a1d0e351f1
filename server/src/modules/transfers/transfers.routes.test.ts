import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { latestAuditEntry } from "../../test/database-state";
import { createOrganizationRow, createTestUser, logInEach, type TestSession } from "../../test/factories";
import {
  createMemberThroughApi,
  eventKindsOf,
  historyOf,
  memberIdByName,
  memberRecordInput,
  personRecord,
  sendAs,
} from "../../test/member-factories";
import {
  createTransferWorld,
  expectFiguresEqualRecount,
  expectTransferRefused,
  startOk,
  startTransfer,
  transferStep,
  transferStepOk,
} from "./transfers.test-support";

/**
 * Transfer routes (组织关系转接, issue 11 parts 1–2): start by each side, the page, the steps on the
 * approval engine — refusals (401/403/404/400/409/422) write nothing; scopes across the two sides
 * (neither reads the other's other members; the receiving side sees the member masked until it
 * accepts); the member lands in the receiving branch once, counters equal a recount.
 */

let context: Awaited<ReturnType<typeof createTransferWorld>>["context"];
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;
let west: TestSession;
let westSecretary: TestSession;
let zhang: number;
let li: number;
let wang: number;
let zhao: number;
let emptyCommittee: number;

beforeAll(async () => {
  ({ context, county, east, secretary, member, west, zhang, li } = await createTransferWorld());
  await createTestUser(context.db, "westsec", "branch_secretary", context.tree.westVillage.id);
  [westSecretary] = await logInEach(context.app, ["westsec"]);
  wang = await memberIdByName(context.db, "王五");
  zhao = await memberIdByName(context.db, "赵六");
  emptyCommittee = (
    await createOrganizationRow(context.db, {
      parent: context.tree.county,
      name: "共青团空镇委员会",
      level: "township",
    })
  ).id;
});
afterAll(async () => context.close());

const post = (session: TestSession | undefined, body: Record<string, unknown>) =>
  startTransfer(context.app, session, body);

async function detail(session: TestSession, id: number) {
  const response = await sendAs(context.app, session, "GET", `/transfers/${id}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** The member figures of the county and both sides equal a recount. */
async function figuresEqualRecount() {
  await expectFiguresEqualRecount(context.db, [context.tree.county, context.tree.east, context.tree.west]);
}

describe("POST /transfers", () => {
  it("answers 401, 403 to a member's plain account, 404 outside both sides — writing nothing", async () => {
    const toWest = { memberId: zhang, toOrganizationId: context.tree.westVillage.id };
    await expectTransferRefused(context.db, () => post(undefined, toWest), 401);
    await expectTransferRefused(context.db, () => post(member, toWest), 403);
    // The secretary of 东一村 cannot name 西一村's member, nor 东二村's.
    await expectTransferRefused(
      context.db,
      () => post(secretary, { memberId: zhao, toOrganizationId: context.tree.eastVillage1.id }),
      404,
    );
    await expectTransferRefused(
      context.db,
      () => post(secretary, { memberId: wang, toOrganizationId: context.tree.westVillage.id }),
      404,
    );
    // The receiving side cannot start by id (it cannot read the other side's members), nor with a wrong name.
    await expectTransferRefused(context.db, () => post(westSecretary, toWest), 404);
    await expectTransferRefused(
      context.db,
      () =>
        post(westSecretary, {
          citizenId: "110105200501010016",
          name: "张四",
          toOrganizationId: context.tree.westVillage.id,
        }),
      404,
    );
  });

  it("answers 400 naming the field for bad input, the own branch, a committee without branches, a member not active", async () => {
    const refused = (body: Record<string, unknown>, field: string) =>
      expectTransferRefused(context.db, () => post(secretary, body), 400, { field });
    await refused({ memberId: zhang, toOrganizationId: context.tree.eastVillage1.id }, "toOrganizationId");
    await refused({ memberId: zhang, toOrganizationId: emptyCommittee }, "toOrganizationId");
    await refused(
      { memberId: zhang, toOrganizationId: context.tree.westVillage.id, startedOn: "2999-01-01" },
      "startedOn",
    );
    await refused({ toOrganizationId: context.tree.westVillage.id }, "memberId");
    await refused(
      { memberId: zhang, toOrganizationId: context.tree.westVillage.id, reason: "bored" },
      "reason",
    );
    await context.db.execute(sql`update member set status = 'flowing' where id = ${li}`);
    const error = await refused({ memberId: li, toOrganizationId: context.tree.westVillage.id }, "memberId");
    expect(error.message).toContain("流动");
    await context.db.execute(sql`update member set status = 'active' where id = ${li}`);
  });
});

describe("a transfer between two townships, step by step", () => {
  let id: number;

  it("starts at the sending branch (its own approval taken), the member transferring; a second start is 409", async () => {
    const started = await startOk(context.app, secretary, {
      memberId: zhang,
      toOrganizationId: context.tree.westVillage.id,
      reason: "moved_residence",
    });
    id = started.id;
    expect(started).toMatchObject({ state: "awaiting_sending_committee", version: 1, initiator: "sending" });
    expect(await latestAuditEntry(context.db, "transfer.start")).toMatchObject({ entityId: String(id) });
    const [row] = await queryRows<{ status: string }>(
      context.db,
      sql`select status from member where id = ${zhang}`,
    );
    expect(row?.status).toBe("transferring");
    await expectTransferRefused(
      context.db,
      () => post(secretary, { memberId: zhang, toOrganizationId: context.tree.eastVillage2.id }),
      409,
      { code: "transfer_already_open" },
    );
  });

  it("each side reads the transfer; the receiving side sees the member masked; neither reads the other's other members", async () => {
    const sending = await detail(secretary, id);
    expect(sending.member).toMatchObject({ citizenId: "110105200501010016", masked: false });
    expect(sending.side).toBe("sending");
    const receiving = await detail(westSecretary, id);
    expect(receiving.side).toBe("receiving");
    expect(receiving.member.masked).toBe(true);
    expect(receiving.member.citizenId).not.toBe("110105200501010016");
    expect(receiving.member.phone).not.toBe("13812345678");
    expect(receiving.availableActions).toEqual([]);
    for (const [session, other] of [
      [westSecretary, zhang],
      [westSecretary, li],
      [west, wang],
      [secretary, zhao],
      [east, zhao],
    ] as const) {
      expect((await sendAs(context.app, session, "GET", `/members/${other}`)).statusCode).toBe(404);
    }
    // An organization on neither side: 404.
    await createTestUser(context.db, "east2", "branch_secretary", context.tree.eastVillage2.id);
    const [eastVillage2] = await logInEach(context.app, ["east2"]);
    expect((await sendAs(context.app, eastVillage2, "GET", `/transfers/${id}`)).statusCode).toBe(404);
  });

  it("refuses a step that is not yours (403), skipped (409), stale (409), with bad payload (400) — writing nothing", async () => {
    await expectTransferRefused(
      context.db,
      () => transferStep(context.app, secretary, id, "approve_sending_committee", 1),
      403,
      { code: "actor_not_allowed" },
    );
    await expectTransferRefused(
      context.db,
      () => transferStep(context.app, westSecretary, id, "accept_receiving", 1),
      409,
      { code: "step_not_available" },
    );
    await expectTransferRefused(
      context.db,
      () => transferStep(context.app, east, id, "return_transfer", 1, {}),
      400,
      { field: "reason" },
    );
    await expectTransferRefused(
      context.db,
      () => transferStep(context.app, undefined, id, "approve_sending_committee", 1),
      401,
    );
    const version = await transferStepOk(context.app, east, id, "approve_sending_committee", 1, {
      note: "同意",
    });
    expect(version).toBe(2);
    await expectTransferRefused(
      context.db,
      () => transferStep(context.app, county, id, "approve_sending_committee", 1),
      409,
      { code: "stale_version" },
    );
  });

  it("puts the receiving step in the receiving branch's inbox, not the sending branch's", async () => {
    const receiving = await sendAs(context.app, westSecretary, "GET", "/todos");
    expect(
      receiving.json().items.map((item: { title: string; link: string }) => [item.title, item.link]),
    ).toContainEqual(["张三", `/transfers/${id}`]);
    const sending = await sendAs(context.app, secretary, "GET", "/todos");
    expect(sending.json().items.map((item: { title: string }) => item.title)).not.toContain("张三");
  });

  it("unmasks the member for the receiving side once it accepts; the sending side can no longer withdraw", async () => {
    await transferStepOk(context.app, westSecretary, id, "accept_receiving", 2);
    const receiving = await detail(westSecretary, id);
    expect(receiving.member).toMatchObject({ citizenId: "110105200501010016", masked: false });
    await expectTransferRefused(
      context.db,
      () => transferStep(context.app, secretary, id, "withdraw_by_sending", 3),
      409,
      { code: "step_not_available" },
    );
  });

  it("completes: the member lands in the receiving branch once, with history, archive entries and counters equal to a recount", async () => {
    await transferStepOk(context.app, west, id, "approve_receiving_committee", 3);
    const done = await detail(west, id);
    expect(done).toMatchObject({
      state: "completed",
      closed: true,
      assignedBranch: { id: context.tree.westVillage.id },
    });
    expect(done.history.map((step: { action: string }) => step.action)).toEqual([
      "open",
      "approve_sending_committee",
      "accept_receiving",
      "approve_receiving_committee",
    ]);
    const history = await historyOf(context.db, zhang);
    expect(history.at(-1)).toMatchObject({
      organizationId: context.tree.westVillage.id,
      status: "active",
      validTo: null,
    });
    expect(history.at(-2)).toMatchObject({ organizationId: context.tree.eastVillage1.id, status: "active" });
    expect(history).toHaveLength(2);
    expect(await eventKindsOf(context.db, zhang)).toEqual(
      expect.arrayContaining(["transfer_started", "transfer_step", "transfer_finished"]),
    );
    expect((await sendAs(context.app, secretary, "GET", `/members/${zhang}`)).statusCode).toBe(404);
    expect((await sendAs(context.app, westSecretary, "GET", `/members/${zhang}`)).json()).toMatchObject({
      organizationId: context.tree.westVillage.id,
      status: "active",
    });
    await figuresEqualRecount();
  });
});

describe("a committee receiving, and the other ways a transfer ends", () => {
  it("makes a receiving committee assign a branch below it (422 otherwise), then its committee approves", async () => {
    const started = await startOk(context.app, secretary, {
      memberId: li,
      toOrganizationId: context.tree.west.id,
    });
    await transferStepOk(context.app, east, started.id, "approve_sending_committee", 1);
    const none = await expectTransferRefused(
      context.db,
      () => transferStep(context.app, west, started.id, "accept_receiving", 2),
      422,
    );
    expect(none.failures).toEqual([
      expect.objectContaining({ code: "branch_not_assigned", field: "assignedBranchId" }),
    ]);
    await expectTransferRefused(
      context.db,
      () =>
        transferStep(context.app, west, started.id, "accept_receiving", 2, {
          assignedBranchId: context.tree.eastVillage2.id,
        }),
      422,
      { code: "assigned_branch_invalid" },
    );
    await transferStepOk(context.app, west, started.id, "accept_receiving", 2, {
      assignedBranchId: context.tree.westVillage.id,
    });
    // The next step waits in the assigned branch's committee inbox: west (and county) may approve.
    const todos = await sendAs(context.app, west, "GET", "/todos");
    expect(todos.json().items.map((item: { title: string }) => item.title)).toContain("李四");
    await transferStepOk(context.app, county, started.id, "approve_receiving_committee", 3);
    const [row] = await queryRows<{ organizationId: number; status: string }>(
      context.db,
      sql`select organization_id as "organizationId", status from member where id = ${li}`,
    );
    expect(row).toMatchObject({ organizationId: context.tree.westVillage.id, status: "active" });
    await figuresEqualRecount();
  });

  it("lets the receiving side start by citizen ID and name and withdraw it; not the sending side (422)", async () => {
    const started = await startOk(context.app, westSecretary, {
      citizenId: "110105200703030030",
      name: "王五",
      toOrganizationId: context.tree.westVillage.id,
    });
    expect(started).toMatchObject({ state: "awaiting_sending_branch", initiator: "receiving" });
    await expectTransferRefused(
      context.db,
      () => transferStep(context.app, east, started.id, "withdraw_by_sending", 1),
      422,
      { code: "not_initiator" },
    );
    await transferStepOk(context.app, westSecretary, started.id, "withdraw_by_receiving", 1, {
      reason: "填错了",
    });
    const [row] = await queryRows<{ organizationId: number; status: string }>(
      context.db,
      sql`select organization_id as "organizationId", status from member where id = ${wang}`,
    );
    expect(row).toMatchObject({ organizationId: context.tree.eastVillage2.id, status: "active" });
  });

  it("returns with a reason: the member active where they were, and a new transfer may start", async () => {
    const started = await startOk(context.app, east, {
      memberId: wang,
      toOrganizationId: context.tree.westVillage.id,
    });
    await transferStepOk(context.app, east, started.id, "approve_sending_committee", 1);
    await transferStepOk(context.app, westSecretary, started.id, "return_transfer", 2, {
      reason: "查无此人",
    });
    const page = await detail(east, started.id);
    expect(page).toMatchObject({ state: "returned", closed: true });
    expect(page.history.at(-1)).toMatchObject({ action: "return_transfer", note: "查无此人" });
    const again = await startOk(context.app, east, {
      memberId: wang,
      toOrganizationId: context.tree.westVillage.id,
    });
    expect(again.id).not.toBe(started.id);
    await figuresEqualRecount();
  });

  it("offers a transfer when adding a member whose citizen ID another branch holds, and the transfer starts from it", async () => {
    const zhou = personRecord("周九", "2006-08-08", "017");
    await createMemberThroughApi(context.app, westSecretary, context.tree.westVillage.id, zhou);
    const before = await sendAs(
      context.app,
      secretary,
      "POST",
      `/organizations/${context.tree.eastVillage1.id}/members`,
      memberRecordInput(zhou),
    );
    expect(before.statusCode, before.body).toBe(409);
    expect(before.json().error).toMatchObject({ code: "duplicate", field: "citizenId" });
    expect(before.json().error.message).toContain("发起转入");
    const started = await startOk(context.app, secretary, {
      citizenId: zhou.citizenId,
      name: "周九",
      toOrganizationId: context.tree.eastVillage1.id,
    });
    expect(started).toMatchObject({ initiator: "receiving", state: "awaiting_sending_branch" });
    // The sending branch (西一村) approves its own step from its inbox.
    await transferStepOk(context.app, westSecretary, started.id, "approve_sending_branch", 1);
  });
});

describe("POST /organizations/{id}/transfers/incoming-letters", () => {
  const letter = (overrides: Record<string, unknown> = {}) => ({
    member: memberRecordInput(personRecord("孙八", "2004-07-07", "033")),
    fromExternalName: "共青团外省某县委员会",
    letterNumber: "外-2026-001",
    reason: "moved_residence",
    kind: "ordinary",
    receivedOn: "2026-06-10",
    ...overrides,
  });
  const url = () => `/organizations/${context.tree.eastVillage2.id}/transfers/incoming-letters`;

  it("answers 401, 403, 404, 400 naming the field and 409 for a citizen ID already here — writing nothing", async () => {
    await expectTransferRefused(
      context.db,
      () => sendAs(context.app, undefined, "POST", url(), letter()),
      401,
    );
    await expectTransferRefused(context.db, () => sendAs(context.app, member, "POST", url(), letter()), 403);
    await expectTransferRefused(
      context.db,
      () => sendAs(context.app, westSecretary, "POST", url(), letter()),
      404,
    );
    await expectTransferRefused(
      context.db,
      () => sendAs(context.app, east, "POST", url(), letter({ receivedOn: "2999-01-01" })),
      400,
      { field: "receivedOn" },
    );
    await expectTransferRefused(
      context.db,
      () => sendAs(context.app, east, "POST", url(), letter({ fromExternalName: "" })),
      400,
      { field: "fromExternalName" },
    );
    await expectTransferRefused(
      context.db,
      () =>
        sendAs(
          context.app,
          east,
          "POST",
          url(),
          letter({ member: memberRecordInput(personRecord("周九", "2006-08-08", "017")) }),
        ),
      409,
      { code: "duplicate", field: "citizenId" },
    );
  });

  it("registers the member in the branch and a completed transfer in from the external organization", async () => {
    const response = await sendAs(context.app, east, "POST", url(), letter());
    expect(response.statusCode, response.body).toBe(201);
    const page = response.json();
    expect(page).toMatchObject({
      state: "completed",
      closed: true,
      from: null,
      fromExternalName: "共青团外省某县委员会",
      to: { id: context.tree.eastVillage2.id },
    });
    expect(await latestAuditEntry(context.db, "transfer.incoming_letter")).toMatchObject({
      entityId: String(page.id),
    });
    // The paper letter's number is kept as the issuer's own, apart from the letters issued here.
    expect(page).toMatchObject({ incomingLetterNumber: "外-2026-001", letterNumber: null });
    const sun = await memberIdByName(context.db, "孙八");
    expect(await eventKindsOf(context.db, sun)).toContain("transfer_finished");
    expect((await sendAs(context.app, east, "GET", `/members/${sun}`)).json()).toMatchObject({
      organizationId: context.tree.eastVillage2.id,
      status: "active",
    });
    await figuresEqualRecount();
  });
});

describe("incoming letter numbers", () => {
  const letterOf = (name: string, serial: string, fromExternalName: string) => ({
    member: memberRecordInput(personRecord(name, "2004-07-07", serial)),
    fromExternalName,
    letterNumber: "外-2026-001",
    reason: "moved_residence",
    kind: "ordinary",
    receivedOn: "2026-06-10",
  });
  const url = () => `/organizations/${context.tree.eastVillage2.id}/transfers/incoming-letters`;

  it("refuses the same issuer's letter number twice (409 naming letterNumber, nothing written); another issuer may reuse it", async () => {
    await expectTransferRefused(
      context.db,
      () => sendAs(context.app, east, "POST", url(), letterOf("钱九", "051", "共青团外省某县委员会")),
      409,
      { code: "duplicate_letter", field: "letterNumber" },
    );
    const other = await sendAs(
      context.app,
      east,
      "POST",
      url(),
      letterOf("钱九", "051", "共青团外省另一县委员会"),
    );
    expect(other.statusCode, other.body).toBe(201);
    expect(other.json()).toMatchObject({ incomingLetterNumber: "外-2026-001" });
  });
});

describe("the member's own transfer", () => {
  it("lets the member ask for a transfer, follow it on GET /me/transfers and withdraw it", async () => {
    const wu = await createMemberThroughApi(
      context.app,
      secretary,
      context.tree.eastVillage1.id,
      personRecord("吴十", "2005-09-09", "019"),
    );
    await context.db.execute(sql`update app_user set member_id = ${wu} where username = 'member'`);
    const started = await startOk(context.app, member, {
      memberId: wu,
      toOrganizationId: context.tree.eastVillage2.id,
    });
    expect(started).toMatchObject({ initiator: "member", state: "awaiting_sending_branch", side: "member" });
    const own = await sendAs(context.app, member, "GET", "/me/transfers");
    expect(own.statusCode, own.body).toBe(200);
    const [page] = own.json().items;
    expect(page).toMatchObject({ id: started.id, member: { masked: false } });
    expect(page.availableActions.map((item: { action: string }) => item.action)).toEqual([
      "withdraw_by_member",
    ]);
    // The sending branch sees it in its inbox; the member withdraws before it acts.
    const todos = await sendAs(context.app, secretary, "GET", "/todos");
    expect(todos.json().items.map((item: { title: string }) => item.title)).toContain("吴十");
    await transferStepOk(context.app, member, started.id, "withdraw_by_member", 1, { reason: "不转了" });
    const [row] = await queryRows<{ status: string }>(
      context.db,
      sql`select status from member where id = ${wu}`,
    );
    expect(row?.status).toBe("active");
    expect((await sendAs(context.app, west, "GET", "/me/transfers")).json()).toEqual({ items: [] });
  });
});
