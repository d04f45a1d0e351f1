import { and, asc, desc, eq, lte } from "drizzle-orm";
import type { Executor } from "../../../db/database";
import { plan, planProgressReport, planTask } from "../../../db/schema";

/** The latest progress report (信息报送) of each task of a plan reported on or before `asOf`, by task id. */
export async function findLatestReportsAsOf(db: Executor, planId: number, asOf: string) {
  const rows = await db
    .selectDistinctOn([planProgressReport.taskId], {
      taskId: planProgressReport.taskId,
      reportedOn: planProgressReport.reportedOn,
      percent: planProgressReport.percent,
      narrative: planProgressReport.narrative,
      reportedByName: planProgressReport.reportedByName,
    })
    .from(planProgressReport)
    .innerJoin(planTask, eq(planTask.id, planProgressReport.taskId))
    .where(and(eq(planTask.planId, planId), lte(planProgressReport.reportedOn, asOf)))
    .orderBy(
      asc(planProgressReport.taskId),
      desc(planProgressReport.reportedOn),
      desc(planProgressReport.id),
    );
  return new Map(rows.map((row) => [row.taskId, row]));
}

/** The rule a plan's progress rolls up by ("average" or "weighted"), or undefined when there is no such plan. */
export async function findProgressRuleOfPlan(db: Executor, planId: number): Promise<string | undefined> {
  const [row] = await db.select({ rule: plan.progressRule }).from(plan).where(eq(plan.id, planId));
  return row?.rule;
}
