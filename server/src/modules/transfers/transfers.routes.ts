import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { todayInChina } from "../../lib/clock";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { withRefusals, workflowErrorResponseSchema } from "../workflow/workflow-errors";
import { lookUpTransferDestinations } from "./transfer-destinations.service";
import { incomingLetterInputSchema, registerIncomingLetter } from "./transfer-incoming.service";
import {
  transferDestinationQuerySchema,
  transferDestinationSchema,
  transferDetailSchema,
  transferStartInputSchema,
  transferTransitionInputSchema,
} from "./transfers.schemas";
import {
  applyTransferTransition,
  buildTransferDetail,
  getTransferDetail,
  listOwnTransfers,
  startTransfer,
} from "./transfers.service";

const idParams = z.object({ id: idParameter });

/**
 * Routes of organization relationship transfers (组织关系转接, domain.md §4; issue 11 part 1–2) on the
 * approval engine: start one (the sending side, the receiving side, the member), a transfer's page,
 * a step. Each side reaches the transfer (404 outside both); the engine decides whose step it is
 * (403); every write audited in its transaction.
 */
export async function registerTransferRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.post(
    "/transfers",
    {
      // The member starts their own transfer (role member: organization:read only); the service
      // requires member:write on the sending or receiving side for anyone else.
      config: { permission: "organization:read" },
      schema: {
        tags: ["transfers"],
        summary: "发起组织关系转接 Start a transfer (sending side, receiving side or the member)",
        body: transferStartInputSchema,
        response: {
          201: transferDetailSchema,
          ...commonErrorResponses,
          409: errorResponseSchema,
          422: errorResponseSchema,
        },
      },
    },
    /**
     * POST /api/v1/transfers {memberId | citizenId+name, toOrganizationId | toExternalName
     * (+ toExternalAddress?, toExternalContact?: 转出本系统), reason, kind, startedOn, note?} → 201 the
     * transfer's page; 409 transfer_already_open.
     */
    async (request, reply) => {
      const actor = requireActor(request);
      const started = await startTransfer(db, actor, request.body, todayInChina());
      return reply.status(201).send(await buildTransferDetail(db, actor, started.id));
    },
  );

  app.get(
    "/transfers/destinations",
    {
      // A member's own request or a role with member:write (checked by the service; 403 otherwise).
      config: { permission: "organization:read" },
      schema: {
        tags: ["transfers"],
        summary:
          "转入组织查询 Organizations of the whole installation that can receive a transfer, by name (id, name, kind, ancestors' names only)",
        querystring: transferDestinationQuerySchema,
        response: {
          200: z.object({ items: z.array(transferDestinationSchema).max(20) }),
          ...commonErrorResponses,
        },
      },
    },
    /**
     * GET /api/v1/transfers/destinations?q=东河 → {items: at most 20 organizations {id, name, kind,
     * ancestorNames}}, shallowest first; 400 naming q (2–20 characters); 403 for an account that is
     * neither a member nor holds member:write.
     */
    async (request) => ({
      items: await lookUpTransferDestinations(db, requireActor(request), request.query.q),
    }),
  );

  app.get(
    "/transfers/:id",
    {
      config: { permission: "organization:read" },
      schema: {
        tags: ["transfers"],
        summary:
          "组织关系转接详情 A transfer: member (masked until the receiving side accepts), history, actions",
        params: idParams,
        response: { 200: transferDetailSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/transfers/{id} → the transfer's page. */
    async (request) => getTransferDetail(db, requireActor(request), request.params.id),
  );

  app.post(
    "/transfers/:id/transitions",
    {
      // The engine decides whose step it is (sending branch and committee, receiving organization and
      // committee, the member withdrawing): any role with a scope may ask.
      config: { permission: "organization:read" },
      schema: {
        tags: ["transfers"],
        summary: "办理转接环节 Approve, accept, return or withdraw a transfer (optimistic version)",
        params: idParams,
        body: transferTransitionInputSchema,
        response: {
          200: transferDetailSchema,
          ...commonErrorResponses,
          403: workflowErrorResponseSchema,
          409: workflowErrorResponseSchema,
          422: workflowErrorResponseSchema,
        },
      },
    },
    /**
     * POST /api/v1/transfers/{id}/transitions {action, version, payload} → 200 the transfer's page;
     * 409 stale version or step not available; 422 {error: {failures}}.
     */
    async (request, reply) =>
      withRefusals(reply, () =>
        applyTransferTransition(db, requireActor(request), request.params.id, request.body, todayInChina()),
      ),
  );

  app.post(
    "/organizations/:id/transfers/incoming-letters",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["transfers"],
        summary: "登记转入介绍信 Register an incoming paper letter as a transfer in (creates the member)",
        params: idParams,
        body: incomingLetterInputSchema,
        response: {
          201: transferDetailSchema,
          ...commonErrorResponses,
          409: errorResponseSchema,
          422: errorResponseSchema,
        },
      },
    },
    /**
     * POST /api/v1/organizations/{id}/transfers/incoming-letters {member, fromExternalName,
     * letterNumber?, reason, kind, receivedOn} → 201 the (completed) transfer's page; 409 the citizen ID
     * is already a member's (start a transfer instead).
     */
    async (request, reply) => {
      const actor = requireActor(request);
      const registered = await registerIncomingLetter(
        db,
        actor,
        request.params.id,
        request.body,
        todayInChina(),
      );
      return reply.status(201).send(await buildTransferDetail(db, actor, registered.id));
    },
  );

  app.get(
    "/me/transfers",
    {
      config: { permission: "organization:read" },
      schema: {
        tags: ["transfers"],
        summary: "我的组织关系转接 The signed-in member's own transfers, newest first",
        response: { 200: z.object({ items: z.array(transferDetailSchema) }), ...commonErrorResponses },
      },
    },
    /** GET /api/v1/me/transfers → {items: the member's transfers' pages}. */
    async (request) => ({ items: await listOwnTransfers(db, requireActor(request)) }),
  );
}
