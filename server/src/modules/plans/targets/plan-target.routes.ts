import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../../lib/api-schemas";
import type { AppContext } from "../../../lib/app-context";
import { todayInChina } from "../../../lib/clock";
import type { ZodApp } from "../../../lib/zod-app";
import { requireActor } from "../../../plugins/authentication";
import { bindPlanTargetSchema, planTargetSchema, planTargetsSchema } from "./plan-target.schemas";
import { bindPlanTarget, listPlanTargets } from "./plan-target.service";

const idParams = z.object({ id: idParameter });

/**
 * Routes of targets bound to indicators (issue 5 part 6): a plan's targets with their actual values
 * and verdicts, and binding a target to an indicator of the catalog.
 */
export async function registerPlanTargetRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/plans/:id/targets",
    {
      config: { permission: "plan:read" },
      schema: {
        tags: ["plans"],
        summary: "量化目标 A plan's targets: bound indicator, actual value now, verdict",
        params: idParams,
        response: { 200: planTargetsSchema, ...commonErrorResponses },
      },
    },
    /**
     * GET /api/v1/plans/{id}/targets → { planId, asOf, targets, verdictCounts }; actual values are
     * computed for the plan organization's subtree as of today. 404 outside the scope.
     */
    async (request) => listPlanTargets(db, requireActor(request), request.params.id, todayInChina()),
  );

  app.put(
    "/plan-targets/:id",
    {
      config: { permission: "plan:write" },
      schema: {
        tags: ["plans"],
        summary: "绑定指标 Bind a target to an indicator (null unbinds); set its comparison, value, due date",
        params: idParams,
        body: bindPlanTargetSchema,
        response: { 200: planTargetSchema, ...commonErrorResponses, 422: errorResponseSchema },
      },
    },
    /**
     * PUT /api/v1/plan-targets/{id} {indicatorId, comparison, value, dueOn} → PlanTarget; audited.
     * 400 naming "indicatorId" for an unknown indicator, "value" out of the indicator's range; nothing written.
     */
    async (request) =>
      bindPlanTarget(db, requireActor(request), request.params.id, request.body, todayInChina()),
  );
}
