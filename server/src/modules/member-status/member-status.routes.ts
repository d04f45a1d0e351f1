import { REVIEW_REQUEST_STATES } from "@tuanwu/domain";
import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { todayInChina } from "../../lib/clock";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { memberListItemSchema } from "../members/member.schemas";
import { MEMBER_PAGE_SIZE_LIMIT } from "../members/member.service";
import { memberStatusRequestSchema } from "../members/member-record.schemas";
import { statusChangeInputSchema, statusDecisionInputSchema } from "./member-status.schemas";
import { decideStatusRequest, requestStatusChange } from "./member-status.service";
import { listAgeOutWorkList, listLapseWorkList, listStatusRequests } from "./member-work-list.service";

const idParams = z.object({ id: idParameter });
const writeErrors = { ...commonErrorResponses, 409: errorResponseSchema, 422: errorResponseSchema };
const pageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce
    .number()
    .int()
    .min(1)
    .max(
      MEMBER_PAGE_SIZE_LIMIT,
      `pageSize 不能超过 ${MEMBER_PAGE_SIZE_LIMIT} / at most ${MEMBER_PAGE_SIZE_LIMIT}`,
    )
    .default(20),
};
const pageFields = { total: z.number().int(), page: z.number().int(), pageSize: z.number().int() };

const ageOutItemSchema = memberListItemSchema
  .extend({
    isCadre: z.boolean(),
    hasPendingStatusRequest: z.boolean(),
    ageOutDate: z.string().describe("the 28th birthday"),
    overAge: z.boolean().describe("28 or older today"),
  })
  .meta({ id: "AgeOutWorkListItem" });

const lapseItemSchema = memberListItemSchema
  .extend({
    isCadre: z.boolean(),
    hasPendingStatusRequest: z.boolean(),
    lastDuesPaidOn: z.string().nullable(),
    lastOrganizationalLifeOn: z.string().nullable(),
    reasons: z.array(z.enum(["dues", "organizational_life", "assigned_work", "unregistered"])),
  })
  .meta({ id: "LapseWorkListItem" });

/**
 * Routes of member status changes with review (团籍状态变更, docs/member-registry.md "Status
 * changes"): ask for a change, decide a request, the requests of a subtree, and the age-out and lapse
 * work lists. Narrowed to the user's subtree (404 outside); writes audited and archived.
 */
export async function registerMemberStatusRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.post(
    "/members/:id/status-requests",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["member-status"],
        summary: "申请变更团籍状态 Ask for a status change (reviewed ones wait for the higher committee)",
        params: idParams,
        body: statusChangeInputSchema,
        response: {
          200: z.object({ applied: z.literal(true), request: z.null() }).describe("applied at once"),
          201: z
            .object({ applied: z.literal(false), request: memberStatusRequestSchema })
            .describe("pending review"),
          ...writeErrors,
        },
      },
    },
    /**
     * POST /api/v1/members/{id}/status-requests {toStatus, reason, effectiveOn, targetOrganizationId?}
     * → 201 {applied: false, request} pending review, or 200 {applied: true} for a direct change.
     */
    async (request, reply) => {
      const result = await requestStatusChange(
        db,
        requireActor(request),
        request.params.id,
        request.body,
        todayInChina(),
      );
      if (result.request) return reply.status(201).send({ applied: false as const, request: result.request });
      return reply.status(200).send({ applied: true as const, request: null });
    },
  );

  app.post(
    "/member-status-requests/:id/decision",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["member-status"],
        summary: "审核团籍状态变更 Approve or return (higher committee), or withdraw (requester's side)",
        params: idParams,
        body: statusDecisionInputSchema,
        response: { 200: memberStatusRequestSchema, ...writeErrors },
      },
    },
    /** POST /api/v1/member-status-requests/{id}/decision {decision, note} → MemberStatusRequest. */
    async (request) =>
      decideStatusRequest(db, requireActor(request), request.params.id, request.body, todayInChina()),
  );

  app.get(
    "/organizations/:id/member-status-requests",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["member-status"],
        summary: "团籍状态变更申请 Status requests of a subtree (state=pending: to review)",
        params: idParams,
        querystring: z.object({ state: z.enum(REVIEW_REQUEST_STATES).optional(), ...pageQuery }),
        response: {
          200: z.object({ items: z.array(memberStatusRequestSchema), ...pageFields }),
          ...commonErrorResponses,
        },
      },
    },
    /** GET /api/v1/organizations/{id}/member-status-requests?state=&page=&pageSize= → a page, newest first. */
    async (request) => listStatusRequests(db, requireActor(request), request.params.id, request.query),
  );

  app.get(
    "/organizations/:id/work-lists/age-out",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["member-status"],
        summary: "超龄离团工作清单 Members turning 28 in the year or older (cadres excluded)",
        params: idParams,
        querystring: z.object({ year: z.coerce.number().int().min(1950).max(2200).optional(), ...pageQuery }),
        response: {
          200: z.object({ items: z.array(ageOutItemSchema), ...pageFields, year: z.number().int() }),
          ...commonErrorResponses,
        },
      },
    },
    /** GET /api/v1/organizations/{id}/work-lists/age-out?year=&page=&pageSize= → a page, oldest first. */
    async (request) =>
      listAgeOutWorkList(db, requireActor(request), request.params.id, request.query, todayInChina()),
  );

  app.get(
    "/organizations/:id/work-lists/lapse",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["member-status"],
        summary: "自行脱团工作清单 Members six months without dues or organizational life (where recorded)",
        params: idParams,
        querystring: z.object(pageQuery),
        response: {
          200: z.object({ items: z.array(lapseItemSchema), ...pageFields }),
          ...commonErrorResponses,
        },
      },
    },
    /** GET /api/v1/organizations/{id}/work-lists/lapse?page=&pageSize= → a page, oldest first. */
    async (request) =>
      listLapseWorkList(db, requireActor(request), request.params.id, request.query, todayInChina()),
  );
}
