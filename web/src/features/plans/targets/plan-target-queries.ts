import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import type { BindPlanTargetBody, PlanTarget, PlanUnit } from "../shared/plan-types";

/** GET /plans/{id}/targets: targets with the bound indicator, its actual value now, and the verdict. */
export function planTargetsQuery(planId: number) {
  return queryOptions({
    queryKey: [...queryKeys.plans, "plan", planId, "targets"],
    queryFn: () => unwrap(api.GET("/api/v1/plans/{id}/targets", { params: { path: { id: planId } } })),
  });
}

/** PUT /plan-targets/{id} {indicatorId | null, comparison, value, dueOn}: bind (or unbind) a target. */
export function bindPlanTarget(targetId: number, body: BindPlanTargetBody): Promise<PlanTarget> {
  return unwrap(api.PUT("/api/v1/plan-targets/{id}", { params: { path: { id: targetId } }, body }));
}

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
