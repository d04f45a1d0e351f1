import { DomainError } from "../errors";

/**
 * Report-and-review 述职评议 (domain.md §6; issue 13 part 4): once a year the secretaries of a
 * committee's subtree report, youth representatives score each of them on a phone page reached by a
 * one-time link, the results are graded and sent to the Party organization department.
 *
 * A session moves draft → open → closed (a data table, {@link REVIEW_SESSION_TRANSITIONS}): reporters
 * and links are prepared in draft (links may also be added while open), scores are taken only while
 * open, closing computes the results and freezes them.
 */

/** States of a review session (review_session.status). */
export const REVIEW_SESSION_STATES = ["draft", "open", "closed"] as const;

/** A state of a review session (see {@link REVIEW_SESSION_STATES}). */
export type ReviewSessionState = (typeof REVIEW_SESSION_STATES)[number];

/** Display labels of {@link REVIEW_SESSION_STATES}. */
export const REVIEW_SESSION_STATE_LABELS: Readonly<Record<ReviewSessionState, string>> = {
  draft: "准备中",
  open: "评议中",
  closed: "已结束",
};

/** Actions on a review session. */
export type ReviewSessionAction = "open" | "close";

/** The allowed transitions: action → from → to. Every other pair is refused. */
export const REVIEW_SESSION_TRANSITIONS: readonly {
  action: ReviewSessionAction;
  from: ReviewSessionState;
  to: ReviewSessionState;
}[] = [
  { action: "open", from: "draft", to: "open" },
  { action: "close", from: "open", to: "closed" },
];

/**
 * The state after `action` from `from`.
 * @throws DomainError 409 review_session_state naming the current state (e.g. closing a draft,
 * opening a closed session).
 */
export function nextReviewSessionState(
  from: ReviewSessionState,
  action: ReviewSessionAction,
): ReviewSessionState {
  const found = REVIEW_SESSION_TRANSITIONS.find((each) => each.action === action && each.from === from);
  if (!found) {
    throw new DomainError(
      "review_session_state",
      `述职评议：当前状态为“${REVIEW_SESSION_STATE_LABELS[from]}”，不能${action === "open" ? "开始评议" : "结束评议"}`,
      { status: 409, field: "status" },
    );
  }
  return found.to;
}

/** Default top of the scoring scale (review_session.scale_max defaults to 100: a hundred-point scale). */
export const DEFAULT_REVIEW_SCALE_MAX = 100;

/** Largest scale a session may choose (scores are smallint). */
export const MAX_REVIEW_SCALE_MAX = 1000;

/** A reporter as the scoring page and its checks know them. */
export interface ReviewReporterRef {
  id: number;
  name: string;
}

/** One score of a submission. */
export interface SubmittedScore {
  reporterId: number;
  score: number;
}

/**
 * Checks one link's submission 提交评分: exactly one score for every reporter of the session, each a
 * whole number within 0..`scaleMax`. A link submits once, for all reporters (issue 13 part 4).
 * @returns the scores in the reporters' order.
 * @throws DomainError 400 naming the field `scores.{index}.score` and the reporter by name for a score
 * outside the scale; `scores` for a missing, unknown or repeated reporter.
 */
export function checkReviewSubmission(
  reporters: readonly ReviewReporterRef[],
  scores: readonly SubmittedScore[],
  scaleMax: number,
): SubmittedScore[] {
  const byId = new Map(reporters.map((reporter) => [reporter.id, reporter]));
  const seen = new Set<number>();
  for (const [index, entry] of scores.entries()) {
    const reporter = byId.get(entry.reporterId);
    if (!reporter) {
      throw new DomainError("unknown_reporter", "评分：含有不属于本次述职评议的述职人", {
        status: 400,
        field: `scores.${index}.reporterId`,
      });
    }
    if (seen.has(entry.reporterId)) {
      throw new DomainError("duplicate_score", `评分：对${reporter.name}的评分重复`, {
        status: 400,
        field: `scores.${index}.reporterId`,
      });
    }
    seen.add(entry.reporterId);
    if (!Number.isInteger(entry.score) || entry.score < 0 || entry.score > scaleMax) {
      throw new DomainError(
        "score_out_of_scale",
        `评分：对${reporter.name}的评分应为0到${scaleMax}之间的整数`,
        { status: 400, field: `scores.${index}.score` },
      );
    }
  }
  const missing = reporters.filter((reporter) => !seen.has(reporter.id));
  if (missing.length > 0) {
    throw new DomainError(
      "scores_incomplete",
      `评分：请为每位述职人打分，尚未打分：${missing.map((reporter) => reporter.name).join("、")}`,
      { status: 400, field: "scores" },
    );
  }
  const scoreOf = new Map(scores.map((entry) => [entry.reporterId, entry.score]));
  return reporters.map((reporter) => ({
    reporterId: reporter.id,
    score: scoreOf.get(reporter.id) as number,
  }));
}

/** One reporter's tally: how many scored them, the sum, the mean (two decimals; null before any score). */
export interface ReporterTally {
  reporterId: number;
  count: number;
  sum: number;
  mean: number | null;
}

/** The mean `sum / count` rounded half up to two decimals; null when `count` is 0. */
export function meanScore(sum: number, count: number): number | null {
  if (count === 0) return null;
  return Math.round((sum * 100) / count) / 100;
}

/**
 * The tally 计票 of a session: per reporter (in the given order) the number of scores, their sum and
 * mean. The reference for the server's SQL tally (count, sum grouped by reporter).
 */
export function tallyReviewScores(
  reporterIds: readonly number[],
  scores: readonly SubmittedScore[],
): ReporterTally[] {
  const sums = new Map<number, { count: number; sum: number }>();
  for (const entry of scores) {
    const current = sums.get(entry.reporterId) ?? { count: 0, sum: 0 };
    sums.set(entry.reporterId, { count: current.count + 1, sum: current.sum + entry.score });
  }
  return reporterIds.map((reporterId) => {
    const { count, sum } = sums.get(reporterId) ?? { count: 0, sum: 0 };
    return { reporterId, count, sum, mean: meanScore(sum, count) };
  });
}

/** Length of a scoring link's token: 24 random bytes as base64url (192 bits, not guessable). */
export const REVIEW_TOKEN_LENGTH = 32;

/** A scoring link's token as it appears in the link (base64url, {@link REVIEW_TOKEN_LENGTH} characters). */
export const REVIEW_TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;

/** The token of `random` (at least 24 bytes) as base64url: what the link and its QR code carry. */
export function reviewTokenFrom(random: Uint8Array): string {
  if (random.length < 24) throw new Error("reviewTokenFrom: too few random bytes");
  let binary = "";
  for (const byte of random.slice(0, 24)) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_");
}
