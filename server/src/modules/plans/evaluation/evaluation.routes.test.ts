import { describe, expect, it } from "vitest";
import { todayInChina } from "../../../lib/clock";
import { latestAuditEntry } from "../../../test/database-state";
import {
  countEvaluationTables,
  createEvaluationTestApp,
  jinchengCounty,
  jinchengTaskId,
  shiftDate,
} from "../../../test/evaluation-factories";
import type { TestSession } from "../../../test/factories";
import { planTaskInput, sendJson, useTestApp } from "../../../test/plan-factories";

/**
 * Evaluation rounds and scoring (issue 5 part 5): POST/GET /organizations/{id}/evaluation-rounds,
 * GET /evaluation-rounds/{id}, PUT /evaluation-rounds/{id}/scores; and what an evaluator may not do.
 */

let roundId: number;
let itemIds: number[];
const today = todayInChina();

const sheet = [
  { name: "落实情况", weight: 60, maxScore: 10 },
  { name: "工作成效", weight: 40, maxScore: 5 },
];

const context = useTestApp(createEvaluationTestApp, async ({ jincheng, sessions }) => {
  const response = await request(
    "POST",
    `/organizations/${jincheng.city.id}/evaluation-rounds`,
    sessions.cityAdmin,
    {
      name: "2023年第一轮第三方评估",
      startsOn: shiftDate(today, -10),
      endsOn: shiftDate(today, 10),
      items: sheet,
    },
  );
  if (response.statusCode !== 201) throw new Error(response.body);
  roundId = response.json().id;
  itemIds = response.json().items.map((item: { id: number }) => item.id);
});

function request(
  method: "GET" | "POST" | "PUT" | "PATCH",
  url: string,
  session?: TestSession,
  payload?: object,
) {
  return sendJson(context.app, method, `/api/v1${url}`, payload, session);
}

const county = (index: number) => jinchengCounty(context.jincheng, index);
const task = (countyIndex: number, number: number) => jinchengTaskId(context.jincheng, countyIndex, number);

describe("POST /organizations/{id}/evaluation-rounds", () => {
  const url = () => `/organizations/${context.jincheng.city.id}/evaluation-rounds`;
  const body = (overrides: object = {}) => ({
    name: "第二轮",
    startsOn: "2023-03-01",
    endsOn: "2023-03-31",
    items: sheet,
    ...overrides,
  });

  it("401 without a session, 404 outside the scope, 403 to an evaluator; nothing written", async () => {
    const counts = await countEvaluationTables(context.db);
    expect((await request("POST", url(), undefined, body())).statusCode).toBe(401);
    expect((await request("POST", url(), context.sessions.outsider, body())).statusCode).toBe(404);
    expect((await request("POST", url(), context.sessions.cityEvaluator, body())).statusCode).toBe(403);
    expect((await request("POST", url(), context.sessions.cityMember, body())).statusCode).toBe(403);
    expect(await countEvaluationTables(context.db)).toEqual(counts);
  });

  it.each([
    [{ startsOn: "2023-02-30" }, 400, "startsOn"],
    [{ name: " " }, 400, "name"],
    [{ items: [{ name: "甲", weight: 100, maxScore: "十" }] }, 400, "items.0.maxScore"],
    [{ items: [{ name: "甲", weight: 33.333, maxScore: 10 }] }, 400, "items.0.weight"],
    [{ endsOn: "2023-02-01" }, 422, "endsOn"],
    [{ items: [] }, 422, "items"],
    [
      {
        items: [
          { name: "甲", weight: 60, maxScore: 10 },
          { name: "乙", weight: 30, maxScore: 10 },
        ],
      },
      422,
      "items",
    ],
    [
      {
        items: [
          { name: "甲", weight: 50, maxScore: 10 },
          { name: "甲", weight: 50, maxScore: 10 },
        ],
      },
      422,
      "items.1.name",
    ],
    [{ items: [{ name: "甲", weight: 100, maxScore: 0 }] }, 422, "items.0.maxScore"],
  ])("refuses %j with %s naming %s; nothing written", async (overrides, status, field) => {
    const counts = await countEvaluationTables(context.db);
    const response = await request("POST", url(), context.sessions.cityAdmin, body(overrides));
    expect(response.statusCode).toBe(status);
    expect(response.json().error.field).toBe(field);
    expect(await countEvaluationTables(context.db)).toEqual(counts);
  });

  it("names the actual sum when the weights do not add up to 100%", async () => {
    const response = await request(
      "POST",
      url(),
      context.sessions.cityAdmin,
      body({
        items: [
          { name: "甲", weight: 60, maxScore: 10 },
          { name: "乙", weight: 30.5, maxScore: 10 },
        ],
      }),
    );
    expect(response.json().error.message).toMatch(/实际为 90.5%/);
  });

  it("creates a round with its sheet, audited", async () => {
    const response = await request("POST", url(), context.sessions.cityAdmin, body());
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      organizationId: context.jincheng.city.id,
      organizationName: "共青团晋城市委员会",
      name: "第二轮",
      startsOn: "2023-03-01",
      endsOn: "2023-03-31",
      open: false,
      itemCount: 2,
      createdByName: "city-admin",
      items: [
        { position: 1, name: "落实情况", weight: 60, maxScore: 10 },
        { position: 2, name: "工作成效", weight: 40, maxScore: 5 },
      ],
    });
    expect(await latestAuditEntry(context.db, "evaluation_round.create")).toMatchObject({
      actorName: "city-admin",
      entityType: "evaluation_round",
      entityId: String(response.json().id),
      organizationId: context.jincheng.city.id,
      after: { name: "第二轮", items: sheet },
    });
  });
});

describe("GET /organizations/{id}/evaluation-rounds and /evaluation-rounds/{id}", () => {
  it("401, 404 outside the scope, 403 without plan:read", async () => {
    const list = `/organizations/${context.jincheng.city.id}/evaluation-rounds`;
    expect((await request("GET", list)).statusCode).toBe(401);
    expect((await request("GET", list, context.sessions.outsider)).statusCode).toBe(404);
    expect((await request("GET", list, context.sessions.cityMember)).statusCode).toBe(403);
    expect((await request("GET", `/evaluation-rounds/${roundId}`)).statusCode).toBe(401);
    expect(
      (await request("GET", `/evaluation-rounds/${roundId}`, context.sessions.outsider)).statusCode,
    ).toBe(404);
    expect((await request("GET", "/evaluation-rounds/999999", context.sessions.cityAdmin)).statusCode).toBe(
      404,
    );
    expect(
      (await request("GET", `/evaluation-rounds/${roundId}`, context.sessions.cityMember)).statusCode,
    ).toBe(403);
  });

  it("lists the city's rounds, newest first; a county sees the city's round that covers it", async () => {
    const city = await request(
      "GET",
      `/organizations/${context.jincheng.city.id}/evaluation-rounds`,
      context.sessions.cityAdmin,
    );
    expect(city.statusCode).toBe(200);
    expect(city.json().items.map((round: { id: number }) => round.id)).toContain(roundId);
    const countyList = await request(
      "GET",
      `/organizations/${county(0).organization.id}/evaluation-rounds`,
      context.sessions.countyEvaluator,
    );
    expect(countyList.json().items).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: roundId, open: true, itemCount: 2 })]),
    );
  });

  it("reads a round with its items, for a county's evaluator too", async () => {
    const response = await request("GET", `/evaluation-rounds/${roundId}`, context.sessions.countyEvaluator);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: roundId, open: true, items: sheet });
  });
});

describe("PUT /evaluation-rounds/{id}/scores", () => {
  const url = () => `/evaluation-rounds/${roundId}/scores`;
  const score = (taskId: number, item: number, value: number, comment?: string) => ({
    taskId,
    itemId: itemIds[item] as number,
    score: value,
    ...(comment === undefined ? {} : { comment }),
  });

  it("401 without a session, 404 outside the scope, 403 without plan:evaluate; nothing written", async () => {
    const counts = await countEvaluationTables(context.db);
    const payload = { scores: [score(task(0, 1), 0, 8)] };
    expect((await request("PUT", url(), undefined, payload)).statusCode).toBe(401);
    expect((await request("PUT", url(), context.sessions.outsider, payload)).statusCode).toBe(404);
    expect(
      (await request("PUT", "/evaluation-rounds/999999/scores", context.sessions.cityEvaluator, payload))
        .statusCode,
    ).toBe(404);
    expect((await request("PUT", url(), context.sessions.cityMember, payload)).statusCode).toBe(403);
    expect(await countEvaluationTables(context.db)).toEqual(counts);
  });

  it.each([
    [
      "a score that is not a number",
      () => [{ ...score(task(0, 1), 0, 1), score: "八" }],
      400,
      "scores.0.score",
    ],
    ["no scores", () => [], 400, "scores"],
    [
      "a score above the item's maximum",
      () => [score(task(0, 1), 0, 8), score(task(0, 1), 1, 6)],
      422,
      "scores.1.score",
    ],
    ["a negative score", () => [score(task(0, 1), 0, -1)], 422, "scores.0.score"],
    [
      "an item of another round",
      () => [{ ...score(task(0, 1), 0, 1), itemId: 999999 }],
      422,
      "scores.0.itemId",
    ],
    [
      "a task twice on one item",
      () => [score(task(0, 1), 0, 1), score(task(0, 1), 0, 2)],
      422,
      "scores.1.itemId",
    ],
    ["a task that does not exist", () => [score(999999, 0, 1)], 422, "scores.0.taskId"],
  ])("refuses %s, naming the row; nothing written", async (_name, scores, status, field) => {
    const counts = await countEvaluationTables(context.db);
    const response = await request("PUT", url(), context.sessions.cityEvaluator, { scores: scores() });
    expect(response.statusCode).toBe(status);
    expect(response.json().error.field).toBe(field);
    expect(await countEvaluationTables(context.db)).toEqual(counts);
  });

  it("refuses a task outside the round's subtree (another county's plan outside the city)", async () => {
    const outside = await context.app.inject({
      method: "POST",
      url: `/api/v1/organizations/${context.tree.county.id}/plans`,
      headers: context.sessions.outsider.headers,
      payload: {
        title: "测试县方案",
        phases: [],
        tasks: [planTaskInput(1, { title: "任务", text: "任务" })],
        unplaced: [],
      },
    });
    expect(outside.statusCode).toBe(201);
    const counts = await countEvaluationTables(context.db);
    const response = await request("PUT", url(), context.sessions.cityEvaluator, {
      scores: [score(outside.json().tasks[0].id, 0, 5)],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: "task_not_in_round", field: "scores.0.taskId" });
    expect(await countEvaluationTables(context.db)).toEqual(counts);
  });

  it("refuses a county's evaluator scoring another county's task (outside their scope)", async () => {
    const counts = await countEvaluationTables(context.db);
    const response = await request("PUT", url(), context.sessions.countyEvaluator, {
      scores: [score(task(0, 2), 0, 5), score(task(1, 2), 0, 5)],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.field).toBe("scores.1.taskId");
    expect(await countEvaluationTables(context.db)).toEqual(counts);
  });

  it("saves all or none: a bad fourth row leaves the first three unsaved", async () => {
    const counts = await countEvaluationTables(context.db);
    const response = await request("PUT", url(), context.sessions.cityEvaluator, {
      scores: [
        score(task(0, 1), 0, 8),
        score(task(0, 1), 1, 4),
        score(task(0, 2), 0, 10),
        score(task(0, 2), 1, 9),
      ],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.field).toBe("scores.3.score");
    expect(response.json().error.message).toMatch(/0 到 5/);
    expect(await countEvaluationTables(context.db)).toEqual(counts);
  });

  it("refuses scoring outside the round's dates", async () => {
    const make = async (startsOn: string, endsOn: string) => {
      const created = await request(
        "POST",
        `/organizations/${context.jincheng.city.id}/evaluation-rounds`,
        context.sessions.cityAdmin,
        {
          name: `轮次 ${startsOn}`,
          startsOn,
          endsOn,
          items: [{ name: "总体", weight: 100, maxScore: 100 }],
        },
      );
      return created.json() as { id: number; items: { id: number }[] };
    };
    const past = await make(shiftDate(today, -30), shiftDate(today, -1));
    const future = await make(shiftDate(today, 1), shiftDate(today, 30));
    const counts = await countEvaluationTables(context.db);
    for (const [round, field] of [
      [past, "endsOn"],
      [future, "startsOn"],
    ] as const) {
      const response = await request(
        "PUT",
        `/evaluation-rounds/${round.id}/scores`,
        context.sessions.cityEvaluator,
        {
          scores: [{ taskId: task(0, 1), itemId: round.items[0]?.id, score: 90 }],
        },
      );
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toMatchObject({ code: "round_not_open", field });
    }
    expect(await countEvaluationTables(context.db)).toEqual(counts);
  });

  it("saves an evaluator's scores, audited, and replaces a score given again", async () => {
    const first = await request("PUT", url(), context.sessions.countyEvaluator, {
      scores: [score(task(0, 1), 0, 7, "材料齐全"), score(task(0, 1), 1, 4)],
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ saved: 2, created: 2, updated: 0 });

    const again = await request("PUT", url(), context.sessions.cityEvaluator, {
      scores: [score(task(0, 1), 0, 8, "复核后")],
    });
    expect(again.json()).toEqual({ saved: 1, created: 0, updated: 1 });
    expect(await latestAuditEntry(context.db, "evaluation.score")).toMatchObject({
      actorName: "city-evaluator",
      entityType: "evaluation_round",
      entityId: String(roundId),
      organizationId: context.jincheng.city.id,
      before: [{ taskId: task(0, 1), itemId: itemIds[0], score: 7 }],
      after: [{ taskId: task(0, 1), itemId: itemIds[0], score: 8, comment: "复核后" }],
      detail: { saved: 1, created: 0, updated: 1 },
    });
    const results = await request("GET", `/evaluation-rounds/${roundId}/results`, context.sessions.cityAdmin);
    const row = results.json().tasks.find((entry: { taskId: number }) => entry.taskId === task(0, 1));
    expect(row.scores[0]).toEqual({
      itemId: itemIds[0],
      score: 8,
      comment: "复核后",
      evaluatorName: "city-evaluator",
    });
    expect(row).toMatchObject({ total: 80, complete: true });
  });
});

describe("an evaluator reads the ledger and scores, nothing else", () => {
  it("may read the ledger", async () => {
    const response = await request("GET", `/plans/${county(0).planId}`, context.sessions.cityEvaluator);
    expect(response.statusCode).toBe(200);
  });

  it("gets 403 editing a task, importing a plan or creating a round; nothing written", async () => {
    const counts = await countEvaluationTables(context.db);
    const edit = await request("PATCH", `/plan-tasks/${task(0, 1)}`, context.sessions.cityEvaluator, {
      ownerName: "张三",
    });
    expect(edit.statusCode).toBe(403);
    const importing = await request(
      "POST",
      `/organizations/${county(0).organization.id}/plans`,
      context.sessions.countyEvaluator,
      {
        title: "方案",
        phases: [],
        tasks: [],
        unplaced: [],
      },
    );
    expect(importing.statusCode).toBe(403);
    const round = await request(
      "POST",
      `/organizations/${county(0).organization.id}/evaluation-rounds`,
      context.sessions.countyEvaluator,
      { name: "自评", startsOn: today, endsOn: today, items: sheet },
    );
    expect(round.statusCode).toBe(403);
    expect(await countEvaluationTables(context.db)).toEqual(counts);
  });
});
