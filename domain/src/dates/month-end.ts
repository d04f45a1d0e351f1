import { daysInMonth, formatIsoDate, requireIsoDate } from "./iso-date";

/**
 * Month-ends of calendar dates ("YYYY-MM-DD", no time zone: the League's dates are days in China):
 * the figures of a past date are kept for month-ends (snapshots), and age bands are reckoned at the
 * end of a month. Pure.
 */

/**
 * The last day of the month of `day` ("2025-02-10" → "2025-02-28").
 * @throws RangeError when `day` is not a real "YYYY-MM-DD" date.
 */
export function lastDayOfMonth(day: string): string {
  const { year, month } = requireIsoDate(day, "day");
  return formatIsoDate({ year, month, day: daysInMonth(year, month) });
}

/** Whether `day` ("YYYY-MM-DD", a real date) is the last day of its month. */
export function isMonthEnd(day: string): boolean {
  return lastDayOfMonth(day) === day;
}

/**
 * The last day of the month before the month of `day` ("2025-03-01" → "2025-02-28",
 * "2025-01-15" → "2024-12-31").
 * @throws RangeError when `day` is not a real "YYYY-MM-DD" date.
 */
export function previousMonthEnd(day: string): string {
  const { year, month } = requireIsoDate(day, "day");
  const previousYear = month === 1 ? year - 1 : year;
  const previousMonth = month === 1 ? 12 : month - 1;
  return formatIsoDate({
    year: previousYear,
    month: previousMonth,
    day: daysInMonth(previousYear, previousMonth),
  });
}
