import {
  idSchema,
  MAX_REVIEW_SCALE_MAX,
  REVIEW_GRADES,
  REVIEW_SESSION_STATES,
  REVIEW_TOKEN_PATTERN,
  textSchema,
} from "@tuanwu/domain";
import { z } from "zod";

/** Request and response schemas of report-and-review 述职评议 (issue 13 part 4). */

const gradeCodes = REVIEW_GRADES.map((grade) => grade.code) as [string, ...string[]];

/** POST /organizations/{id}/review-sessions: the year, the title, the scale and the reporters in speaking order. */
export const reviewSessionInputSchema = z.object({
  year: z
    .number({ error: "年度：应为数字" })
    .int({ error: "年度：应为整数" })
    .min(2000, { error: "年度：应在2000到2100之间" })
    .max(2100, { error: "年度：应在2000到2100之间" }),
  title: textSchema("名称", 100),
  scaleMax: z
    .number({ error: "满分：应为数字" })
    .int({ error: "满分：应为整数" })
    .min(1, { error: `满分：应在1到${MAX_REVIEW_SCALE_MAX}之间` })
    .max(MAX_REVIEW_SCALE_MAX, { error: `满分：应在1到${MAX_REVIEW_SCALE_MAX}之间` })
    .default(100),
  reporterCadreIds: z
    .array(idSchema("述职人"), { error: "述职人：应为团干部列表" })
    .min(1, { error: "述职人：至少一位" })
    .max(200, { error: "述职人：最多200位" })
    .refine((ids) => new Set(ids).size === ids.length, { error: "述职人：不能重复" }),
});

/** POST /review-sessions/{id}/links: how many one-time links, and an optional label prefix (never a name). */
export const reviewLinksInputSchema = z.object({
  count: z
    .number({ error: "数量：应为数字" })
    .int({ error: "数量：应为整数" })
    .min(1, { error: "数量：应在1到1000之间" })
    .max(1000, { error: "数量：应在1到1000之间" }),
  labelPrefix: textSchema("标签前缀", 20).optional(),
});

/** A reporter of a session as staff see them. */
export const reviewReporterSchema = z.object({
  id: z.number().int().describe("review_reporter.id (the scoring page scores by it)"),
  cadreId: z.number().int(),
  sequence: z.number().int(),
  name: z.string(),
  post: z.string().describe("post code"),
  postLabel: z.string(),
  organizationName: z.string(),
});

/** One reporter's result once the session closed. */
export const reviewResultSchema = z.object({
  reporterId: z.number().int(),
  average: z.number().describe("mean score, two decimals"),
  grade: z.enum(gradeCodes),
  gradeLabel: z.string().describe("好 / 较好 / 一般 / 差"),
  letterNumber: z.string().nullable(),
});

/** A session in a list. */
export const reviewSessionSummarySchema = z
  .object({
    id: z.number().int(),
    organizationId: z.number().int(),
    organizationName: z.string(),
    year: z.number().int(),
    title: z.string(),
    status: z.enum(REVIEW_SESSION_STATES),
    statusLabel: z.string(),
    scaleMax: z.number().int(),
    reporters: z.number().int(),
    links: z.number().int(),
    submitted: z.number().int().describe("links used (submissions)"),
    openedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
  })
  .meta({ id: "ReviewSessionSummary" });

/** A session with its reporters and, once closed, their results. */
export const reviewSessionSchema = reviewSessionSummarySchema
  .extend({
    reporterList: z.array(reviewReporterSchema),
    results: z.array(reviewResultSchema).describe("empty until closed"),
  })
  .meta({ id: "ReviewSession" });

/** New links: the tokens are shown once (only their hashes are kept). */
export const reviewLinksSchema = z
  .object({
    sessionId: z.number().int(),
    links: z.array(
      z.object({
        id: z.number().int(),
        label: z.string(),
        token: z.string().describe("shown once; not retrievable later"),
        path: z.string().describe("the phone page /review/{token}; the QR code encodes origin + path"),
      }),
    ),
  })
  .meta({ id: "ReviewLinks" });

/** The live tally 实时计票. */
export const reviewTallySchema = z
  .object({
    sessionId: z.number().int(),
    status: z.enum(REVIEW_SESSION_STATES),
    scaleMax: z.number().int(),
    links: z.number().int(),
    submitted: z.number().int(),
    reporters: z.array(
      z.object({
        reporterId: z.number().int(),
        name: z.string(),
        count: z.number().int(),
        sum: z.number().int(),
        mean: z.number().nullable(),
        grade: z.enum(gradeCodes).nullable(),
        gradeLabel: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: "ReviewTally" });

/** A cadre's results across sessions (the result on the cadre's record). */
export const cadreReviewResultsSchema = z
  .object({
    cadreId: z.number().int(),
    results: z.array(
      reviewResultSchema.extend({
        sessionId: z.number().int(),
        year: z.number().int(),
        title: z.string(),
        organizationName: z.string(),
        scoredBy: z.number().int(),
      }),
    ),
  })
  .meta({ id: "CadreReviewResults" });

/** A scoring link's token in the path (400 naming token otherwise). */
export const reviewTokenParams = z.object({
  token: z.string().regex(REVIEW_TOKEN_PATTERN, { error: "评分链接：链接无效，请重新扫码" }),
});

/** What the phone page shows: the session and its reporters, never anybody's scores. */
export const publicReviewSchema = z
  .object({
    title: z.string(),
    organizationName: z.string(),
    year: z.number().int(),
    scaleMax: z.number().int(),
    status: z.enum(REVIEW_SESSION_STATES),
    submitted: z.boolean().describe("this link has already been used"),
    reporters: z.array(
      z.object({
        id: z.number().int(),
        sequence: z.number().int(),
        name: z.string(),
        postLabel: z.string(),
        organizationName: z.string(),
      }),
    ),
  })
  .meta({ id: "PublicReview" });

/** POST /public/review/{token}/scores: one score per reporter. */
export const publicScoresInputSchema = z.object({
  scores: z
    .array(
      z.object({
        reporterId: idSchema("述职人"),
        score: z.number({ error: "评分：应为数字" }),
      }),
      { error: "评分：应为列表" },
    )
    .min(1, { error: "评分：请为每位述职人打分" })
    .max(200, { error: "评分：过多" }),
});

/**
 * The answer to a submission: how many scores were recorded (no one else's scores); `replayed` when it
 * repeats the link's own earlier submission (same scores — a retry after a lost answer), nothing written.
 */
export const publicScoresResultSchema = z
  .object({ recorded: z.number().int(), message: z.string(), replayed: z.boolean() })
  .meta({ id: "PublicScoresResult" });
