import { idTextSchema } from "@tuanwu/domain";
import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { todayInChina } from "../../lib/clock";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import {
  cadreReviewResultsSchema,
  publicReviewSchema,
  publicScoresInputSchema,
  publicScoresResultSchema,
  reviewLinksInputSchema,
  reviewLinksSchema,
  reviewSessionInputSchema,
  reviewSessionSchema,
  reviewSessionSummarySchema,
  reviewTallySchema,
  reviewTokenParams,
} from "./cadre-reviews.schemas";
import {
  createReviewLinks,
  createReviewSession,
  getReviewSession,
  getReviewTally,
  listCadreReviewResults,
  listReviewSessions,
  transitionReviewSession,
} from "./cadre-reviews.service";
import { exportReviewLetter } from "./review-letter.render";
import { getPublicReview, submitPublicScores } from "./review-scoring.service";

const DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const idParams = z.object({ id: idParameter });
const letterParams = z.object({ id: idParameter, reporterId: idTextSchema("reporterId") });
const writeErrors = { ...commonErrorResponses, 409: errorResponseSchema };

/**
 * Requests per minute one address may make with one scoring link (GET and POST counted apart). Keyed by
 * address AND token: a meeting hall's phones share one NAT address, each with its own link, so a
 * per-address limit would refuse the hall; tokens are 192-bit random, so guessing is not the threat.
 */
export const PUBLIC_REVIEW_REQUESTS_PER_MINUTE = 20;

const publicRateLimit = {
  max: PUBLIC_REVIEW_REQUESTS_PER_MINUTE,
  timeWindow: "1 minute",
  keyGenerator: (request: { ip: string; params: unknown }) =>
    `review|${request.ip}|${String((request.params as { token?: unknown }).token ?? "")}`,
};

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987). */
function attachment(fileName: string, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Routes of report-and-review 述职评议 (issue 13 part 4): sessions (cadre:read / cadre:write in the
 * user's subtree, 404 outside, writes audited), one-time links, the live tally, the close with grades,
 * the result letter (.docx), the results on a cadre's record; and the public phone page (permission
 * "public", rate-limited per address and link → 429).
 */
export async function registerCadreReviewRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/organizations/:id/review-sessions",
    {
      config: { permission: "cadre:read" },
      schema: {
        tags: ["cadre-reviews"],
        summary: "述职评议列表 Report-and-review sessions held in an organization's subtree",
        params: idParams,
        response: { 200: z.array(reviewSessionSummarySchema), ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/review-sessions → ReviewSessionSummary[] (newest year first). */
    async (request) => listReviewSessions(db, requireActor(request), request.params.id),
  );

  app.post(
    "/organizations/:id/review-sessions",
    {
      config: { permission: "cadre:write" },
      schema: {
        tags: ["cadre-reviews"],
        summary: "新建述职评议 Create a draft session with its reporters in speaking order",
        params: idParams,
        body: reviewSessionInputSchema,
        response: { 201: reviewSessionSchema, ...commonErrorResponses },
      },
    },
    /**
     * POST /api/v1/organizations/{id}/review-sessions {year,title,scaleMax?,reporterCadreIds} → 201
     * ReviewSession (draft). 400 naming the field (a reporter whose post ended or outside the subtree:
     * reporterCadreIds); 404 organization or cadre outside the scope. Audited.
     */
    async (request, reply) =>
      reply
        .status(201)
        .send(await createReviewSession(db, requireActor(request), request.params.id, request.body)),
  );

  app.get(
    "/review-sessions/:id",
    {
      config: { permission: "cadre:read" },
      schema: {
        tags: ["cadre-reviews"],
        summary: "述职评议详情 A session with its reporters and, once closed, the results",
        params: idParams,
        response: { 200: reviewSessionSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/review-sessions/{id} → ReviewSession. */
    async (request) => getReviewSession(db, requireActor(request), request.params.id),
  );

  for (const action of ["open", "close"] as const) {
    app.post(
      `/review-sessions/:id/${action}`,
      {
        config: { permission: "cadre:write" },
        schema: {
          tags: ["cadre-reviews"],
          summary:
            action === "open"
              ? "开始评议 Open a draft session for scoring"
              : "结束评议 Close the session: grade every reporter, number the result letters",
          params: idParams,
          response: { 200: reviewSessionSchema, ...writeErrors },
        },
      },
      /**
       * POST /api/v1/review-sessions/{id}/open | close → ReviewSession. 409 review_session_state for any
       * other transition (draft → closed, closed → open …). Close waits for submissions in flight. Audited.
       */
      async (request) => transitionReviewSession(db, requireActor(request), request.params.id, action),
    );
  }

  app.post(
    "/review-sessions/:id/links",
    {
      config: { permission: "cadre:write" },
      schema: {
        tags: ["cadre-reviews"],
        summary: "生成评分链接 One-time scoring links (tokens shown once; the QR code encodes origin + path)",
        params: idParams,
        body: reviewLinksInputSchema,
        response: { 201: reviewLinksSchema, ...writeErrors },
      },
    },
    /** POST /api/v1/review-sessions/{id}/links {count,labelPrefix?} → 201 ReviewLinks; 409 closed. Audited. */
    async (request, reply) =>
      reply
        .status(201)
        .send(await createReviewLinks(db, requireActor(request), request.params.id, request.body)),
  );

  app.get(
    "/review-sessions/:id/tally",
    {
      config: { permission: "cadre:read" },
      schema: {
        tags: ["cadre-reviews"],
        summary: "实时计票 Live tally: per reporter count, sum, mean, grade",
        params: idParams,
        response: { 200: reviewTallySchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/review-sessions/{id}/tally → ReviewTally (no per-link scores). */
    async (request) => getReviewTally(db, requireActor(request), request.params.id),
  );

  app.get(
    "/review-sessions/:id/results/:reporterId/letter.docx",
    {
      config: { permission: "cadre:read" },
      schema: {
        tags: ["cadre-reviews"],
        summary:
          "述职评议结果函 The result letter of a reporter for the Party organization department (.docx)",
        produces: [DOCX_MEDIA_TYPE],
        params: letterParams,
        response: { 200: z.any().describe("the .docx letter"), ...writeErrors },
      },
    },
    /**
     * GET /api/v1/review-sessions/{id}/results/{reporterId}/letter.docx → the letter; 409 review_not_closed,
     * review_result_missing; 404 a reporter not of this session. Audited.
     */
    async (request, reply) => {
      const file = await exportReviewLetter(
        db,
        requireActor(request),
        request.params.id,
        request.params.reporterId,
        todayInChina(),
      );
      return reply
        .header("content-type", DOCX_MEDIA_TYPE)
        .header("content-disposition", attachment(file.fileName, "review-letter.docx"))
        .send(file.bytes);
    },
  );

  app.get(
    "/cadres/:id/review-results",
    {
      config: { permission: "cadre:read" },
      schema: {
        tags: ["cadre-reviews"],
        summary: "干部述职评议结果 A cadre's review results (the result on the cadre's record)",
        params: idParams,
        response: { 200: cadreReviewResultsSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/cadres/{id}/review-results → CadreReviewResults (closed sessions, newest first). */
    async (request) => listCadreReviewResults(db, requireActor(request), request.params.id),
  );

  app.get(
    "/public/review/:token",
    {
      config: { permission: "public", rateLimit: publicRateLimit },
      schema: {
        tags: ["cadre-reviews"],
        summary: "扫码评分页 The phone page of a one-time scoring link (public; no one's scores)",
        params: reviewTokenParams,
        response: {
          200: publicReviewSchema,
          400: errorResponseSchema,
          404: errorResponseSchema,
          429: errorResponseSchema,
        },
      },
    },
    /** GET /api/v1/public/review/{token} → PublicReview; 404 unknown link; 429 rate limited. */
    async (request) => getPublicReview(db, request.params.token),
  );

  app.post(
    "/public/review/:token/scores",
    {
      config: { permission: "public", rateLimit: publicRateLimit },
      schema: {
        tags: ["cadre-reviews"],
        summary: "提交评分 Submit the link's one score per reporter (public, once)",
        params: reviewTokenParams,
        body: publicScoresInputSchema,
        response: {
          200: publicScoresResultSchema,
          201: publicScoresResultSchema,
          400: errorResponseSchema,
          404: errorResponseSchema,
          409: errorResponseSchema,
          429: errorResponseSchema,
        },
      },
    },
    /**
     * POST /api/v1/public/review/{token}/scores {scores:[{reporterId,score}]} → 201
     * {recorded,message,replayed:false}; 200 {…,replayed:true} for a repeat of the link's own recorded
     * submission (same scores: a retry after a lost answer), nothing written; 400 naming
     * scores.{i}.score and the reporter; 409 review_link_used (different scores) | review_session_closed
     * | review_session_not_open; 404 unknown link; 429 rate limited. Nothing written on refusal.
     */
    async (request, reply) => {
      const result = await submitPublicScores(db, request.params.token, request.body.scores);
      return reply.status(result.replayed ? 200 : 201).send(result);
    },
  );
}
