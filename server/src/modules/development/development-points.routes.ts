import { pointsSchemeSchema } from "@tuanwu/domain";
import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { todayInChina } from "../../lib/clock";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { pointsSchema, prerequisiteInputSchema, prerequisiteRecordSchema } from "./development.schemas";
import {
  getPointsScheme,
  listPrerequisites,
  recordPrerequisite,
  setPointsScheme,
} from "./development-points.service";

const idParams = z.object({ id: idParameter });

const pointsSchemeResponseSchema = z
  .object({
    scheme: pointsSchemeSchema,
    fromOrganizationId: z.number().int().nullable().describe("whose scheme applies; null: the default"),
    own: z.boolean(),
  })
  .meta({ id: "PointsSchemeView" });

/**
 * Prerequisites and points of member development (积分入团, 评议入团; issue 10 part 3): an applicant's
 * recorded facts and points, and a county's points scheme as data.
 */
export async function registerDevelopmentPointsRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/applications/:id/prerequisites",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["development"],
        summary: "前置条件 An applicant's prerequisite records and points",
        params: idParams,
        response: {
          200: z.object({ records: z.array(prerequisiteRecordSchema), points: pointsSchema }),
          ...commonErrorResponses,
        },
      },
    },
    /** GET /api/v1/applications/{id}/prerequisites → {records, points}. */
    async (request) => listPrerequisites(db, requireActor(request), request.params.id, todayInChina()),
  );

  app.post(
    "/applications/:id/prerequisites",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["development"],
        summary: "记录前置条件 Record one prerequisite fact (团课, 思政课, volunteer hours …)",
        params: idParams,
        body: prerequisiteInputSchema,
        response: { 201: prerequisiteRecordSchema, ...commonErrorResponses, 422: errorResponseSchema },
      },
    },
    /** POST /api/v1/applications/{id}/prerequisites {item, units, occurredOn, note?} → 201 the record. */
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await recordPrerequisite(
            db,
            requireActor(request),
            request.params.id,
            request.body,
            todayInChina(),
          ),
        ),
  );

  app.get(
    "/organizations/:id/points-scheme",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["development"],
        summary: "积分方案 The points scheme that applies at an organization",
        params: idParams,
        response: { 200: pointsSchemeResponseSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/points-scheme → {scheme, fromOrganizationId, own}. */
    async (request) => getPointsScheme(db, requireActor(request), request.params.id),
  );

  app.put(
    "/organizations/:id/points-scheme",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["development"],
        summary: "设置积分方案 Set a county's points scheme (items, points, caps, threshold)",
        params: idParams,
        body: pointsSchemeSchema,
        response: { 200: pointsSchemeResponseSchema, ...commonErrorResponses, 422: errorResponseSchema },
      },
    },
    /** PUT /api/v1/organizations/{id}/points-scheme {items, threshold} → {scheme, fromOrganizationId, own}. */
    async (request) => setPointsScheme(db, requireActor(request), request.params.id, request.body),
  );
}
