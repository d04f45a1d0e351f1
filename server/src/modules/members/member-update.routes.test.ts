import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayInChina } from "../../lib/clock";
import { latestAuditEntry } from "../../test/database-state";
import { createTestApp, logInEach, type TestSession } from "../../test/factories";
import {
  citizenIdFor,
  countMemberRows,
  createMemberThroughApi,
  eventKindsOf,
  expectRefusedWithoutWrites,
  historyOf,
  memberIdByName,
  sendAs,
} from "../../test/member-factories";

/** PATCH /members/{id}: unlocked fields change directly, with history for a new branch; locked ones are refused after verification. */

let context: Awaited<ReturnType<typeof createTestApp>>;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;
let unverified: number;
let verified: number;

beforeAll(async () => {
  context = await createTestApp();
  [east, secretary, member] = await logInEach(context.app, ["east", "secretary", "member"]);
  unverified = await createMemberThroughApi(context.app, secretary, context.tree.eastVillage1.id);
  verified = await createMemberThroughApi(context.app, secretary, context.tree.eastVillage1.id, {
    name: "钱多多",
    citizenId: citizenIdFor("2004-02-02", "662"),
    birthDate: "2004-02-02",
    sex: "female",
    memberNumber: "9900012019000662",
    joinedOn: "2019-05-04",
  });
  expect((await sendAs(context.app, east, "POST", `/members/${verified}/verify`)).statusCode).toBe(200);
});
afterAll(async () => context.close());

const patch = (session: TestSession | undefined, id: number, body: unknown) =>
  sendAs(context.app, session, "PATCH", `/members/${id}`, body);

describe("PATCH /members/{id} — refusals write nothing", () => {
  it("answers 401 without a session", async () => {
    await expectRefusedWithoutWrites(context.db, () => patch(undefined, unverified, { wechat: "x" }), 401);
  });

  it("answers 404 outside the scope", async () => {
    const zhaoLiu = await memberIdByName(context.db, "赵六");
    await expectRefusedWithoutWrites(context.db, () => patch(east, zhaoLiu, { wechat: "x" }), 404);
  });

  it("answers 403 to a member", async () => {
    await expectRefusedWithoutWrites(context.db, () => patch(member, unverified, { wechat: "x" }), 403);
  });

  it.each([
    [{ phone: "1234" }, "phone"],
    [{ name: null }, "name"],
    [{ email: "not-an-email" }, "email"],
    [{ joinedOn: "2019-01-01" }, "joinedOn"],
    [{ citizenId: "110105200506155519" }, "citizenId"],
    [{ organizationId: "east" }, "organizationId"],
  ])("answers 400 naming the field for %j", async (body, field) => {
    await expectRefusedWithoutWrites(context.db, () => patch(secretary, unverified, body), 400, {
      code: "invalid_input",
      field,
    });
  });

  it("answers 404 for a new branch outside the scope and 422 for a new organization that is not a branch", async () => {
    await expectRefusedWithoutWrites(
      context.db,
      () => patch(east, unverified, { organizationId: context.tree.westVillage.id }),
      404,
    );
    await expectRefusedWithoutWrites(
      context.db,
      () => patch(east, unverified, { organizationId: context.tree.east.id }),
      422,
      { code: "members_only_in_branch" },
    );
  });

  it.each([
    [{ name: "钱少少" }, "name"],
    [{ joinedOn: "2019-06-01" }, "joinedOn"],
    [{ citizenId: citizenIdFor("2004-02-02", "664") }, "citizenId"],
  ])("answers 422 field_locked for %j after verification", async (body, field) => {
    const response = await expectRefusedWithoutWrites(context.db, () => patch(east, verified, body), 422, {
      code: "field_locked",
      field,
    });
    expect(response.json().error.message).toContain("更正");
  });

  it("answers 422 field_locked for a new branch after verification", async () => {
    await expectRefusedWithoutWrites(
      context.db,
      () => patch(east, verified, { organizationId: context.tree.eastVillage2.id, wechat: "q" }),
      422,
      { code: "field_locked", field: "organizationId" },
    );
  });

  it.each([
    ["isCadre", true],
    ["leaguePosition", "secretary"],
    ["positionSince", "2024-09-01"],
    ["cadreKind", "part_time"],
  ])("answers 400 naming %s, a view of the cadre records, and points to 团干部", async (field, value) => {
    const response = await expectRefusedWithoutWrites(
      context.db,
      () => patch(secretary, unverified, { wechat: "q", [field]: value }),
      400,
      { code: "invalid_input", field },
    );
    expect(response.json().error.message).toContain("团干部");
  });

  it("answers 409 for a member number already used", async () => {
    await expectRefusedWithoutWrites(
      context.db,
      () => patch(secretary, unverified, { memberNumber: "9900012019000662" }),
      409,
      { field: "memberNumber" },
    );
  });
});

describe("PATCH /members/{id} — success", () => {
  it("changes unlocked fields of a verified member, archives the field names and audits before/after", async () => {
    const response = await patch(secretary, verified, {
      wechat: "qdd2004",
      name: " 钱多多 ",
      isPartyCommitteeMember: true,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      wechat: "qdd2004",
      isPartyCommitteeMember: true,
      name: "钱多多",
    });
    const events = await eventKindsOf(context.db, verified);
    expect(events.at(-1)).toBe("record_changed");
    const audit = await latestAuditEntry(context.db, "member.update");
    expect(audit).toMatchObject({
      before: { wechat: null, isPartyCommitteeMember: null },
      after: { wechat: "qdd2004", isPartyCommitteeMember: true },
    });
  });

  it("writes nothing but the audited personal view for a patch that changes nothing", async () => {
    const before = await countMemberRows(context.db);
    const response = await patch(secretary, verified, { wechat: " qdd2004 ", name: "钱多多" });
    expect(response.statusCode).toBe(200);
    expect(await countMemberRows(context.db)).toEqual({ ...before, audit_log: before.audit_log + 1 });
    expect((await latestAuditEntry(context.db, "member.view_personal"))?.entityId).toBe(String(verified));
  });

  it("moves an unverified member to another branch: the open period closes today and a new one opens", async () => {
    const today = todayInChina();
    const response = await patch(east, unverified, {
      organizationId: context.tree.eastVillage2.id,
      joinedOn: "2021-06-01",
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      organization: { id: context.tree.eastVillage2.id },
      joinedOn: "2021-06-01",
      statusSince: "2021-06-01",
    });
    expect(await historyOf(context.db, unverified)).toEqual([
      {
        organizationId: context.tree.eastVillage1.id,
        status: "active",
        validFrom: "2021-06-01",
        validTo: today,
      },
      { organizationId: context.tree.eastVillage2.id, status: "active", validFrom: today, validTo: null },
    ]);
  });
});
