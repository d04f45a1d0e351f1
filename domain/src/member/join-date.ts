import { compareIsoDates, requireIsoDate } from "../dates/iso-date";
import { DomainError } from "../errors";
import { ageOutDate, birthdayAtAge, fourteenthBirthday } from "./age";

/** Age from which one may join the Communist Party of China, in full years (党章 Article 1: 年满十八岁). */
export const MINIMUM_PARTY_JOIN_AGE = 18;

/** Why a League join date (入团时间) was refused. */
export type JoinDateFailureReason = "in_future" | "before_fourteenth_birthday" | "after_age_limit";

/** Why a Party join date (入党时间) was refused. */
export type PartyJoinDateFailureReason = "in_future" | "before_eighteenth_birthday" | "before_league_join";

/** Result of a date rule: fine, or the reason and a Chinese message naming the field. */
export type DateRuleResult<R extends string> = { ok: true } | { ok: false; reason: R; message: string };

/**
 * Check a League join date (入团时间, the date of the branch meeting's vote): not after `today`, on or
 * after the 14th birthday, and before the 28th birthday (团章 Article 1: 年满十四周岁、不满二十八周岁;
 * domain.md §2–3).
 *
 * @param birthDate "YYYY-MM-DD".
 * @param joinedOn "YYYY-MM-DD".
 * @param today "YYYY-MM-DD", passed in (the domain never reads the clock).
 * @returns `{ ok: true }` or `{ ok: false, reason, message }`; messages name 入团时间.
 * @throws RangeError if a date is malformed (validate input first).
 */
export function validateJoinDate(
  birthDate: string,
  joinedOn: string,
  today: string,
): DateRuleResult<JoinDateFailureReason> {
  requireIsoDate(joinedOn, "joinedOn");
  requireIsoDate(today, "today");
  if (compareIsoDates(joinedOn, today) > 0) {
    return { ok: false, reason: "in_future", message: "入团时间：不能晚于今天" };
  }
  const earliest = fourteenthBirthday(birthDate);
  if (compareIsoDates(joinedOn, earliest) < 0) {
    return {
      ok: false,
      reason: "before_fourteenth_birthday",
      message: `入团时间：不能早于年满14周岁之日（${earliest}）`,
    };
  }
  const ageOut = ageOutDate(birthDate);
  if (compareIsoDates(joinedOn, ageOut) >= 0) {
    return {
      ok: false,
      reason: "after_age_limit",
      message: `入团时间：应早于年满28周岁之日（${ageOut}）`,
    };
  }
  return { ok: true };
}

/**
 * Refuse a League join date that breaks {@link validateJoinDate}.
 *
 * @throws DomainError code "join_date_in_future" | "join_date_before_fourteenth_birthday" |
 *   "join_date_after_age_limit", field "joinedOn", status 422.
 * @throws RangeError if a date is malformed.
 */
export function assertJoinDateAllowed(birthDate: string, joinedOn: string, today: string): void {
  const result = validateJoinDate(birthDate, joinedOn, today);
  if (!result.ok) {
    throw new DomainError(`join_date_${result.reason}`, result.message, { field: "joinedOn", status: 422 });
  }
}

/**
 * Check a Party join date (入党时间): not after `today`, on or after the 18th birthday (党章 Article 1),
 * and not before the League join date (the registry records Party members who came from the League).
 *
 * @param birthDate "YYYY-MM-DD".
 * @param partyJoinedOn "YYYY-MM-DD".
 * @param leagueJoinedOn "YYYY-MM-DD", the League join date.
 * @param today "YYYY-MM-DD", passed in.
 * @returns `{ ok: true }` or `{ ok: false, reason, message }`; messages name 入党时间.
 * @throws RangeError if a date is malformed.
 */
export function validatePartyJoinDate(
  birthDate: string,
  partyJoinedOn: string,
  leagueJoinedOn: string,
  today: string,
): DateRuleResult<PartyJoinDateFailureReason> {
  requireIsoDate(partyJoinedOn, "partyJoinedOn");
  requireIsoDate(leagueJoinedOn, "leagueJoinedOn");
  requireIsoDate(today, "today");
  if (compareIsoDates(partyJoinedOn, today) > 0) {
    return { ok: false, reason: "in_future", message: "入党时间：不能晚于今天" };
  }
  const earliest = birthdayAtAge(birthDate, MINIMUM_PARTY_JOIN_AGE);
  if (compareIsoDates(partyJoinedOn, earliest) < 0) {
    return {
      ok: false,
      reason: "before_eighteenth_birthday",
      message: `入党时间：不能早于年满18周岁之日（${earliest}）`,
    };
  }
  if (compareIsoDates(partyJoinedOn, leagueJoinedOn) < 0) {
    return { ok: false, reason: "before_league_join", message: "入党时间：不能早于入团时间" };
  }
  return { ok: true };
}
