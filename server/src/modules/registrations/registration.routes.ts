import { EDUCATION_REVIEW_GRADES, isoDateSchema, REGISTRATION_STATUSES, textSchema } from "@tuanwu/domain";
import { z } from "zod";
import { commonErrorResponses, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { todayInChina } from "../../lib/clock";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { campaignFields, withRefusals, writeErrors } from "../campaigns/campaign.schemas";
import {
  decideRegistration,
  listOwnRegistrations,
  listRegistrationCampaigns,
  listRegistrationMembers,
  registerEligible,
} from "./registration.service";

const idParams = z.object({ id: idParameter });
const campaignParams = z.object({ campaignId: idParameter });
const statusSchema = z.enum(REGISTRATION_STATUSES, { error: "注册状态：应为已注册、暂缓注册或不予注册" });

const campaignListSchema = z
  .array(
    z.object({
      ...campaignFields,
      progress: z.object({
        members: z.number().int(),
        registered: z.number().int(),
        deferred: z.number().int(),
        unregistered: z.number().int(),
        pending: z.number().int(),
      }),
    }),
  )
  .meta({ id: "RegistrationCampaignList" });
const memberRowSchema = z
  .object({
    memberId: z.number().int(),
    name: z.string(),
    reviewGrade: z.enum(EDUCATION_REVIEW_GRADES).nullable(),
    status: z.enum(REGISTRATION_STATUSES).nullable(),
    deferredUntil: z.string().nullable(),
    reason: z.string().nullable(),
    eligible: z.boolean(),
    problem: z.string().nullable(),
  })
  .meta({ id: "RegistrationMember" });
const ownSchema = z
  .array(
    z.object({
      year: z.number().int(),
      campaignId: z.number().int(),
      organizationName: z.string(),
      status: z.enum(REGISTRATION_STATUSES),
      deferredUntil: z.string().nullable(),
      reason: z.string().nullable(),
      decidedOn: z.string().nullable(),
    }),
  )
  .meta({ id: "OwnRegistrations" });

/**
 * Routes of the annual registration 团籍注册 (issue 12 part 3; opening and closing a campaign in
 * campaigns/campaign.routes.ts): campaigns covering an organization, a branch's members with
 * eligibility, a member's decision (registered / deferred 3–6 months / unregistered), one-tap
 * registration of the eligible, the member's own registrations. Scoped (404 outside), audited.
 */
export async function registerRegistrationRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/organizations/:id/registration-campaigns",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["registrations"],
        summary: "团籍注册 Campaigns covering an organization with progress in its subtree",
        params: idParams,
        response: { 200: campaignListSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/registration-campaigns → RegistrationCampaignList. */
    async (request) => listRegistrationCampaigns(db, requireActor(request), request.params.id),
  );

  app.get(
    "/registration-campaigns/:campaignId/members",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["registrations"],
        summary: "注册名单 An organization's members with review grade, decision and eligibility",
        params: campaignParams,
        querystring: z.object({ organizationId: idParameter }),
        response: { 200: z.array(memberRowSchema), ...commonErrorResponses },
      },
    },
    /** GET /api/v1/registration-campaigns/{campaignId}/members?organizationId= → RegistrationMember[]. */
    async (request) =>
      listRegistrationMembers(
        db,
        requireActor(request),
        request.params.campaignId,
        request.query.organizationId,
      ),
  );

  app.put(
    "/registration-campaigns/:campaignId/members/:memberId",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["registrations"],
        summary: "注册决定 Register, defer (3–6 months, a reason) or refuse a member",
        params: z.object({ campaignId: idParameter, memberId: idParameter }),
        body: z.strictObject({
          status: statusSchema,
          deferredUntil: isoDateSchema("暂缓截止日期").nullable().optional(),
          reason: textSchema("原因", 500).nullable().optional(),
        }),
        response: { 200: memberRowSchema, ...writeErrors },
      },
    },
    /** PUT /api/v1/registration-campaigns/{campaignId}/members/{memberId} → RegistrationMember; 400 status/deferredUntil/reason. */
    async (request, reply) =>
      withRefusals(reply, () =>
        decideRegistration(
          db,
          requireActor(request),
          request.params.campaignId,
          request.params.memberId,
          request.body,
          todayInChina(),
        ),
      ),
  );

  app.post(
    "/registration-campaigns/:campaignId/register-eligible",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["registrations"],
        summary: "一键注册 Register every eligible, undecided member of an organization",
        params: campaignParams,
        body: z.strictObject({ organizationId: z.number({ error: "组织：必填" }).int().positive() }),
        response: { 200: z.object({ registered: z.number().int() }), ...writeErrors },
      },
    },
    /** POST /api/v1/registration-campaigns/{campaignId}/register-eligible {organizationId} → {registered}. */
    async (request, reply) =>
      withRefusals(reply, () =>
        registerEligible(
          db,
          requireActor(request),
          request.params.campaignId,
          request.body.organizationId,
          todayInChina(),
        ),
      ),
  );

  app.get(
    "/me/registrations",
    {
      config: { permission: "organization:read" },
      schema: {
        tags: ["me"],
        summary: "我的团籍注册 The signed-in member's registrations by year",
        response: { 200: ownSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/me/registrations → OwnRegistrations; 404 without a member record. */
    async (request) => listOwnRegistrations(db, requireActor(request)),
  );
}
