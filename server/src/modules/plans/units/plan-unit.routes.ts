import { idSchema } from "@tuanwu/domain";
import { z } from "zod";
import { commonErrorResponses, idParameter } from "../../../lib/api-schemas";
import type { AppContext } from "../../../lib/app-context";
import type { ZodApp } from "../../../lib/zod-app";
import { requireActor } from "../../../plugins/authentication";
import { listPlanUnits, mapPlanUnit } from "./plan-unit.service";

const idParams = z.object({ id: idParameter });

export const planUnitSchema = z
  .object({
    id: z.number().int(),
    planId: z.number().int(),
    name: z.string().describe("the unit as the plan names it (责任单位)"),
    organizationId: z
      .number()
      .int()
      .nullable()
      .describe("the organization it is mapped to; null: free text (e.g. 县委组织部)"),
    organizationName: z.string().nullable(),
  })
  .meta({ id: "PlanUnit" });

export const planUnitsSchema = z
  .object({
    planId: z.number().int(),
    units: z.array(
      planUnitSchema.extend({
        taskNumbers: z.array(z.number().int()).describe("the tasks naming the unit (lead or responsible)"),
      }),
    ),
  })
  .meta({ id: "PlanUnits" });

/** PUT /plan-units/{id}: the organization a unit is mapped to, or null to unmap. */
export const mapPlanUnitSchema = z
  .object({ organizationId: idSchema("organizationId").nullable() })
  .strict()
  .meta({ id: "MapPlanUnit" });

/**
 * Routes of a plan's responsible units (责任单位, issue 5 part 3): the units found at import with the
 * organizations they were matched to, and mapping a unit by hand.
 */
export async function registerPlanUnitRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/plans/:id/units",
    {
      config: { permission: "plan:read" },
      schema: {
        tags: ["plans"],
        summary: "责任单位 A plan's responsible units and the organizations they are mapped to",
        params: idParams,
        response: { 200: planUnitsSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/plans/{id}/units → { planId, units }; 404 outside the scope. */
    async (request) => listPlanUnits(db, requireActor(request), request.params.id),
  );

  app.put(
    "/plan-units/:id",
    {
      config: { permission: "plan:write" },
      schema: {
        tags: ["plans"],
        summary: "映射责任单位 Map a responsible unit to an organization of the plan's subtree (null unmaps)",
        params: idParams,
        body: mapPlanUnitSchema,
        response: { 200: planUnitSchema, ...commonErrorResponses },
      },
    },
    /**
     * PUT /api/v1/plan-units/{id} {organizationId | null} → PlanUnit; audited. 404 naming
     * "organizationId" when the organization is not in the plan organization's subtree.
     */
    async (request) => mapPlanUnit(db, requireActor(request), request.params.id, request.body.organizationId),
  );
}
