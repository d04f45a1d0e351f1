import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { Executor } from "../../../db/database";
import { organization, plan, planAttachment, planProgressReport, planTask } from "../../../db/schema";
import { queryRows } from "../../../db/sql-result";

/** A progress report row as stored. */
export type ProgressReportRecord = typeof planProgressReport.$inferSelect;
/** A plan attachment row as stored. */
export type PlanAttachmentRecord = typeof planAttachment.$inferSelect;

/** The latest progress report of each of `taskIds` (by report date, then entry order), by task id. */
export async function findLatestReports(
  db: Executor,
  taskIds: readonly number[],
): Promise<Map<number, { percent: number; reportedOn: string }>> {
  if (taskIds.length === 0) return new Map();
  const rows = await queryRows<{ task_id: number; percent: number; reported_on: string }>(
    db,
    sql`select distinct on (task_id) task_id, percent, reported_on::text as reported_on
      from plan_progress_report
      where task_id in (${sql.join(
        taskIds.map((id) => sql`${id}`),
        sql`, `,
      )})
      order by task_id, reported_on desc, id desc`,
  );
  return new Map(
    rows.map((row) => [Number(row.task_id), { percent: Number(row.percent), reportedOn: row.reported_on }]),
  );
}

/** Inserts a progress report and returns it. */
export async function insertProgressReport(
  db: Executor,
  values: typeof planProgressReport.$inferInsert,
): Promise<ProgressReportRecord> {
  const [row] = await db.insert(planProgressReport).values(values).returning();
  if (!row) throw new Error("progress report not inserted");
  return row;
}

/** A task's progress reports, newest first (report date, then entry order). */
export async function findProgressReportsOfTask(
  db: Executor,
  taskId: number,
): Promise<ProgressReportRecord[]> {
  return db
    .select()
    .from(planProgressReport)
    .where(eq(planProgressReport.taskId, taskId))
    .orderBy(desc(planProgressReport.reportedOn), desc(planProgressReport.id));
}

/** Inserts attachment rows (one per stored file) and returns them. */
export async function insertPlanAttachments(
  db: Executor,
  values: (typeof planAttachment.$inferInsert)[],
): Promise<PlanAttachmentRecord[]> {
  if (values.length === 0) return [];
  return db.insert(planAttachment).values(values).returning();
}

/** The attachments of a task, by id. */
export async function findAttachmentsOfTask(db: Executor, taskId: number): Promise<PlanAttachmentRecord[]> {
  return db.select().from(planAttachment).where(eq(planAttachment.taskId, taskId)).orderBy(planAttachment.id);
}

/** One attachment with its plan's organization path (for authorization), or undefined. */
export async function findPlanAttachmentWithPath(db: Executor, id: number) {
  const [row] = await db
    .select({
      attachment: planAttachment,
      organizationPath: organization.path,
      organizationId: plan.organizationId,
    })
    .from(planAttachment)
    .innerJoin(planTask, eq(planTask.id, planAttachment.taskId))
    .innerJoin(plan, eq(plan.id, planTask.planId))
    .innerJoin(organization, eq(organization.id, plan.organizationId))
    .where(eq(planAttachment.id, id));
  return row;
}

/** A plan's rule and organization, locking the plan row (its progress rule and weights change together). */
export async function findPlanForUpdate(db: Executor, planId: number) {
  const [row] = await db
    .select({
      id: plan.id,
      progressRule: plan.progressRule,
      organizationId: plan.organizationId,
      organizationPath: organization.path,
    })
    .from(plan)
    .innerJoin(organization, eq(organization.id, plan.organizationId))
    .where(eq(plan.id, planId))
    .for("update", { of: plan });
  return row;
}

/** A plan's progress rule ("average" | "weighted"), or undefined when there is no such plan. */
export async function findPlanProgressRule(db: Executor, planId: number): Promise<string | undefined> {
  const [row] = await db.select({ rule: plan.progressRule }).from(plan).where(eq(plan.id, planId));
  return row?.rule;
}

/** Sets a plan's progress rule. */
export async function updatePlanProgressRule(db: Executor, planId: number, rule: string): Promise<void> {
  await db.update(plan).set({ progressRule: rule }).where(eq(plan.id, planId));
}

/** Replaces the weights of a plan's tasks: the listed tasks get theirs (percent, two decimals), the others none. */
export async function replaceTaskWeights(
  db: Executor,
  planId: number,
  weights: readonly { taskId: number; weight: number }[],
): Promise<void> {
  await db
    .update(planTask)
    .set({ weight: null })
    .where(and(eq(planTask.planId, planId), isNotNull(planTask.weight)));
  if (weights.length === 0) return;
  const values = sql.join(
    weights.map((entry) => sql`(${entry.taskId}::int, ${entry.weight.toFixed(2)}::numeric)`),
    sql`, `,
  );
  await db.execute(
    sql`update plan_task set weight = v.weight from (values ${values}) as v(id, weight)
      where plan_task.id = v.id and plan_task.plan_id = ${planId}`,
  );
}

/** The ids, numbers, weights and cancelled flags of a plan's tasks (for checking weights). */
export async function findTaskWeights(db: Executor, planId: number) {
  return db
    .select({
      id: planTask.id,
      number: planTask.number,
      weight: planTask.weight,
      cancelled: planTask.cancelled,
    })
    .from(planTask)
    .where(eq(planTask.planId, planId))
    .orderBy(planTask.number);
}
