import type { Label } from "../dictionaries/dictionary";
import { DomainError } from "../errors";
import type { PlanTaskStatus } from "./task-status";

/**
 * How a plan's progress is rolled up from its tasks (信息报送, domain.md §8; issue 5 part 4):
 * average 平均 — every open task counts the same; weighted 加权 — each task counts by its weight, in
 * percent, and the weights of the tasks that count must sum to 100%. Cancelled tasks never count.
 */
export const PROGRESS_RULES = ["average", "weighted"] as const;

/** A progress rule (see {@link PROGRESS_RULES}). */
export type ProgressRule = (typeof PROGRESS_RULES)[number];

/** Display labels of {@link PROGRESS_RULES}. */
export const PROGRESS_RULE_LABELS: Readonly<Record<ProgressRule, Label>> = {
  average: { zh: "平均", en: "Average of tasks" },
  weighted: { zh: "加权（权重合计100%）", en: "Weighted (weights sum to 100%)" },
};

/** How far apart the sum of weights may be from 100 (weights are stored with two decimals). */
const WEIGHT_TOLERANCE = 0.005;

/** What the rollup needs of one task. */
export interface TaskProgressInput {
  /** Task number in the plan (named in errors). */
  number: number;
  /** The task's derived status (done and closed out count as 100%). */
  status: PlanTaskStatus;
  /** Percent of the latest progress report, 0–100, or null when none was reported (counts as 0). */
  reportedPercent: number | null;
  /** Weight in percent, or null when none was set. */
  weight: number | null;
}

/** A plan's rolled-up progress. */
export interface PlanProgress {
  rule: ProgressRule;
  /** Percent done, 0–100, rounded to one decimal; null when no task counts (all cancelled). */
  percent: number | null;
  /** Tasks that count (not cancelled). */
  counted: number;
  /** Cancelled tasks, left out. */
  excluded: number;
}

/** A task's own percent: 100 when done or closed out, else its latest report, else 0. */
export function taskPercent(task: Pick<TaskProgressInput, "status" | "reportedPercent">): number {
  if (task.status === "done" || task.status === "closed_out") return 100;
  return task.reportedPercent ?? 0;
}

/**
 * Checks the weights for the weighted rule: every task that counts (not cancelled) has a weight
 * greater than 0, and together they sum to 100%.
 * @throws DomainError 422 "weight_missing" (field "weights", naming the task number) or
 *   "weights_not_100" (field "weights", with the actual sum).
 */
export function assertWeightsSumTo100(
  tasks: readonly Pick<TaskProgressInput, "number" | "status" | "weight">[],
): void {
  let sum = 0;
  for (const task of tasks) {
    if (task.status === "cancelled") continue;
    if (task.weight === null || !(task.weight > 0)) {
      throw new DomainError(
        "weight_missing",
        `weights：任务 ${task.number} 没有权重 / task ${task.number} has no weight`,
        { field: "weights" },
      );
    }
    sum += task.weight;
  }
  if (Math.abs(sum - 100) > WEIGHT_TOLERANCE) {
    const shown = Math.round(sum * 100) / 100;
    throw new DomainError(
      "weights_not_100",
      `weights：权重合计应为 100%，实际为 ${shown}% / weights must sum to 100%, they sum to ${shown}%`,
      { field: "weights" },
    );
  }
}

/**
 * Rolls a plan's progress up from its tasks by `rule`: the average of the tasks' percents, or
 * Σ weight × percent / 100. Cancelled tasks are excluded from both.
 * @throws DomainError as {@link assertWeightsSumTo100} when the rule is weighted.
 * Source: issue 5 part 4 ("average, or weights that must sum to 100%; cancelled tasks excluded").
 */
export function rollUpPlanProgress(rule: ProgressRule, tasks: readonly TaskProgressInput[]): PlanProgress {
  const counting = tasks.filter((task) => task.status !== "cancelled");
  const excluded = tasks.length - counting.length;
  if (counting.length === 0) return { rule, percent: null, counted: 0, excluded };
  let percent: number;
  if (rule === "weighted") {
    assertWeightsSumTo100(counting);
    percent = counting.reduce((sum, task) => sum + ((task.weight ?? 0) * taskPercent(task)) / 100, 0);
  } else {
    percent = counting.reduce((sum, task) => sum + taskPercent(task), 0) / counting.length;
  }
  return { rule, percent: Math.round(percent * 10) / 10, counted: counting.length, excluded };
}
