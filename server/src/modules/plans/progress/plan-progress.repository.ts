import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import { countyOfLedgerRecord } from "../../../db/county";
import type { Executor } from "../../../db/database";
import { organization, plan, planAttachment, planProgressReport, planTask } from "../../../db/schema";
import { queryRows } from "../../../db/sql-result";

/** A progress report row as stored. */
export type ProgressReportRecord = typeof planProgressReport.$inferSelect;
/** A plan attachment row as stored. */
export type PlanAttachmentRecord = typeof planAttachment.$inferSelect;

/**
 * The latest progress report of each of `taskIds` (by report date, then entry order), by task id; the
 * tasks are of one county (one plan's), named so that Citus reads one shard.
 */
export async function findLatestReports(
  db: Executor,
  countyId: number,
  taskIds: readonly number[],
): Promise<Map<number, { percent: number; reportedOn: string }>> {
  if (taskIds.length === 0) return new Map();
  const rows = await queryRows<{ task_id: number; percent: number; reported_on: string }>(
    db,
    sql`select distinct on (task_id) task_id, percent, reported_on::text as reported_on
      from plan_progress_report
      where county_id = ${countyId} and task_id in (${sql.join(
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

/** A task's progress reports, newest first (report date, then entry order); the task's county named. */
export async function findProgressReportsOfTask(
  db: Executor,
  countyId: number,
  taskId: number,
): Promise<ProgressReportRecord[]> {
  return db
    .select()
    .from(planProgressReport)
    .where(and(eq(planProgressReport.countyId, countyId), eq(planProgressReport.taskId, taskId)))
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

/** The attachments of a task, by id; the task's county named. */
export async function findAttachmentsOfTask(
  db: Executor,
  countyId: number,
  taskId: number,
): Promise<PlanAttachmentRecord[]> {
  return db
    .select()
    .from(planAttachment)
    .where(and(eq(planAttachment.countyId, countyId), eq(planAttachment.taskId, taskId)))
    .orderBy(planAttachment.id);
}

/**
 * One attachment with its plan's organization path (for authorization), or undefined: its county read
 * first, then the attachment, task and plan on that county's shard.
 */
export async function findPlanAttachmentWithPath(db: Executor, id: number) {
  const countyId = await countyOfLedgerRecord(db, "plan_attachment", id);
  const [row] = await db
    .select({
      attachment: planAttachment,
      organizationPath: organization.path,
      organizationId: plan.organizationId,
    })
    .from(planAttachment)
    .innerJoin(
      planTask,
      and(eq(planTask.countyId, planAttachment.countyId), eq(planTask.id, planAttachment.taskId)),
    )
    .innerJoin(plan, and(eq(plan.countyId, planTask.countyId), eq(plan.id, planTask.planId)))
    .innerJoin(organization, eq(organization.id, plan.organizationId))
    .where(and(eq(planAttachment.countyId, countyId), eq(planAttachment.id, id)));
  return row;
}

/**
 * A plan's rule and organization, locking the plan row (its progress rule and weights change together):
 * its county read first, so the lock names it (one shard on Citus).
 */
export async function findPlanForUpdate(db: Executor, planId: number) {
  const countyId = await countyOfLedgerRecord(db, "plan", planId);
  const [row] = await db
    .select({
      id: plan.id,
      countyId: plan.countyId,
      progressRule: plan.progressRule,
      organizationId: plan.organizationId,
      organizationPath: organization.path,
    })
    .from(plan)
    .innerJoin(organization, eq(organization.id, plan.organizationId))
    .where(and(eq(plan.countyId, countyId), eq(plan.id, planId)))
    .for("update", { of: plan });
  return row;
}

/** A plan's progress rule ("average" | "weighted"), or undefined when there is no such plan; its county named. */
export async function findPlanProgressRule(
  db: Executor,
  countyId: number,
  planId: number,
): Promise<string | undefined> {
  const [row] = await db
    .select({ rule: plan.progressRule })
    .from(plan)
    .where(and(eq(plan.countyId, countyId), eq(plan.id, planId)));
  return row?.rule;
}

/** Sets a plan's progress rule (its county named). */
export async function updatePlanProgressRule(
  db: Executor,
  countyId: number,
  planId: number,
  rule: string,
): Promise<void> {
  await db
    .update(plan)
    .set({ progressRule: rule })
    .where(and(eq(plan.countyId, countyId), eq(plan.id, planId)));
}

/** Replaces the weights of a plan's tasks: the listed tasks get theirs (percent, two decimals), the others none. */
export async function replaceTaskWeights(
  db: Executor,
  countyId: number,
  planId: number,
  weights: readonly { taskId: number; weight: number }[],
): Promise<void> {
  await db
    .update(planTask)
    .set({ weight: null })
    .where(and(eq(planTask.countyId, countyId), eq(planTask.planId, planId), isNotNull(planTask.weight)));
  if (weights.length === 0) return;
  const values = sql.join(
    weights.map((entry) => sql`(${entry.taskId}::int, ${entry.weight.toFixed(2)}::numeric)`),
    sql`, `,
  );
  await db.execute(
    sql`update plan_task set weight = v.weight from (values ${values}) as v(id, weight)
      where plan_task.county_id = ${countyId} and plan_task.id = v.id and plan_task.plan_id = ${planId}`,
  );
}

/** The ids, numbers, weights and cancelled flags of a plan's tasks (for checking weights); its county named. */
export async function findTaskWeights(db: Executor, countyId: number, planId: number) {
  return db
    .select({
      id: planTask.id,
      number: planTask.number,
      weight: planTask.weight,
      cancelled: planTask.cancelled,
    })
    .from(planTask)
    .where(and(eq(planTask.countyId, countyId), eq(planTask.planId, planId)))
    .orderBy(planTask.number);
}
