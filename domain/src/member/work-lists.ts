import { requireIsoDate } from "../dates/iso-date";
import { AGE_OUT_AGE, ageOutDate, hasReachedAgeOut } from "./age";

/**
 * The review work lists of an organization (issue 3 part 2): members who turn 28 this year or are
 * already 28 or older, except cadres (超龄离团, 团章第一章), and members who may have lapsed (自行脱团,
 * see `isLapseCandidate` in member-status-machine.ts). The server applies them to current members
 * (active, flowing) of the subtree; the predicates here define who is on a list, and the birth-date
 * bounds let a database select them with date comparisons.
 */

/**
 * Whether someone born on `birthDate` turns 28 in `year` (their 28th birthday, {@link ageOutDate},
 * falls in it; for a 29 February birth, 1 March of a common year is still the same year). Exactly
 * those born in `year − 28`.
 *
 * @throws RangeError if `birthDate` is malformed or `year` is not an integer.
 */
export function turnsTwentyEightInYear(birthDate: string, year: number): boolean {
  if (!Number.isInteger(year)) throw new RangeError(`year must be an integer, got ${year}`);
  return requireIsoDate(ageOutDate(birthDate)).year === year;
}

/**
 * Whether someone born on `birthDate` is 28 or older on `today` (has reached the age-out age,
 * 团章第一章: 团员年满二十八周岁…应该办理离团手续).
 *
 * @throws RangeError if a date is malformed.
 */
export function isOverAge(birthDate: string, today: string): boolean {
  return hasReachedAgeOut(birthDate, today);
}

/** Why a member is on the age-out work list: already 28 or older, or turning 28 later this year. */
export type AgeOutListReason = "over_age" | "turns_28_this_year";

/** What the age-out work list looks at. */
export interface AgeOutListMember {
  birthDate: string;
  /** Holds a League post (是否团干部): kept off the list, the charter keeps their membership. */
  isCadre: boolean;
}

/**
 * Why a member is on the age-out work list on `today`, or null when not on it: cadres never are
 * (团章第一章: …没有在团内担任职务…); others are when already 28 or older ("over_age") or when their 28th
 * birthday is later in `today`'s year ("turns_28_this_year"), so the branch can prepare the
 * ceremony and the request (domain.md §2).
 *
 * @throws RangeError if a date is malformed.
 */
export function ageOutListReason(member: AgeOutListMember, today: string): AgeOutListReason | null {
  if (member.isCadre) return null;
  if (isOverAge(member.birthDate, today)) return "over_age";
  if (turnsTwentyEightInYear(member.birthDate, requireIsoDate(today, "today").year))
    return "turns_28_this_year";
  return null;
}

/** Whether a member is on the age-out work list on `today` (see {@link ageOutListReason}). */
export function isOnAgeOutList(member: AgeOutListMember, today: string): boolean {
  return ageOutListReason(member, today) !== null;
}

/**
 * The latest birth date on the age-out work list on `today`: the last day of the year in which those
 * turning 28 this year were born. A non-cadre is on the list exactly when born on or before it.
 *
 * @throws RangeError if `today` is malformed.
 */
export function ageOutListBirthDateBound(today: string): string {
  return `${String(requireIsoDate(today, "today").year - AGE_OUT_AGE).padStart(4, "0")}-12-31`;
}
