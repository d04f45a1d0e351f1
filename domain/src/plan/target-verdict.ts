import { compareIsoDates, requireIsoDate } from "../dates/iso-date";
import type { Label } from "../dictionaries/dictionary";
import { DomainError } from "../errors";
import type { IndicatorUnit } from "../indicators/indicator-definition";

/**
 * Targets bound to indicators (issue 5 part 6, domain.md §8): a plan target ("录入率 ≥ 99% by
 * 2023-02-28") bound to an indicator of the catalog is judged against the indicator's actual value,
 * computed now for the plan's organization subtree.
 */

/** How the actual value must compare with the target value: at least (">=") or at most ("<="). */
export const TARGET_COMPARISONS = [">=", "<="] as const;

/** A target comparison (see {@link TARGET_COMPARISONS}). */
export type TargetComparison = (typeof TARGET_COMPARISONS)[number];

/**
 * A bound target's verdict: met 已达标 (the actual value satisfies the comparison); off_track 滞后
 * (not met, and the due date has passed or is within the warning window); on_track 正常推进 (not met,
 * the due date further away or none); unbound 未绑定指标 (no indicator, or no target value).
 */
export const TARGET_VERDICTS = ["met", "on_track", "off_track", "unbound"] as const;

/** A target verdict (see {@link TARGET_VERDICTS}). */
export type TargetVerdict = (typeof TARGET_VERDICTS)[number];

/** Display labels of {@link TARGET_VERDICTS}. */
export const TARGET_VERDICT_LABELS: Readonly<Record<TargetVerdict, Label>> = {
  met: { zh: "已达标", en: "Met" },
  on_track: { zh: "正常推进", en: "On track" },
  off_track: { zh: "滞后", en: "Off track" },
  unbound: { zh: "未绑定指标", en: "Not bound to an indicator" },
};

/** Days before a due date from which a target not yet met counts as off track. */
export const TARGET_WARNING_DAYS = 30;

/** What a verdict needs of a target. */
export interface JudgedTarget {
  indicatorId: string | null;
  comparison: TargetComparison;
  /** The target value, in the indicator's unit (percent 0–100 or a count), or null. */
  value: number | null;
  /** The due date "YYYY-MM-DD", or null. */
  dueOn: string | null;
}

/** Whether `actual` satisfies `comparison` against `target` (a null actual — nothing to measure — never does). */
export function isTargetMet(comparison: TargetComparison, target: number, actual: number | null): boolean {
  if (actual === null) return false;
  return comparison === ">=" ? actual >= target : actual <= target;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
function daysBetween(from: string, to: string): number {
  const a = requireIsoDate(from, "from");
  const b = requireIsoDate(to, "to");
  return Math.round(
    (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000,
  );
}

/**
 * The verdict of a target whose bound indicator's value is `actual` as of `today`:
 * 1. unbound — no indicator or no target value;
 * 2. met — the actual value satisfies the comparison (≥ or ≤ the target value), whatever the date;
 * 3. off_track — not met and the due date has passed (before today), or falls within
 *    `warningDays` (default {@link TARGET_WARNING_DAYS} = 30) of today, inclusive;
 * 4. on_track — not met, due later than that, or without a due date.
 * A null actual (e.g. 录入率 where nobody reported a count) is "not met".
 *
 * @param today "YYYY-MM-DD".
 */
export function judgeTarget(
  target: JudgedTarget,
  actual: number | null,
  today: string,
  warningDays = TARGET_WARNING_DAYS,
): TargetVerdict {
  requireIsoDate(today, "today");
  if (target.indicatorId === null || target.value === null) return "unbound";
  if (isTargetMet(target.comparison, target.value, actual)) return "met";
  if (target.dueOn === null) return "on_track";
  if (compareIsoDates(target.dueOn, today) < 0) return "off_track";
  return daysBetween(today, target.dueOn) <= warningDays ? "off_track" : "on_track";
}

/**
 * Checks a target value against the unit of the indicator it is bound to: a percent lies in 0–100,
 * a count is at least 0.
 * @throws DomainError 400 "value_out_of_range" (field "value").
 */
export function assertTargetValueFits(unit: IndicatorUnit, value: number): void {
  if (unit === "percent" && (value < 0 || value > 100)) {
    throw new DomainError(
      "value_out_of_range",
      "value：百分比指标的目标值应在 0–100 之间 / a percent target lies between 0 and 100",
      { field: "value", status: 400 },
    );
  }
  if (unit === "count" && value < 0) {
    throw new DomainError(
      "value_out_of_range",
      "value：计数指标的目标值不能为负 / a count target cannot be negative",
      {
        field: "value",
        status: 400,
      },
    );
  }
}
