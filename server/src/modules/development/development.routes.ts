import { DEVELOPMENT_STATES } from "@tuanwu/domain";
import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { todayInChina } from "../../lib/clock";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { withRefusals, workflowErrorResponseSchema } from "../workflow/workflow-errors";
import {
  applicationDetailSchema,
  applicationInputSchema,
  batchResultSchema,
  batchTransitionInputSchema,
  pipelineItemSchema,
  transitionInputSchema,
} from "./development.schemas";
import {
  applyDevelopmentTransition,
  batchDevelopmentTransitions,
  buildApplicationDetail,
  getApplicationDetail,
  listApplications,
  PIPELINE_PAGE_SIZE_LIMIT,
  registerApplication,
} from "./development.service";

const idParams = z.object({ id: idParameter });

/**
 * Routes of member development (发展团员, domain.md §3; issue 10 part 2) on the approval engine:
 * register an application, the pipeline of a subtree, an application's page, a step (transition),
 * a batch of steps. Narrowed to the user's subtree (404 outside); every write audited.
 */
export async function registerDevelopmentRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.post(
    "/organizations/:id/applications",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["development"],
        summary: "登记入团申请 Register a written application at a branch",
        params: idParams,
        body: applicationInputSchema,
        response: { 201: applicationDetailSchema, ...commonErrorResponses, 422: errorResponseSchema },
      },
    },
    /**
     * POST /api/v1/organizations/{id}/applications {name, sex, citizenId, birthDate, phone?, ethnicity?,
     * schoolLevel?, grade?, graduatingClass?, applicationDate} → 201 the application's page.
     */
    async (request, reply) => {
      const actor = requireActor(request);
      const today = todayInChina();
      const registered = await registerApplication(db, actor, request.params.id, request.body, today);
      return reply.status(201).send(await buildApplicationDetail(db, actor, registered.id, today));
    },
  );

  app.get(
    "/organizations/:id/applications",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["development"],
        summary: "发展团员 The applications of a subtree (pipeline), oldest application first",
        params: idParams,
        querystring: z.object({
          state: z.enum(DEVELOPMENT_STATES, { error: "state：无效的取值" }).optional(),
          q: z.string().trim().max(50).optional(),
          sort: z.enum(["applicationDate", "points"], { error: "sort：无效的取值" }).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce
            .number()
            .int()
            .min(1)
            .max(PIPELINE_PAGE_SIZE_LIMIT, `pageSize 不能超过 ${PIPELINE_PAGE_SIZE_LIMIT}`)
            .default(50),
        }),
        response: {
          200: z.object({
            items: z.array(pipelineItemSchema),
            total: z.number().int(),
            page: z.number().int(),
            pageSize: z.number().int(),
          }),
          ...commonErrorResponses,
        },
      },
    },
    /** GET /api/v1/organizations/{id}/applications?state=&q=&sort=&page=&pageSize= → a page of the pipeline. */
    async (request) =>
      listApplications(db, requireActor(request), request.params.id, request.query, todayInChina()),
  );

  app.get(
    "/applications/:id",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["development"],
        summary: "入团申请详情 An application: timeline, available actions, points, quota",
        params: idParams,
        response: { 200: applicationDetailSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/applications/{id} → the application's page. */
    async (request) => getApplicationDetail(db, requireActor(request), request.params.id, todayInChina()),
  );

  app.post(
    "/applications/:id/transitions",
    {
      // The engine decides who may take each step (branch, higher committee, the applicant): every
      // role with a scope may ask; requireAccess answers 404 outside it, the engine 403 for the role.
      config: { permission: "organization:read" },
      schema: {
        tags: ["development"],
        summary: "办理环节 Take a step of an application (optimistic version; all unmet conditions at once)",
        params: idParams,
        body: transitionInputSchema,
        response: {
          200: applicationDetailSchema,
          ...commonErrorResponses,
          403: workflowErrorResponseSchema,
          409: workflowErrorResponseSchema,
          422: workflowErrorResponseSchema,
        },
      },
    },
    /**
     * POST /api/v1/applications/{id}/transitions {action, version, payload} → 200 the application's
     * page; 409 stale version or step not available; 422 {error: {failures, warnings}}.
     */
    async (request, reply) =>
      withRefusals(reply, () =>
        applyDevelopmentTransition(
          db,
          requireActor(request),
          request.params.id,
          request.body,
          todayInChina(),
        ),
      ),
  );

  app.post(
    "/organizations/:id/applications/batch-transitions",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["development"],
        summary: "批量办理 One step for many applications of a subtree (each its own transaction)",
        params: idParams,
        body: batchTransitionInputSchema,
        response: { 200: z.object({ results: z.array(batchResultSchema) }), ...commonErrorResponses },
      },
    },
    /**
     * POST /api/v1/organizations/{id}/applications/batch-transitions {action, items: [{applicationId,
     * version}], payload} → {results: [{applicationId, ok, status, version, failures}]}.
     */
    async (request) => ({
      results: await batchDevelopmentTransitions(
        db,
        requireActor(request),
        request.params.id,
        request.body,
        todayInChina(),
      ),
    }),
  );
}
