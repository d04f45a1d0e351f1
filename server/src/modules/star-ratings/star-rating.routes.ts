import { STAR_RATING_ACTIONS } from "@tuanwu/domain";
import { z } from "zod";
import { commonErrorResponses, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { todayInChina } from "../../lib/clock";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { withRefusals, workflowErrorResponseSchema } from "../workflow/workflow-errors";
import {
  getRatingDetail,
  getSheet,
  listRatings,
  lockYear,
  putSheet,
  selfRate,
  transitionRating,
} from "./star-rating.service";

const idParams = z.object({ id: idParameter });
const yearSchema = z.coerce
  .number({ error: "年份：必须是整数" })
  .int("年份：必须是整数")
  .min(2000, "年份：2000–2100")
  .max(2100, "年份：2000–2100");
const yearQuery = z.object({ year: yearSchema });
const itemSchema = z.object({
  key: z.string().max(40),
  label: z.string().min(1).max(100),
  maxPoints: z.number(),
});
const sheetSchema = z
  .object({
    organizationId: z.number().int(),
    year: z.number().int(),
    ownerOrganizationId: z.number().int().nullable(),
    isDefault: z.boolean(),
    items: z.array(itemSchema),
  })
  .meta({ id: "StarRatingSheet" });
const ratingSchema = z
  .object({
    id: z.number().int(),
    organizationId: z.number().int(),
    organizationName: z.string(),
    year: z.number().int(),
    state: z.string().nullable(),
    version: z.number().int().nullable(),
    selfScore: z.number().nullable(),
    reviewedScore: z.number().nullable(),
    stars: z.number().int().nullable(),
    rectification: z.boolean(),
    exempt: z.boolean(),
    lockedAt: z.string().nullable(),
  })
  .meta({ id: "StarRating" });
const listSchema = z
  .object({
    organizationId: z.number().int(),
    year: z.number().int(),
    items: z.array(ratingSchema),
    distribution: z.object({
      five: z.number().int(),
      four: z.number().int(),
      three: z.number().int(),
      two: z.number().int(),
      unrated: z.number().int(),
      exempt: z.number().int(),
      pending: z.number().int(),
    }),
  })
  .meta({ id: "StarRatingList" });
const scoreMapSchema = z.record(z.string(), z.number()).nullable();
const detailSchema = ratingSchema
  .extend({
    items: z.array(itemSchema),
    selfScores: scoreMapSchema,
    reviewedScores: scoreMapSchema,
    history: z.array(
      z.object({
        sequence: z.number().int(),
        action: z.string(),
        actionLabel: z.string(),
        toState: z.string(),
        occurredOn: z.string(),
        actorName: z.string(),
        note: z.string().nullable(),
        recordedAt: z.string(),
      }),
    ),
    availableActions: z.array(z.object({ action: z.enum(STAR_RATING_ACTIONS), label: z.string() })),
  })
  .meta({ id: "StarRatingDetail" });
const scoresSchema = z.record(z.string().max(40), z.number().min(0).max(100));
const workflowErrors = {
  ...commonErrorResponses,
  403: workflowErrorResponseSchema,
  409: workflowErrorResponseSchema,
  422: workflowErrorResponseSchema,
};

/**
 * Routes of the star rating 评星定级 (issue 12 part 6): the scoring sheet, a branch's self-rating,
 * the committee's review on the approval engine, the year-end lock. Scoped (404 outside), audited.
 */
export async function registerStarRatingRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/organizations/:id/star-rating-sheet",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["star-ratings"],
        summary: "评分细则 The scoring sheet in force at an organization for a year",
        params: idParams,
        querystring: yearQuery,
        response: { 200: sheetSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/star-rating-sheet?year= → StarRatingSheet. */
    async (request) => getSheet(db, requireActor(request), request.params.id, request.query.year),
  );

  app.put(
    "/organizations/:id/star-rating-sheet",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["star-ratings"],
        summary: "设置评分细则 Set an organization's scoring sheet of a year (items totalling 100)",
        params: idParams,
        querystring: yearQuery,
        body: z.object({ items: z.array(itemSchema).max(50) }),
        response: { 200: sheetSchema, ...commonErrorResponses },
      },
    },
    /** PUT /api/v1/organizations/{id}/star-rating-sheet?year= {items} → StarRatingSheet; 400 items.{i}.{field}. */
    async (request) =>
      putSheet(db, requireActor(request), request.params.id, request.query.year, request.body.items),
  );

  app.get(
    "/organizations/:id/star-ratings",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["star-ratings"],
        summary: "评星定级 The ratings of the subtree for a year with the star distribution",
        params: idParams,
        querystring: yearQuery,
        response: { 200: listSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/star-ratings?year= → StarRatingList. */
    async (request) => listRatings(db, requireActor(request), request.params.id, request.query.year),
  );

  app.post(
    "/organizations/:id/star-ratings",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["star-ratings"],
        summary: "支部自评 A branch's self-rating of a year (scores per sheet item)",
        params: idParams,
        body: z.object({ year: yearSchema, scores: scoresSchema }),
        response: { 200: ratingSchema, ...workflowErrors },
      },
    },
    /** POST /api/v1/organizations/{id}/star-ratings {year, scores} → StarRating. */
    async (request, reply) =>
      withRefusals(reply, () =>
        selfRate(db, requireActor(request), request.params.id, request.body, todayInChina()),
      ),
  );

  app.get(
    "/star-ratings/:id",
    {
      config: { permission: "organization:read" },
      schema: {
        tags: ["star-ratings"],
        summary: "评星定级详情 A rating: sheet, scores per item, timeline and the steps this user may take",
        params: idParams,
        response: { 200: detailSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/star-ratings/{id} → StarRatingDetail. */
    async (request) => getRatingDetail(db, requireActor(request), request.params.id),
  );

  app.post(
    "/star-ratings/:id/transitions",
    {
      // The engine decides whose step it is (the branch submits, the committee above reviews).
      config: { permission: "organization:read" },
      schema: {
        tags: ["star-ratings"],
        summary: "评星定级环节 Submit the self-rating, review (≤ 20% five-star) or return it",
        params: idParams,
        body: z.strictObject({
          action: z.enum(STAR_RATING_ACTIONS),
          version: z.number().int().min(1, "版本：必须是整数"),
          payload: z.record(z.string(), z.unknown()).default({}),
        }),
        response: { 200: ratingSchema, ...workflowErrors },
      },
    },
    /** POST /api/v1/star-ratings/{id}/transitions {action, version, payload} → StarRating; 422 {failures}. */
    async (request, reply) =>
      withRefusals(reply, () =>
        transitionRating(db, requireActor(request), request.params.id, request.body, todayInChina()),
      ),
  );

  app.post(
    "/star-ratings/lock",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["star-ratings"],
        summary: "年底锁定 Lock the year's ratings of the organizations below the actor's scope",
        querystring: yearQuery,
        response: {
          200: z.object({ year: z.number().int(), locked: z.number().int() }),
          ...commonErrorResponses,
        },
      },
    },
    /** POST /api/v1/star-ratings/lock?year= → {year, locked}; 400 before 1 December of the year. */
    async (request) => lockYear(db, requireActor(request), request.query.year, todayInChina()),
  );
}
