import { readFile } from "node:fs/promises";
import { parsePlan } from "@tuanwu/domain";
import { eq, sql } from "drizzle-orm";
import type { Database, Executor } from "../db/database";
import { planTask } from "../db/schema";
import { queryRows } from "../db/sql-result";
import { systemActor } from "../modules/auth/system-actor";
import { findOrganizationByCode } from "../modules/organizations/organization.repository";
import { importPlan } from "../modules/plans/ledger/plan.service";
import { scaffoldDivision } from "../modules/scaffold/scaffold.service";
import { createTestApp, createTestUser, logInEach, type TestSession } from "./factories";
import { WANGCANG_PLAN_PATH } from "./plan-factories";

/** A county of the scaffolded city with its imported plan. */
export interface CountyWithPlan {
  organization: { id: number; name: string; path: string; code: string };
  planId: number;
  /** Task ids by task number (1–26 for the Wangcang plan). */
  taskIds: Record<number, number>;
}

/**
 * 晋城市 (1405) scaffolded as by `tuanwu init --division 1405` — 团晋城市委 and its six counties — with
 * the Wangcang reform plan (26 tasks) imported into each county of `countyCodes` (default 城区 140502,
 * 沁水县 140521, 阳城县 140522).
 */
export async function createJinchengWithPlans(
  db: Database,
  countyCodes: readonly string[] = ["140502", "140521", "140522"],
) {
  const actor = systemActor("test");
  await scaffoldDivision(db, actor, "1405");
  const city = await findOrganizationByCode(db, "1405");
  if (!city) throw new Error("晋城市 not scaffolded");
  const parsed = parsePlan(await readFile(WANGCANG_PLAN_PATH, "utf8"));
  const counties: CountyWithPlan[] = [];
  for (const code of countyCodes) {
    const organization = await findOrganizationByCode(db, code);
    if (!organization) throw new Error(`county ${code} not scaffolded`);
    const planId = await importPlan(db, actor, organization.id, parsed, "wangcang-reform-plan.txt");
    const tasks = await db
      .select({ id: planTask.id, number: planTask.number })
      .from(planTask)
      .where(eq(planTask.planId, planId));
    counties.push({
      organization,
      planId,
      taskIds: Object.fromEntries(tasks.map((task) => [task.number, task.id])),
    });
  }
  return { city, counties };
}

/** The sessions of the evaluation tests. */
export interface EvaluationSessions {
  /** org_admin of 团晋城市委: creates rounds. */
  cityAdmin: TestSession;
  /** evaluator of 团晋城市委: scores the city's counties. */
  cityEvaluator: TestSession;
  /** evaluator of the first county (城区). */
  countyEvaluator: TestSession;
  /** member at 团晋城市委: no plan:read. */
  cityMember: TestSession;
  /** org_admin of the test county, outside 晋城市. */
  outsider: TestSession;
}

/**
 * A test app (createTestApp) with 晋城市 and its plans ({@link createJinchengWithPlans}) and the users of
 * {@link EvaluationSessions}, logged in.
 */
export async function createEvaluationTestApp() {
  const context = await createTestApp();
  const jincheng = await createJinchengWithPlans(context.db);
  const first = jinchengCounty(jincheng, 0);
  await createTestUser(context.db, "city-admin", "org_admin", jincheng.city.id);
  await createTestUser(context.db, "city-evaluator", "evaluator", jincheng.city.id);
  await createTestUser(context.db, "county-evaluator", "evaluator", first.organization.id);
  await createTestUser(context.db, "city-member", "member", jincheng.city.id);
  const [cityAdmin, cityEvaluator, countyEvaluator, cityMember, outsider] = await logInEach(context.app, [
    "city-admin",
    "city-evaluator",
    "county-evaluator",
    "city-member",
    "county",
  ]);
  const sessions: EvaluationSessions = { cityAdmin, cityEvaluator, countyEvaluator, cityMember, outsider };
  return { ...context, jincheng, sessions };
}

/** 晋城市 with its plans, as {@link createJinchengWithPlans} returns it. */
export type JinchengWithPlans = Awaited<ReturnType<typeof createJinchengWithPlans>>;

/** The county at `index` of `jincheng.counties` (0 = 城区); throws when there is none. */
export function jinchengCounty(jincheng: JinchengWithPlans, index: number): CountyWithPlan {
  const found = jincheng.counties[index];
  if (!found) throw new Error(`no county ${index}`);
  return found;
}

/** The id of task `number` in the plan of the county at `countyIndex`; throws when there is none. */
export function jinchengTaskId(jincheng: JinchengWithPlans, countyIndex: number, number: number): number {
  const id = jinchengCounty(jincheng, countyIndex).taskIds[number];
  if (id === undefined) throw new Error(`no task ${number} in county ${countyIndex}`);
  return id;
}

/** Row counts of the evaluation tables and the audit log, to compare before and after a refused write. */
export async function countEvaluationTables(db: Executor) {
  const [row] = await queryRows<Record<string, number>>(
    db,
    sql`select (select count(*)::int from evaluation_round) as evaluation_round,
      (select count(*)::int from evaluation_item) as evaluation_item,
      (select count(*)::int from evaluation_score) as evaluation_score,
      (select count(*)::int from plan_task) as plan_task,
      (select count(*)::int from audit_log) as audit_log`,
  );
  if (!row) throw new Error("no counts");
  return Object.fromEntries(Object.entries(row).map(([table, count]) => [table, Number(count)]));
}

/** `date` ("YYYY-MM-DD") plus `days` calendar days. */
export function shiftDate(date: string, days: number): string {
  const moved = new Date(`${date}T00:00:00Z`);
  moved.setUTCDate(moved.getUTCDate() + days);
  return moved.toISOString().slice(0, 10);
}
