import { sql } from "drizzle-orm";
import mammoth from "mammoth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { latestAuditEntry } from "../../test/database-state";
import type { TestSession } from "../../test/factories";
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
  startBody,
  startOk,
  startTransfer,
  transferStep,
  transferStepOk,
} from "./transfers.test-support";

/**
 * A transfer OUT of the installation 转出本系统 (issue 11 part 3): started by the sending side or the
 * member with the destination's name (no organization id); sending branch → sending committee, whose
 * approval `approve_transfer_out` issues the introduction letter 组织关系介绍信 and closes the transfer
 * as transferred_out; the member becomes `transferred_out` (not counted: the counters move once and
 * equal a recount), archive entry, nothing deleted. The letter's files and the public check work for
 * it. Refusals (401/403/404/400/409/422) write nothing.
 */

let context: Awaited<ReturnType<typeof createTransferWorld>>["context"];
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;
let west: TestSession;
let zhang: number;
let li: number;

const DESTINATION = "共青团北京某大学委员会";
const ADDRESS = "北京市海淀区某路1号";
const CONTACT = "王老师 010-12345678";

beforeAll(async () => {
  ({ context, county, east, secretary, member, west, zhang, li } = await createTransferWorld());
});
afterAll(async () => context.close());

const post = (session: TestSession | undefined, body: Record<string, unknown>) =>
  startTransfer(context.app, session, body);
const organizations = () => [context.tree.county, context.tree.east, context.tree.eastVillage1];

describe("starting a transfer out of the installation", () => {
  it("answers 401, 403 to another member's plain account, 404 to a side that does not hold the member — writing nothing", async () => {
    const out = { memberId: zhang, toExternalName: DESTINATION };
    await expectTransferRefused(context.db, () => post(undefined, out), 401);
    await expectTransferRefused(context.db, () => post(member, out), 403);
    // No receiving side exists for an outside destination: the west committee cannot start it.
    await expectTransferRefused(context.db, () => post(west, out), 404);
    await expectTransferRefused(
      context.db,
      () => post(west, { citizenId: "110105200501010016", name: "张三", toExternalName: DESTINATION }),
      404,
    );
  });

  it("answers 400 naming the field: no destination, both destinations, an address without a name, too long", async () => {
    const refused = (body: Record<string, unknown>, field: string) =>
      expectTransferRefused(context.db, () => post(secretary, body), 400, { field });
    await refused({ memberId: zhang }, "toOrganizationId");
    await refused(
      { memberId: zhang, toOrganizationId: context.tree.westVillage.id, toExternalName: DESTINATION },
      "toExternalName",
    );
    await refused({ memberId: zhang, toExternalAddress: ADDRESS }, "toExternalName");
    await refused({ memberId: zhang, toExternalName: "某".repeat(101) }, "toExternalName");
    await refused({ memberId: zhang, toExternalName: "   " }, "toExternalName");
  });
});

describe("a transfer out, step by step", () => {
  let id: number;
  let before: number[];

  it("starts at the sending branch (its own step taken), with no receiving organization", async () => {
    before = await expectFiguresEqualRecount(context.db, organizations());
    const started = await sendAs(
      context.app,
      secretary,
      "POST",
      "/transfers",
      startBody({
        memberId: zhang,
        toExternalName: DESTINATION,
        toExternalAddress: ADDRESS,
        toExternalContact: CONTACT,
        reason: "further_study",
        kind: "school_to_school",
      }),
    );
    expect(started.statusCode, started.body).toBe(201);
    const page = started.json();
    id = page.id;
    expect(page).toMatchObject({
      state: "awaiting_sending_committee",
      initiator: "sending",
      to: null,
      toExternalName: DESTINATION,
      toExternalAddress: ADDRESS,
      toExternalContact: CONTACT,
      outOfInstallation: true,
      letterNumber: null,
    });
    const [instance] = await queryRows<{ counterpart: number | null }>(
      context.db,
      sql`select counterpart_organization_id as counterpart from workflow_instance wi
          join member_transfer mt on mt.county_id = wi.county_id and mt.instance_id = wi.id where mt.id = ${id}`,
    );
    expect(instance?.counterpart).toBeNull();
    expect(await latestAuditEntry(context.db, "transfer.start")).toMatchObject({
      entityId: String(id),
      after: { toOrganizationId: null, toExternalName: DESTINATION },
    });
  });

  it("offers the committee only the letter approval; the ordinary one is 422, the branch's is 403", async () => {
    const page = (await sendAs(context.app, east, "GET", `/transfers/${id}`)).json();
    expect(page.availableActions.map((item: { action: string }) => item.action)).toEqual([
      "approve_transfer_out",
      "return_transfer",
      "withdraw_by_sending",
      "auto_return",
    ]);
    await expectTransferRefused(
      context.db,
      () => transferStep(context.app, east, id, "approve_sending_committee", 1),
      422,
      { code: "transfer_out_needs_letter" },
    );
    await expectTransferRefused(
      context.db,
      () => transferStep(context.app, secretary, id, "approve_transfer_out", 1),
      403,
      { code: "actor_not_allowed" },
    );
    await expectTransferRefused(
      context.db,
      () => transferStep(context.app, west, id, "approve_transfer_out", 1),
      404,
    );
    await expectTransferRefused(
      context.db,
      () => transferStep(context.app, east, id, "approve_transfer_out", 1, { note: 7 }),
      400,
      { field: "note" },
    );
  });

  it("has no letter before the approval: POST /letter 409, the files 409", async () => {
    await expectTransferRefused(
      context.db,
      () => sendAs(context.app, east, "POST", `/transfers/${id}/letter`, {}),
      409,
      { code: "transfer_not_approved" },
    );
    await expectTransferRefused(
      context.db,
      () => sendAs(context.app, east, "GET", `/transfers/${id}/letter.docx`),
      409,
      { code: "letter_not_issued" },
    );
  });

  it("closes as transferred_out on the committee's approval, issuing the letter; the member is transferred out, not counted, nothing deleted", async () => {
    const response = await transferStep(context.app, east, id, "approve_transfer_out", 1, {
      note: "同意转出",
    });
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json();
    expect(page).toMatchObject({
      state: "transferred_out",
      stateLabel: "已转出本系统",
      closed: true,
      availableActions: [],
      member: { status: "transferred_out" },
    });
    expect(page.completedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(page.letterNumber).toMatch(new RegExp(`^\\d{8}-${String(id).padStart(6, "0")}$`));
    expect(await latestAuditEntry(context.db, "transfer.letter_issue")).toMatchObject({
      entityId: String(id),
      after: { letterNumber: page.letterNumber },
    });
    const [row] = await queryRows<{ organizationId: number; status: string }>(
      context.db,
      sql`select organization_id as "organizationId", status from member where id = ${zhang}`,
    );
    expect(row).toEqual({ organizationId: context.tree.eastVillage1.id, status: "transferred_out" });
    const history = await historyOf(context.db, zhang);
    expect(history.at(-1)).toMatchObject({
      organizationId: context.tree.eastVillage1.id,
      status: "transferred_out",
      validTo: null,
    });
    expect(await eventKindsOf(context.db, zhang)).toEqual(
      expect.arrayContaining(["transfer_started", "transfer_finished"]),
    );
    const [event] = await queryRows<{ summary: string }>(
      context.db,
      sql`select summary from member_event where member_id = ${zhang} and kind = 'transfer_finished'`,
    );
    expect(event?.summary).toContain(DESTINATION);
    expect(event?.summary).toContain(page.letterNumber);
    // Counted once out of every ancestor's current members; the counters equal a recount.
    const after = await expectFiguresEqualRecount(context.db, organizations());
    expect(after).toEqual(before.map((count) => count - 1));
    // The record stays readable where it was (nothing deleted), in its new status.
    const record = await sendAs(context.app, secretary, "GET", `/members/${zhang}`);
    expect(record.statusCode).toBe(200);
    expect(record.json()).toMatchObject({ status: "transferred_out" });
  });

  it("refuses a second step (409) and a new transfer of the transferred-out member (400), writing nothing", async () => {
    await expectTransferRefused(
      context.db,
      () => transferStep(context.app, county, id, "return_transfer", 2, { reason: "晚了" }),
      409,
      { code: "step_not_available" },
    );
    const error = await expectTransferRefused(
      context.db,
      () => post(secretary, { memberId: zhang, toOrganizationId: context.tree.westVillage.id }),
      400,
      { field: "memberId" },
    );
    expect(error.message).toContain("转出本系统");
  });

  it("answers the issued letter on POST /letter (200, nothing written) and prints it with the destination's address", async () => {
    const issued = await expectNothingWritten(() =>
      sendAs(context.app, county, "POST", `/transfers/${id}/letter`, {}),
    );
    expect(issued.statusCode, issued.body).toBe(200);
    const letter = issued.json();
    expect(letter.letterNumber).toMatch(/^\d{8}-\d{6}$/);
    const docx = await sendAs(context.app, east, "GET", `/transfers/${id}/letter.docx`);
    expect(docx.statusCode, docx.body).toBe(200);
    const text = (await mammoth.extractRawText({ buffer: docx.rawPayload })).value;
    for (const part of [
      DESTINATION,
      ADDRESS,
      CONTACT,
      "张三",
      letter.letterNumber,
      letter.verificationCode,
    ]) {
      expect(text).toContain(part);
    }
    const pdf = await sendAs(context.app, east, "GET", `/transfers/${id}/letter.pdf`);
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect((await sendAs(context.app, member, "GET", `/transfers/${id}/letter.docx`)).statusCode).toBe(403);
    expect((await sendAs(context.app, west, "GET", `/transfers/${id}/letter.docx`)).statusCode).toBe(404);
    const check = await context.app.inject({
      method: "GET",
      url: `/api/v1/transfer-letters/${letter.letterNumber}/verification?code=${letter.verificationCode}`,
    });
    expect(check.statusCode, check.body).toBe(200);
    expect(check.json()).toEqual({
      letterNumber: letter.letterNumber,
      memberName: "张*",
      issuedOn: letter.issuedOn,
      issuingCommittee: "共青团东河镇委员会",
    });
  });
});

/** Runs a request and checks that it wrote no audit entry and no step, whatever its status. */
async function expectNothingWritten(run: () => ReturnType<typeof sendAs>) {
  const count = async () =>
    (
      await queryRows<{ total: number }>(
        context.db,
        sql`select (select count(*) from audit_log) + (select count(*) from workflow_step) as total`,
      )
    )[0]?.total;
  const before = await count();
  const response = await run();
  expect(await count()).toEqual(before);
  return response;
}

describe("the member's own request to leave the installation, and a return", () => {
  it("lets the member ask; the branch and the committee approve; the member follows it on /me/transfers", async () => {
    const wu = await createMemberThroughApi(
      context.app,
      secretary,
      context.tree.eastVillage1.id,
      personRecord("吴十", "2005-09-09", "019"),
    );
    await context.db.execute(sql`update app_user set member_id = ${wu} where username = 'member'`);
    const started = await startOk(context.app, member, { memberId: wu, toExternalName: DESTINATION });
    expect(started).toMatchObject({ state: "awaiting_sending_branch", initiator: "member" });
    const version = await transferStepOk(context.app, secretary, started.id, "approve_sending_branch", 1);
    await transferStepOk(context.app, east, started.id, "approve_transfer_out", version);
    const own = (await sendAs(context.app, member, "GET", "/me/transfers")).json();
    expect(own.items[0]).toMatchObject({ id: started.id, state: "transferred_out", outOfInstallation: true });
    // The member's own account cannot print the letter (the sending side hands it over).
    expect(
      (await sendAs(context.app, member, "GET", `/transfers/${started.id}/letter.docx`)).statusCode,
    ).toBe(403);
    await expectFiguresEqualRecount(context.db, organizations());
  });

  it("returns a transfer out with a reason: the member active where they were, no letter", async () => {
    const started = await startOk(context.app, secretary, { memberId: li, toExternalName: DESTINATION });
    await transferStepOk(context.app, east, started.id, "return_transfer", 1, { reason: "材料不全" });
    const page = (await sendAs(context.app, east, "GET", `/transfers/${started.id}`)).json();
    expect(page).toMatchObject({ state: "returned", letterNumber: null, member: { status: "active" } });
    await expectTransferRefused(
      context.db,
      () => sendAs(context.app, east, "POST", `/transfers/${started.id}/letter`, {}),
      409,
      { code: "transfer_not_approved" },
    );
    await expectFiguresEqualRecount(context.db, organizations());
  });
});

describe("coming back by a paper letter (凭介绍信转回)", () => {
  const url = () => `/organizations/${context.tree.westVillage.id}/transfers/incoming-letters`;
  /** The letter of 吴十's return, received the day they were transferred out (the routes use the real date). */
  const letter = async (name: string) => {
    const [row] = await queryRows<{ since: string }>(
      context.db,
      sql`select status_since::text as since from member where id = ${await memberIdByName(context.db, "吴十")}`,
    );
    return {
      member: memberRecordInput(personRecord(name, "2005-09-09", "019")),
      fromExternalName: DESTINATION,
      letterNumber: "京-2026-088",
      reason: "moved_residence",
      kind: "ordinary",
      receivedOn: row?.since,
    };
  };

  it("refuses another name for the citizen ID (400, nothing written)", async () => {
    const body = await letter("吴拾");
    await expectTransferRefused(context.db, () => sendAs(context.app, west, "POST", url(), body), 400, {
      field: "member.name",
    });
  });

  it("brings the transferred-out member back into the receiving branch: the same record, active, counted once", async () => {
    const wu = await memberIdByName(context.db, "吴十");
    const before = await expectFiguresEqualRecount(context.db, [context.tree.county, context.tree.west]);
    const response = await sendAs(context.app, west, "POST", url(), await letter("吴十"));
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ member: { id: wu }, incomingLetterNumber: "京-2026-088" });
    const [row] = await queryRows<{ organizationId: number; status: string }>(
      context.db,
      sql`select organization_id as "organizationId", status from member where id = ${wu}`,
    );
    expect(row).toEqual({ organizationId: context.tree.westVillage.id, status: "active" });
    const [count] = await queryRows<{ total: number }>(
      context.db,
      sql`select count(*)::int as total from member where name = '吴十'`,
    );
    expect(Number(count?.total)).toBe(1);
    expect((await historyOf(context.db, wu)).at(-1)).toMatchObject({
      organizationId: context.tree.westVillage.id,
      status: "active",
      validTo: null,
    });
    expect(await eventKindsOf(context.db, wu)).toContain("transfer_finished");
    const after = await expectFiguresEqualRecount(context.db, [context.tree.county, context.tree.west]);
    expect(after).toEqual(before.map((total) => total + 1));
  });
});
