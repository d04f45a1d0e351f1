import type { ReviewGrade } from "./annual-api";

/**
 * The submit checks of a branch's education review, shown live while the secretary grades (domain.md §5):
 * 优秀 at most 30% of the branch's roll, the review meeting attended by more than 2/3 of the roll, and
 * every member graded. The server decides on submit; these only tell the secretary before it does.
 */
export interface ReviewChecks {
  excellent: number;
  /** 优秀 / roll, 0–1 (0 for an empty roll). */
  excellentShare: number;
  excellentOk: boolean;
  attendanceOk: boolean;
  graded: number;
  allGraded: boolean;
  /** All three hold: the review may be submitted. */
  ok: boolean;
}

export function reviewChecks(
  grades: readonly (ReviewGrade | null | undefined)[],
  rollCount: number,
  attendeesCount: number | null | undefined,
): ReviewChecks {
  const excellent = grades.filter((grade) => grade === "excellent").length;
  const graded = grades.filter((grade) => grade !== null && grade !== undefined).length;
  const excellentShare = rollCount > 0 ? excellent / rollCount : 0;
  // Integers only: 优秀 × 10 ≤ roll × 3, attendees × 3 > roll × 2 (no rounding at the edges).
  const excellentOk = excellent * 10 <= rollCount * 3;
  const attendanceOk = (attendeesCount ?? 0) * 3 > rollCount * 2;
  const allGraded = graded === rollCount && rollCount > 0;
  return {
    excellent,
    excellentShare,
    excellentOk,
    attendanceOk,
    graded,
    allGraded,
    ok: excellentOk && attendanceOk && allGraded,
  };
}

/** A share as "23.3%". */
export function percentOf(share: number | null | undefined): string {
  return share === null || share === undefined ? "—" : `${(share * 100).toFixed(1)}%`;
}
