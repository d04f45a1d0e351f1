import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import type { components } from "../../../api/schema";
import { callJson, queryString } from "../../development/api/json-call";

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

/** One ratio against its cap (团学比 of a school, grade or graduating class; 团青比 of the county). */
export interface LeagueRatio {
  /** What it is about: the school, "初三", "团青比"… */
  label: string;
  members: number;
  /** Students or youth aged 14–28; null when not entered. */
  denominator: number | null;
  /** Percent to 0.1; null when the denominator is missing. */
  ratio: number | null;
  /** The cap in percent; null when none applies. */
  cap: number | null;
  overCap: boolean;
}

/** GET /organizations/{id}/league-ratios?year=: 团学比 per school and graduating class, 团青比 (shape per the team contract). */
export interface LeagueRatios {
  year: number;
  youth: LeagueRatio | null;
  schools: (LeagueRatio & { organizationId: number; grades: LeagueRatio[] })[];
}

export function leagueRatiosQuery(organizationId: number, year: number) {
  return queryOptions({
    queryKey: [...queryKeys.quotas, "ratios", organizationId, year],
    queryFn: () =>
      callJson<LeagueRatios>(
        "GET",
        `/api/v1/organizations/${organizationId}/league-ratios${queryString({ year })}`,
      ),
  });
}
