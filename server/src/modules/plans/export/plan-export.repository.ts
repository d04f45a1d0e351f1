import { and, asc, desc, eq, lte } from "drizzle-orm";
import type { Executor } from "../../../db/database";
import { plan, planProgressReport, planTask } from "../../../db/schema";

/**
 * The latest progress report (信息报送) of each task of a plan reported on or before `asOf`, by task id;
 * the plan's county named, the join on (county_id, task_id): one shard on Citus.
 */
export async function findLatestReportsAsOf(db: Executor, countyId: number, planId: number, asOf: string) {
  const rows = await db
    .selectDistinctOn([planProgressReport.taskId], {
      taskId: planProgressReport.taskId,
      reportedOn: planProgressReport.reportedOn,
      percent: planProgressReport.percent,
      narrative: planProgressReport.narrative,
      reportedByName: planProgressReport.reportedByName,
    })
    .from(planProgressReport)
    .innerJoin(
      planTask,
      and(eq(planTask.countyId, planProgressReport.countyId), eq(planTask.id, planProgressReport.taskId)),
    )
    .where(
      and(
        eq(planProgressReport.countyId, countyId),
        eq(planTask.planId, planId),
        lte(planProgressReport.reportedOn, asOf),
      ),
    )
    .orderBy(
      asc(planProgressReport.taskId),
      desc(planProgressReport.reportedOn),
      desc(planProgressReport.id),
    );
  return new Map(rows.map((row) => [row.taskId, row]));
}

/** The rule a plan's progress rolls up by ("average" or "weighted"), or undefined when there is no such plan. */
export async function findProgressRuleOfPlan(
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
