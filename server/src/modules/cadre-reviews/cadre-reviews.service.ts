import { createHash, randomBytes } from "node:crypto";
import {
  CADRE_POST_LABELS,
  DomainError,
  gradeOfMean,
  isCadrePost,
  meanScore,
  nextReviewSessionState,
  REVIEW_SESSION_STATE_LABELS,
  type ReviewGrade,
  reviewGradeLabel,
  reviewLetterNumber,
  reviewTokenFrom,
} from "@tuanwu/domain";
import { countyOfOrganization } from "../../db/county";
import type { Database, Executor } from "../../db/database";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import {
  countLinks,
  countyOfReviewSession,
  findCadreFacts,
  findCadreResults,
  findReporters,
  findResults,
  findSession,
  findSessionsUnder,
  insertLinks,
  insertResults,
  insertSession,
  type ReporterRow,
  type SessionRow,
  setSessionStatus,
  tallyScores,
} from "./cadre-reviews.repository";

/**
 * Report-and-review 述职评议 for staff (domain.md §6; issue 13 part 4): sessions held by a committee,
 * their reporters (cadres of its subtree holding a post), one-time scoring links (tokens shown once,
 * only their sha256 kept), the live tally, and the close, which grades every reporter and numbers their
 * result letter. The results are the cadre's record of the review: review_result rows read back by
 * GET /cadres/{id}/review-results (no copy on the cadre row). Reads need cadre:read, writes cadre:write,
 * inside the actor's subtree (404 outside); every write is audited.
 */

/** The Chinese label of a cadre's post code ("secretary" → "书记"; domain CADRE_POST_LABELS). */
export function postLabelOf(post: string): string {
  return isCadrePost(post) ? CADRE_POST_LABELS[post] : post;
}

/** sha256 of a scoring token, hex: what review_link.token_hash holds. */
export function hashReviewToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Where a link's phone page lives (the QR code encodes the site's origin + this path). */
export function reviewLinkPath(token: string): string {
  return `/review/${token}`;
}

function sessionSummary(row: SessionRow) {
  return {
    id: row.id,
    organizationId: row.organizationId,
    organizationName: row.organizationName,
    year: row.year,
    title: row.title,
    status: row.status,
    statusLabel: REVIEW_SESSION_STATE_LABELS[row.status],
    scaleMax: row.scaleMax,
    reporters: row.reporters,
    links: row.links,
    submitted: row.submitted,
    openedAt: row.openedAt,
    closedAt: row.closedAt,
  };
}

function reporterView(row: ReporterRow) {
  return { ...row, postLabel: postLabelOf(row.post) };
}

/**
 * The session through the one access entry point (404 outside the scope), then its row by its county
 * (county_locator) and id: every later statement names `session.countyId`.
 */
async function reachSession(
  db: Executor,
  actor: Actor,
  sessionId: number,
  permission: "cadre:read" | "cadre:write",
  forUpdate = false,
) {
  await requireAccess(db, actor, { permission, kind: "review_session", ids: [sessionId] });
  const county = await countyOfReviewSession(db, sessionId);
  return requireFound(await findSession(db, county, sessionId, forUpdate), "review_session");
}

/**
 * GET /organizations/{id}/review-sessions: the sessions held in the organization's subtree, newest
 * year first. Errors: 404 outside the scope; 403 without cadre:read.
 */
export async function listReviewSessions(db: Database, actor: Actor, organizationId: number) {
  const [target] = await requireAccess(db, actor, {
    permission: "cadre:read",
    kind: "organization",
    ids: [organizationId],
  });
  return (await findSessionsUnder(db, (target as { path: string }).path)).map(sessionSummary);
}

/**
 * A session with its reporters and (once closed) results.
 * Errors: 404 outside the scope or unknown; 403 without cadre:read.
 */
export async function getReviewSession(db: Executor, actor: Actor, sessionId: number) {
  const session = await reachSession(db, actor, sessionId, "cadre:read");
  return describeSession(db, session);
}

async function describeSession(db: Executor, session: SessionRow) {
  const reporters = await findReporters(db, session.countyId, session.id);
  const results = await findResults(db, session.countyId, session.id);
  return {
    ...sessionSummary(session),
    reporterList: reporters.map(reporterView),
    results: results.map((result) => ({
      ...result,
      grade: result.grade as ReviewGrade,
      gradeLabel: reviewGradeLabel(result.grade as ReviewGrade),
    })),
  };
}

/**
 * Creates a draft session at `organizationId` with its reporters in speaking order: cadres holding a
 * post (not ended) at the organization or below it. Audit "review_session.create".
 * Errors: 404 outside the scope (the organization or a cadre); 403 without cadre:write; 400 naming
 * reporterCadreIds for a cadre whose post ended or who sits outside the organization's subtree.
 */
export async function createReviewSession(
  db: Database,
  actor: Actor,
  organizationId: number,
  input: { year: number; title: string; scaleMax: number; reporterCadreIds: number[] },
) {
  return db.transaction(async (tx) => {
    const [target] = await requireAccess(tx, actor, {
      permission: "cadre:write",
      kind: "organization",
      ids: [organizationId],
    });
    await requireAccess(tx, actor, { permission: "cadre:write", kind: "cadre", ids: input.reporterCadreIds });
    const rootPath = (target as { path: string }).path;
    for (const cadre of await findCadreFacts(tx, input.reporterCadreIds)) {
      if (cadre.ended || !cadre.path.startsWith(rootPath)) {
        throw new DomainError(
          "reporter_not_eligible",
          `述职人：${cadre.name}${cadre.ended ? "已离任" : "不在本组织及下级组织"}，不能参加本次述职评议`,
          { status: 400, field: "reporterCadreIds" },
        );
      }
    }
    const countyId = await countyOfOrganization(tx, organizationId);
    const id = await insertSession(tx, {
      countyId,
      organizationId,
      ...input,
      cadreIds: input.reporterCadreIds,
    });
    await recordAudit(tx, actor, {
      action: "review_session.create",
      entityType: "review_session",
      entityId: id,
      organizationId,
      after: {
        year: input.year,
        title: input.title,
        scaleMax: input.scaleMax,
        reporters: input.reporterCadreIds,
      },
    });
    return describeSession(tx, requireFound(await findSession(tx, countyId, id), "review_session"));
  });
}

/**
 * Creates `count` one-time scoring links 评分链接 for a draft or open session: each a random 192-bit
 * token (base64url), shown once in this answer with its page path (the QR code's text); only the
 * sha256 is stored. Labels are seat numbers ("代表 1" …), never names. Audit "review_session.links"
 * (the count, no token). Errors: 404/403 as above; 409 review_session_closed for a closed session.
 */
export async function createReviewLinks(
  db: Database,
  actor: Actor,
  sessionId: number,
  input: { count: number; labelPrefix?: string | undefined },
) {
  return db.transaction(async (tx) => {
    const session = await reachSession(tx, actor, sessionId, "cadre:write", true);
    if (session.status === "closed") {
      throw new DomainError("review_session_closed", "述职评议已结束，不能再生成评分链接", {
        status: 409,
        field: "status",
      });
    }
    const start = await countLinks(tx, session.countyId, sessionId);
    const prefix = input.labelPrefix ?? "代表";
    const links = Array.from({ length: input.count }, (_, index) => {
      const token = reviewTokenFrom(randomBytes(24));
      return { token, tokenHash: hashReviewToken(token), label: `${prefix} ${start + index + 1}` };
    });
    const ids = await insertLinks(tx, session.countyId, sessionId, links);
    await recordAudit(tx, actor, {
      action: "review_session.links",
      entityType: "review_session",
      entityId: sessionId,
      organizationId: session.organizationId,
      detail: { count: input.count, from: start + 1 },
    });
    return {
      sessionId,
      links: links.map((link, index) => ({
        id: ids[index] as number,
        label: link.label,
        token: link.token,
        path: reviewLinkPath(link.token),
      })),
    };
  });
}

/**
 * Opens (draft → open) or closes (open → closed) a session. Closing locks the session FOR UPDATE —
 * it waits for the submissions in flight, and later ones see it closed — then grades every reporter
 * with at least one score from the mean (domain gradeOfMean) and numbers their result letter
 * (reviewLetterNumber), in the same transaction. Audit "review_session.open" / ".close".
 * Errors: 404/403 as above; 409 review_session_state for any other transition.
 */
export async function transitionReviewSession(
  db: Database,
  actor: Actor,
  sessionId: number,
  action: "open" | "close",
) {
  return db.transaction(async (tx) => {
    const session = await reachSession(tx, actor, sessionId, "cadre:write", true);
    const to = nextReviewSessionState(session.status, action);
    if (action === "open" && session.reporters === 0) {
      throw new DomainError("review_session_empty", "述职评议：没有述职人，不能开始评议", { status: 409 });
    }
    await setSessionStatus(tx, session.countyId, sessionId, to as "open" | "closed");
    let graded = 0;
    if (to === "closed") {
      const reporters = await findReporters(tx, session.countyId, sessionId);
      const sequenceOf = new Map(reporters.map((reporter) => [reporter.id, reporter.sequence]));
      const results = (await tallyScores(tx, session.countyId, sessionId)).flatMap((tally) => {
        const average = meanScore(tally.sum, tally.count);
        const grade = gradeOfMean(average, session.scaleMax);
        if (average === null || grade === null) return [];
        return [
          {
            reporterId: tally.reporterId,
            average,
            grade,
            letterNumber: reviewLetterNumber(session.year, sessionId, sequenceOf.get(tally.reporterId) ?? 0),
          },
        ];
      });
      await insertResults(tx, session.countyId, sessionId, results);
      graded = results.length;
    }
    await recordAudit(tx, actor, {
      action: `review_session.${action}`,
      entityType: "review_session",
      entityId: sessionId,
      organizationId: session.organizationId,
      before: { status: session.status },
      after: { status: to, ...(to === "closed" ? { graded, submitted: session.submitted } : {}) },
    });
    return describeSession(
      tx,
      requireFound(await findSession(tx, session.countyId, sessionId), "review_session"),
    );
  });
}

/**
 * The live tally 实时计票: per reporter the number of scores, their sum, the mean and the grade it
 * would give; links issued and used. Staff only (cadre:read) — never per-link scores.
 * Errors: 404/403 as above.
 */
export async function getReviewTally(db: Database, actor: Actor, sessionId: number) {
  const session = await reachSession(db, actor, sessionId, "cadre:read");
  const reporters = await findReporters(db, session.countyId, sessionId);
  const tallies = new Map(
    (await tallyScores(db, session.countyId, sessionId)).map((tally) => [tally.reporterId, tally]),
  );
  return {
    sessionId,
    status: session.status,
    scaleMax: session.scaleMax,
    links: session.links,
    submitted: session.submitted,
    reporters: reporters.map((reporter) => {
      const tally = tallies.get(reporter.id) ?? { count: 0, sum: 0 };
      const mean = meanScore(tally.sum, tally.count);
      const grade = gradeOfMean(mean, session.scaleMax);
      return {
        reporterId: reporter.id,
        name: reporter.name,
        count: tally.count,
        sum: tally.sum,
        mean,
        grade,
        gradeLabel: grade === null ? null : reviewGradeLabel(grade),
      };
    }),
  };
}

/**
 * GET /cadres/{id}/review-results — the review results on a cadre's record: one entry per closed
 * session they reported at (year, session, average, grade, letter number, how many scored).
 * Errors: 404 outside the scope; 403 without cadre:read.
 */
export async function listCadreReviewResults(db: Database, actor: Actor, cadreId: number) {
  await requireAccess(db, actor, { permission: "cadre:read", kind: "cadre", ids: [cadreId] });
  const results = await findCadreResults(db, cadreId);
  return {
    cadreId,
    results: results.map((result) => ({
      ...result,
      grade: result.grade as ReviewGrade,
      gradeLabel: reviewGradeLabel(result.grade as ReviewGrade),
    })),
  };
}
