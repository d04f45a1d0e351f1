/**
 * Deadlines (完成时限 / 时间节点) of plan tasks read as calendar dates (domain.md §8). Forms taken
 * from the Wangcang plan (`fixtures/wangcang-reform-plan.txt`): "2023年2月底前" → 2023-02-28,
 * "2022年12月底前" → 2022-12-31, phase ranges "2022年9月—12月" and "2023年1月--2023年3月".
 * A month means its last day, a year its 31 December, a range its end.
 */

import { daysInMonth, formatIsoDate } from "../dates/iso-date";
import { toHalfWidth } from "./plan-text";

/** A deadline that repeats instead of falling on one date: 长期坚持 (ongoing) or 每年 (every year). */
export type RecurringDeadline = "long_term" | "yearly";

/** What `parseDeadline` read: a date, or a recurring kind, or neither and `flagged` for a person to check. */
export interface ParsedDeadline {
  date: string | null;
  recurring?: RecurringDeadline;
  flagged: boolean;
}

/** What the surrounding document tells about a deadline written without its year ("3月底前"). */
export interface DeadlineContext {
  defaultYear?: number;
}

/** One point in time named in the text, with its first and last calendar day. */
export interface DateMention {
  start: string;
  end: string;
  /** Where in the text the mention starts and ends (exclusive). */
  index: number;
  endIndex: number;
}

const LONG_TERM = /长期坚持|长期推进|长期开展|持续推进|持续开展|常态化推进|长期/;
const YEARLY = /每年|每一年|年年/;

/**
 * Dates in five shapes: 2023年2月28日, 2023年2月, 2023年 (with 上半年/下半年/第N季度 after it), a
 * bare month 12月 or a bare 年底 / 年内 / 上半年 / 第一季度 that takes the year before it (or the
 * plan's year), and 2023-02-28 / 2023.2 / 2023/2/28.
 */
const DATE_MENTION =
  /(\d{4})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?|\s*(上半年|下半年|第\s*([一二三四1-4])\s*季度))?|(\d{4})[-./](\d{1,2})(?:[-./](\d{1,2}))?|(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?|(上半年|下半年|年底|年末|年内|第\s*([一二三四1-4])\s*季度)/g;

const QUARTER_NUMBER: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, "1": 1, "2": 2, "3": 3, "4": 4 };

function monthSpan(year: number, month: number, day?: number): { start: string; end: string } | null {
  if (month < 1 || month > 12) return null;
  if (day !== undefined) {
    if (day < 1 || day > daysInMonth(year, month)) return null;
    const iso = formatIsoDate({ year, month, day });
    return { start: iso, end: iso };
  }
  return {
    start: formatIsoDate({ year, month, day: 1 }),
    end: formatIsoDate({ year, month, day: daysInMonth(year, month) }),
  };
}

function monthsSpan(year: number, firstMonth: number, lastMonth: number): { start: string; end: string } {
  return {
    start: formatIsoDate({ year, month: firstMonth, day: 1 }),
    end: formatIsoDate({ year, month: lastMonth, day: daysInMonth(year, lastMonth) }),
  };
}

function optionalNumber(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text);
}

/**
 * Every date named in `text`, in order. A month written without its year ("9月—12月") takes the
 * year named before it, or `context.defaultYear`; without either it is skipped.
 */
export function findDateMentions(text: string, context: DeadlineContext = {}): DateMention[] {
  const normalized = toHalfWidth(text);
  const mentions: DateMention[] = [];
  let currentYear = context.defaultYear;
  for (const match of normalized.matchAll(DATE_MENTION)) {
    const [
      whole,
      year,
      month,
      day,
      half,
      quarter,
      isoYear,
      isoMonth,
      isoDay,
      bareMonth,
      bareDay,
      barePeriod,
      bareQuarter,
    ] = match;
    let span: { start: string; end: string } | null = null;
    if (year !== undefined) {
      const yearNumber = Number(year);
      currentYear = yearNumber;
      if (month !== undefined) span = monthSpan(yearNumber, Number(month), optionalNumber(day));
      else if (half === "上半年") span = monthsSpan(yearNumber, 1, 6);
      else if (half === "下半年") span = monthsSpan(yearNumber, 7, 12);
      else if (quarter !== undefined) {
        const quarterNumber = QUARTER_NUMBER[quarter] ?? 4;
        span = monthsSpan(yearNumber, quarterNumber * 3 - 2, quarterNumber * 3);
      } else span = monthsSpan(yearNumber, 1, 12);
    } else if (isoYear !== undefined && isoMonth !== undefined) {
      currentYear = Number(isoYear);
      span = monthSpan(currentYear, Number(isoMonth), optionalNumber(isoDay));
    } else if (bareMonth !== undefined && currentYear !== undefined) {
      span = monthSpan(currentYear, Number(bareMonth), optionalNumber(bareDay));
    } else if (barePeriod !== undefined && currentYear !== undefined) {
      if (barePeriod === "上半年") span = monthsSpan(currentYear, 1, 6);
      else if (barePeriod === "下半年") span = monthsSpan(currentYear, 7, 12);
      else if (bareQuarter !== undefined) {
        const quarterNumber = QUARTER_NUMBER[bareQuarter] ?? 4;
        span = monthsSpan(currentYear, quarterNumber * 3 - 2, quarterNumber * 3);
      } else span = monthsSpan(currentYear, 1, 12);
    }
    if (span) mentions.push({ ...span, index: match.index, endIndex: match.index + whole.length });
  }
  return mentions;
}

/**
 * Read a deadline as written in a plan. Ongoing (长期坚持) and yearly (每年) deadlines have no date
 * and are not flagged; a date range gives its end; several dates give the latest; text with no
 * readable date gives `date: null, flagged: true`, so the ledger keeps the words and asks a person.
 */
export function parseDeadline(text: string, context: DeadlineContext = {}): ParsedDeadline {
  const trimmed = text.trim();
  if (LONG_TERM.test(trimmed)) return { date: null, recurring: "long_term", flagged: false };
  if (YEARLY.test(trimmed)) return { date: null, recurring: "yearly", flagged: false };
  const mentions = findDateMentions(trimmed, context);
  if (mentions.length === 0) return { date: null, flagged: true };
  let latest = mentions[0]?.end ?? "";
  for (const mention of mentions) if (mention.end > latest) latest = mention.end;
  return { date: latest, flagged: false };
}

/**
 * The first and last day of a period written like "2022年9月—12月" or "2023年1月--2023年3月"
 * (the 实施步骤 phases of the Wangcang plan), or nulls when no date is named.
 */
export function parseDateRange(
  text: string,
  context: DeadlineContext = {},
): { start: string | null; end: string | null } {
  const mentions = findDateMentions(text, context);
  if (mentions.length === 0) return { start: null, end: null };
  let start = mentions[0]?.start ?? "";
  let end = mentions[0]?.end ?? "";
  for (const mention of mentions) {
    if (mention.start < start) start = mention.start;
    if (mention.end > end) end = mention.end;
  }
  return { start, end };
}
