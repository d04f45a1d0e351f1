/**
 * The grade 评议等次 of a report-and-review 述职评议 result (domain.md §6: "results are graded, sent to
 * the Party organization department, and tied to awards and promotion").
 *
 * Source of the thresholds: domain.md §6 does not fix them. These are the four grades 好 / 较好 / 一般 /
 * 差 of the Party's own 述职评议考核 of grassroots secretaries, on the hundred-point scale used by the
 * star rating of the same section (≥ 90 the top band, below 60 failing); a province that grades
 * otherwise changes this table only. The mean is taken as a percent of the session's scale, so a
 * ten-point session grades 9.0 as 好.
 */

/** Grades, best first (review_result.grade holds the code). */
export const REVIEW_GRADES = [
  { code: "excellent", zh: "好", minimumPercent: 90 },
  { code: "good", zh: "较好", minimumPercent: 80 },
  { code: "fair", zh: "一般", minimumPercent: 60 },
  { code: "poor", zh: "差", minimumPercent: 0 },
] as const;

/** A grade code (see {@link REVIEW_GRADES}). */
export type ReviewGrade = (typeof REVIEW_GRADES)[number]["code"];

/** Chinese label of a grade code ("excellent" → "好"). */
export function reviewGradeLabel(grade: ReviewGrade): string {
  return REVIEW_GRADES.find((each) => each.code === grade)?.zh ?? grade;
}

/**
 * The grade of a mean score `mean` on a scale of 0..`scaleMax`: the first grade of
 * {@link REVIEW_GRADES} whose minimum percent the mean reaches (89.99 of 100 → 较好). Null without a
 * mean (nobody scored the reporter).
 */
export function gradeOfMean(mean: number | null, scaleMax: number): ReviewGrade | null {
  if (mean === null || scaleMax <= 0) return null;
  const percent = (mean * 100) / scaleMax;
  // Two-decimal means: compare with a small tolerance so 9.0 of 10 is exactly 90 %.
  const found = REVIEW_GRADES.find((grade) => percent + 1e-9 >= grade.minimumPercent);
  return found ? found.code : "poor";
}
