import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayInChina } from "../../lib/clock";
import { latestAuditEntry } from "../../test/database-state";
import { createTestApp, logInEach, type TestSession } from "../../test/factories";
import {
  citizenIdFor,
  createMemberThroughApi,
  eventKindsOf,
  expectRefusedWithoutWrites,
  historyOf,
  memberIdByName,
  sendAs,
} from "../../test/member-factories";

/** Corrections of locked fields: POST /members/{id}/corrections and POST /member-corrections/{id}/decision. */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;
let verified: number;
let unverified: number;
let correctionId: number;

const newId = citizenIdFor("2004-03-02", "661");

beforeAll(async () => {
  context = await createTestApp();
  [county, east, secretary, member] = await logInEach(context.app, ["county", "east", "secretary", "member"]);
  unverified = await createMemberThroughApi(context.app, secretary, context.tree.eastVillage1.id);
  verified = await createMemberThroughApi(context.app, secretary, context.tree.eastVillage1.id, {
    name: "钱多多",
    citizenId: citizenIdFor("2004-02-02", "661"),
    birthDate: "2004-02-02",
    memberNumber: "9900012019000661",
    joinedOn: "2019-05-04",
  });
  expect((await sendAs(context.app, east, "POST", `/members/${verified}/verify`)).statusCode).toBe(200);
});
afterAll(async () => context.close());

const request = (session: TestSession | undefined, id: number, body: unknown) =>
  sendAs(context.app, session, "POST", `/members/${id}/corrections`, body);
const decide = (session: TestSession | undefined, id: number, body: unknown) =>
  sendAs(context.app, session, "POST", `/member-corrections/${id}/decision`, body);

describe("POST /members/{id}/corrections", () => {
  const body = { changes: { name: "钱朵朵", citizenId: newId }, reason: "户籍信息登记错误" };

  it("refuses without writing: 401, 404 outside the scope, 403 to a member", async () => {
    await expectRefusedWithoutWrites(context.db, () => request(undefined, verified, body), 401);
    const zhaoLiu = await memberIdByName(context.db, "赵六");
    await expectRefusedWithoutWrites(context.db, () => request(east, zhaoLiu, body), 404);
    await expectRefusedWithoutWrites(context.db, () => request(member, verified, body), 403);
  });

  it.each([
    [{ changes: { name: "" }, reason: "x" }, "changes.name"],
    [{ changes: { phone: "13900000000" }, reason: "x" }, "changes"],
    [{ changes: { name: "钱朵朵" }, reason: "" }, "reason"],
    [{ changes: { citizenId: "110105200403026610" }, reason: "x" }, "citizenId"],
    [{ changes: { joinedOn: "2017-01-01" }, reason: "x" }, "joinedOn"],
    [{ changes: { name: "钱多多" }, reason: "x" }, "changes"],
  ])("answers 400 naming the field for %j", async (payload, field) => {
    await expectRefusedWithoutWrites(context.db, () => request(secretary, verified, payload), 400, { field });
  });

  it("answers 422 not_verified for a member not yet verified (edit directly)", async () => {
    await expectRefusedWithoutWrites(context.db, () => request(secretary, unverified, body), 422, {
      code: "not_verified",
    });
  });

  it("records a pending request with from/to (the birth date follows the citizen ID); a second one is 409", async () => {
    const response = await request(secretary, verified, body);
    expect(response.statusCode).toBe(201);
    const correction = response.json();
    correctionId = correction.id;
    expect(correction).toMatchObject({
      state: "pending",
      requestedByName: "secretary",
      reason: "户籍信息登记错误",
    });
    expect(correction.changes).toEqual([
      { field: "name", from: "钱多多", to: "钱朵朵" },
      { field: "citizenId", from: citizenIdFor("2004-02-02", "661"), to: newId },
      { field: "birthDate", from: "2004-02-02", to: "2004-03-02" },
    ]);
    expect((await eventKindsOf(context.db, verified)).at(-1)).toBe("correction_requested");
    const audit = await latestAuditEntry(context.db, "member.correction_request");
    expect(JSON.stringify(audit)).not.toContain(newId);
    const detail = (await sendAs(context.app, secretary, "GET", `/members/${verified}`)).json();
    expect(detail.pendingCorrection).toMatchObject({ id: correctionId, state: "pending" });
    expect(detail.name).toBe("钱多多");
    await expectRefusedWithoutWrites(context.db, () => request(secretary, verified, body), 409, {
      code: "pending_correction_exists",
    });
  });
});

describe("POST /member-corrections/{id}/decision", () => {
  it("refuses without writing: 401, 404 unknown, 403 to the branch secretary and to a member, 400 bad decision", async () => {
    await expectRefusedWithoutWrites(
      context.db,
      () => decide(undefined, correctionId, { decision: "approve" }),
      401,
    );
    await expectRefusedWithoutWrites(context.db, () => decide(east, 999999, { decision: "approve" }), 404);
    await expectRefusedWithoutWrites(
      context.db,
      () => decide(secretary, correctionId, { decision: "approve" }),
      403,
      { code: "forbidden" },
    );
    await expectRefusedWithoutWrites(
      context.db,
      () => decide(member, correctionId, { decision: "approve" }),
      403,
    );
    await expectRefusedWithoutWrites(
      context.db,
      () => decide(east, correctionId, { decision: "accept" }),
      400,
      {
        field: "decision",
      },
    );
  });

  it("applies an approved correction, archives and audits it; deciding again is 409", async () => {
    const response = await decide(east, correctionId, { decision: "approve", note: "核对户口簿无误" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      state: "approved",
      decidedByName: "east",
      decisionNote: "核对户口簿无误",
    });
    const detail = (await sendAs(context.app, east, "GET", `/members/${verified}`)).json();
    expect(detail).toMatchObject({
      name: "钱朵朵",
      citizenId: newId,
      birthDate: "2004-03-02",
      pendingCorrection: null,
    });
    expect((await eventKindsOf(context.db, verified)).at(-1)).toBe("correction_approved");
    expect(await latestAuditEntry(context.db, "member.correction_decide")).toMatchObject({
      after: { state: "approved" },
    });
    await expectRefusedWithoutWrites(
      context.db,
      () => decide(east, correctionId, { decision: "return" }),
      409,
      {
        code: "review_request_closed",
      },
    );
  });

  it("returns a correction without changing the member", async () => {
    const asked = await request(secretary, verified, {
      changes: { joinedOn: "2019-06-04" },
      reason: "入团时间有误",
    });
    expect(asked.statusCode).toBe(201);
    const response = await decide(east, asked.json().id, { decision: "return", note: "请附入团志愿书" });
    expect(response.json()).toMatchObject({ state: "returned" });
    expect((await sendAs(context.app, east, "GET", `/members/${verified}`)).json().joinedOn).toBe(
      "2019-05-04",
    );
    expect((await eventKindsOf(context.db, verified)).at(-1)).toBe("correction_returned");
  });

  it("moves the member for an approved branch correction, never by its own requester", async () => {
    const asked = await request(east, verified, {
      changes: { organizationId: context.tree.eastVillage2.id },
      reason: "所在团支部登记错误",
    });
    expect(asked.statusCode).toBe(201);
    await expectRefusedWithoutWrites(
      context.db,
      () => decide(east, asked.json().id, { decision: "approve" }),
      403,
      { code: "reviewer_is_requester" },
    );
    expect((await decide(county, asked.json().id, { decision: "approve" })).statusCode).toBe(200);
    const today = todayInChina();
    expect(await historyOf(context.db, verified)).toEqual([
      {
        organizationId: context.tree.eastVillage1.id,
        status: "active",
        validFrom: "2019-05-04",
        validTo: today,
      },
      { organizationId: context.tree.eastVillage2.id, status: "active", validFrom: today, validTo: null },
    ]);
  });
});
