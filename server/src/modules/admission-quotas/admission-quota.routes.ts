import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { todayInChina } from "../../lib/clock";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import {
  allotmentInputSchema,
  quotaOverviewSchema,
  quotaReclaimSchema,
  quotaWriteSchema,
  quotaYearSchema,
  reclaimInputSchema,
  unusedQuotaReportSchema,
} from "./admission-quota.schemas";
import { allotQuota, getQuotaOverview, listUnusedQuotas, reclaimQuota } from "./admission-quota.service";

const idParams = z.object({ id: idParameter });
const yearParams = z.object({ id: idParameter, year: quotaYearSchema });
const yearQuery = z.object({ year: quotaYearSchema.optional() });
const writeErrors = { ...commonErrorResponses, 409: errorResponseSchema, 422: errorResponseSchema };

function thisYear(): number {
  return Number(todayInChina().slice(0, 4));
}

/**
 * Routes of the yearly admission quotas (发展名额, 总量控制; issue 10 part 4): read an organization's
 * quota with its allotments, allot (a county its total, a committee its children), reclaim unused
 * places, and the unused-quota report. Narrowed to the user's subtree (404 outside); writes audited.
 */
export async function registerAdmissionQuotaRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/organizations/:id/admission-quotas",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["admission-quotas"],
        summary: "发展名额 An organization's quota of a year with its allotments and unused places",
        params: idParams,
        querystring: yearQuery,
        response: { 200: quotaOverviewSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/admission-quotas?year= (default this year) → AdmissionQuotaOverview. */
    async (request) =>
      getQuotaOverview(db, requireActor(request), request.params.id, request.query.year ?? thisYear()),
  );

  app.get(
    "/organizations/:id/admission-quotas/unused",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["admission-quotas"],
        summary: "未使用名额 Quotas of the subtree with unused places (to reclaim)",
        params: idParams,
        querystring: yearQuery,
        response: { 200: unusedQuotaReportSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/admission-quotas/unused?year= → {year, items, totalUnused}. */
    async (request) =>
      listUnusedQuotas(db, requireActor(request), request.params.id, request.query.year ?? thisYear()),
  );

  app.put(
    "/organizations/:id/admission-quotas/:year",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["admission-quotas"],
        summary: "分配名额 Allot an organization's quota of a year (a county: its own total)",
        params: yearParams,
        body: allotmentInputSchema,
        response: { 200: quotaWriteSchema, ...writeErrors },
      },
    },
    /** PUT /api/v1/organizations/{id}/admission-quotas/{year} {amount} → {quota, parentQuota}. */
    async (request) =>
      allotQuota(db, requireActor(request), request.params.id, request.params.year, request.body.amount),
  );

  app.post(
    "/organizations/:id/admission-quotas/:year/reclaim",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["admission-quotas"],
        summary: "回收名额 Reclaim unused places into the quota they were allotted from",
        params: yearParams,
        body: reclaimInputSchema,
        response: { 200: quotaReclaimSchema, ...writeErrors },
      },
    },
    /** POST /api/v1/organizations/{id}/admission-quotas/{year}/reclaim {amount?} → {reclaimed, quota, parentQuota}. */
    async (request) =>
      reclaimQuota(db, requireActor(request), request.params.id, request.params.year, request.body.amount),
  );
}
