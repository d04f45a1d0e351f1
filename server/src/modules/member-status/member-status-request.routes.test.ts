import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayInChina } from "../../lib/clock";
import { appointCadre } from "../../test/cadre-factories";
import { latestAuditEntry } from "../../test/database-state";
import { createTestApp, logInEach, type TestSession } from "../../test/factories";
import {
  createMemberThroughApi,
  eventKindsOf,
  expectRefusedWithoutWrites,
  historyOf,
  memberIdByName,
  personRecord,
  sendAs,
} from "../../test/member-factories";

/** POST /members/{id}/status-requests: the state machine, the age-out rule, one pending request per member. */

let context: Awaited<ReturnType<typeof createTestApp>>;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;
let young: number;
let old: number;
let oldCadre: number;

beforeAll(async () => {
  context = await createTestApp();
  [east, secretary, member] = await logInEach(context.app, ["east", "secretary", "member"]);
  const branch = context.tree.eastVillage1.id;
  young = await createMemberThroughApi(
    context.app,
    secretary,
    branch,
    personRecord("小青", "2005-06-15", "551"),
  );
  old = await createMemberThroughApi(
    context.app,
    secretary,
    branch,
    personRecord("老李", "1997-05-05", "771"),
  );
  oldCadre = await createMemberThroughApi(
    context.app,
    secretary,
    branch,
    personRecord("老书记", "1996-04-04", "881"),
  );
  // 是否团干部 is a view of the cadre records (issue 13 part 1): appointed as 书记 there.
  await appointCadre(context.db, oldCadre, { post: "secretary" });
});
afterAll(async () => context.close());

const ask = (session: TestSession | undefined, id: number, body: Record<string, unknown>) =>
  sendAs(context.app, session, "POST", `/members/${id}/status-requests`, {
    reason: "支部大会决定",
    effectiveOn: "2026-01-01",
    ...body,
  });

describe("POST /members/{id}/status-requests — refusals write nothing", () => {
  it("answers 401, 404 outside the scope, 403 to a member", async () => {
    await expectRefusedWithoutWrites(context.db, () => ask(undefined, old, { toStatus: "aged_out" }), 401);
    const zhaoLiu = await memberIdByName(context.db, "赵六");
    await expectRefusedWithoutWrites(context.db, () => ask(east, zhaoLiu, { toStatus: "withdrawn" }), 404);
    await expectRefusedWithoutWrites(context.db, () => ask(member, old, { toStatus: "aged_out" }), 403);
  });

  it.each([
    [{ toStatus: "deleted" }, "toStatus"],
    [{ toStatus: "withdrawn", reason: "" }, "reason"],
    [{ toStatus: "withdrawn", effectiveOn: "2026-13-01" }, "effectiveOn"],
    [{ toStatus: "withdrawn", effectiveOn: "2099-01-01" }, "effectiveOn"],
    [{ toStatus: "withdrawn", targetOrganizationId: 1 }, "targetOrganizationId"],
  ])("answers 400 naming the field for %j", async (body, field) => {
    await expectRefusedWithoutWrites(context.db, () => ask(secretary, young, body), 400, { field });
  });

  it.each([
    ["active → transferring (the transfer workflow's)", "transferring"],
    ["active → active", "active"],
  ])("answers 422 for %s", async (_case, toStatus) => {
    await expectRefusedWithoutWrites(context.db, () => ask(secretary, young, { toStatus }), 422, {
      code: "status_transition_not_allowed",
      field: "toStatus",
    });
  });

  it("answers 422 for an age-out under 28 and for a cadre", async () => {
    const response = await expectRefusedWithoutWrites(
      context.db,
      () => ask(secretary, young, { toStatus: "aged_out" }),
      422,
      { code: "age_out_under_age", field: "toStatus" },
    );
    expect(response.json().error.message).toContain("2033-06-15");
    await expectRefusedWithoutWrites(
      context.db,
      () => ask(secretary, oldCadre, { toStatus: "aged_out" }),
      422,
      {
        code: "age_out_holds_league_post",
      },
    );
  });

  it("answers 422 for an effective date before the current status began", async () => {
    await expectRefusedWithoutWrites(
      context.db,
      () => ask(secretary, old, { toStatus: "withdrawn", effectiveOn: "2010-01-01" }),
      422,
      { code: "effective_date_before_current_period", field: "effectiveOn" },
    );
  });
});

describe("POST /members/{id}/status-requests — success", () => {
  it("applies active → flowing at once: status, history closed and reopened, archive, audit", async () => {
    const response = await ask(secretary, young, { toStatus: "flowing", effectiveOn: "2026-02-01" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ applied: true, request: null });
    const detail = (await sendAs(context.app, secretary, "GET", `/members/${young}`)).json();
    expect(detail).toMatchObject({ status: "flowing", statusSince: "2026-02-01" });
    expect(await historyOf(context.db, young)).toEqual([
      {
        organizationId: context.tree.eastVillage1.id,
        status: "active",
        validFrom: "2020-06-15",
        validTo: "2026-02-01",
      },
      {
        organizationId: context.tree.eastVillage1.id,
        status: "flowing",
        validFrom: "2026-02-01",
        validTo: null,
      },
    ]);
    expect((await eventKindsOf(context.db, young)).at(-1)).toBe("flowing_started");
    expect(await latestAuditEntry(context.db, "member.status_change")).toMatchObject({
      entityId: String(young),
      after: { status: "flowing" },
    });
    // and back on the same day: the zero-length period is rewritten, not kept
    expect((await ask(secretary, young, { toStatus: "active", effectiveOn: "2026-02-01" })).statusCode).toBe(
      200,
    );
    expect((await historyOf(context.db, young)).at(-1)).toEqual({
      organizationId: context.tree.eastVillage1.id,
      status: "active",
      validFrom: "2026-02-01",
      validTo: null,
    });
  });

  it("records a leaving state as pending for the higher committee, without changing the member; a second one is 409", async () => {
    const response = await ask(secretary, old, { toStatus: "aged_out", effectiveOn: todayInChina() });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      applied: false,
      request: {
        memberName: "老李",
        fromStatus: "active",
        toStatus: "aged_out",
        state: "pending",
        requestedByName: "secretary",
      },
    });
    const detail = (await sendAs(context.app, secretary, "GET", `/members/${old}`)).json();
    expect(detail.status).toBe("active");
    expect(detail.pendingStatusRequest).toMatchObject({ toStatus: "aged_out", state: "pending" });
    expect((await eventKindsOf(context.db, old)).at(-1)).toBe("status_change_requested");
    await expectRefusedWithoutWrites(context.db, () => ask(east, old, { toStatus: "withdrawn" }), 409, {
      code: "pending_status_request_exists",
    });
  });

  it("asks a restore into a branch, which must be given and be a branch", async () => {
    const zhangSan = await memberIdByName(context.db, "张三");
    await context.db.execute(
      sql`update member set status = 'lapsed', status_since = '2025-01-01' where id = ${zhangSan}`,
    );
    await expectRefusedWithoutWrites(context.db, () => ask(east, zhangSan, { toStatus: "active" }), 400, {
      field: "targetOrganizationId",
    });
    await expectRefusedWithoutWrites(
      context.db,
      () => ask(east, zhangSan, { toStatus: "active", targetOrganizationId: context.tree.east.id }),
      422,
      { code: "members_only_in_branch" },
    );
    await expectRefusedWithoutWrites(
      context.db,
      () => ask(east, zhangSan, { toStatus: "active", targetOrganizationId: context.tree.westVillage.id }),
      404,
    );
    const response = await ask(east, zhangSan, {
      toStatus: "active",
      targetOrganizationId: context.tree.eastVillage2.id,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().request).toMatchObject({
      targetOrganizationName: "东二村团支部",
      fromStatus: "lapsed",
    });
  });
});
