import { lastDayOfMonth } from "../dates/month-end";
import { type AgeBand, ageBandBirthDateThresholds } from "../member/age";

/**
 * Pure rules the indicator computations share (domain.md §2, §3, §6, §9): percentages, ages from
 * birth months, school years, and the "topmost entries" rule for entered data. No I/O.
 */

/**
 * A percentage 0–100 with one decimal (numerator / denominator × 100, rounded half up), or null when
 * there is nothing to measure against (no denominator, or 0).
 */
export function percentOf(numerator: number, denominator: number | null): number | null {
  if (denominator === null || denominator === 0) return null;
  return Math.round((numerator / denominator) * 1000) / 10;
}

/**
 * The age band of someone born in `birthMonth` ("YYYY-MM") by the age reached on the last day of
 * `asOf`'s month: exact on every month-end; mid-month, people born in a band's boundary month count
 * as already that old (the counters keep birth months, not days — docs/ARCHITECTURE.md).
 */
export function ageBandOfBirthMonth(birthMonth: string, asOf: string): AgeBand {
  const thresholds = ageBandBirthDateThresholds(lastDayOfMonth(asOf));
  return thresholds.find((entry) => birthMonth <= entry.bornOnOrBefore.slice(0, 7))?.band ?? "14-17";
}

/** Whether someone born in `birthMonth` ("YYYY-MM") has their `age`th birthday in `year`. */
export function reachesAgeInYear(birthMonth: string, year: number, age: number): boolean {
  return Number(birthMonth.slice(0, 4)) + age === year;
}

/** Whether someone born in `birthMonth` ("YYYY-MM") is under `age` full years on the last day of `asOf`'s month (by month). */
export function isUnderAgeAtMonthEnd(birthMonth: string, asOf: string, age: number): boolean {
  const year = Number(asOf.slice(0, 4)) - age;
  // At least `age` by the month's end when born in or before the same month `age` years earlier.
  return birthMonth > `${year}-${asOf.slice(5, 7)}`;
}

/** First month of a school year (September): a school year is named by the calendar year it starts in. */
export const SCHOOL_YEAR_START_MONTH = 9;

/** The school year ("2025" = 2025–2026, starting 1 September 2025) that `day` ("YYYY-MM-DD") falls in. */
export function schoolYearOf(day: string): number {
  const year = Number(day.slice(0, 4));
  return Number(day.slice(5, 7)) >= SCHOOL_YEAR_START_MONTH ? year : year - 1;
}

/**
 * The entries to sum for a subtree so that nothing counts twice: those whose organization has no
 * other entry's organization above it (its path is not below another entry's path). Paths are
 * materialized paths "1/23/456/" (each id followed by "/"). Order kept.
 */
export function topmostEntries<Entry extends { path: string }>(entries: readonly Entry[]): Entry[] {
  const paths = [...new Set(entries.map((entry) => entry.path))];
  return entries.filter(
    (entry) => !paths.some((other) => other !== entry.path && entry.path.startsWith(other)),
  );
}
