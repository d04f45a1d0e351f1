import { checkReviewSubmission, DomainError } from "@tuanwu/domain";
import type { Database } from "../../db/database";
import { HttpError } from "../../lib/http-errors";
import { recordAudit } from "../audit/audit.service";
import {
  claimLink,
  findLinkByHash,
  findReporters,
  insertScores,
  lockSessionForScoring,
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
  const link = await findLinkByHash(db, hashReviewToken(token));
  if (!link) throw linkNotFound();
  const reporters = await findReporters(db, link.sessionId);
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

/**
 * POST /public/review/{token}/scores: the link's one submission — a score in 0..scale for every
 * reporter — in one transaction: `update review_link set used_at = now() where token_hash = $1 and
 * used_at is null returning …` claims the link (a concurrent or second submission finds nothing),
 * the session is read under KEY SHARE (a close waits for it; one that closed first is seen), the
 * scores are checked and inserted, one audit entry. Any refusal rolls back: the link stays unused.
 * Errors: 404 review_link_not_found; 409 review_link_used (second submission), review_session_closed,
 * review_session_not_open; 400 naming scores.{i}.score and the reporter for a score outside the scale,
 * scores for a missing reporter.
 * @returns how many scores were recorded.
 */
export async function submitPublicScores(
  db: Database,
  token: string,
  scores: readonly { reporterId: number; score: number }[],
): Promise<{ recorded: number; message: string }> {
  const tokenHash = hashReviewToken(token);
  const outcome = await db.transaction(async (tx) => {
    const claimed = await claimLink(tx, tokenHash);
    if (!claimed) return null;
    const session = await lockSessionForScoring(tx, claimed.sessionId);
    if (!session) return null;
    if (session.status === "closed") throw closedError();
    if (session.status !== "open") throw notOpenError();
    const checked = checkReviewSubmission(session.reporters, scores, session.scaleMax);
    await insertScores(tx, claimed.sessionId, claimed.linkId, checked);
    await recordAudit(tx, PHONE_SCORER, {
      action: "review_session.score",
      entityType: "review_session",
      entityId: claimed.sessionId,
      organizationId: session.organizationId,
      detail: { reporters: checked.length },
    });
    return checked.length;
  });
  if (outcome === null) {
    // Nothing was claimed: explain why, after the (empty) transaction.
    const link = await findLinkByHash(db, tokenHash);
    if (!link) throw linkNotFound();
    if (link.status === "closed") throw closedError();
    throw alreadySubmitted();
  }
  return { recorded: outcome, message: "评分已提交，感谢您的参与 / thank you, your scores are recorded" };
}
