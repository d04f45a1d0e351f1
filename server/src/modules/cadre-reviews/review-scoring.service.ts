import { checkReviewSubmission, DomainError } from "@tuanwu/domain";
import type { Database } from "../../db/database";
import { HttpError } from "../../lib/http-errors";
import {
  countyOfLinkHash,
  findLinkByHash,
  findLinkScores,
  findReporters,
  lockSessionForScoring,
  submitScoresOnce,
} from "./cadre-reviews.repository";
import { hashReviewToken, postLabelOf } from "./cadre-reviews.service";

/**
 * Phone scoring 扫码评分 of report-and-review 述职评议 (issue 13 part 4): no account — the one-time link
 * is the credential. A representative sees the session and its reporters, never anyone's scores, and
 * submits once a score for every reporter. Anonymous: scores are tied to the link, not to a person,
 * and the audit entry names neither the link nor the scores.
 */

/** Who the audit names for a phone submission. */
const PHONE_SCORER = { userId: null, username: "扫码评分" };

function linkNotFound(): HttpError {
  return new HttpError(
    404,
    "review_link_not_found",
    "评分链接无效，请向工作人员重新领取 / unknown scoring link",
    "token",
  );
}

function closedError(): DomainError {
  return new DomainError("review_session_closed", "本次述职评议已结束，不能再评分 / the review has closed", {
    status: 409,
  });
}

function notOpenError(): DomainError {
  return new DomainError("review_session_not_open", "述职评议尚未开始，请在会议开始后再评分 / not open yet", {
    status: 409,
  });
}

function alreadySubmitted(): DomainError {
  return new DomainError(
    "review_link_used",
    "此评分链接已提交过评分，每个链接只能提交一次 / already submitted",
    {
      status: 409,
    },
  );
}

/**
 * GET /public/review/{token}: the session's title, organization, year, scale, status, whether this
 * link was used, and the reporters (name, post, organization) — nothing else. 404 for an unknown token.
 */
export async function getPublicReview(db: Database, token: string) {
  const tokenHash = hashReviewToken(token);
  const link = await findLinkByHash(db, tokenHash, await countyOfLinkHash(db, tokenHash));
  if (!link) throw linkNotFound();
  const reporters = await findReporters(db, link.countyId, link.sessionId);
  return {
    title: link.title,
    organizationName: link.organizationName,
    year: link.year,
    scaleMax: link.scaleMax,
    status: link.status,
    submitted: link.used,
    reporters: reporters.map((reporter) => ({
      id: reporter.id,
      sequence: reporter.sequence,
      name: reporter.name,
      postLabel: postLabelOf(reporter.post),
      organizationName: reporter.organizationName,
    })),
  };
}

/** The success message of a submission (the first answer and its replays alike). */
const RECORDED_MESSAGE = "评分已提交，感谢您的参与 / thank you, your scores are recorded";

/**
 * Whether `scores` are exactly the scores the link recorded (same reporters, same scores, same count):
 * a repeat of the link's own submission — a phone retrying after its connection was reset, or a
 * double tap — as opposed to a different, second submission.
 */
function sameSubmission(
  recorded: readonly { reporterId: number; score: number }[],
  scores: readonly { reporterId: number; score: number }[],
): boolean {
  if (recorded.length === 0 || recorded.length !== scores.length) return false;
  if (new Set(scores.map((entry) => entry.reporterId)).size !== scores.length) return false;
  const byReporter = new Map(recorded.map((entry) => [entry.reporterId, entry.score]));
  return scores.every((entry) => byReporter.get(entry.reporterId) === entry.score);
}

/**
 * POST /public/review/{token}/scores: the link's one submission — a score in 0..scale for every
 * reporter — after the link's county by its token's hash (county_locator; migration
 * 0055_review_session_county: one shard on Citus), as ONE statement naming that county (submitScoresOnce: session under KEY SHARE, the scores checked, the link
 * claimed by `update review_link set used_at = now() where … used_at is null`, score rows and the audit
 * entry inserted, or nothing): one round trip, no transaction block, no retry. A concurrent or second
 * submission of the link claims nothing. When nothing was recorded, the refusal is explained after
 * the fact (findLinkByHash, then the domain's checkReviewSubmission for the scores).
 *
 * Idempotent for the link's own submission: a repeat whose scores equal the ones the link recorded
 * (the phone's retry after a lost answer — a connection reset — or a double tap) is answered as a
 * success with the original result (`replayed: true`, the route answers 200), whatever the session's
 * state since; nothing is written again. The one-time link is the credential, so its holder may learn
 * that these are its recorded scores and nothing else. A submission with other scores stays 409.
 * Errors: 404 review_link_not_found; 409 review_link_used (second, different submission),
 * review_session_closed, review_session_not_open; 400 naming scores.{i}.score and the reporter for a
 * score outside the scale, scores for a missing reporter.
 * @returns how many scores were recorded, and whether this answer replays an earlier submission.
 */
export async function submitPublicScores(
  db: Database,
  token: string,
  scores: readonly { reporterId: number; score: number }[],
): Promise<{ recorded: number; message: string; replayed: boolean }> {
  const tokenHash = hashReviewToken(token);
  const wholeNumbers = scores.every(
    (entry) => Number.isSafeInteger(entry.score) && Number.isSafeInteger(entry.reporterId),
  );
  const submittable = wholeNumbers && scores.length > 0;
  // The link's county by its hash (county_locator: one shard on Citus); the submission names it.
  const located = await countyOfLinkHash(db, tokenHash);
  let recorded =
    submittable && located !== 0
      ? await submitScoresOnce(db, located, tokenHash, scores, PHONE_SCORER.username)
      : 0;
  if (recorded > 0) return { recorded, message: RECORDED_MESSAGE, replayed: false };
  // Nothing was recorded: a repeat of the link's own submission, or explain why (nothing was written).
  const link = await findLinkByHash(db, tokenHash, located);
  if (!link) throw linkNotFound();
  if (submittable && link.countyId !== located) {
    // A link not where its location points (another hash's location, or none): submitted in its county.
    recorded = await submitScoresOnce(db, link.countyId, tokenHash, scores, PHONE_SCORER.username);
    if (recorded > 0) return { recorded, message: RECORDED_MESSAGE, replayed: false };
  }
  if (link.used || link.countyId !== located) {
    const original = await findLinkScores(db, link.countyId, link.linkId);
    if (sameSubmission(original, scores)) {
      return { recorded: original.length, message: RECORDED_MESSAGE, replayed: true };
    }
  }
  if (link.status === "closed") throw closedError();
  if (link.used) throw alreadySubmitted();
  if (link.status !== "open") throw notOpenError();
  const session = await lockSessionForScoring(db, link.countyId, link.sessionId);
  checkReviewSubmission(session?.reporters ?? [], scores, link.scaleMax);
  // The scores fit now: the link was claimed, or the session changed, in between.
  throw alreadySubmitted();
}
