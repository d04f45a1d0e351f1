import {
  PARTY_RECOMMENDATION_ACTIONS,
  partyRecommendationInputSchema,
  partyStageInputSchema,
} from "@tuanwu/domain";
import type { FastifyReply } from "fastify";
import { z } from "zod";
import { commonErrorResponses, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { todayInChina } from "../../lib/clock";
import { HttpError } from "../../lib/http-errors";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { workflowErrorBody, workflowErrorResponseSchema } from "../workflow/workflow-errors";
import {
  createRecommendation,
  getRecommendation,
  listEligible,
  listRecommendations,
  recordPartyStage,
  transitionRecommendation,
} from "./party-recommendation.service";

const idParams = z.object({ id: idParameter });
const dateOrNull = z.string().nullable();
const intOrNull = z.number().int().nullable();

const eligibleSchema = z
  .array(
    z.object({
      memberId: z.number().int(),
      name: z.string(),
      age: intOrNull,
      leagueYears: intOrNull,
      eligible: z.boolean(),
      problems: z.array(z.string()),
    }),
  )
  .meta({ id: "PartyRecommendationEligibleList" });

const recommendationFields = {
  id: z.number().int(),
  memberId: z.number().int(),
  memberName: z.string(),
  organizationId: z.number().int(),
  organizationName: z.string(),
  state: z.string().nullable(),
  version: intOrNull,
  partyApplicationOn: dateOrNull,
  meetingHeldOn: dateOrNull,
  rollCount: intOrNull,
  attendeesCount: intOrNull,
  votesFor: intOrNull,
  recommendedOn: dateOrNull,
  validUntil: dateOrNull,
  expired: z.boolean(),
  partyStage: z.string().nullable(),
  partyStageOn: dateOrNull,
};
const recommendationSchema = z.object(recommendationFields).meta({ id: "PartyRecommendation" });
const listSchema = z
  .object({ organizationId: z.number().int(), items: z.array(recommendationSchema) })
  .meta({ id: "PartyRecommendationList" });
const detailSchema = z
  .object({
    ...recommendationFields,
    history: z.array(
      z.object({
        sequence: z.number().int(),
        action: z.string(),
        actionLabel: z.string(),
        toState: z.string(),
        occurredOn: z.string(),
        actorName: z.string(),
        note: z.string().nullable(),
      }),
    ),
    availableActions: z.array(z.object({ action: z.enum(PARTY_RECOMMENDATION_ACTIONS), label: z.string() })),
    stages: z.array(z.object({ stage: z.string(), on: z.string(), actorName: z.string() })),
    nextStage: z.string().nullable(),
  })
  .meta({ id: "PartyRecommendationDetail" });
const workflowErrors = {
  ...commonErrorResponses,
  403: workflowErrorResponseSchema,
  409: workflowErrorResponseSchema,
  422: workflowErrorResponseSchema,
};

/** Answers a refused transition with every failure (WorkflowRefusal / 409 / 422 / 403), else rethrows. */
async function withRefusals<T>(reply: FastifyReply, run: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof HttpError && (error.status === 409 || error.status === 422 || error.status === 403))
      return reply.status(error.status).send(workflowErrorBody(error));
    throw error;
  }
}

/**
 * Routes of 推优入党 (issue 12 part 5): a branch's eligible members, the recommendations of a
 * subtree, one recommendation, starting one from the branch meeting, its engine steps and the
 * Party's later stages. Scoped (404 outside), audited.
 */
export async function registerPartyRecommendationRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/organizations/:id/party-recommendations/eligible",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["party-recommendations"],
        summary: "推优条件 A branch's members with age, League years and why each may not be recommended",
        params: idParams,
        response: { 200: eligibleSchema, ...workflowErrors },
      },
    },
    /** GET /api/v1/organizations/{branchId}/party-recommendations/eligible → [{memberId, name, age, leagueYears, eligible, problems}]. */
    async (request, reply) =>
      withRefusals(reply, () => listEligible(db, requireActor(request), request.params.id, todayInChina())),
  );

  app.get(
    "/organizations/:id/party-recommendations",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["party-recommendations"],
        summary: "推优入党 The recommendations of the subtree with their states",
        params: idParams,
        response: { 200: listSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/party-recommendations → PartyRecommendationList. */
    async (request) => listRecommendations(db, requireActor(request), request.params.id, todayInChina()),
  );

  app.get(
    "/party-recommendations/:id",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["party-recommendations"],
        summary: "推优入党详情 One recommendation: timeline, the user's actions, the Party stages",
        params: idParams,
        response: { 200: detailSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/party-recommendations/{id} → PartyRecommendationDetail. */
    async (request) => getRecommendation(db, requireActor(request), request.params.id, todayInChina()),
  );

  app.post(
    "/party-recommendations",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["party-recommendations"],
        summary: "支部大会推荐 Record the branch meeting's recommendation and send it to the committee",
        body: partyRecommendationInputSchema,
        response: { 200: recommendationSchema, ...workflowErrors },
      },
    },
    /** POST /api/v1/party-recommendations {memberId, partyApplicationOn, meetingHeldOn, rollCount, attendeesCount, votesFor} → PartyRecommendation; 400 naming the field. */
    async (request, reply) =>
      withRefusals(reply, () =>
        createRecommendation(db, requireActor(request), request.body, todayInChina()),
      ),
  );

  app.post(
    "/party-recommendations/:id/transitions",
    {
      // The engine decides whose step it is (the committee above reviews, the branch resubmits).
      config: { permission: "organization:read" },
      schema: {
        tags: ["party-recommendations"],
        summary: "推优审核环节 Approve, return (with a reason), resubmit or withdraw",
        params: idParams,
        body: z.strictObject({
          action: z.enum(PARTY_RECOMMENDATION_ACTIONS),
          version: z.number().int().min(1, "版本：必须是整数").optional(),
          reason: z.string().max(500).optional(),
          payload: z.record(z.string(), z.unknown()).default({}),
        }),
        response: { 200: recommendationSchema, ...workflowErrors },
      },
    },
    /** POST /api/v1/party-recommendations/{id}/transitions {action, version, reason?, payload?} → PartyRecommendation; 422 {failures}. */
    async (request, reply) => {
      const { reason, ...body } = request.body;
      const payload =
        reason === undefined
          ? body.payload
          : {
              ...body.payload,
              [body.action === "approve" || body.action === "resubmit" ? "note" : "reason"]: reason,
            };
      return withRefusals(reply, () =>
        transitionRecommendation(
          db,
          requireActor(request),
          request.params.id,
          { ...body, payload },
          todayInChina(),
        ),
      );
    },
  );

  app.post(
    "/party-recommendations/:id/party-stage",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["party-recommendations"],
        summary: "党内阶段 Record the Party's next decision (积极分子, 发展对象, 预备党员, 正式党员)",
        params: idParams,
        body: partyStageInputSchema,
        response: { 200: detailSchema, ...workflowErrors },
      },
    },
    /** POST /api/v1/party-recommendations/{id}/party-stage {stage, on} → PartyRecommendationDetail; 400 naming stage or on. */
    async (request, reply) =>
      withRefusals(reply, () =>
        recordPartyStage(db, requireActor(request), request.params.id, request.body, todayInChina()),
      ),
  );
}
