import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import {
  delistInputSchema,
  monthParameter,
  serviceInputSchema,
  serviceMonthSchema,
  youthHomeCreateSchema,
  youthHomeDetailSchema,
  youthHomeListQuerySchema,
  youthHomeListSchema,
  youthHomePatchSchema,
  youthHomeSchema,
} from "./youth-home.schemas";
import {
  createYouthHome,
  delistYouthHome,
  getYouthHome,
  listYouthHomes,
  setServiceMonth,
  updateYouthHomeRecord,
} from "./youth-home.service";

const idParams = z.object({ id: idParameter });
const monthParams = z.object({ id: idParameter, month: monthParameter });
const writeErrors = { ...commonErrorResponses, 409: errorResponseSchema };

/**
 * Routes of Youth Homes 青年之家 and service posts (issue 14 part 1): list an organization's subtree with
 * counts, attach a home, read and edit one, de-list it 摘牌, record a month's services in person-times.
 * youth_home:read / youth_home:write; narrowed to the user's subtree (404 outside); writes audited.
 */
export async function registerYouthHomeRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/organizations/:id/youth-homes",
    {
      config: { permission: "youth_home:read" },
      schema: {
        tags: ["youth-homes"],
        summary: "青年之家列表 The homes and service posts of an organization's subtree, with counts",
        params: idParams,
        querystring: youthHomeListQuerySchema,
        response: { 200: youthHomeListSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/youth-homes?kind=&includeDelisted= → {items, totals, byOrganization}. */
    async (request) =>
      listYouthHomes(db, requireActor(request), request.params.id, {
        kind: request.query.kind,
        includeDelisted: request.query.includeDelisted === "true",
      }),
  );

  app.post(
    "/organizations/:id/youth-homes",
    {
      config: { permission: "youth_home:write" },
      schema: {
        tags: ["youth-homes"],
        summary: "新建青年之家 Attach a Youth Home or service post to an organization",
        params: idParams,
        body: youthHomeCreateSchema,
        response: { 201: youthHomeSchema, ...commonErrorResponses },
      },
    },
    /** POST /api/v1/organizations/{id}/youth-homes → 201 YouthHome. Audited. */
    async (request, reply) =>
      reply
        .status(201)
        .send(await createYouthHome(db, requireActor(request), request.params.id, request.body)),
  );

  app.get(
    "/youth-homes/:id",
    {
      config: { permission: "youth_home:read" },
      schema: {
        tags: ["youth-homes"],
        summary: "青年之家详情 A home with its 五有 check, counts and months of services",
        params: idParams,
        response: { 200: youthHomeDetailSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/youth-homes/{id} → YouthHomeDetail. */
    async (request) => getYouthHome(db, requireActor(request), request.params.id),
  );

  app.patch(
    "/youth-homes/:id",
    {
      config: { permission: "youth_home:write" },
      schema: {
        tags: ["youth-homes"],
        summary: "编辑青年之家 Edit a home: name, address, operator, 五有, subsidy, listing",
        params: idParams,
        body: youthHomePatchSchema,
        response: { 200: youthHomeSchema, ...commonErrorResponses },
      },
    },
    /** PATCH /api/v1/youth-homes/{id} → YouthHome. Audited (before/after). */
    async (request) => updateYouthHomeRecord(db, requireActor(request), request.params.id, request.body),
  );

  app.post(
    "/youth-homes/:id/delist",
    {
      config: { permission: "youth_home:write" },
      schema: {
        tags: ["youth-homes"],
        summary: "摘牌 De-list a home, with a reason",
        params: idParams,
        body: delistInputSchema,
        response: { 200: youthHomeSchema, ...writeErrors },
      },
    },
    /** POST /api/v1/youth-homes/{id}/delist {reason, delistedOn?} → YouthHome; 409 already_delisted. Audited. */
    async (request) => delistYouthHome(db, requireActor(request), request.params.id, request.body),
  );

  app.put(
    "/youth-homes/:id/services/:month",
    {
      config: { permission: "youth_home:write" },
      schema: {
        tags: ["youth-homes"],
        summary: "服务人次 Set a home's services of a month (YYYY-MM) in person-times",
        params: monthParams,
        body: serviceInputSchema,
        response: { 200: serviceMonthSchema, ...commonErrorResponses },
      },
    },
    /** PUT /api/v1/youth-homes/{id}/services/{month} {personTimes} → the month's figure. Audited. */
    async (request) =>
      setServiceMonth(
        db,
        requireActor(request),
        request.params.id,
        request.params.month,
        request.body.personTimes,
      ),
  );
}
