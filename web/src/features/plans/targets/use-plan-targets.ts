import { useMutation, useQuery } from "@tanstack/react-query";
import { useInvalidateEntity } from "../../../api/query-keys";
import type { BindPlanTargetBody } from "../shared/plan-types";
import { bindPlanTarget, planTargetsQuery } from "./plan-target-queries";

export function usePlanTargets(planId: number) {
  return useQuery(planTargetsQuery(planId));
}

export function useBindPlanTarget(targetId: number) {
  const invalidateEntity = useInvalidateEntity();
  return useMutation({
    mutationFn: (body: BindPlanTargetBody) => bindPlanTarget(targetId, body),
    onSuccess: () => invalidateEntity({ entity: "plan" }),
  });
}
