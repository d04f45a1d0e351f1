import { and, asc, eq } from "drizzle-orm";
import { countyOfLedgerRecord } from "../../../db/county";
import type { Executor } from "../../../db/database";
import { organization, plan, planTarget, planTask } from "../../../db/schema";

const targetColumns = {
  target: planTarget,
  taskNumber: planTask.number,
  taskTitle: planTask.title,
};

/**
 * Every target of a plan with its task's number and title, by task number, then due date; the plan's
 * county named and the join on (county_id, task_id): one shard on Citus.
 */
export async function findTargetsOfPlan(db: Executor, countyId: number, planId: number) {
  return db
    .select(targetColumns)
    .from(planTarget)
    .innerJoin(planTask, and(eq(planTask.countyId, planTarget.countyId), eq(planTask.id, planTarget.taskId)))
    .where(and(eq(planTarget.countyId, countyId), eq(planTask.planId, planId)))
    .orderBy(asc(planTask.number), asc(planTarget.dueOn), asc(planTarget.id));
}

/**
 * One target with its task's number and title and its plan's organization (id and path), or
 * undefined; `lock` takes a row lock on the target for an update. Its county is read first, so the read
 * and the lock name it (one shard on Citus).
 */
export async function findTargetWithPath(db: Executor, id: number, lock = false) {
  const countyId = await countyOfLedgerRecord(db, "plan_target", id);
  const query = db
    .select({
      ...targetColumns,
      planId: planTask.planId,
      organizationId: plan.organizationId,
      organizationPath: organization.path,
    })
    .from(planTarget)
    .innerJoin(planTask, and(eq(planTask.countyId, planTarget.countyId), eq(planTask.id, planTarget.taskId)))
    .innerJoin(plan, and(eq(plan.countyId, planTask.countyId), eq(plan.id, planTask.planId)))
    .innerJoin(organization, eq(organization.id, plan.organizationId))
    .where(and(eq(planTarget.countyId, countyId), eq(planTarget.id, id)));
  const [row] = await (lock ? query.for("update", { of: planTarget }) : query);
  return row;
}

/** Sets a target's indicator, comparison, value and due date (its county named); returns the row after. */
export async function updateTargetColumns(
  db: Executor,
  countyId: number,
  id: number,
  values: Pick<typeof planTarget.$inferInsert, "indicatorId" | "comparison" | "value" | "dueOn">,
) {
  const [row] = await db
    .update(planTarget)
    .set(values)
    .where(and(eq(planTarget.countyId, countyId), eq(planTarget.id, id)))
    .returning();
  return row;
}
