import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { PlanComparisonSort } from "../shared/plan-types";
import { planComparisonQuery } from "./comparison-queries";

export function usePlanComparison(organizationId: number, sort: PlanComparisonSort, dueSoonDays: number) {
  return useQuery({
    ...planComparisonQuery(organizationId, sort, dueSoonDays),
    placeholderData: keepPreviousData,
  });
}
