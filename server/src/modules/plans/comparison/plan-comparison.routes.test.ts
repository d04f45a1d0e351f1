import { readFile } from "node:fs/promises";
import { parsePlan } from "@tuanwu/domain";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { countyOfLedgerRecord } from "../../../db/county";
import { plan, planProgressReport, planTask } from "../../../db/schema";
import { todayInChina } from "../../../lib/clock";
import { createJinchengWithPlans, jinchengCounty, shiftDate } from "../../../test/evaluation-factories";
import { createTestApp, createTestUser, logInEach, type TestSession } from "../../../test/factories";
import { WANGCANG_PLAN_PATH } from "../../../test/plan-factories";
import { systemActor } from "../../auth/system-actor";
import { findEvaluationItems } from "../evaluation/evaluation.repository";
import { createEvaluationRound, saveEvaluationScores } from "../evaluation/evaluation.service";
import { importPlan } from "../ledger/plan.service";
import { comparePlans } from "./plan-comparison.service";

/**
 * The city view, GET /organizations/{id}/plan-comparison (issue 5 part 7): 晋城市 scaffolded with its
 * six counties, three of them with the Wangcang plan, each in a known state.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let jincheng: Awaited<ReturnType<typeof createJinchengWithPlans>>;
let cityAdmin: TestSession;
let countyAdmin: TestSession;
let cityMember: TestSession;
let outsider: TestSession;
let revisedPlanId: number;
const today = todayInChina();
const actor = systemActor("test");

const county = (index: number) => jinchengCounty(jincheng, index);

async function setTasks(
  planId: number,
  numbers: readonly number[] | "all",
  values: Partial<typeof planTask.$inferInsert>,
) {
  await context.db
    .update(planTask)
    .set(values)
    .where(
      numbers === "all"
        ? eq(planTask.planId, planId)
        : and(eq(planTask.planId, planId), inArray(planTask.number, [...numbers])),
    );
}

async function report(taskId: number, reportedOn: string, percent: number) {
  // in the task's county (migration 0045_ledger_county: on Citus the insert is routed by it)
  const countyId = await countyOfLedgerRecord(context.db, "plan_task", taskId);
  await context.db
    .insert(planProgressReport)
    .values({ countyId, taskId, reportedOn, percent, narrative: "进展", reportedByName: "测试" });
}

async function scoreRound(startsOn: string, scores: { taskId: number; score: number }[]) {
  const roundId = await createEvaluationRound(context.db, actor, jincheng.city.id, {
    name: `评估 ${startsOn}`,
    startsOn,
    endsOn: shiftDate(today, 10),
    items: [{ name: "总体", weight: 100, maxScore: 100 }],
  });
  const [item] = await findEvaluationItems(context.db, [roundId]);
  await saveEvaluationScores(
    context.db,
    actor,
    roundId,
    { scores: scores.map((entry) => ({ ...entry, itemId: item?.id ?? 0 })) },
    today,
  );
}

beforeAll(async () => {
  context = await createTestApp();
  jincheng = await createJinchengWithPlans(context.db);
  // 城区: 1–5 done, 6–8 closed out, 9 reported at 50%, 10–11 due in 3 days, 26 cancelled, the rest overdue.
  const first = county(0);
  await setTasks(first.planId, "all", { deadline: "2020-01-01" });
  await setTasks(first.planId, [1, 2, 3, 4, 5], { doneOn: "2023-01-01" });
  await setTasks(first.planId, [6, 7, 8], { doneOn: "2023-01-01", closedOutOn: "2023-02-01" });
  await report(first.taskIds[9] ?? 0, "2023-01-01", 50);
  await setTasks(first.planId, [10, 11], { deadline: shiftDate(today, 3) });
  await setTasks(first.planId, [26], { cancelled: true });
  // 沁水县: the plan imported again (the newer one counts), every task overdue, task 1 last reported at 40%.
  const second = county(1);
  const parsed = parsePlan(await readFile(WANGCANG_PLAN_PATH, "utf8"));
  revisedPlanId = await importPlan(
    context.db,
    actor,
    second.organization.id,
    { ...parsed, title: "沁水县实施方案（修订）" },
    null,
  );
  await setTasks(revisedPlanId, "all", { deadline: "2020-01-01" });
  const [revisedFirst] = await context.db
    .select({ id: planTask.id })
    .from(planTask)
    .where(and(eq(planTask.planId, revisedPlanId), eq(planTask.number, 1)));
  await report(revisedFirst?.id ?? 0, "2023-01-01", 80);
  await report(revisedFirst?.id ?? 0, "2023-02-01", 40);
  // 阳城县: weighted rule without weights (progress cannot be rolled up), nothing due, task 1 closed out.
  const third = county(2);
  await context.db.update(plan).set({ progressRule: "weighted" }).where(eq(plan.id, third.planId));
  await setTasks(third.planId, "all", { deadline: "2099-12-31" });
  await setTasks(third.planId, [1], { doneOn: "2023-01-01", closedOutOn: "2023-01-02" });
  // An older round scores 城区 and 沁水县; a newer one only 城区 (沁水县 keeps the older score).
  await scoreRound(shiftDate(today, -20), [
    { taskId: first.taskIds[1] ?? 0, score: 50 },
    { taskId: second.taskIds[1] ?? 0, score: 100 },
  ]);
  await scoreRound(shiftDate(today, -5), [
    { taskId: first.taskIds[1] ?? 0, score: 80 },
    { taskId: first.taskIds[2] ?? 0, score: 70 },
  ]);

  await createTestUser(context.db, "city-admin", "org_admin", jincheng.city.id);
  await createTestUser(context.db, "county-admin", "org_admin", first.organization.id);
  await createTestUser(context.db, "city-member", "member", jincheng.city.id);
  [cityAdmin, countyAdmin, cityMember, outsider] = await logInEach(context.app, [
    "city-admin",
    "county-admin",
    "city-member",
    "county",
  ]);
});
afterAll(async () => context.close());

function get(query: string, session?: TestSession, organizationId = jincheng.city.id) {
  return context.app.inject({
    method: "GET",
    url: `/api/v1/organizations/${organizationId}/plan-comparison${query}`,
    ...(session ? { headers: session.headers } : {}),
  });
}

describe("GET /organizations/{id}/plan-comparison", () => {
  it("401 without a session, 404 outside the scope, 403 without plan:read", async () => {
    expect((await get("")).statusCode).toBe(401);
    expect((await get("", outsider)).statusCode).toBe(404);
    expect((await get("", countyAdmin)).statusCode).toBe(404);
    expect((await get("", cityMember)).statusCode).toBe(403);
  });

  it.each([
    ["?sort=name", "sort"],
    ["?dueSoonDays=-1", "dueSoonDays"],
    ["?dueSoonDays=abc", "dueSoonDays"],
  ])("answers 400 for %s naming %s", async (query, field) => {
    const response = await get(query, cityAdmin);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe(field);
  });

  it("compares each county's latest plan, ranked by progress by default", async () => {
    const response = await get("", cityAdmin);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      organizationId: jincheng.city.id,
      today,
      dueSoonDays: 14,
      sort: "progress",
    });
    expect(body.items).toEqual([
      {
        rank: 1,
        organizationId: county(0).organization.id,
        organizationName: county(0).organization.name,
        planId: county(0).planId,
        planTitle: expect.any(String),
        taskCount: 26,
        progressRule: "average",
        progress: 34,
        progressProblem: null,
        overdueCount: 15,
        dueSoonCount: 2,
        closeOutRate: 12,
        evaluationScore: 75,
        evaluationRound: { id: expect.any(Number), name: `评估 ${shiftDate(today, -5)}`, scoredTasks: 2 },
      },
      expect.objectContaining({
        rank: 2,
        organizationId: county(1).organization.id,
        planId: revisedPlanId,
        planTitle: "沁水县实施方案（修订）",
        progress: 1.5,
        overdueCount: 26,
        dueSoonCount: 0,
        closeOutRate: 0,
        evaluationScore: 100,
        evaluationRound: expect.objectContaining({ name: `评估 ${shiftDate(today, -20)}`, scoredTasks: 1 }),
      }),
      expect.objectContaining({
        rank: null,
        organizationId: county(2).organization.id,
        progressRule: "weighted",
        progress: null,
        progressProblem: expect.stringMatching(/没有权重/),
        overdueCount: 0,
        closeOutRate: 3.8,
        evaluationScore: null,
        evaluationRound: null,
      }),
    ]);
  });

  it.each([
    [
      "overdue",
      [
        [2, 1],
        [0, 2],
        [1, 3],
      ],
    ],
    [
      "closeOutRate",
      [
        [0, 1],
        [2, 2],
        [1, 3],
      ],
    ],
    [
      "evaluationScore",
      [
        [1, 1],
        [0, 2],
        [2, null],
      ],
    ],
  ] as const)("ranks by %s", async (sort, expected) => {
    const body = (await get(`?sort=${sort}`, cityAdmin)).json();
    expect(body.sort).toBe(sort);
    expect(
      body.items.map((item: { organizationId: number; rank: number | null }) => [
        item.organizationId,
        item.rank,
      ]),
    ).toEqual(expected.map(([index, rank]) => [county(index).organization.id, rank]));
  });

  it("counts tasks due within dueSoonDays", async () => {
    const body = (await get("?dueSoonDays=1", cityAdmin)).json();
    expect(body.items[0]).toMatchObject({ organizationId: county(0).organization.id, dueSoonCount: 0 });
  });

  it("shows a county's administrator only their own county", async () => {
    const response = await get("", countyAdmin, county(0).organization.id);
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toEqual([
      expect.objectContaining({ rank: 1, organizationId: county(0).organization.id, progress: 34 }),
    ]);
  });

  it("reads with five queries whatever the number of counties and tasks", async () => {
    const execute = vi.spyOn(context.db, "execute");
    const select = vi.spyOn(context.db, "select");
    try {
      const result = await comparePlans(context.db, actor, jincheng.city.id, {
        today,
        dueSoonDays: 14,
        sort: "progress",
      });
      expect(result.items).toHaveLength(3);
      expect(execute.mock.calls.length + select.mock.calls.length).toBe(5);
    } finally {
      execute.mockRestore();
      select.mockRestore();
    }
  });
});
