import { useMutation, useQuery } from "@tanstack/react-query";
import { useInvalidateEntity } from "../../../api/query-keys";
import { allotQuota, leagueRatiosQuery, quotaOverviewQuery, reclaimQuota } from "../api/quota-queries";

export function useQuotaOverview(organizationId: number, year: number) {
  return useQuery(quotaOverviewQuery(organizationId, year));
}

export function useLeagueRatios(organizationId: number, year: number) {
  return useQuery(leagueRatiosQuery(organizationId, year));
}

/** Allot or reclaim: the quota pages and the applications' quota figures change. */
export function useAllotQuota(year: number) {
  const invalidateEntity = useInvalidateEntity();
  return useMutation({
    mutationFn: ({ organizationId, amount }: { organizationId: number; amount: number }) =>
      allotQuota(organizationId, year, amount),
    onSuccess: () => invalidateEntity({ entity: "application" }),
  });
}

export function useReclaimQuota(year: number) {
  const invalidateEntity = useInvalidateEntity();
  return useMutation({
    mutationFn: ({ organizationId, amount }: { organizationId: number; amount?: number }) =>
      reclaimQuota(organizationId, year, amount),
    onSuccess: () => invalidateEntity({ entity: "application" }),
  });
}
