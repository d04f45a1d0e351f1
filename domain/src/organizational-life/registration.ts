import { addMonths, compareIsoDates } from "../dates/iso-date";
import type { Label } from "../dictionaries/dictionary";
import type { EducationReviewGrade } from "./education-review";

/**
 * 团籍注册 — the yearly registration (domain.md §5; issue 12 part 3): open to members graded 基本合格
 * or better in the year's education review; 暂缓注册 (deferred) lasts 3–6 months and needs a reason;
 * a member unregistered for over a year lapses (the lapse work list). Pure: no I/O, no clock.
 */

/** Outcomes of a member's registration in a campaign. */
export const REGISTRATION_STATUSES = ["registered", "deferred", "unregistered"] as const;

/** A status of {@link REGISTRATION_STATUSES}. */
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** Display labels of {@link REGISTRATION_STATUSES}. */
export const REGISTRATION_STATUS_LABELS: Readonly<Record<RegistrationStatus, Label>> = {
  registered: { zh: "已注册", en: "Registered" },
  deferred: { zh: "暂缓注册", en: "Deferred" },
  unregistered: { zh: "不予注册", en: "Not registered" },
};

/** The grades that may register (domain.md §5: 基本合格 and better). */
export const REGISTRABLE_GRADES: readonly EducationReviewGrade[] = [
  "excellent",
  "qualified",
  "basically_qualified",
];

/** Shortest and longest deferral 暂缓注册, in months (domain.md §5: 3–6 months). */
export const DEFERRAL_MONTHS = { min: 3, max: 6 } as const;

/** Months unregistered after which a member lapses onto the work list (domain.md §5: over a year). */
export const UNREGISTERED_LAPSE_MONTHS = 12;

/** A problem of a registration decision: the request field and a Chinese message. */
export interface RegistrationProblem {
  field: string;
  message: string;
}

/**
 * Why a member may not be registered, or null: the year's approved review grade must be 基本合格 or
 * better; without a grade (not reviewed, or the review not yet approved) the member may not register.
 * The message names the member.
 */
export function registrationEligibilityProblem(
  name: string,
  grade: EducationReviewGrade | null,
): string | null {
  if (grade === null) return `${name}：尚无本年度经审批的教育评议等次，暂不能注册`;
  if (!REGISTRABLE_GRADES.includes(grade))
    return `${name}：教育评议等次为不合格，不能注册（基本合格及以上方可注册）`;
  return null;
}

/**
 * Why a deferral is refused, or null: a reason, and an end date 3 to 6 months (inclusive, calendar
 * months via addMonths) after the decision date `decidedOn` — decided 2026-03-15: 2026-06-15 to
 * 2026-09-15.
 */
export function deferralProblem(
  decidedOn: string,
  deferredUntil: string | null,
  reason: string | null,
): RegistrationProblem | null {
  if (deferredUntil === null)
    return { field: "deferredUntil", message: "暂缓截止日期：暂缓注册须填写截止日期" };
  const earliest = addMonths(decidedOn, DEFERRAL_MONTHS.min);
  const latest = addMonths(decidedOn, DEFERRAL_MONTHS.max);
  if (compareIsoDates(deferredUntil, earliest) < 0 || compareIsoDates(deferredUntil, latest) > 0)
    return {
      field: "deferredUntil",
      message: `暂缓截止日期：暂缓注册期限为3至6个月（应在${earliest}至${latest}之间）`,
    };
  if (reason === null || reason.trim() === "")
    return { field: "reason", message: "暂缓原因：暂缓注册须说明原因" };
  return null;
}

/** One registration decision to check. */
export interface RegistrationDecision {
  status: RegistrationStatus;
  /** The member's name, for the message. */
  name: string;
  /** The member's approved review grade of the campaign's year, or null. */
  grade: EducationReviewGrade | null;
  deferredUntil: string | null;
  reason: string | null;
  /** The decision date (today in China). */
  decidedOn: string;
}

/**
 * Why a registration decision is refused, or null (issue 12 "bad input": registering a 不合格 member;
 * deferral outside 3–6 months): registered needs an eligible grade; deferred needs a date in 3–6
 * months and a reason; unregistered (不予注册) needs a reason.
 */
export function registrationDecisionProblem(decision: RegistrationDecision): RegistrationProblem | null {
  if (decision.status === "registered") {
    const problem = registrationEligibilityProblem(decision.name, decision.grade);
    return problem ? { field: "status", message: `注册状态：${problem}` } : null;
  }
  if (decision.status === "deferred")
    return deferralProblem(decision.decidedOn, decision.deferredUntil, decision.reason);
  if (decision.reason === null || decision.reason.trim() === "")
    return { field: "reason", message: "原因：不予注册须说明原因" };
  return null;
}

/**
 * Whether a member unregistered since `unregisteredSince` (the date of the first decision not to
 * register after their last registration — a deferral counts from its end date) has lapsed on
 * `today`: more than {@link UNREGISTERED_LAPSE_MONTHS} months since (domain.md §5).
 */
export function isUnregisteredOverAYear(unregisteredSince: string, today: string): boolean {
  return compareIsoDates(addMonths(unregisteredSince, UNREGISTERED_LAPSE_MONTHS), today) < 0;
}
