import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import type { PlanUnit } from "../shared/plan-types";

/** GET /plans/{id}/units: the responsible units and the organizations they are mapped to. */
export function planUnitsQuery(planId: number) {
  return queryOptions({
    queryKey: [...queryKeys.plans, "plan", planId, "units"],
    queryFn: () => unwrap(api.GET("/api/v1/plans/{id}/units", { params: { path: { id: planId } } })),
  });
}

/** PUT /plan-units/{id} {organizationId | null}: map a unit to an organization of the subtree, or unmap. */
export function mapPlanUnit(unitId: number, organizationId: number | null): Promise<PlanUnit> {
  return unwrap(
    api.PUT("/api/v1/plan-units/{id}", { params: { path: { id: unitId } }, body: { organizationId } }),
  );
}
