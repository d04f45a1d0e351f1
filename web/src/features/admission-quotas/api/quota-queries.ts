import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import type { components } from "../../../api/schema";

/** An organization's quota of a year (发展名额) and what it passed on (GET /organizations/{id}/admission-quotas). */
export type QuotaOverview = components["schemas"]["AdmissionQuotaOverview"];
export type Quota = components["schemas"]["AdmissionQuota"];
export type QuotaAllotment = QuotaOverview["allotments"][number];

/** GET /organizations/{id}/admission-quotas?year=: the quota, each child's allotment, the unused places. */
export function quotaOverviewQuery(organizationId: number, year: number) {
  return queryOptions({
    queryKey: [...queryKeys.quotas, "overview", organizationId, year],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/admission-quotas", {
          params: { path: { id: organizationId }, query: { year } },
        }),
      ),
  });
}

/** PUT /organizations/{id}/admission-quotas/{year}: set `organizationId`'s whole allotment (by the committee above, or a county its own). */
export function allotQuota(organizationId: number, year: number, amount: number) {
  return unwrap(
    api.PUT("/api/v1/organizations/{id}/admission-quotas/{year}", {
      params: { path: { id: organizationId, year } },
      body: { amount },
    }),
  );
}

/** POST /organizations/{id}/admission-quotas/{year}/reclaim: take back unused places (all when `amount` is omitted). */
export function reclaimQuota(organizationId: number, year: number, amount?: number) {
  return unwrap(
    api.POST("/api/v1/organizations/{id}/admission-quotas/{year}/reclaim", {
      params: { path: { id: organizationId, year } },
      body: amount === undefined ? {} : { amount },
    }),
  );
}

/** GET /organizations/{id}/league-ratios: 团学比 per school, level, grade and graduating class; 团青比. */
export type LeagueRatios = components["schemas"]["LeagueRatios"];
export type SchoolRatio = LeagueRatios["schools"][number];
/** A ratio of a school level, grade or graduating class against its cap. */
export type GradeRatio = components["schemas"]["GradeLeagueRatio"];

export function leagueRatiosQuery(organizationId: number, year: number) {
  return queryOptions({
    queryKey: [...queryKeys.quotas, "ratios", organizationId, year],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/league-ratios", {
          params: { path: { id: organizationId }, query: { year } },
        }),
      ),
  });
}
