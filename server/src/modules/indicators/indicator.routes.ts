import { INDICATOR_DIRECTIONS, INDICATOR_UNITS, SECTORS } from "@tuanwu/domain";
import { z } from "zod";
import type { AppContext } from "../../app";
import { commonErrorResponses, idParameter } from "../../lib/api-schemas";
import { todayInChina } from "../../lib/clock";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { getIndicatorValue, listIndicators } from "./indicator.service";

const labelSchema = z.object({ zh: z.string(), en: z.string() });

export const indicatorSchema = z
  .object({
    id: z.string().describe("stable id, e.g. entry_rate, members_sector_secondary_school"),
    name: labelSchema,
    numerator: labelSchema.describe("what is counted over the registry"),
    denominator: labelSchema.nullable().describe("what a percent divides by; null for a count"),
    unit: z.enum(INDICATOR_UNITS),
    direction: z.enum(INDICATOR_DIRECTIONS).describe("which way is better"),
    sector: z.enum(SECTORS).nullable(),
    source: z.string().describe("the rule or document the indicator comes from"),
  })
  .meta({ id: "Indicator" });

export const indicatorValueSchema = z
  .object({
    indicatorId: z.string(),
    organizationId: z.number().int(),
    value: z
      .number()
      .nullable()
      .describe("percent 0–100 (one decimal) or a count; null when there is nothing to measure against"),
    unit: z.enum(INDICATOR_UNITS),
    asOf: z.string().describe("YYYY-MM-DD"),
  })
  .meta({ id: "IndicatorValue" });

/**
 * Routes of the indicator catalog (指标, domain.md §9; issue 5 part 6): the catalog, and one
 * indicator computed for an organization's subtree as of today.
 */
export async function registerIndicatorRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/indicators",
    {
      config: { permission: "stats:read" },
      schema: {
        tags: ["indicators"],
        summary: "指标目录 The indicator catalog: every figure tuanwu computes, with its definition",
        response: { 200: z.object({ items: z.array(indicatorSchema) }), ...commonErrorResponses },
      },
    },
    /**
     * GET /api/v1/indicators → { items: Indicator[] } in catalog order. stats:read: the catalog
     * describes statistics (plan writers, who bind targets, hold it too).
     */
    async () => ({ items: [...listIndicators()] }),
  );

  app.get(
    "/organizations/:id/indicators/:indicatorId",
    {
      config: { permission: "stats:read" },
      schema: {
        tags: ["indicators"],
        summary: "指标值 One indicator computed for an organization's subtree, as of today",
        params: z.object({ id: idParameter, indicatorId: z.string().min(1).max(100) }),
        response: { 200: indicatorValueSchema, ...commonErrorResponses },
      },
    },
    /**
     * GET /api/v1/organizations/{id}/indicators/{indicatorId} → { indicatorId, organizationId, value,
     * unit, asOf }. 404 unknown indicator (field "indicatorId") or organization outside the scope.
     */
    async (request) =>
      getIndicatorValue(
        db,
        requireActor(request),
        request.params.id,
        request.params.indicatorId,
        todayInChina(),
      ),
  );
}
