import { asc, eq } from "drizzle-orm";
import type { Executor } from "../../../db/database";
import { organization, plan, planTarget, planTask } from "../../../db/schema";

const targetColumns = {
  target: planTarget,
  taskNumber: planTask.number,
  taskTitle: planTask.title,
};

/** Every target of a plan with its task's number and title, by task number, then due date. */
export async function findTargetsOfPlan(db: Executor, planId: number) {
  return db
    .select(targetColumns)
    .from(planTarget)
    .innerJoin(planTask, eq(planTask.id, planTarget.taskId))
    .where(eq(planTask.planId, planId))
    .orderBy(asc(planTask.number), asc(planTarget.dueOn), asc(planTarget.id));
}

/**
 * One target with its task's number and title and its plan's organization (id and path), or
 * undefined; `lock` takes a row lock on the target for an update.
 */
export async function findTargetWithPath(db: Executor, id: number, lock = false) {
  const query = db
    .select({
      ...targetColumns,
      planId: planTask.planId,
      organizationId: plan.organizationId,
      organizationPath: organization.path,
    })
    .from(planTarget)
    .innerJoin(planTask, eq(planTask.id, planTarget.taskId))
    .innerJoin(plan, eq(plan.id, planTask.planId))
    .innerJoin(organization, eq(organization.id, plan.organizationId))
    .where(eq(planTarget.id, id));
  const [row] = await (lock ? query.for("update", { of: planTarget }) : query);
  return row;
}

/** Sets a target's indicator, comparison, value and due date; returns the row after. */
export async function updateTargetColumns(
  db: Executor,
  id: number,
  values: Pick<typeof planTarget.$inferInsert, "indicatorId" | "comparison" | "value" | "dueOn">,
) {
  const [row] = await db.update(planTarget).set(values).where(eq(planTarget.id, id)).returning();
  return row;
}
