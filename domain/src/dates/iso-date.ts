/**
 * Calendar dates as ISO 8601 strings "YYYY-MM-DD" (公历日期), with no time of day and no time zone.
 * The domain never reads the clock: whoever needs "today" passes it in.
 */

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date split into numbers: year, month 1–12, day 1–31. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** Whether `year` is a Gregorian leap year (divisible by 4, except centuries not divisible by 400). */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in `month` (1–12) of `year`, Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Parse "YYYY-MM-DD" into numbers, or `null` when the text is not in that form or is not a real
 * date (e.g. "2023-02-29", "2024-13-01"). Years 0001–9999.
 */
export function parseIsoDate(value: string): CalendarDate | null {
  const match = ISO_DATE_PATTERN.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** Whether `value` is a real calendar date written "YYYY-MM-DD". */
export function isIsoDate(value: string): boolean {
  return parseIsoDate(value) !== null;
}

/**
 * Like {@link parseIsoDate} but for arguments that must already be valid.
 *
 * @param name the parameter name, used in the error message.
 * @throws RangeError when `value` is not a real "YYYY-MM-DD" date (a programming error: validate input first).
 */
export function requireIsoDate(value: string, name = "date"): CalendarDate {
  const parsed = parseIsoDate(value);
  if (!parsed)
    throw new RangeError(`${name} must be a real date written YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return parsed;
}

/** Write numbers as "YYYY-MM-DD" (zero-padded; no validation). */
export function formatIsoDate(date: CalendarDate): string {
  const year = String(date.year).padStart(4, "0");
  const month = String(date.month).padStart(2, "0");
  const day = String(date.day).padStart(2, "0");
  return `${year}-${month}-${day}`;
}

/**
 * Compare two "YYYY-MM-DD" dates: negative if `a` is earlier, 0 if equal, positive if later.
 * Works on the text, which orders like the dates; usable as an `Array.prototype.sort` comparator.
 */
export function compareIsoDates(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

/**
 * The date `months` calendar months after (or, when negative, before) `date`, keeping the day of the
 * month, or the month's last day when that day does not exist: 2024-08-31 + 6 → 2025-02-28,
 * 2023-08-31 + 6 → 2024-02-29.
 *
 * @param date "YYYY-MM-DD".
 * @param months a whole number of months.
 * @returns "YYYY-MM-DD".
 * @throws RangeError if `date` is malformed or `months` is not an integer.
 */
export function addMonths(date: string, months: number): string {
  const parsed = requireIsoDate(date, "date");
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer, got ${months}`);
  const monthIndex = parsed.year * 12 + (parsed.month - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  return formatIsoDate({ year, month, day: Math.min(parsed.day, daysInMonth(year, month)) });
}

/**
 * The date `days` calendar days after (or, when negative, before) `date`: 2024-02-28 + 1 → 2024-02-29.
 *
 * @param date "YYYY-MM-DD".
 * @param days a whole number of days.
 * @returns "YYYY-MM-DD".
 * @throws RangeError if `date` is malformed or `days` is not an integer.
 */
export function addDays(date: string, days: number): string {
  const parsed = requireIsoDate(date, "date");
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  const moved = new Date(Date.UTC(parsed.year, parsed.month - 1, parsed.day + days));
  return formatIsoDate({
    year: moved.getUTCFullYear(),
    month: moved.getUTCMonth() + 1,
    day: moved.getUTCDate(),
  });
}
