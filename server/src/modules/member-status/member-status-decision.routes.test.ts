import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestAuditEntry } from "../../test/database-state";
import { createTestApp, logInEach, type TestSession } from "../../test/factories";
import {
  createMemberThroughApi,
  eventKindsOf,
  expectRefusedWithoutWrites,
  historyOf,
  personRecord,
  sendAs,
} from "../../test/member-factories";

/** POST /member-status-requests/{id}/decision and GET /organizations/{id}/member-status-requests. */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;
let old: number;
let other: number;
let ageOutRequest: number;

async function ask(session: TestSession, id: number, body: Record<string, unknown>): Promise<number> {
  const response = await sendAs(context.app, session, "POST", `/members/${id}/status-requests`, {
    reason: "支部大会决定",
    effectiveOn: "2026-01-01",
    ...body,
  });
  expect(response.statusCode).toBe(201);
  return response.json().request.id;
}

beforeAll(async () => {
  context = await createTestApp();
  [county, east, secretary, member] = await logInEach(context.app, ["county", "east", "secretary", "member"]);
  const branch = context.tree.eastVillage1.id;
  old = await createMemberThroughApi(
    context.app,
    secretary,
    branch,
    personRecord("老李", "1997-05-05", "771"),
  );
  other = await createMemberThroughApi(
    context.app,
    secretary,
    branch,
    personRecord("小王", "2004-04-04", "441"),
  );
  ageOutRequest = await ask(secretary, old, { toStatus: "aged_out" });
});
afterAll(async () => context.close());

const decide = (session: TestSession | undefined, id: number, body: unknown) =>
  sendAs(context.app, session, "POST", `/member-status-requests/${id}/decision`, body);

describe("POST /member-status-requests/{id}/decision — refusals write nothing", () => {
  it("answers 401, 404 for an unknown request, 403 to a member", async () => {
    await expectRefusedWithoutWrites(
      context.db,
      () => decide(undefined, ageOutRequest, { decision: "approve" }),
      401,
    );
    await expectRefusedWithoutWrites(context.db, () => decide(east, 999999, { decision: "approve" }), 404);
    await expectRefusedWithoutWrites(
      context.db,
      () => decide(member, ageOutRequest, { decision: "approve" }),
      403,
    );
  });

  it("answers 403 to the branch secretary approving or returning: the higher committee decides", async () => {
    for (const decision of ["approve", "return"]) {
      await expectRefusedWithoutWrites(
        context.db,
        () => decide(secretary, ageOutRequest, { decision }),
        403,
        {
          code: "forbidden",
        },
      );
    }
  });

  it("answers 403 to the higher committee withdrawing someone else's request", async () => {
    await expectRefusedWithoutWrites(
      context.db,
      () => decide(east, ageOutRequest, { decision: "withdraw" }),
      403,
    );
  });

  it("answers 400 naming the field", async () => {
    await expectRefusedWithoutWrites(context.db, () => decide(east, ageOutRequest, { decision: "ok" }), 400, {
      field: "decision",
    });
    await expectRefusedWithoutWrites(
      context.db,
      () => decide(east, ageOutRequest, { decision: "approve", note: "意".repeat(501) }),
      400,
      { field: "note" },
    );
  });
});

describe("POST /member-status-requests/{id}/decision — success", () => {
  it("approves an age-out: status, history closed on the effective date and reopened, archive, audit", async () => {
    const response = await decide(east, ageOutRequest, { decision: "approve", note: "同意，已举行离团仪式" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      state: "approved",
      decidedByName: "east",
      decisionNote: "同意，已举行离团仪式",
    });
    const detail = (await sendAs(context.app, east, "GET", `/members/${old}`)).json();
    expect(detail).toMatchObject({
      status: "aged_out",
      statusSince: "2026-01-01",
      pendingStatusRequest: null,
    });
    expect(await historyOf(context.db, old)).toEqual([
      {
        organizationId: context.tree.eastVillage1.id,
        status: "active",
        validFrom: "2012-05-05",
        validTo: "2026-01-01",
      },
      {
        organizationId: context.tree.eastVillage1.id,
        status: "aged_out",
        validFrom: "2026-01-01",
        validTo: null,
      },
    ]);
    expect((await eventKindsOf(context.db, old)).slice(-2)).toEqual(["status_change_requested", "aged_out"]);
    expect(await latestAuditEntry(context.db, "member.status_decision")).toMatchObject({
      entityId: String(ageOutRequest),
      after: { state: "approved" },
    });
    await expectRefusedWithoutWrites(
      context.db,
      () => decide(east, ageOutRequest, { decision: "return" }),
      409,
      {
        code: "review_request_closed",
      },
    );
  });

  it("returns a request without changing the member", async () => {
    const id = await ask(secretary, other, { toStatus: "lapsed" });
    expect((await decide(county, id, { decision: "return", note: "请补充支部大会记录" })).json().state).toBe(
      "returned",
    );
    expect((await sendAs(context.app, east, "GET", `/members/${other}`)).json().status).toBe("active");
    expect((await historyOf(context.db, other)).length).toBe(1);
    expect((await eventKindsOf(context.db, other)).at(-1)).toBe("status_change_returned");
  });

  it("lets the requester's side withdraw a request", async () => {
    const id = await ask(secretary, other, { toStatus: "withdrawn" });
    expect((await decide(secretary, id, { decision: "withdraw" })).json().state).toBe("withdrawn");
    expect((await eventKindsOf(context.db, other)).at(-1)).toBe("status_change_cancelled");
  });

  it("never lets the requester approve their own request", async () => {
    const id = await ask(east, other, { toStatus: "expelled" });
    await expectRefusedWithoutWrites(context.db, () => decide(east, id, { decision: "approve" }), 403, {
      code: "reviewer_is_requester",
    });
    expect((await decide(east, id, { decision: "withdraw" })).statusCode).toBe(200);
  });

  it("restores an aged-out member into another branch: branch and status change, history follows", async () => {
    const id = await ask(east, old, {
      toStatus: "active",
      targetOrganizationId: context.tree.eastVillage2.id,
      effectiveOn: "2026-03-01",
    });
    expect((await decide(county, id, { decision: "approve" })).statusCode).toBe(200);
    expect((await historyOf(context.db, old)).slice(-2)).toEqual([
      {
        organizationId: context.tree.eastVillage1.id,
        status: "aged_out",
        validFrom: "2026-01-01",
        validTo: "2026-03-01",
      },
      {
        organizationId: context.tree.eastVillage2.id,
        status: "active",
        validFrom: "2026-03-01",
        validTo: null,
      },
    ]);
    expect((await eventKindsOf(context.db, old)).at(-1)).toBe("restored");
    expect((await sendAs(context.app, county, "GET", `/members/${old}`)).json()).toMatchObject({
      status: "active",
      organization: { id: context.tree.eastVillage2.id },
    });
  });
});

describe("GET /organizations/{id}/member-status-requests", () => {
  const list = (session: TestSession | undefined, id: number, query = "") =>
    sendAs(context.app, session, "GET", `/organizations/${id}/member-status-requests${query}`);

  it("answers 401, 404 outside the scope, 403 to a member, 400 naming state", async () => {
    expect((await list(undefined, context.tree.east.id)).statusCode).toBe(401);
    expect((await list(east, context.tree.west.id)).statusCode).toBe(404);
    expect((await list(member, context.tree.eastVillage1.id)).statusCode).toBe(403);
    const bad = await list(east, context.tree.east.id, "?state=open");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("state");
  });

  it("lists the subtree's requests newest first, by state", async () => {
    const pending = await ask(secretary, other, { toStatus: "withdrawn" });
    const all = (await list(east, context.tree.east.id)).json();
    expect(all.total).toBe(6);
    expect(all.items[0]).toMatchObject({ id: pending, state: "pending", memberName: "小王" });
    const onlyPending = (await list(secretary, context.tree.eastVillage1.id, "?state=pending")).json();
    expect(onlyPending).toMatchObject({ total: 1, items: [{ id: pending }] });
    expect((await list(county, context.tree.west.id)).json().total).toBe(0);
  });
});
