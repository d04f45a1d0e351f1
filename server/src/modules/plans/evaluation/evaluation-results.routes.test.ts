import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { todayInChina } from "../../../lib/clock";
import { latestAuditEntry } from "../../../test/database-state";
import {
  countEvaluationTables,
  createEvaluationTestApp,
  jinchengTaskId,
  shiftDate,
} from "../../../test/evaluation-factories";
import type { TestSession } from "../../../test/factories";
import { sendJson, useTestApp } from "../../../test/plan-factories";
import { EVALUATION_SHEETS } from "./evaluation-export";

/** Results of a round: GET /evaluation-rounds/{id}/results and its .xlsx export (issue 5 part 5). */

let roundId: number;
const today = todayInChina();

function get(url: string, session?: TestSession) {
  return sendJson(context.app, "GET", `/api/v1${url}`, undefined, session);
}

const taskId = (county: number, number: number) => jinchengTaskId(context.jincheng, county, number);

const context = useTestApp(createEvaluationTestApp, async ({ app, jincheng, sessions }) => {
  const created = await app.inject({
    method: "POST",
    url: `/api/v1/organizations/${jincheng.city.id}/evaluation-rounds`,
    headers: sessions.cityAdmin.headers,
    payload: {
      name: "第一轮评估",
      startsOn: shiftDate(today, -5),
      endsOn: shiftDate(today, 5),
      items: [
        { name: "落实情况", weight: 60, maxScore: 10 },
        { name: "工作成效", weight: 40, maxScore: 5 },
      ],
    },
  });
  roundId = created.json().id;
  const [implementation, results] = created.json().items.map((item: { id: number }) => item.id);
  const scores = [
    // 城区: task 1 → 8/10×60 + 4/5×40 = 80; task 2 → 100; task 3 only partly scored (6/10×60 = 36).
    { taskId: taskId(0, 1), itemId: implementation, score: 8 },
    { taskId: taskId(0, 1), itemId: results, score: 4 },
    { taskId: taskId(0, 2), itemId: implementation, score: 10 },
    { taskId: taskId(0, 2), itemId: results, score: 5 },
    { taskId: taskId(0, 3), itemId: implementation, score: 6 },
    // 沁水县: task 1 → 9/10×60 + 3/5×40 = 78.
    { taskId: taskId(1, 1), itemId: implementation, score: 9 },
    { taskId: taskId(1, 1), itemId: results, score: 3 },
  ];
  const saved = await app.inject({
    method: "PUT",
    url: `/api/v1/evaluation-rounds/${roundId}/scores`,
    headers: sessions.cityEvaluator.headers,
    payload: { scores },
  });
  if (saved.statusCode !== 200) throw new Error(saved.body);
});

describe("GET /evaluation-rounds/{id}/results", () => {
  const url = () => `/evaluation-rounds/${roundId}/results`;

  it("401 without a session, 404 outside the scope, 403 without plan:read", async () => {
    expect((await get(url())).statusCode).toBe(401);
    expect((await get(url(), context.sessions.outsider)).statusCode).toBe(404);
    expect((await get("/evaluation-rounds/999999/results", context.sessions.cityAdmin)).statusCode).toBe(404);
    expect((await get(url(), context.sessions.cityMember)).statusCode).toBe(403);
    expect((await get("/evaluation-rounds/abc/results", context.sessions.cityAdmin)).json().error.field).toBe(
      "id",
    );
  });

  it("scores each task and ranks each county by the average of its completely scored tasks", async () => {
    const response = await get(url(), context.sessions.cityAdmin);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.round).toMatchObject({ id: roundId, name: "第一轮评估", open: true, itemCount: 2 });
    expect(body.tasks).toHaveLength(3 * 26);
    const [first, second, third] = context.jincheng.counties;
    const row = (id: number) => body.tasks.find((task: { taskId: number }) => task.taskId === id);
    expect(row(taskId(0, 1))).toMatchObject({
      number: 1,
      planId: first?.planId,
      organizationId: first?.organization.id,
      organizationName: first?.organization.name,
      total: 80,
      complete: true,
      scoredItems: 2,
    });
    expect(row(taskId(0, 2))).toMatchObject({ total: 100, complete: true });
    expect(row(taskId(0, 3))).toMatchObject({ total: 36, complete: false, scoredItems: 1 });
    expect(row(taskId(0, 3)).scores[1]).toMatchObject({ score: null, comment: null, evaluatorName: null });
    expect(row(taskId(0, 4))).toMatchObject({ total: null, complete: false, scoredItems: 0 });
    expect(body.organizations).toEqual([
      {
        rank: 1,
        organizationId: first?.organization.id,
        organizationName: first?.organization.name,
        average: 90,
        scoredTasks: 2,
        incompleteTasks: 1,
        taskCount: 26,
      },
      expect.objectContaining({
        rank: 2,
        organizationId: second?.organization.id,
        average: 78,
        scoredTasks: 1,
      }),
      expect.objectContaining({
        rank: null,
        organizationId: third?.organization.id,
        average: null,
        scoredTasks: 0,
      }),
    ]);
  });

  it("shows a county's evaluator only their county", async () => {
    const body = (await get(url(), context.sessions.countyEvaluator)).json();
    expect(body.organizations).toEqual([
      expect.objectContaining({
        rank: 1,
        organizationId: context.jincheng.counties[0]?.organization.id,
        average: 90,
      }),
    ]);
    expect(body.tasks).toHaveLength(26);
  });
});

describe("GET /evaluation-rounds/{id}/results.xlsx", () => {
  const url = () => `/evaluation-rounds/${roundId}/results.xlsx`;

  it("401 without a session, 404 outside the scope, 403 without plan:read; no audit entry", async () => {
    const counts = await countEvaluationTables(context.db);
    expect((await get(url())).statusCode).toBe(401);
    expect((await get(url(), context.sessions.outsider)).statusCode).toBe(404);
    expect((await get(url(), context.sessions.cityMember)).statusCode).toBe(403);
    expect(await countEvaluationTables(context.db)).toEqual(counts);
  });

  it("exports the task scores and the county ranking, audited", async () => {
    const response = await get(url(), context.sessions.cityEvaluator);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("spreadsheetml");
    expect(response.headers["content-disposition"]).toContain(encodeURIComponent("第一轮评估评估结果.xlsx"));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const tasks = workbook.getWorksheet(EVALUATION_SHEETS.tasks);
    const organizations = workbook.getWorksheet(EVALUATION_SHEETS.organizations);
    expect(tasks?.rowCount).toBe(1 + 3 * 26);
    expect(tasks?.getRow(1).values).toEqual([
      undefined,
      "单位",
      "方案",
      "编号",
      "任务",
      "落实情况（满分10，权重60%）",
      "工作成效（满分5，权重40%）",
      "总分",
      "是否评完",
    ]);
    const firstTask = tasks?.getRow(2).values as unknown[];
    expect(firstTask.slice(1, 4)).toEqual([
      context.jincheng.counties[0]?.organization.name,
      expect.any(String),
      1,
    ]);
    expect(firstTask.slice(5)).toEqual([8, 4, 80, "是"]);
    expect(organizations?.getRow(2).values).toEqual([
      undefined,
      1,
      context.jincheng.counties[0]?.organization.name,
      90,
      2,
      1,
      26,
    ]);
    expect(await latestAuditEntry(context.db, "evaluation.export")).toMatchObject({
      actorName: "city-evaluator",
      entityType: "evaluation_round",
      entityId: String(roundId),
      organizationId: context.jincheng.city.id,
      detail: { round: "第一轮评估", tasks: 78, organizations: 3 },
    });
  });
});
