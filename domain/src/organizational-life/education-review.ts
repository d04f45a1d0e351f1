import { compareIsoDates } from "../dates/iso-date";
import type { Label } from "../dictionaries/dictionary";

/**
 * 团员教育评议 — the yearly education review (domain.md §5; issue 12 part 2): every member of a branch
 * writes a self-assessment and is graded 优秀 / 合格 / 基本合格 / 不合格 at a branch meeting that more
 * than 2/3 of the roll attends; 优秀 goes to at most 30% of the branch's graded members; the committee
 * above approves and the grades go to each member's archive. Pure: no I/O, no clock.
 */

/** Grades of the review, best first (domain.md §5). */
export const EDUCATION_REVIEW_GRADES = [
  "excellent",
  "qualified",
  "basically_qualified",
  "unqualified",
] as const;

/** A grade of {@link EDUCATION_REVIEW_GRADES}. */
export type EducationReviewGrade = (typeof EDUCATION_REVIEW_GRADES)[number];

/** Display labels of {@link EDUCATION_REVIEW_GRADES}. */
export const EDUCATION_REVIEW_GRADE_LABELS: Readonly<Record<EducationReviewGrade, Label>> = {
  excellent: { zh: "优秀", en: "Excellent" },
  qualified: { zh: "合格", en: "Qualified" },
  basically_qualified: { zh: "基本合格", en: "Basically qualified" },
  unqualified: { zh: "不合格", en: "Unqualified" },
};

/** The largest share of a branch's graded members who may be graded 优秀 (domain.md §5: at most 30%). */
export const EXCELLENT_SHARE_LIMIT = 0.3;

/**
 * The most 优秀 grades among `gradedMembers` (a count): ⌊30% × n⌋, rounded DOWN so the share never
 * exceeds 30% — 10 members → 3, 7 → 2 (2.1), 3 → 0 (0.9: a branch needs 4 graded members for one 优秀).
 */
export function excellentLimit(gradedMembers: number): number {
  return Math.floor(gradedMembers * EXCELLENT_SHARE_LIMIT + 1e-9);
}

/** The share of 优秀 among the graded (0–1; 0 when none graded), for lists. */
export function excellentShare(excellent: number, gradedMembers: number): number {
  return gradedMembers === 0 ? 0 : excellent / gradedMembers;
}

/**
 * Whether `attendees` of a roll of `rollCount` members is "more than 2/3 attending" (domain.md §5):
 * strictly more, compared in integers (3 × attendees > 2 × roll) — 9 of 12 yes, 8 of 12 no (exactly 2/3).
 */
export function hasReviewQuorum(attendees: number, rollCount: number): boolean {
  return rollCount > 0 && attendees * 3 > rollCount * 2;
}

/** A problem of a review, naming the request field it concerns and a Chinese message. */
export interface EducationReviewProblem {
  field: string;
  message: string;
}

/** What submitting a branch's review checks. */
export interface EducationReviewSubmission {
  /** The date of the branch meeting (YYYY-MM-DD) or null when not recorded. */
  meetingHeldOn: string | null;
  /** Members on the branch roll at the meeting. */
  rollCount: number;
  /** Members attending the meeting, or null when not recorded. */
  attendeesCount: number | null;
  /** Each roll member's grade (null = not graded yet), with their name for the message. */
  grades: readonly { name: string; grade: EducationReviewGrade | null }[];
  /** Today in China (YYYY-MM-DD): the meeting may not be in the future. */
  today: string;
}

/** Why an attendance count is refused, or null: a whole number between 0 and the roll. */
export function attendeesCountProblem(attendees: number, rollCount: number): EducationReviewProblem | null {
  if (!Number.isInteger(attendees) || attendees < 0 || attendees > rollCount)
    return {
      field: "attendeesCount",
      message: `到会人数：应为0到${rollCount}之间的整数（支部共${rollCount}名团员）`,
    };
  return null;
}

/**
 * Every reason a branch review may not be submitted (domain.md §5; issue 12 "bad input": a review
 * with 优秀 over 30% or the meeting under 2/3): the meeting recorded and not in the future, more than
 * 2/3 of the roll attending, every member graded, 优秀 ≤ {@link excellentLimit}. Empty when it may.
 */
export function reviewSubmissionProblems(input: EducationReviewSubmission): EducationReviewProblem[] {
  const problems: EducationReviewProblem[] = [];
  if (input.meetingHeldOn === null)
    problems.push({ field: "meetingHeldOn", message: "评议大会日期：请填写支部团员大会的日期" });
  else if (compareIsoDates(input.meetingHeldOn, input.today) > 0)
    problems.push({ field: "meetingHeldOn", message: "评议大会日期：不能晚于今天" });
  if (input.rollCount === 0) problems.push({ field: "grades", message: "评议名单：支部没有团员" });
  if (input.attendeesCount === null)
    problems.push({ field: "attendeesCount", message: "到会人数：请填写评议大会的到会人数" });
  else if (!hasReviewQuorum(input.attendeesCount, input.rollCount))
    problems.push({
      field: "attendeesCount",
      message: `到会人数：评议大会须超过应到人数的三分之二（应到${input.rollCount}人，实到${input.attendeesCount}人）`,
    });
  const ungraded = input.grades.filter((row) => row.grade === null);
  if (ungraded.length > 0)
    problems.push({
      field: "grades",
      message: `评议等次：还有${ungraded.length}名团员未评定（${ungraded
        .slice(0, 5)
        .map((row) => row.name)
        .join("、")}${ungraded.length > 5 ? "等" : ""}）`,
    });
  const graded = input.grades.length - ungraded.length;
  const excellent = input.grades.filter((row) => row.grade === "excellent").length;
  const limit = excellentLimit(graded);
  if (excellent > limit)
    problems.push({
      field: "grades",
      message: `评议等次：优秀不得超过参评团员的30%（参评${graded}人，最多${limit}名优秀，现评${excellent}名）`,
    });
  return problems;
}

/** Counts of each grade (for campaign progress and the grade distribution indicator). */
export type EducationReviewGradeCounts = Record<EducationReviewGrade, number>;

/** Counts the grades of a list (null grades are not counted). */
export function countGrades(grades: readonly (EducationReviewGrade | null)[]): EducationReviewGradeCounts {
  const counts: EducationReviewGradeCounts = {
    excellent: 0,
    qualified: 0,
    basically_qualified: 0,
    unqualified: 0,
  };
  for (const grade of grades) if (grade !== null) counts[grade] += 1;
  return counts;
}
