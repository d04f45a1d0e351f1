import {
  ENTERED_DATA_KINDS,
  INDICATOR_CATEGORIES,
  INDICATOR_DIRECTIONS,
  INDICATOR_DRILL_DOWNS,
  INDICATOR_UNITS,
  SECTORS,
} from "@tuanwu/domain";
import { z } from "zod";
import { commonErrorResponses, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { todayInChina } from "../../lib/clock";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { registerEnteredDataRoutes } from "./entered-data.routes";
import {
  getChildIndicators,
  getIndicatorTrend,
  getIndicatorValue,
  getOrganizationIndicators,
  listIndicators,
} from "./indicator.service";
import { DRILL_DOWN_MAX_PAGE_SIZE, getIndicatorDrillDown } from "./indicator-drilldown.service";
import { DEFAULT_EXPORT_ROW_LIMIT, exportIndicators } from "./indicator-export.service";

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
    category: z.enum(INDICATOR_CATEGORIES).describe("the card group it is shown in"),
    drillDown: z
      .enum(INDICATOR_DRILL_DOWNS)
      .nullable()
      .describe("the list behind the number (a rate: its numerator's); null when none"),
    enteredData: z
      .enum(ENTERED_DATA_KINDS)
      .nullable()
      .describe("the entered data its denominator needs; null when the registry alone computes it"),
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

const valueSchema = z
  .number()
  .nullable()
  .describe("percent 0–100 (one decimal) or a count; null when there is nothing to measure against");

const organizationIndicatorsSchema = z
  .object({
    organizationId: z.number().int(),
    organizationName: z.string(),
    asOf: z.string().describe("YYYY-MM-DD"),
    items: z.array(
      z
        .object({
          indicatorId: z.string(),
          value: valueSchema,
          numerator: z.number().nullable().describe("a count: the value; a percent: what was counted"),
          denominator: z.number().nullable().describe("a percent: what it divides by; null for a count"),
          unit: z.enum(INDICATOR_UNITS),
          target: z
            .object({
              planId: z.number().int(),
              planTitle: z.string(),
              targetValue: z.number(),
              verdict: z.enum(["met", "on_track", "off_track", "no_data"]),
            })
            .nullable()
            .describe("the first target of the organization's plans bound to the indicator"),
        })
        .meta({ id: "IndicatorCard" }),
    ),
  })
  .meta({ id: "OrganizationIndicators" });

const childIndicatorsSchema = z
  .object({
    organizationId: z.number().int(),
    asOf: z.string(),
    indicatorIds: z.array(z.string()),
    rows: z.array(
      z.object({
        organizationId: z.number().int(),
        name: z.string(),
        kind: z.string(),
        sector: z.string().nullable(),
        values: z.record(z.string(), z.number().nullable()),
      }),
    ),
  })
  .meta({ id: "ChildIndicators" });

const trendSchema = z
  .object({
    organizationId: z.number().int(),
    months: z.array(z.string()).describe("YYYY-MM, oldest first"),
    sources: z
      .array(z.enum(["live", "snapshot", "history", "none"]))
      .describe(
        "one per month: live (this month, the counters), snapshot (a month-end snapshot), history (no snapshot: recounted from member_history, slow on a province), none (before the data)",
      ),
    series: z.array(
      z.object({
        indicatorId: z.string(),
        values: z
          .array(z.number().nullable())
          .describe("one per month, as of its last day (this month: today)"),
      }),
    ),
  })
  .meta({ id: "IndicatorTrend" });

const drillDownMemberSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    sex: z.string(),
    birthDate: z.string(),
    status: z.string(),
    organizationId: z.number().int(),
    organizationName: z.string(),
    citizenId: z.string().describe("masked"),
    phone: z.string().nullable().describe("masked"),
  })
  .meta({ id: "IndicatorDrillDownMember" });

const drillDownOrganizationSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    code: z.string(),
    kind: z.string(),
    sector: z.string().nullable(),
  })
  .meta({ id: "IndicatorDrillDownOrganization" });

const drillDownSchema = z
  .object({
    indicatorId: z.string(),
    kind: z.enum(INDICATOR_DRILL_DOWNS),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    items: z.array(z.union([drillDownMemberSchema, drillDownOrganizationSchema])),
  })
  .meta({ id: "IndicatorDrillDown" });

const asOfQuery = z.string().max(20).optional().describe("YYYY-MM-DD: today (default) or a past month-end");
const idsQuery = z
  .string()
  .max(10_000)
  .optional()
  .describe("comma-separated indicator ids (default: the whole catalog)");

const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * Routes of the indicators (指标, domain.md §9; issue 4 parts 1, 2 and 4): the catalog; an
 * organization's indicators with targets; its children side by side; trends over month-ends; the
 * list behind a number; an .xlsx export; and the entered data denominators need. All read stats:read
 * (entered data is written with organization:write), narrowed to the user's subtree (404 outside).
 */
export async function registerIndicatorRoutes(app: ZodApp, context: AppContext): Promise<void> {
  const { db } = context;
  const rowLimit = context.config.exportRowLimit ?? DEFAULT_EXPORT_ROW_LIMIT;

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
     * GET /api/v1/indicators → { items: Indicator[] } in catalog order, each with its category, the
     * list behind it (drillDown) and the entered data its denominator needs. stats:read.
     */
    async () => ({ items: [...listIndicators()] }),
  );

  app.get(
    "/organizations/:id/indicators",
    {
      config: { permission: "stats:read" },
      schema: {
        tags: ["indicators"],
        summary: "组织指标 Indicators of an organization's subtree as of a date, with targets and verdicts",
        params: z.object({ id: idParameter }),
        querystring: z.object({ asOf: asOfQuery, ids: idsQuery }),
        response: { 200: organizationIndicatorsSchema, ...commonErrorResponses },
      },
    },
    /**
     * GET /api/v1/organizations/{id}/indicators?asOf=YYYY-MM-DD&ids=a,b → { organizationId,
     * organizationName, asOf, items: [{ indicatorId, value, numerator, denominator, unit, target }] }.
     * Percents 0–100 with one decimal; counts whole. Counts by member dimension come from the subtree
     * counters (a past month-end from its snapshot or member_history); the cadre profile, 配备率 and
     * 信息完整率 exist for today only (null at a past month-end). target: the first target of the
     * organization's plans bound to the indicator, verdict by domain judgeTarget (no_data: value null).
     * Errors: 400 "ids" (unknown_indicator), 400 "asOf" (invalid_as_of, as_of_in_future,
     * as_of_before_data, as_of_not_month_end); 404 outside the scope; 403 without stats:read.
     */
    async (request) =>
      getOrganizationIndicators(db, requireActor(request), request.params.id, request.query, todayInChina()),
  );

  app.get(
    "/organizations/:id/indicators/children",
    {
      config: { permission: "stats:read" },
      schema: {
        tags: ["indicators"],
        summary: "下级组织指标 Indicators of every child organization side by side (one batch)",
        params: z.object({ id: idParameter }),
        querystring: z.object({ asOf: asOfQuery, ids: idsQuery }),
        response: { 200: childIndicatorsSchema, ...commonErrorResponses },
      },
    },
    /**
     * GET /api/v1/organizations/{id}/indicators/children?asOf=&ids= → { organizationId, asOf,
     * indicatorIds, rows: [{ organizationId, name, kind, sector, values: { id: number|null } }] },
     * rows in code order; each value equals the child's own (GET …/{childId}/indicators). Computed
     * for all children at once: one statement per figure kind. Errors as GET …/indicators.
     */
    async (request) =>
      getChildIndicators(db, requireActor(request), request.params.id, request.query, todayInChina()),
  );

  app.get(
    "/organizations/:id/indicators/trend",
    {
      config: { permission: "stats:read" },
      schema: {
        tags: ["indicators"],
        summary: "指标趋势 Indicators over months (each as of its month-end; this month as of today)",
        params: z.object({ id: idParameter }),
        querystring: z.object({
          ids: idsQuery,
          from: z.string().max(20).optional().describe("YYYY-MM (default: 11 months before to)"),
          to: z.string().max(20).optional().describe("YYYY-MM (default: this month)"),
        }),
        response: { 200: trendSchema, ...commonErrorResponses },
      },
    },
    /**
     * GET /api/v1/organizations/{id}/indicators/trend?ids=&from=YYYY-MM&to=YYYY-MM (at most 36
     * months; default the last 12) → { organizationId, months, series: [{ indicatorId, values }] };
     * a month before the data begins, or a today-only indicator at a past month, is null.
     * Errors: 400 naming "from"/"to" (invalid_month, month_in_future, invalid_month_range,
     * trend_too_long) or "ids"; 404 outside the scope; 403 without stats:read.
     */
    async (request) =>
      getIndicatorTrend(db, requireActor(request), request.params.id, request.query, todayInChina()),
  );

  app.get(
    "/organizations/:id/indicators/export.xlsx",
    {
      config: { permission: "stats:read" },
      schema: {
        tags: ["indicators"],
        summary: "导出指标 The children table or a drill-down list as .xlsx (row limit configured)",
        produces: [XLSX_MEDIA_TYPE],
        params: z.object({ id: idParameter }),
        querystring: z.object({
          asOf: asOfQuery,
          ids: idsQuery,
          rows: z
            .enum(["children", "drilldown"], { error: "rows：应为 children 或 drilldown" })
            .default("children"),
          indicatorId: z.string().max(100).optional().describe("for rows=drilldown"),
        }),
        response: { 200: z.any().describe("the .xlsx workbook"), ...commonErrorResponses },
      },
    },
    /**
     * GET /api/v1/organizations/{id}/indicators/export.xlsx?asOf=&ids=&rows=children|drilldown&indicatorId=
     * → the workbook (members masked), audited "indicator.export" with the row count. More rows than
     * TUANWU_EXPORT_ROW_LIMIT (default 50,000) → 400 "export_too_large" (field "rows") stating the
     * count, the limit and how to narrow it. Other errors as the children and drill-down routes.
     */
    async (request, reply) => {
      const file = await exportIndicators(
        db,
        requireActor(request),
        request.params.id,
        request.query,
        todayInChina(),
        rowLimit,
      );
      return reply
        .header("content-type", XLSX_MEDIA_TYPE)
        .header(
          "content-disposition",
          `attachment; filename="indicators.xlsx"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        )
        .send(file.bytes);
    },
  );

  app.get(
    "/organizations/:id/indicators/:indicatorId/drilldown",
    {
      config: { permission: "stats:read" },
      schema: {
        tags: ["indicators"],
        summary: "指标明细 The members or organizations behind an indicator's number (today; masked)",
        params: z.object({ id: idParameter, indicatorId: z.string().min(1).max(100) }),
        querystring: z.object({
          asOf: asOfQuery,
          page: z.coerce.number().int().min(1, "page：应为正整数").default(1),
          pageSize: z.coerce
            .number()
            .int()
            .min(1, "pageSize：应为正整数")
            .max(DRILL_DOWN_MAX_PAGE_SIZE, `pageSize：最多${DRILL_DOWN_MAX_PAGE_SIZE}`)
            .default(50),
        }),
        response: { 200: drillDownSchema, ...commonErrorResponses },
      },
    },
    /**
     * GET /api/v1/organizations/{id}/indicators/{indicatorId}/drilldown?asOf=&page=&pageSize= →
     * { indicatorId, kind, total, page, pageSize, items }: members { id, name, sex, birthDate, status,
     * organizationId, organizationName, citizenId, phone } with citizen ID and phone masked, or
     * organizations { id, name, code, kind, sector }. For a rate, its numerator's list; total equals a
     * count indicator's value. As of today only. Errors: 404 unknown indicator or outside the scope;
     * 400 "asOf" (past: drilldown_as_of_today_only; bad dates as elsewhere), 400 "indicatorId"
     * (no_drill_down); 403 without stats:read.
     */
    async (request) =>
      getIndicatorDrillDown(
        db,
        requireActor(request),
        request.params.id,
        request.params.indicatorId,
        request.query,
        todayInChina(),
      ),
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

  await registerEnteredDataRoutes(app, context);
}
