import { compareIsoDates, requireIsoDate } from "../dates/iso-date";
import { DomainError } from "../errors";

/**
 * Third-party evaluation of the reform ledger (第三方评估, 评估指导进度表; domain.md §8, issue 5
 * part 5): a round has a scoring sheet (评分表) of items, each with a weight in percent (the weights
 * sum to 100%) and a maximum score. An evaluator scores each task on each item (0 … the item's
 * maximum); a task's score is Σ score / maxScore × weight (0–100); an organization's (county's) score
 * is the average of its completely scored tasks.
 */

/** How far apart the sum of weights may be from 100 (weights are stored with two decimals). */
const WEIGHT_TOLERANCE = 0.005;

/** Longest item name, in characters. */
export const MAX_EVALUATION_ITEM_NAME_LENGTH = 100;

/** One item of a scoring sheet as entered. */
export interface EvaluationItemInput {
  name: string;
  /** Weight in percent, > 0 (the sheet's weights sum to 100). */
  weight: number;
  /** Highest score an evaluator may give on this item, > 0. */
  maxScore: number;
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/**
 * Checks a scoring sheet: at least one item; each item has a name (unique in the sheet, after
 * trimming), a weight > 0 and ≤ 100 and a maximum score > 0; the weights sum to 100%.
 * @throws DomainError 422: "no_items" (field "items"); "invalid_item" (field "items.N.name",
 *   "items.N.weight" or "items.N.maxScore", N counted from 0); "duplicate_item" (field "items.N.name");
 *   "weights_not_100" (field "items", the message names the actual sum).
 * Source: issue 5 part 5 ("a scoring sheet (items, weights, max scores)").
 */
export function assertScoringSheetValid(items: readonly EvaluationItemInput[]): void {
  if (items.length === 0) {
    throw new DomainError("no_items", "items：至少需要一个评分项 / at least one item is required", {
      field: "items",
    });
  }
  const seen = new Set<string>();
  let sum = 0;
  items.forEach((item, index) => {
    const name = item.name.trim();
    if (name === "" || name.length > MAX_EVALUATION_ITEM_NAME_LENGTH) {
      throw new DomainError(
        "invalid_item",
        `items.${index}.name：名称不能为空且不超过 ${MAX_EVALUATION_ITEM_NAME_LENGTH} 个字 / a name of 1–${MAX_EVALUATION_ITEM_NAME_LENGTH} characters is required`,
        { field: `items.${index}.name` },
      );
    }
    if (seen.has(name)) {
      throw new DomainError(
        "duplicate_item",
        `items.${index}.name：评分项「${name}」重复 / item "${name}" appears twice`,
        { field: `items.${index}.name` },
      );
    }
    seen.add(name);
    if (!Number.isFinite(item.weight) || item.weight <= 0 || item.weight > 100) {
      throw new DomainError(
        "invalid_item",
        `items.${index}.weight：权重应大于 0 且不超过 100 / the weight must be greater than 0 and at most 100`,
        { field: `items.${index}.weight` },
      );
    }
    if (!Number.isFinite(item.maxScore) || item.maxScore <= 0) {
      throw new DomainError(
        "invalid_item",
        `items.${index}.maxScore：满分应大于 0 / the maximum score must be greater than 0`,
        { field: `items.${index}.maxScore` },
      );
    }
    sum += item.weight;
  });
  if (Math.abs(sum - 100) > WEIGHT_TOLERANCE) {
    const shown = roundTo(sum, 2);
    throw new DomainError(
      "weights_not_100",
      `items：权重合计应为 100%，实际为 ${shown}% / the weights must sum to 100%, they sum to ${shown}%`,
      { field: "items" },
    );
  }
}

/**
 * Checks one score against its item's maximum: a finite number with 0 ≤ score ≤ maxScore.
 * @param field the field named in the error (e.g. "scores.3.score").
 * @throws DomainError 422 "score_out_of_range" naming `field` and the maximum.
 */
export function assertScoreValid(score: number, maxScore: number, field = "score"): void {
  if (!Number.isFinite(score) || score < 0 || score > maxScore) {
    throw new DomainError(
      "score_out_of_range",
      `${field}：分数应在 0 到 ${maxScore} 之间 / the score must be between 0 and ${maxScore}`,
      { field },
    );
  }
}

/**
 * Checks that scores may be given on `today`: within the round's dates, both inclusive.
 * @param round startsOn and endsOn as "YYYY-MM-DD".
 * @throws DomainError 422 "round_not_open": field "startsOn" before the round starts, "endsOn" after it ended.
 */
export function assertEvaluationRoundOpen(round: { startsOn: string; endsOn: string }, today: string): void {
  requireIsoDate(today, "today");
  if (compareIsoDates(today, round.startsOn) < 0) {
    throw new DomainError(
      "round_not_open",
      `startsOn：评估轮次 ${round.startsOn} 才开始，尚不能打分 / the round starts on ${round.startsOn}`,
      { field: "startsOn" },
    );
  }
  if (compareIsoDates(today, round.endsOn) > 0) {
    throw new DomainError(
      "round_not_open",
      `endsOn：评估轮次已于 ${round.endsOn} 结束，不能再打分 / the round ended on ${round.endsOn}`,
      { field: "endsOn" },
    );
  }
}

/** An item of a round's sheet, as scoring needs it. */
export interface EvaluationItem {
  id: number;
  weight: number;
  maxScore: number;
}

/** A task's score in a round. */
export interface TaskEvaluationScore {
  /**
   * Σ over scored items of score / maxScore × weight, 0–100, rounded to two decimals; when the task is
   * not completely scored this is the partial figure (unscored items count as 0); null when no item is scored.
   */
  total: number | null;
  /** Every item of the sheet is scored. */
  complete: boolean;
  /** How many items are scored. */
  scoredItems: number;
}

/**
 * A task's score in a round from the round's items and the task's scores by item id (scores of items
 * not on the sheet are ignored). Source: issue 5 part 5.
 */
export function scoreTask(
  items: readonly EvaluationItem[],
  scores: ReadonlyMap<number, number>,
): TaskEvaluationScore {
  let total = 0;
  let scoredItems = 0;
  for (const item of items) {
    const score = scores.get(item.id);
    if (score === undefined) continue;
    scoredItems += 1;
    total += (score / item.maxScore) * item.weight;
  }
  return {
    total: scoredItems === 0 ? null : roundTo(total, 2),
    complete: items.length > 0 && scoredItems === items.length,
    scoredItems,
  };
}

/** An organization's (a county's) score in a round. */
export interface OrganizationEvaluationScore {
  /** Average of the totals of its completely scored tasks, rounded to two decimals; null when none is. */
  average: number | null;
  /** Completely scored tasks (the ones averaged). */
  scoredTasks: number;
  /** Tasks with some but not every item scored (not averaged). */
  incompleteTasks: number;
}

/**
 * An organization's score: the average of its completely scored tasks' totals (partly scored tasks
 * are counted apart and left out of the average). Source: issue 5 part 5 ("results per county").
 */
export function scoreOrganization(tasks: readonly TaskEvaluationScore[]): OrganizationEvaluationScore {
  const complete = tasks.filter((task) => task.complete && task.total !== null);
  const incompleteTasks = tasks.filter((task) => !task.complete && task.scoredItems > 0).length;
  if (complete.length === 0) return { average: null, scoredTasks: 0, incompleteTasks };
  const sum = complete.reduce((total, task) => total + (task.total ?? 0), 0);
  return { average: roundTo(sum / complete.length, 2), scoredTasks: complete.length, incompleteTasks };
}

/**
 * Checks a round's dates: it ends on or after the day it starts (both "YYYY-MM-DD").
 * @throws DomainError 422 "dates_reversed" (field "endsOn").
 */
export function assertEvaluationRoundDates(round: { startsOn: string; endsOn: string }): void {
  if (compareIsoDates(round.endsOn, round.startsOn) < 0) {
    throw new DomainError(
      "dates_reversed",
      `endsOn：结束日期不能早于开始日期 ${round.startsOn} / the round cannot end before it starts`,
      { field: "endsOn" },
    );
  }
}
