import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayInChina } from "../../../lib/clock";
import { latestAuditEntry } from "../../../test/database-state";
import { createTestApp, logInEach, type TestSession } from "../../../test/factories";
import { countPlanTables, planTaskInput, sendJson } from "../../../test/plan-factories";

/** The ledger: GET /organizations/{id}/plans, GET /plans/{id}, GET /plans/{id}/tasks, PATCH /plan-tasks/{id}. */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;
let planId: number;
let taskIds: Record<number, number>;
const today = todayInChina();

beforeAll(async () => {
  context = await createTestApp();
  [county, east, secretary, member] = await logInEach(context.app, ["county", "east", "secretary", "member"]);
  const response = await context.app.inject({
    method: "POST",
    url: `/api/v1/organizations/${context.tree.county.id}/plans`,
    headers: county.headers,
    payload: {
      title: "测试县改革实施方案",
      phases: [
        { name: "组织筹备", start: "2022-09-01", end: "2022-12-31" },
        { name: "全面实施", start: "2023-01-01", end: "2099-12-31" },
      ],
      tasks: [
        planTaskInput(1, {
          path: ["一、组织建设"],
          units: ["县委组织部", "团县委"],
          leadUnit: "县委组织部",
          deadline: "2022-12-31",
        }),
        planTaskInput(2, { path: ["一、组织建设"], units: ["团县委"], leadUnit: "团县委", deadline: today }),
        planTaskInput(3, {
          path: ["二、团员队伍"],
          units: ["县教育局", "县委组织部"],
          leadUnit: "县教育局",
          deadline: "2099-06-30",
        }),
        planTaskInput(4, { units: [], deadline: null, deadlineText: "长期坚持" }),
      ],
      unplaced: [],
    },
  });
  if (response.statusCode !== 201) throw new Error(response.body);
  planId = response.json().id;
  taskIds = Object.fromEntries(
    response.json().tasks.map((t: { id: number; number: number }) => [t.number, t.id]),
  );
});
afterAll(async () => context.close());

function get(url: string, session?: TestSession) {
  return sendJson(context.app, "GET", url, undefined, session);
}

function patch(id: number, payload: object, session?: TestSession) {
  return sendJson(context.app, "PATCH", `/api/v1/plan-tasks/${id}`, payload, session);
}

describe("GET /organizations/{id}/plans", () => {
  const url = () => `/api/v1/organizations/${context.tree.county.id}/plans`;

  it("401 without a session, 404 outside the scope, 403 to a member", async () => {
    expect((await get(url())).statusCode).toBe(401);
    expect((await get(url(), east)).statusCode).toBe(404);
    expect(
      (await get(`/api/v1/organizations/${context.tree.eastVillage1.id}/plans`, member)).statusCode,
    ).toBe(403);
  });

  it("answers 400 naming the field for a bad id", async () => {
    const response = await get("/api/v1/organizations/abc/plans", county);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe("id");
  });

  it("lists the organization's plans with counts", async () => {
    const response = await get(url(), county);
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toEqual([
      expect.objectContaining({ id: planId, title: "测试县改革实施方案", taskCount: 4, phaseCount: 2 }),
    ]);
    expect((await get(`/api/v1/organizations/${context.tree.east.id}/plans`, east)).json().items).toEqual([]);
  });
});

describe("GET /plans/{id}", () => {
  it("401 without a session, 404 outside the scope or missing, 403 to a member", async () => {
    expect((await get(`/api/v1/plans/${planId}`)).statusCode).toBe(401);
    expect((await get(`/api/v1/plans/${planId}`, east)).statusCode).toBe(404);
    expect((await get("/api/v1/plans/999999", county)).statusCode).toBe(404);
    expect((await get(`/api/v1/plans/${planId}`, member)).statusCode).toBe(403);
  });

  it.each(["dueSoonDays=-1", "dueSoonDays=366", "dueSoonDays=x"])(
    "answers 400 naming the field for %s",
    async (query) => {
      const response = await get(`/api/v1/plans/${planId}?${query}`, county);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.field).toBe("dueSoonDays");
    },
  );

  it("derives each task's status and due-soon flag from its dates", async () => {
    const response = await get(`/api/v1/plans/${planId}?dueSoonDays=14`, county);
    expect(response.statusCode).toBe(200);
    const plan = response.json();
    expect(plan.phases.map((phase: { name: string }) => phase.name)).toEqual(["组织筹备", "全面实施"]);
    expect(
      plan.tasks.map((t: { number: number; status: string; dueSoon: boolean; phase: string | null }) => [
        t.number,
        t.status,
        t.dueSoon,
        t.phase,
      ]),
    ).toEqual([
      [1, "overdue", false, "组织筹备"],
      [2, "not_started", true, "全面实施"],
      [3, "not_started", false, "全面实施"],
      [4, "not_started", false, null],
    ]);
    expect(plan.statusCounts).toMatchObject({ overdue: 1, not_started: 3, done: 0 });
    expect(plan.dueSoonCount).toBe(1);
    expect(plan.tasks[0]).toMatchObject({ area: "一、组织建设", leadUnit: "县委组织部" });
  });

  it("answers 404 to a branch secretary (plan:read) for a plan above their branch", async () => {
    expect((await get(`/api/v1/plans/${planId}`, secretary)).statusCode).toBe(404);
  });
});

describe("GET /plans/{id}/tasks", () => {
  it("401, 404 outside the scope, 403 to a member", async () => {
    expect((await get(`/api/v1/plans/${planId}/tasks?groupBy=area`)).statusCode).toBe(401);
    expect((await get(`/api/v1/plans/${planId}/tasks?groupBy=area`, east)).statusCode).toBe(404);
    expect((await get(`/api/v1/plans/${planId}/tasks?groupBy=area`, member)).statusCode).toBe(403);
  });

  it("answers 400 naming groupBy when it is missing or unknown", async () => {
    for (const query of ["", "?groupBy=owner"]) {
      const response = await get(`/api/v1/plans/${planId}/tasks${query}`, county);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.field).toBe("groupBy");
    }
  });

  it.each([
    [
      "area",
      [
        ["一、组织建设", [1, 2]],
        ["二、团员队伍", [3]],
        ["未分类", [4]],
      ],
    ],
    [
      "unit",
      [
        ["县委组织部", [1, 3]],
        ["团县委", [1, 2]],
        ["县教育局", [3]],
        ["未明确责任单位", [4]],
      ],
    ],
    [
      "phase",
      [
        ["组织筹备", [1]],
        ["全面实施", [2, 3]],
        ["未分阶段", [4]],
      ],
    ],
  ] as const)("groups by %s", async (groupBy, expected) => {
    const response = await get(`/api/v1/plans/${planId}/tasks?groupBy=${groupBy}`, county);
    expect(response.statusCode).toBe(200);
    const groups = response
      .json()
      .groups.map((group: { key: string; tasks: { number: number }[] }) => [
        group.key,
        group.tasks.map((t) => t.number),
      ]);
    expect(groups).toEqual(expected);
  });
});

describe("PATCH /plan-tasks/{id}", () => {
  it("401 without a session, 404 outside the scope, 403 to a branch secretary", async () => {
    expect((await patch(taskIds[3] as number, { ownerName: "张三" })).statusCode).toBe(401);
    expect((await patch(taskIds[3] as number, { ownerName: "张三" }, east)).statusCode).toBe(404);
    expect((await patch(999999, { ownerName: "张三" }, county)).statusCode).toBe(404);
    expect((await patch(taskIds[3] as number, { ownerName: "张三" }, secretary)).statusCode).toBe(403);
  });

  it.each([
    [{ startedOn: "2023-02-30" }, "startedOn"],
    [{ status: "done" }, "body"],
    [{}, "body"],
    [{ ownerName: "" }, "ownerName"],
  ])("answers 400 naming the field for %j, writing nothing", async (payload, field) => {
    const before = await countPlanTables(context.db);
    const response = await patch(taskIds[3] as number, payload, county);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe(field);
    expect(await countPlanTables(context.db)).toEqual(before);
  });

  it.each([
    [{ doneOn: "2099-01-01" }, "date_in_future", "doneOn"],
    [{ startedOn: "2023-03-01", doneOn: "2023-02-01" }, "done_before_start", "doneOn"],
  ])("answers 422 for %j, writing nothing", async (payload, code, field) => {
    const before = await countPlanTables(context.db);
    const response = await patch(taskIds[3] as number, payload, county);
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code, field });
    expect(await countPlanTables(context.db)).toEqual(before);
  });

  it("sets the owner and dates; the status follows; audited", async () => {
    const started = await patch(taskIds[3] as number, { ownerName: "王五", startedOn: "2023-03-01" }, county);
    expect(started.statusCode).toBe(200);
    expect(started.json()).toMatchObject({
      ownerName: "王五",
      startedOn: "2023-03-01",
      status: "in_progress",
    });
    const done = await patch(taskIds[1] as number, { doneOn: "2022-12-20" }, county);
    expect(done.json()).toMatchObject({ doneOn: "2022-12-20", status: "done" });
    const audit = await latestAuditEntry(context.db, "plan_task.update");
    expect(audit).toMatchObject({
      entityId: String(taskIds[1]),
      organizationId: context.tree.county.id,
      before: { doneOn: null },
      after: { doneOn: "2022-12-20" },
    });
    const cleared = await patch(taskIds[1] as number, { doneOn: null }, county);
    expect(cleared.json()).toMatchObject({ doneOn: null, status: "overdue" });
  });
});
