import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestAuditEntry } from "../../test/database-state";
import {
  createTestApp,
  createUserWithoutRoles,
  logInAs,
  logInEach,
  type TestSession,
} from "../../test/factories";
import {
  countMemberRows,
  createMemberThroughApi,
  eventKindsOf,
  expectRefusedWithoutWrites,
  memberIdByName,
  sendAs,
} from "../../test/member-factories";

/** GET /members/{id} (masking, audited personal views) and POST /members/{id}/verify (higher committee). */

let context: Awaited<ReturnType<typeof createTestApp>>;
let admin: TestSession;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;
let zhangSan: number;
let created: number;

beforeAll(async () => {
  context = await createTestApp();
  [admin, east, secretary, member] = await logInEach(context.app, ["admin", "east", "secretary", "member"]);
  zhangSan = await memberIdByName(context.db, "张三");
  created = await createMemberThroughApi(context.app, secretary, context.tree.eastVillage1.id);
});
afterAll(async () => context.close());

describe("GET /members/{id}", () => {
  it("answers 401 without a session", async () => {
    expect((await sendAs(context.app, undefined, "GET", `/members/${zhangSan}`)).statusCode).toBe(401);
  });

  it("answers 404 outside the scope and for an unknown id", async () => {
    const zhaoLiu = await memberIdByName(context.db, "赵六");
    expect((await sendAs(context.app, east, "GET", `/members/${zhaoLiu}`)).statusCode).toBe(404);
    const wangWu = await memberIdByName(context.db, "王五");
    expect((await sendAs(context.app, secretary, "GET", `/members/${wangWu}`)).statusCode).toBe(404);
    expect((await sendAs(context.app, admin, "GET", "/members/999999")).json().error.code).toBe("not_found");
  });

  it("answers 403 to a member (no member:read)", async () => {
    expect((await sendAs(context.app, member, "GET", `/members/${zhangSan}`)).statusCode).toBe(403);
  });

  it("answers 400 naming the id", async () => {
    const response = await sendAs(context.app, east, "GET", "/members/abc");
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe("id");
  });

  it("shows the full record with citizen ID and phone in full to the branch secretary, and audits the view", async () => {
    const before = await countMemberRows(context.db);
    const response = await sendAs(context.app, secretary, "GET", `/members/${zhangSan}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: zhangSan,
      name: "张三",
      citizenId: "110105200501010016",
      phone: "13812345678",
      sex: "male",
      status: "active",
      statusSince: "2020-05-04",
      organization: { id: context.tree.eastVillage1.id, name: "东一村团支部" },
      personalDataVisible: true,
      lockedFields: [],
      missingFields: [],
      pendingStatusRequest: null,
      pendingCorrection: null,
      idDocumentType: "resident_id_card",
      isCadre: false,
    });
    expect(response.json()).not.toHaveProperty("nameInitials");
    expect((await countMemberRows(context.db)).audit_log).toBe(before.audit_log + 1);
    expect(await latestAuditEntry(context.db, "member.view_personal")).toMatchObject({
      actorName: "secretary",
      entityType: "member",
      entityId: String(zhangSan),
    });
  });

  it("answers 403 to a user who holds no role, and audits nothing", async () => {
    await createUserWithoutRoles(context.db, "nobody", context.tree.eastVillage1.id);
    const nobody = await logInAs(context.app, "nobody");
    const before = await countMemberRows(context.db);
    expect((await sendAs(context.app, nobody, "GET", `/members/${zhangSan}`)).statusCode).toBe(403);
    expect(await countMemberRows(context.db)).toEqual(before);
  });
});

describe("POST /members/{id}/verify", () => {
  const verify = (session: TestSession | undefined, id: number) =>
    sendAs(context.app, session, "POST", `/members/${id}/verify`);

  it("answers 401 without a session", async () => {
    await expectRefusedWithoutWrites(context.db, () => verify(undefined, created), 401);
  });

  it("answers 404 outside the scope", async () => {
    const zhaoLiu = await memberIdByName(context.db, "赵六");
    await expectRefusedWithoutWrites(context.db, () => verify(east, zhaoLiu), 404);
  });

  it("answers 403 to the branch secretary (not the higher committee) and to a member", async () => {
    await expectRefusedWithoutWrites(context.db, () => verify(secretary, created), 403, {
      code: "forbidden",
    });
    await expectRefusedWithoutWrites(context.db, () => verify(member, created), 403);
  });

  it("answers 400 naming the id", async () => {
    await expectRefusedWithoutWrites(context.db, () => verify(east, 0), 400, { field: "id" });
  });

  it("verifies as the higher committee: locks the fields, archives and audits; a second time is 409", async () => {
    const response = await verify(east, created);
    expect(response.statusCode).toBe(200);
    expect(response.json().verifiedAt).toEqual(expect.any(String));
    expect(response.json().lockedFields).toEqual(["name", "citizenId", "joinedOn", "organizationId"]);
    expect(await eventKindsOf(context.db, created)).toEqual(["joined", "record_changed"]);
    expect(await latestAuditEntry(context.db, "member.verify")).toMatchObject({ entityId: String(created) });
    await expectRefusedWithoutWrites(context.db, () => verify(east, created), 409, {
      code: "already_verified",
    });
  });
});
