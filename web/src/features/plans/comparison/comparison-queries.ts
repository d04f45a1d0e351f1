import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import type { PlanComparisonSort } from "../shared/plan-types";

/** GET /organizations/{id}/plan-comparison?sort=&dueSoonDays=: each county's latest plan side by side, ranked. */
export function planComparisonQuery(organizationId: number, sort: PlanComparisonSort, dueSoonDays: number) {
  return queryOptions({
    queryKey: [...queryKeys.plans, "comparison", organizationId, sort, dueSoonDays],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/plan-comparison", {
          params: { path: { id: organizationId }, query: { sort, dueSoonDays } },
        }),
      ),
  });
}
