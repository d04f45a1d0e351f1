import {
  DomainError,
  type PlanProgress,
  type PlanTaskStatus,
  type ProgressRule,
  rollUpPlanProgress,
} from "@tuanwu/domain";

/** What the rollup reads of a task as the ledger shows it. */
export interface RollupTask {
  number: number;
  status: PlanTaskStatus;
  latestPercent: number | null;
  weight: number | null;
}

/** A plan's progress as the API shows it: the domain's rollup and, when it cannot be computed, why. */
export type LedgerProgress = PlanProgress & { problem: string | null };

/**
 * Rolls a plan's progress up from its task views with domain {@link rollUpPlanProgress} (average, or
 * weighted; cancelled tasks excluded; done and closed-out tasks count 100%). A weighted plan whose
 * weights no longer sum to 100% (e.g. after a task was cancelled or added) does not fail the ledger:
 * the percent is null and `problem` says why. Source: issue 5 part 4.
 */
export function rollUpLedgerProgress(rule: ProgressRule, tasks: readonly RollupTask[]): LedgerProgress {
  const inputs = tasks.map((task) => ({
    number: task.number,
    status: task.status,
    reportedPercent: task.latestPercent,
    weight: task.weight,
  }));
  try {
    return { ...rollUpPlanProgress(rule, inputs), problem: null };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const counted = tasks.filter((task) => task.status !== "cancelled").length;
    return { rule, percent: null, counted, excluded: tasks.length - counted, problem: error.message };
  }
}
