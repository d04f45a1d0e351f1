import { and, desc, eq } from "drizzle-orm";
import { countyOfLedgerRecord } from "../../../db/county";
import type { Executor } from "../../../db/database";
import { organization, plan, planCloseOut, planTask } from "../../../db/schema";

/** A close-out row as stored. */
export type CloseOutRecord = typeof planCloseOut.$inferSelect;

/** Inserts a close-out (state submitted) and returns it; the partial unique index refuses a second open one. */
export async function insertCloseOut(
  db: Executor,
  values: Pick<
    typeof planCloseOut.$inferInsert,
    "countyId" | "taskId" | "evidence" | "submittedBy" | "submittedByName"
  >,
): Promise<CloseOutRecord> {
  const [row] = await db
    .insert(planCloseOut)
    .values({ ...values, state: "submitted" })
    .returning();
  if (!row) throw new Error("close-out not inserted");
  return row;
}

/**
 * One close-out with its task and the task's plan organization (path for authorization), or
 * undefined; `lock` takes row locks on the close-out and its task (a review changes both). Its county is
 * read first, so the read and the locks name it (one shard on Citus).
 */
export async function findCloseOutWithTask(db: Executor, id: number, lock = false) {
  const countyId = await countyOfLedgerRecord(db, "plan_close_out", id);
  const query = db
    .select({
      closeOut: planCloseOut,
      task: planTask,
      organizationId: plan.organizationId,
      organizationPath: organization.path,
    })
    .from(planCloseOut)
    .innerJoin(
      planTask,
      and(eq(planTask.countyId, planCloseOut.countyId), eq(planTask.id, planCloseOut.taskId)),
    )
    .innerJoin(plan, and(eq(plan.countyId, planTask.countyId), eq(plan.id, planTask.planId)))
    .innerJoin(organization, eq(organization.id, plan.organizationId))
    .where(and(eq(planCloseOut.countyId, countyId), eq(planCloseOut.id, id)));
  const [row] = await (lock ? query.for("update", { of: [planCloseOut, planTask] }) : query);
  return row;
}

/** A task's close-outs, newest first; the task's county named. */
export async function findCloseOutsOfTask(
  db: Executor,
  countyId: number,
  taskId: number,
): Promise<CloseOutRecord[]> {
  return db
    .select()
    .from(planCloseOut)
    .where(and(eq(planCloseOut.countyId, countyId), eq(planCloseOut.taskId, taskId)))
    .orderBy(desc(planCloseOut.submittedAt), desc(planCloseOut.id));
}

/**
 * Moves a close-out from `from` to a new state with the columns of the step; returns the row after,
 * or undefined when it was no longer in `from` (decided concurrently).
 */
export async function updateCloseOutState(
  db: Executor,
  countyId: number,
  id: number,
  from: string,
  values: Partial<
    Pick<
      CloseOutRecord,
      | "state"
      | "reviewedBy"
      | "reviewedByName"
      | "reviewedAt"
      | "reviewNote"
      | "reopenedBy"
      | "reopenedByName"
      | "reopenedAt"
      | "reopenReason"
    >
  >,
): Promise<CloseOutRecord | undefined> {
  const [row] = await db
    .update(planCloseOut)
    .set(values)
    .where(and(eq(planCloseOut.countyId, countyId), eq(planCloseOut.id, id), eq(planCloseOut.state, from)))
    .returning();
  return row;
}

/** Sets (a date) or clears (null) the day a task was closed out (its county named). */
export async function setTaskClosedOutOn(
  db: Executor,
  countyId: number,
  taskId: number,
  date: string | null,
): Promise<void> {
  await db
    .update(planTask)
    .set({ closedOutOn: date })
    .where(and(eq(planTask.countyId, countyId), eq(planTask.id, taskId)));
}
