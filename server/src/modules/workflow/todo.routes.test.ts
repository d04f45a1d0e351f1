import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, logInEach, type TestSession } from "../../test/factories";
import { sendAs } from "../../test/member-factories";
import { applicationInput, stepOk } from "../development/development.test-support";

/** GET /todos and /todos/counts: the to-do inbox fed by the approval engine's work items. */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;

async function register(session: TestSession, branchId: number, input: Record<string, unknown>) {
  const response = await sendAs(
    context.app,
    session,
    "POST",
    `/organizations/${branchId}/applications`,
    input,
  );
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: number };
}

beforeAll(async () => {
  context = await createTestApp();
  [county, east, secretary, member] = await logInEach(context.app, ["county", "east", "secretary", "member"]);
  await register(secretary, context.tree.eastVillage1.id, applicationInput("甲", "2010-03-01", "013"));
  const second = await register(
    secretary,
    context.tree.eastVillage1.id,
    applicationInput("乙", "2010-03-02", "015"),
  );
  await register(county, context.tree.westVillage.id, applicationInput("丙", "2010-03-03", "017"));
  // 乙 talked with, then deferred: the item moves with each step (closed, reopened in the new state).
  const version = await stepOk(context.app, secretary, second.id, "record_talk", 1, {
    talkDate: "2026-01-10",
  });
  await stepOk(context.app, secretary, second.id, "defer", version, { reason: "学业繁忙" });
});
afterAll(async () => context.close());

describe("GET /todos", () => {
  it("answers 401, 404 for an organization outside the subtree, 400 for an unknown kind", async () => {
    expect((await sendAs(context.app, undefined, "GET", "/todos")).statusCode).toBe(401);
    const outside = await sendAs(
      context.app,
      east,
      "GET",
      `/todos?organizationId=${context.tree.westVillage.id}`,
    );
    expect(outside.statusCode).toBe(404);
    expect((await sendAs(context.app, east, "GET", "/todos?kind=nothing")).statusCode).toBe(400);
  });

  it("lists what each user can act on, oldest first, filtered by organization", async () => {
    const own = await sendAs(context.app, secretary, "GET", "/todos");
    expect(own.statusCode).toBe(200);
    expect(
      own.json().items.map((item: { title: string; state: string }) => [item.title, item.state]),
    ).toEqual([
      ["甲", "applied"],
      ["乙", "deferred"],
    ]);
    expect(own.json().items[0]).toMatchObject({
      kind: "member_development",
      kindLabel: "发展团员",
      stateLabel: "已递交入团申请",
      organizationId: context.tree.eastVillage1.id,
    });
    const all = await sendAs(context.app, county, "GET", "/todos?kind=member_development&pageSize=1&page=3");
    expect(all.json()).toMatchObject({ total: 3, page: 3, pageSize: 1 });
    // 乙's item was reopened by the deferral: it waits since then, after 丙's.
    expect(all.json().items.map((item: { title: string }) => item.title)).toEqual(["乙"]);
    const west = await sendAs(context.app, county, "GET", `/todos?organizationId=${context.tree.west.id}`);
    expect(west.json().items.map((item: { title: string }) => item.title)).toEqual(["丙"]);
    expect((await sendAs(context.app, member, "GET", "/todos")).json().total).toBe(0);
  });
});

describe("GET /todos/counts", () => {
  it("counts the open items per kind for the menu badge", async () => {
    expect((await sendAs(context.app, undefined, "GET", "/todos/counts")).statusCode).toBe(401);
    const counts = await sendAs(context.app, secretary, "GET", "/todos/counts");
    expect(counts.json()).toEqual([{ kind: "member_development", label: "发展团员", count: 2 }]);
    expect((await sendAs(context.app, member, "GET", "/todos/counts")).json()).toEqual([]);
  });
});
