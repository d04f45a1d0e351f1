import { asc, desc, eq, inArray, sql } from "drizzle-orm";
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

const summaryColumns = {
  id: plan.id,
  organizationId: plan.organizationId,
  organizationPath: organization.path,
  title: plan.title,
  sourceFileName: plan.sourceFileName,
  importedAt: plan.importedAt,
  importedByName: appUser.displayName,
  taskCount: sql<number>`(select count(*)::int from plan_task t where t.plan_id = "plan"."id")`,
  phaseCount: sql<number>`(select count(*)::int from plan_phase p where p.plan_id = "plan"."id")`,
};

/** The plans of one organization, newest first, with task and phase counts. */
export async function findPlansOfOrganization(db: Executor, organizationId: number) {
  return db
    .select(summaryColumns)
    .from(plan)
    .innerJoin(organization, eq(organization.id, plan.organizationId))
    .leftJoin(appUser, eq(appUser.id, plan.importedBy))
    .where(eq(plan.organizationId, organizationId))
    .orderBy(desc(plan.importedAt), desc(plan.id));
}

/** One plan with its organization's path and counts, or undefined. */
export async function findPlanSummary(db: Executor, id: number) {
  const [row] = await db
    .select(summaryColumns)
    .from(plan)
    .innerJoin(organization, eq(organization.id, plan.organizationId))
    .leftJoin(appUser, eq(appUser.id, plan.importedBy))
    .where(eq(plan.id, id));
  return row;
}

/** A plan's phases in document order. */
export async function findPlanPhases(db: Executor, planId: number) {
  return db.select().from(planPhase).where(eq(planPhase.planId, planId)).orderBy(asc(planPhase.position));
}

/** A plan's tasks by number. */
export async function findPlanTasks(db: Executor, planId: number) {
  return db.select().from(planTask).where(eq(planTask.planId, planId)).orderBy(asc(planTask.number));
}

/** The targets of the given tasks. */
export async function findTargetsOfTasks(db: Executor, taskIds: readonly number[]) {
  if (taskIds.length === 0) return [];
  return db
    .select()
    .from(planTarget)
    .where(inArray(planTarget.taskId, [...taskIds]))
    .orderBy(asc(planTarget.taskId), asc(planTarget.dueOn), asc(planTarget.id));
}

/** A plan's plan-level targets (总体目标) in document order. */
export async function findPlanLevelTargets(db: Executor, planId: number) {
  return db
    .select()
    .from(planLevelTarget)
    .where(eq(planLevelTarget.planId, planId))
    .orderBy(asc(planLevelTarget.position));
}

/** One task with its plan's organization path, or undefined; `lock` takes a row lock for an update. */
export async function findPlanTaskWithPath(db: Executor, id: number, lock = false) {
  const query = db
    .select({ task: planTask, organizationPath: organization.path, organizationId: plan.organizationId })
    .from(planTask)
    .innerJoin(plan, eq(plan.id, planTask.planId))
    .innerJoin(organization, eq(organization.id, plan.organizationId))
    .where(eq(planTask.id, id));
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
  title: string;
  sourceFileName: string | null;
  importedBy: number | null;
  phases: { name: string; startsOn: string | null; endsOn: string | null }[];
  tasks: (Omit<typeof planTask.$inferInsert, "id" | "planId"> & { targets: NewTarget[] })[];
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
      organizationId: input.organizationId,
      title: input.title,
      sourceFileName: input.sourceFileName,
      importedBy: input.importedBy,
    })
    .returning({ id: plan.id });
  if (!created) throw new Error("plan not inserted");
  if (input.phases.length > 0) {
    await db
      .insert(planPhase)
      .values(input.phases.map((phase, index) => ({ ...phase, planId: created.id, position: index + 1 })));
  }
  if (input.planTargets.length > 0) {
    await db
      .insert(planLevelTarget)
      .values(
        input.planTargets.map((target, index) => ({ ...target, planId: created.id, position: index + 1 })),
      );
  }
  for (let start = 0; start < input.tasks.length; start += 500) {
    const chunk = input.tasks.slice(start, start + 500);
    const inserted = await db
      .insert(planTask)
      .values(chunk.map(({ targets: _targets, ...task }) => ({ ...task, planId: created.id })))
      .returning({ id: planTask.id, number: planTask.number });
    const idByNumber = new Map(inserted.map((row) => [row.number, row.id]));
    const targets = chunk.flatMap((task) =>
      task.targets.map((target) => ({ ...target, taskId: idByNumber.get(task.number) as number })),
    );
    if (targets.length > 0) await db.insert(planTarget).values(targets);
  }
  return created.id;
}

/** Sets a task's owner, dates or cancelled flag; returns the row after. */
export async function updatePlanTaskColumns(
  db: Executor,
  id: number,
  values: Partial<Pick<PlanTaskRecord, "ownerName" | "startedOn" | "doneOn" | "cancelled">>,
) {
  const [row] = await db.update(planTask).set(values).where(eq(planTask.id, id)).returning();
  return row;
}
