import { compareIsoDates, formatIsoDate, isLeapYear, requireIsoDate } from "../dates/iso-date";
import type { Label } from "../dictionaries/dictionary";

/** Age from which one may join the League, in full years (团章 Article 1: 年满十四周岁). */
export const MINIMUM_JOIN_AGE = 14;

/**
 * Age at which membership ends (超龄离团), in full years: members leave on reaching 28, except those
 * holding League posts (团章 Article 1; domain.md §2). Also the age before which one must join.
 */
export const AGE_OUT_AGE = 28;

/** Age bands used in statistics, in full years: 14–17, 18–22, 23–25, 26–28, and 29 or more. */
export const AGE_BANDS = ["14-17", "18-22", "23-25", "26-28", "over_28"] as const;

/** An age band (see {@link AGE_BANDS}). */
export type AgeBand = (typeof AGE_BANDS)[number];

/** Display labels of {@link AGE_BANDS}. */
export const AGE_BAND_LABELS: Readonly<Record<AgeBand, Label>> = {
  "14-17": { zh: "14—17岁", en: "14–17" },
  "18-22": { zh: "18—22岁", en: "18–22" },
  "23-25": { zh: "23—25岁", en: "23–25" },
  "26-28": { zh: "26—28岁", en: "26–28" },
  over_28: { zh: "29岁及以上", en: "29 and over" },
};

/**
 * Age in full years (周岁) on `onDate` of someone born on `birthDate`: the number of birthdays
 * reached by then, the birthday itself counting. Someone born on 29 February reaches the next year
 * of age on 1 March in common years (28 February is still before the anniversary).
 *
 * @param birthDate "YYYY-MM-DD".
 * @param onDate "YYYY-MM-DD", not before `birthDate`.
 * @returns whole years, ≥ 0.
 * @throws RangeError if a date is malformed or `onDate` is before `birthDate`.
 */
export function ageOn(birthDate: string, onDate: string): number {
  const birth = requireIsoDate(birthDate, "birthDate");
  const on = requireIsoDate(onDate, "onDate");
  if (compareIsoDates(onDate, birthDate) < 0) {
    throw new RangeError(`onDate ${onDate} is before birthDate ${birthDate}`);
  }
  const beforeAnniversary = on.month < birth.month || (on.month === birth.month && on.day < birth.day);
  return on.year - birth.year - (beforeAnniversary ? 1 : 0);
}

/**
 * The statistics band of an age in full years: 14–17, 18–22, 23–25, 26–28, or "over_28" from 29.
 * Ages under 14 (which a member cannot have, so only bad data) fall into "14-17" so that no member
 * drops out of a count.
 *
 * @param age whole years.
 */
export function ageBandOf(age: number): AgeBand {
  if (age <= 17) return "14-17";
  if (age <= 22) return "18-22";
  if (age <= 25) return "23-25";
  if (age <= 28) return "26-28";
  return "over_28";
}

/**
 * The date on which someone born on `birthDate` reaches `age` full years; for a 29 February birth
 * in a common year, 1 March (consistent with {@link ageOn}).
 *
 * @param birthDate "YYYY-MM-DD".
 * @param age whole years, ≥ 0.
 * @returns "YYYY-MM-DD".
 * @throws RangeError if `birthDate` is malformed or `age` is not a non-negative integer.
 */
export function birthdayAtAge(birthDate: string, age: number): string {
  const birth = requireIsoDate(birthDate, "birthDate");
  if (!Number.isInteger(age) || age < 0)
    throw new RangeError(`age must be a non-negative integer, got ${age}`);
  const year = birth.year + age;
  if (birth.month === 2 && birth.day === 29 && !isLeapYear(year))
    return formatIsoDate({ year, month: 3, day: 1 });
  return formatIsoDate({ year, month: birth.month, day: birth.day });
}

/**
 * The 14th birthday, the first day one may join the League (团章: join from full age 14).
 *
 * @param birthDate "YYYY-MM-DD".
 * @returns "YYYY-MM-DD"; 1 March for a 29 February birth when that year is common.
 * @throws RangeError if `birthDate` is malformed.
 */
export function fourteenthBirthday(birthDate: string): string {
  return birthdayAtAge(birthDate, MINIMUM_JOIN_AGE);
}

/**
 * The 28th birthday, the day a member ages out (超龄离团) unless holding a League post, and the day
 * from which one can no longer join (团章 Article 1: 十四周岁以上、二十八周岁以下).
 *
 * @param birthDate "YYYY-MM-DD".
 * @returns "YYYY-MM-DD".
 * @throws RangeError if `birthDate` is malformed.
 */
export function ageOutDate(birthDate: string): string {
  return birthdayAtAge(birthDate, AGE_OUT_AGE);
}

/**
 * Whether someone born on `birthDate` has reached the age-out age of 28 on `today`.
 *
 * @param birthDate "YYYY-MM-DD".
 * @param today "YYYY-MM-DD", passed in (the domain never reads the clock).
 * @throws RangeError if a date is malformed.
 */
export function hasReachedAgeOut(birthDate: string, today: string): boolean {
  requireIsoDate(today, "today");
  return compareIsoDates(today, ageOutDate(birthDate)) >= 0;
}

/** The lowest age of each band after the first (18, 23, 26, 29), in band order. */
const AGE_BAND_LOWER_BOUNDS: readonly { band: AgeBand; fromAge: number }[] = [
  { band: "18-22", fromAge: 18 },
  { band: "23-25", fromAge: 23 },
  { band: "26-28", fromAge: 26 },
  { band: "over_28", fromAge: 29 },
];

/**
 * The latest birth date of someone who is at least `age` full years old on `today`: `today` minus
 * `age` years, 28 February when that lands on 29 February of a common year. Consistent with
 * {@link ageOn}: `ageOn(b, today) >= age` exactly when `b <= latestBirthDateForAge(today, age)`.
 * Lets a database band ages with date comparisons instead of per-row arithmetic.
 *
 * @throws RangeError if `today` is malformed or `age` is not a non-negative integer.
 */
export function latestBirthDateForAge(today: string, age: number): string {
  const date = requireIsoDate(today, "today");
  if (!Number.isInteger(age) || age < 0)
    throw new RangeError(`age must be a non-negative integer, got ${age}`);
  const year = date.year - age;
  const day = date.month === 2 && date.day === 29 && !isLeapYear(year) ? 28 : date.day;
  return formatIsoDate({ year, month: date.month, day });
}

/**
 * The age bands as birth-date thresholds on `today`, oldest band first: a person belongs to the
 * first band whose `bornOnOrBefore` is on or after their birth date, and to "14-17" when none is
 * (the same bands as {@link ageBandOf}).
 */
export function ageBandBirthDateThresholds(today: string): { band: AgeBand; bornOnOrBefore: string }[] {
  return [...AGE_BAND_LOWER_BOUNDS]
    .reverse()
    .map(({ band, fromAge }) => ({ band, bornOnOrBefore: latestBirthDateForAge(today, fromAge) }));
}
