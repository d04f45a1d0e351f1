import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import type { BindPlanTargetBody, PlanTarget } from "../shared/plan-types";

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
