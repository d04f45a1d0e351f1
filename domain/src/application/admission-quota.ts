import type { SchoolLevel } from "../indicators/indicator-definition";
import type { GuardWarning } from "../workflow/workflow";

/**
 * Total-quantity control and number management (总量控制, 编号管理; domain.md §3, issue 10 parts 4–5):
 * yearly admission quotas allotted down the tree, member numbers issued only inside a quota, and the
 * ratio caps an approver is warned about. The server keeps the invariants in the database (a row lock
 * on the quota, a unique index on the number); these are the rules and figures.
 */

/** A quota's figures for one organization and year (名额). */
export interface QuotaFigures {
  /** Admissions allotted to the organization for the year. */
  amount: number;
  /** Numbers already issued against it (admissions approved by the organization itself or below it without a quota of their own). */
  used: number;
  /** Quota passed on to child organizations (下达). */
  subAllotted: number;
}

/** Admissions still available directly from a quota: amount − used − sub-allotted (never below 0). */
export function quotaAvailable(quota: QuotaFigures): number {
  return Math.max(0, quota.amount - quota.used - quota.subAllotted);
}

/**
 * Whether a child's allotment may change from `previousAmount` to `newAmount` under its parent's quota
 * (sub-allotment 分配, or reclaiming 回收 when smaller): it must not exceed what the parent has left plus
 * what the child already held, nor fall below what the child has used or passed on itself.
 *
 * @returns a Chinese message naming the field "amount", or null when it fits.
 */
export function allotmentProblem(
  parent: QuotaFigures,
  child: QuotaFigures & { previousAmount: number },
  newAmount: number,
): string | null {
  if (!Number.isInteger(newAmount) || newAmount < 0) return "名额：应为不小于0的整数";
  const ceiling = quotaAvailable(parent) + child.previousAmount;
  if (newAmount > ceiling) return `名额：上级可分配名额不足（最多可分配${ceiling}个）`;
  const floor = child.used + child.subAllotted;
  if (newAmount < floor) return `名额：不能少于已使用和已下达的${floor}个`;
  return null;
}

/** Unused quota a committee may reclaim from a child (未使用名额回收): amount − used − sub-allotted. */
export function reclaimableQuota(child: QuotaFigures): number {
  return quotaAvailable(child);
}

/** Largest sequence of a year and county: member numbers carry six digits of sequence. */
export const MEMBER_NUMBER_SEQUENCE_MAX = 999_999;

/**
 * A member number (团员编号) issued from the annual quota: the year (4 digits), the county's division code
 * (6 digits) and a sequence within that year and county (6 digits) — 16 digits, e.g. 2026510821000042.
 * Unique by construction once the (year, county, sequence) triple is unique; fits the registry's 8–20
 * digits (member-record MEMBER_NUMBER_PATTERN).
 *
 * @throws RangeError for a year outside 2000–2099, a division code that is not 6 digits, or a sequence
 *   outside 1 … {@link MEMBER_NUMBER_SEQUENCE_MAX}.
 */
export function formatMemberNumber(year: number, countyDivisionCode: string, sequence: number): string {
  if (!Number.isInteger(year) || year < 2000 || year > 2099)
    throw new RangeError(`year out of range: ${year}`);
  if (!/^\d{6}$/.test(countyDivisionCode)) throw new RangeError(`county division code must be 6 digits`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MEMBER_NUMBER_SEQUENCE_MAX) {
    throw new RangeError(`sequence out of range: ${sequence}`);
  }
  return `${year}${countyDivisionCode}${String(sequence).padStart(6, "0")}`;
}

/**
 * Caps of 团学比 (members / students, percent) for graduating classes: junior high ≤ 30%, senior high
 * ≤ 60% (中学共青团改革实施方案; domain.md §3). Other levels have no cap.
 */
export const GRADUATING_CLASS_RATIO_CAPS: Readonly<Partial<Record<SchoolLevel, number>>> = {
  junior_secondary: 30,
  senior_secondary: 60,
};

/** Cap of 团青比 (members / youth aged 14–28, percent): 30% (Henan plan; domain.md §3). */
export const YOUTH_RATIO_CAP = 30;

/** The figures an admission's ratio warnings look at; a null denominator was not entered. */
export interface AdmissionRatioFigures {
  /** The school's level and whether the applicant's class graduates this school year; null outside schools. */
  school: {
    name: string;
    level: SchoolLevel;
    graduatingClass: boolean;
    members: number;
    students: number | null;
  } | null;
  /** The county's members and youth population (团青比). */
  county: { name: string; members: number; youthPopulation: number | null };
}

/**
 * The warnings an approver must acknowledge when one more admission would put a ratio above its cap
 * (issue 10 part 5): the graduating class's 团学比 against {@link GRADUATING_CLASS_RATIO_CAPS}, the
 * county's 团青比 against {@link YOUTH_RATIO_CAP}. Ratios are after the admission, in percent to 0.1.
 */
export function admissionRatioWarnings(figures: AdmissionRatioFigures): GuardWarning[] {
  const warnings: GuardWarning[] = [];
  const school = figures.school;
  if (school?.graduatingClass && school.students !== null && school.students > 0) {
    const cap = GRADUATING_CLASS_RATIO_CAPS[school.level];
    const ratio = percentOf(school.members + 1, school.students);
    if (cap !== undefined && ratio > cap) {
      warnings.push({
        code: "student_ratio_above_cap",
        message: `${school.name}毕业年级团学比将达${ratio}%，超过${cap}%的上限`,
      });
    }
  }
  const county = figures.county;
  if (county.youthPopulation !== null && county.youthPopulation > 0) {
    const ratio = percentOf(county.members + 1, county.youthPopulation);
    if (ratio > YOUTH_RATIO_CAP) {
      warnings.push({
        code: "youth_ratio_above_cap",
        message: `${county.name}团青比将达${ratio}%，超过${YOUTH_RATIO_CAP}%的上限`,
      });
    }
  }
  return warnings;
}

function percentOf(numerator: number, denominator: number): number {
  return Math.round((numerator / denominator) * 1000) / 10;
}
