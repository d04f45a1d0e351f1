import { z } from "zod";
import { addDays, addMonths, compareIsoDates } from "../dates/iso-date";
import type { Label } from "../dictionaries/dictionary";
import { enumSchema, idSchema, isoDateSchema } from "../field-schemas";
import { ageOn } from "../member/age";
import type { GuardFailure } from "../workflow/workflow";

/**
 * Recommendation to the Party 推优入党 (domain.md §5; issue 12 part 5): who may be recommended
 * (aged 18–28 on the recommendation date, a year or more in the League, a Party application filed at
 * least 6 months before), the branch general meeting that recommends (quorum and majority as
 * domain.md §3 gives for the branch general meeting), the 2-year validity and the Party's later steps
 * (积极分子 → 发展对象 → 预备党员 → 正式党员), each dated and in order. Pure: no I/O, no clock.
 */

/** Youngest age (full years, 周岁) on the recommendation date (domain.md §5 "members aged 18–28"). */
export const PARTY_RECOMMENDATION_MIN_AGE = 18;
/** Oldest age (full years) on the recommendation date (domain.md §5). */
export const PARTY_RECOMMENDATION_MAX_AGE = 28;
/** Fewest months in the League before the recommendation date (domain.md §5 "a year or more"). */
export const PARTY_RECOMMENDATION_MIN_LEAGUE_MONTHS = 12;
/** Fewest months between the Party application and the recommendation date (domain.md §5). */
export const PARTY_APPLICATION_MIN_MONTHS = 6;
/** Months a recommendation stays valid (domain.md §5 "valid for 2 years"). */
export const PARTY_RECOMMENDATION_VALID_MONTHS = 24;
/** Months of probation before a probationary member becomes a full member (党章第七条: 预备期为一年). */
export const PARTY_PROBATION_MONTHS = 12;

/** The Party's later steps after a recommendation, in order (domain.md §5). */
export const PARTY_STAGES = ["activist", "development_target", "probationary", "full"] as const;

/** A stage of {@link PARTY_STAGES}. */
export type PartyStage = (typeof PARTY_STAGES)[number];

/** Display labels of {@link PARTY_STAGES}. */
export const PARTY_STAGE_LABELS: Readonly<Record<PartyStage, Label>> = {
  activist: { zh: "入党积极分子", en: "Party activist" },
  development_target: { zh: "发展对象", en: "Development target" },
  probationary: { zh: "中共预备党员", en: "Probationary Party member" },
  full: { zh: "中共正式党员", en: "Full Party member" },
};

/** The political status (政治面貌 dictionary code) a stage puts on the member's record, if any. */
export const PARTY_STAGE_POLITICAL_STATUS: Readonly<
  Record<PartyStage, "probationary_party_member" | "party_member" | null>
> = {
  activist: null,
  development_target: null,
  probationary: "probationary_party_member",
  full: "party_member",
};

/** The branch meeting's figures as entered (POST /party-recommendations). */
export const partyRecommendationInputSchema = z.strictObject({
  memberId: idSchema("团员"),
  partyApplicationOn: isoDateSchema("递交入党申请书日期"),
  meetingHeldOn: isoDateSchema("支部大会日期"),
  rollCount: z
    .number({ error: "应到人数：应为正整数" })
    .int({ error: "应到人数：应为正整数" })
    .min(1, { error: "应到人数：应为正整数" })
    .max(10000, { error: "应到人数：不能超过10000" }),
  attendeesCount: z
    .number({ error: "实到人数：应为不小于0的整数" })
    .int({ error: "实到人数：应为不小于0的整数" })
    .min(0, { error: "实到人数：应为不小于0的整数" })
    .max(10000, { error: "实到人数：不能超过10000" }),
  votesFor: z
    .number({ error: "赞成票数：应为不小于0的整数" })
    .int({ error: "赞成票数：应为不小于0的整数" })
    .min(0, { error: "赞成票数：应为不小于0的整数" })
    .max(10000, { error: "赞成票数：不能超过10000" }),
});

/** Input of {@link partyRecommendationInputSchema}. */
export type PartyRecommendationInput = z.infer<typeof partyRecommendationInputSchema>;

/** A Party stage as recorded (POST /party-recommendations/{id}/party-stage). */
export const partyStageInputSchema = z.strictObject({
  stage: enumSchema("党内阶段", PARTY_STAGES),
  on: isoDateSchema("日期"),
});

/** The facts about a member that eligibility looks at. */
export interface PartyRecommendationCandidate {
  /** "YYYY-MM-DD" */
  birthDate: string;
  /** 入团时间 "YYYY-MM-DD", or null when not recorded. */
  joinedOn: string | null;
  /** Membership status (only `active` 正常 members are recommended). */
  status: string;
  /** 政治面貌 dictionary code; a Party member is not recommended again. */
  politicalStatus: string | null;
  /** Whether the member already has a live recommendation (in review or recommended and still valid). */
  hasLiveRecommendation: boolean;
}

/** What {@link assessPartyRecommendationEligibility} answers. */
export interface PartyRecommendationEligibility {
  /** Age in full years on the date, null when the birth date is after it. */
  age: number | null;
  /** Full years in the League on the date, null when the join date is unknown or later. */
  leagueYears: number | null;
  eligible: boolean;
  /** Every unmet condition at once, each naming the field, in Chinese. */
  problems: GuardFailure[];
}

function fullYearsBetween(from: string, to: string): number | null {
  return compareIsoDates(to, from) < 0 ? null : ageOn(from, to);
}

/**
 * Whether `candidate` may be recommended on `on` (the branch meeting's date), and why not: age 18–28
 * (field birthDate), ≥ 1 year in the League (joinedOn), an active member (status), not already in the
 * Party (politicalStatus), no live recommendation (memberId); and, when `partyApplicationOn` is given,
 * the application filed ≥ 6 months before (partyApplicationOn). Source: domain.md §5.
 */
export function assessPartyRecommendationEligibility(
  candidate: PartyRecommendationCandidate,
  on: string,
  partyApplicationOn?: string | null,
): PartyRecommendationEligibility {
  const problems: GuardFailure[] = [];
  const age = fullYearsBetween(candidate.birthDate, on);
  const leagueYears = candidate.joinedOn === null ? null : fullYearsBetween(candidate.joinedOn, on);
  if (age === null || age < PARTY_RECOMMENDATION_MIN_AGE || age > PARTY_RECOMMENDATION_MAX_AGE) {
    problems.push({
      code: "age_out_of_range",
      field: "memberId",
      message: `年龄：推优入党须年满${PARTY_RECOMMENDATION_MIN_AGE}周岁、不超过${PARTY_RECOMMENDATION_MAX_AGE}周岁（${on}时为${age ?? 0}周岁）`,
    });
  }
  if (
    candidate.joinedOn === null ||
    compareIsoDates(addMonths(candidate.joinedOn, PARTY_RECOMMENDATION_MIN_LEAGUE_MONTHS), on) > 0
  ) {
    problems.push({
      code: "league_too_short",
      field: "memberId",
      message:
        candidate.joinedOn === null
          ? "团龄：未记录入团时间，无法确认团龄满1年"
          : `团龄：推优入党须入团满1年（${candidate.joinedOn}入团，${addMonths(candidate.joinedOn, PARTY_RECOMMENDATION_MIN_LEAGUE_MONTHS)}起满1年）`,
    });
  }
  if (candidate.status !== "active") {
    problems.push({ code: "not_active", field: "memberId", message: "团员状态：只能推荐团籍正常的团员" });
  }
  if (
    candidate.politicalStatus === "party_member" ||
    candidate.politicalStatus === "probationary_party_member"
  ) {
    problems.push({ code: "already_party_member", field: "memberId", message: "政治面貌：该团员已是党员" });
  }
  if (candidate.hasLiveRecommendation) {
    problems.push({
      code: "already_recommended",
      field: "memberId",
      message: "推优入党：该团员已有审核中或有效期内的推优",
    });
  }
  if (partyApplicationOn !== undefined && partyApplicationOn !== null) {
    const earliest = addMonths(partyApplicationOn, PARTY_APPLICATION_MIN_MONTHS);
    if (compareIsoDates(earliest, on) > 0) {
      problems.push({
        code: "application_too_recent",
        field: "partyApplicationOn",
        message: `递交入党申请书日期：须在推优前满6个月（${partyApplicationOn}递交，${earliest}起方可推优）`,
      });
    }
  }
  return { age, leagueYears, eligible: problems.length === 0, problems };
}

/**
 * The branch general meeting that recommends (支部团员大会推优): `meetingHeldOn` not after `today`;
 * attendees ≤ roll, votes ≤ attendees; more than half of the roll present and more than half of
 * those present in favour (domain.md §3, the branch general meeting's vote). Every problem at once,
 * naming its field (rollCount, attendeesCount, votesFor, meetingHeldOn).
 */
export function partyRecommendationMeetingProblems(
  meeting: Pick<PartyRecommendationInput, "meetingHeldOn" | "rollCount" | "attendeesCount" | "votesFor">,
  today: string,
): GuardFailure[] {
  const problems: GuardFailure[] = [];
  if (compareIsoDates(meeting.meetingHeldOn, today) > 0) {
    problems.push({
      code: "meeting_in_future",
      field: "meetingHeldOn",
      message: "支部大会日期：不能晚于今天",
    });
  }
  if (meeting.attendeesCount > meeting.rollCount) {
    problems.push({
      code: "attendees_exceed_roll",
      field: "attendeesCount",
      message: `实到人数：${meeting.attendeesCount}人超过应到人数${meeting.rollCount}人`,
    });
  } else if (meeting.attendeesCount * 2 <= meeting.rollCount) {
    problems.push({
      code: "meeting_not_quorate",
      field: "attendeesCount",
      message: `实到人数：须超过应到人数的半数（应到${meeting.rollCount}人，实到${meeting.attendeesCount}人）`,
    });
  }
  if (meeting.votesFor > meeting.attendeesCount) {
    problems.push({
      code: "votes_exceed_attendees",
      field: "votesFor",
      message: `赞成票数：${meeting.votesFor}票超过实到人数${meeting.attendeesCount}人`,
    });
  } else if (meeting.votesFor * 2 <= meeting.attendeesCount) {
    problems.push({
      code: "vote_not_passed",
      field: "votesFor",
      message: `赞成票数：须超过实到人数的半数（实到${meeting.attendeesCount}人，赞成${meeting.votesFor}票）`,
    });
  }
  return problems;
}

/**
 * The last day a recommendation made on `recommendedOn` is valid: the day before its second
 * anniversary (2026-03-10 → 2028-03-09). Source: domain.md §5 "valid for 2 years".
 */
export function partyRecommendationValidUntil(recommendedOn: string): string {
  return addDays(addMonths(recommendedOn, PARTY_RECOMMENDATION_VALID_MONTHS), -1);
}

/** Whether a recommendation valid until `validUntil` has lapsed on `today` (no later stage recorded). */
export function isPartyRecommendationExpired(validUntil: string | null, today: string): boolean {
  return validUntil !== null && compareIsoDates(today, validUntil) > 0;
}

/** The stage after `current` (the last one recorded; null: none yet), or null after a full member. */
export function nextPartyStage(current: PartyStage | null): PartyStage | null {
  if (current === null) return PARTY_STAGES[0];
  return PARTY_STAGES[PARTY_STAGES.indexOf(current) + 1] ?? null;
}

/** A recommendation as {@link partyStageProblems} sees it: approved or not, its dates, its last stage. */
export interface PartyStageContext {
  /** Whether the committee approved it (state `recommended`). */
  approved: boolean;
  /** "YYYY-MM-DD": the branch meeting's date. */
  recommendedOn: string;
  /** "YYYY-MM-DD": the last valid day ({@link partyRecommendationValidUntil}). */
  validUntil: string;
  /** The last stage recorded, null when none yet. */
  current: PartyStage | null;
  /** "YYYY-MM-DD": the date of `current`, null when none. */
  currentOn: string | null;
}

/**
 * Whether `stage` may be recorded on `on` against `recommendation`: only once approved (field stage);
 * only the next stage in order (no skipping, no repeat; stage); not after `today`, not before the
 * previous stage (or the recommendation for the first; on); the first (积极分子) within the 2-year
 * validity (on); a full member only after a year of probation (党章第七条; on). Every problem at once.
 */
export function partyStageProblems(
  recommendation: PartyStageContext,
  stage: PartyStage,
  on: string,
  today: string,
): GuardFailure[] {
  if (!recommendation.approved) {
    return [
      { code: "not_recommended", field: "stage", message: "党内阶段：推优须经上级团委审核同意后方可登记" },
    ];
  }
  const next = nextPartyStage(recommendation.current);
  if (next !== stage) {
    return [
      {
        code: "stage_out_of_order",
        field: "stage",
        message:
          next === null
            ? "党内阶段：已登记为正式党员"
            : `党内阶段：须按顺序登记，下一步为“${PARTY_STAGE_LABELS[next].zh}”`,
      },
    ];
  }
  const problems: GuardFailure[] = [];
  const previousOn =
    recommendation.current === null ? recommendation.recommendedOn : recommendation.currentOn;
  const previousLabel =
    recommendation.current === null ? "推优日期" : PARTY_STAGE_LABELS[recommendation.current].zh;
  if (compareIsoDates(on, today) > 0) {
    problems.push({ code: "date_in_future", field: "on", message: "日期：不能晚于今天" });
  }
  if (previousOn !== null && compareIsoDates(on, previousOn) < 0) {
    problems.push({
      code: "date_out_of_order",
      field: "on",
      message: `日期：不能早于${previousLabel}日期（${previousOn}）`,
    });
  }
  if (stage === "activist" && compareIsoDates(on, recommendation.validUntil) > 0) {
    problems.push({
      code: "recommendation_expired",
      field: "on",
      message: `日期：推优有效期至${recommendation.validUntil}，已过期`,
    });
  }
  if (stage === "full" && recommendation.currentOn !== null) {
    const earliest = addMonths(recommendation.currentOn, PARTY_PROBATION_MONTHS);
    if (compareIsoDates(on, earliest) < 0) {
      problems.push({
        code: "probation_not_over",
        field: "on",
        message: `日期：预备期为一年，${earliest}起方可转为正式党员`,
      });
    }
  }
  return problems;
}
