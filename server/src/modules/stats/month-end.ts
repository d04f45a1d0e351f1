/**
 * Month-end arithmetic on calendar dates (YYYY-MM-DD, no time zone: the League's dates are days in
 * China). Pure.
 */

/** The last day of the month of `day` ("2025-02-10" → "2025-02-28"). */
export function monthEndOf(day: string): string {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${day.slice(0, 7)}-${String(last).padStart(2, "0")}`;
}

/** Whether `day` is the last day of its month. */
export function isMonthEnd(day: string): boolean {
  return monthEndOf(day) === day;
}

/** The last day of the month before the month of `day` ("2025-03-01" → "2025-02-28"). */
export function previousMonthEnd(day: string): string {
  const date = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, 0));
  return date.toISOString().slice(0, 10);
}

/** Whether `day` is a real calendar date written YYYY-MM-DD (rejects "2025-02-30"). */
export function isCalendarDate(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}
