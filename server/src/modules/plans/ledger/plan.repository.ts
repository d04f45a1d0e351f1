import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { countyOfLedgerRecord, locateInCounty } from "../../../db/county";
import type { Executor } from "../../../db/database";
import {
  appUser,
  organization,
  plan,
  planLevelTarget,
  planPhase,
  planTarget,
  planTask,
} from "../../../db/schema";

/** A plan task row as stored. */
export type PlanTaskRecord = typeof planTask.$inferSelect;
/** A plan target row as stored. */
export type PlanTargetRecord = typeof planTarget.$inferSelect;

// The counts are read apart, grouped by plan in the plans' county ({@link withCounts}): correlated in the
// plan's read (on (county_id, plan_id)) they made Citus plan that read over every shard even though it
// names the county (routing proof record-locator-routing.citus.test.ts, 2026-12-08). The importer's name
// is read apart too: a join of app_user with the distributed ledger and correlated subqueries is what
// Citus can answer wrongly.
const summaryColumns = {
  id: plan.id,
  countyId: plan.countyId,
  organizationId: plan.organizationId,
  organizationPath: organization.path,
  title: plan.title,
  sourceFileName: plan.sourceFileName,
  importedAt: plan.importedAt,
  importedBy: plan.importedBy,
};

/**
 * `rows` (plans of county `countyId`) with their task and phase counts: one grouped read per table by
 * county and plan ids (one task each on Citus).
 */
async function withCounts<T extends { id: number }>(db: Executor, countyId: number, rows: T[]) {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const countOf = async (table: typeof planTask | typeof planPhase) => {
    const counted = await db
      .select({ planId: table.planId, count: sql<number>`count(*)::int` })
      .from(table)
      .where(and(eq(table.countyId, countyId), inArray(table.planId, ids)))
      .groupBy(table.planId);
    return new Map(counted.map((row) => [Number(row.planId), Number(row.count)]));
  };
  const tasks = await countOf(planTask);
  const phases = await countOf(planPhase);
  return rows.map((row) => ({
    ...row,
    taskCount: tasks.get(row.id) ?? 0,
    phaseCount: phases.get(row.id) ?? 0,
  }));
}

/** The display names of users by id (the importers of plans), read apart from the ledger. */
async function findUserDisplayNames(
  db: Executor,
  ids: readonly (number | null)[],
): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: appUser.id, displayName: appUser.displayName })
    .from(appUser)
    .where(inArray(appUser.id, wanted));
  return new Map(rows.map((row) => [row.id, row.displayName]));
}

async function withImporterNames<T extends { importedBy: number | null }>(db: Executor, rows: T[]) {
  const names = await findUserDisplayNames(
    db,
    rows.map((row) => row.importedBy),
  );
  return rows.map(({ importedBy, ...row }) => ({
    ...row,
    importedByName: importedBy === null ? null : (names.get(importedBy) ?? null),
  }));
}

/**
 * The plans of one organization, newest first, with task and phase counts. They lie in the
 * organization's county bucket (migration 0045_ledger_county): named, so Citus reads one shard.
 */
export async function findPlansOfOrganization(db: Executor, organizationId: number, countyId: number) {
  const rows = await db
    .select(summaryColumns)
    .from(plan)
    .innerJoin(organization, eq(organization.id, plan.organizationId))
    .where(and(eq(plan.countyId, countyId), eq(plan.organizationId, organizationId)))
    .orderBy(desc(plan.importedAt), desc(plan.id));
  return withImporterNames(db, await withCounts(db, countyId, rows));
}

/**
 * One plan with its organization's path, county and counts, or undefined: its county first (one read
 * by id), then the plan on its county's shard.
 */
export async function findPlanSummary(db: Executor, id: number) {
  const countyId = await countyOfLedgerRecord(db, "plan", id);
  const rows = await db
    .select(summaryColumns)
    .from(plan)
    .innerJoin(organization, eq(organization.id, plan.organizationId))
    .where(and(eq(plan.countyId, countyId), eq(plan.id, id)));
  const [row] = await withImporterNames(db, await withCounts(db, countyId, rows));
  return row;
}

/** A plan's phases in document order (the plan's county named: one shard on Citus). */
export async function findPlanPhases(db: Executor, countyId: number, planId: number) {
  return db
    .select()
    .from(planPhase)
    .where(and(eq(planPhase.countyId, countyId), eq(planPhase.planId, planId)))
    .orderBy(asc(planPhase.position));
}

/** A plan's tasks by number (the plan's county named: one shard on Citus). */
export async function findPlanTasks(db: Executor, countyId: number, planId: number) {
  return db
    .select()
    .from(planTask)
    .where(and(eq(planTask.countyId, countyId), eq(planTask.planId, planId)))
    .orderBy(asc(planTask.number));
}

/** The targets of the given tasks, all of one county (one plan's). */
export async function findTargetsOfTasks(db: Executor, countyId: number, taskIds: readonly number[]) {
  if (taskIds.length === 0) return [];
  return db
    .select()
    .from(planTarget)
    .where(and(eq(planTarget.countyId, countyId), inArray(planTarget.taskId, [...taskIds])))
    .orderBy(asc(planTarget.taskId), asc(planTarget.dueOn), asc(planTarget.id));
}

/** A plan's plan-level targets (总体目标) in document order (the plan's county named). */
export async function findPlanLevelTargets(db: Executor, countyId: number, planId: number) {
  return db
    .select()
    .from(planLevelTarget)
    .where(and(eq(planLevelTarget.countyId, countyId), eq(planLevelTarget.planId, planId)))
    .orderBy(asc(planLevelTarget.position));
}

/**
 * One task with its plan's organization path, or undefined; `lock` takes a row lock for an update. The
 * task's county is read first (by id, without a lock), so the read and the lock name it: one shard on
 * Citus, where a lock over every shard is refused.
 */
export async function findPlanTaskWithPath(db: Executor, id: number, lock = false) {
  const countyId = await countyOfLedgerRecord(db, "plan_task", id);
  const query = db
    .select({ task: planTask, organizationPath: organization.path, organizationId: plan.organizationId })
    .from(planTask)
    .innerJoin(plan, and(eq(plan.countyId, planTask.countyId), eq(plan.id, planTask.planId)))
    .innerJoin(organization, eq(organization.id, plan.organizationId))
    .where(and(eq(planTask.countyId, countyId), eq(planTask.id, id)));
  const [row] = await (lock ? query.for("update", { of: planTask }) : query);
  return row;
}

/** A target's columns as inserted (a task's target or a plan-level one). */
export interface NewTarget {
  dueOn: string | null;
  value: string | null;
  unit: string | null;
  text: string;
}

/** A plan to insert with its phases, tasks and their targets, and its plan-level targets (总体目标). */
export interface NewPlan {
  organizationId: number;
  /** The organization's county bucket (organization.county_id): every row of the plan is written there. */
  countyId: number;
  title: string;
  sourceFileName: string | null;
  importedBy: number | null;
  phases: { name: string; startsOn: string | null; endsOn: string | null }[];
  tasks: (Omit<typeof planTask.$inferInsert, "id" | "planId" | "countyId"> & { targets: NewTarget[] })[];
  planTargets: NewTarget[];
}

/**
 * Inserts a plan with its phases, tasks, their targets and its plan-level targets (call inside a
 * transaction); returns the plan's id.
 */
export async function insertPlan(db: Executor, input: NewPlan): Promise<number> {
  const [created] = await db
    .insert(plan)
    .values({
      countyId: input.countyId,
      organizationId: input.organizationId,
      title: input.title,
      sourceFileName: input.sourceFileName,
      importedBy: input.importedBy,
    })
    .returning({ id: plan.id });
  if (!created) throw new Error("plan not inserted");
  // The plan and (below) its tasks located by id (county_locator, migration 0059_record_locator).
  await locateInCounty(db, "plan", [{ id: created.id, countyId: input.countyId }]);
  if (input.phases.length > 0) {
    await db.insert(planPhase).values(
      input.phases.map((phase, index) => ({
        ...phase,
        countyId: input.countyId,
        planId: created.id,
        position: index + 1,
      })),
    );
  }
  if (input.planTargets.length > 0) {
    await db.insert(planLevelTarget).values(
      input.planTargets.map((target, index) => ({
        ...target,
        countyId: input.countyId,
        planId: created.id,
        position: index + 1,
      })),
    );
  }
  for (let start = 0; start < input.tasks.length; start += 500) {
    const chunk = input.tasks.slice(start, start + 500);
    const inserted = await db
      .insert(planTask)
      .values(
        chunk.map(({ targets: _targets, ...task }) => ({
          ...task,
          countyId: input.countyId,
          planId: created.id,
        })),
      )
      .returning({ id: planTask.id, number: planTask.number });
    // The tasks located by id (county_locator, migration 0059_record_locator), in this transaction.
    await locateInCounty(
      db,
      "plan_task",
      inserted.map((row) => ({ id: row.id, countyId: input.countyId })),
    );
    const idByNumber = new Map(inserted.map((row) => [row.number, row.id]));
    const targets = chunk.flatMap((task) =>
      task.targets.map((target) => ({
        ...target,
        countyId: input.countyId,
        taskId: idByNumber.get(task.number) as number,
      })),
    );
    if (targets.length > 0) await db.insert(planTarget).values(targets);
  }
  return created.id;
}

/** Sets a task's owner, dates or cancelled flag (its county named); returns the row after. */
export async function updatePlanTaskColumns(
  db: Executor,
  countyId: number,
  id: number,
  values: Partial<Pick<PlanTaskRecord, "ownerName" | "startedOn" | "doneOn" | "cancelled">>,
) {
  const [row] = await db
    .update(planTask)
    .set(values)
    .where(and(eq(planTask.countyId, countyId), eq(planTask.id, id)))
    .returning();
  return row;
}
