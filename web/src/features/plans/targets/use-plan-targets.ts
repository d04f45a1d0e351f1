import { useMutation, useQuery } from "@tanstack/react-query";
import { useInvalidatePlans } from "../ledger/use-plans";
import type { BindPlanTargetBody } from "../shared/plan-types";
import { bindPlanTarget, mapPlanUnit, planTargetsQuery, planUnitsQuery } from "./plan-target-queries";

export function usePlanTargets(planId: number) {
  return useQuery(planTargetsQuery(planId));
}

export function useBindPlanTarget(targetId: number) {
  const invalidate = useInvalidatePlans();
  return useMutation({
    mutationFn: (body: BindPlanTargetBody) => bindPlanTarget(targetId, body),
    onSuccess: () => invalidate(),
  });
}

export function usePlanUnits(planId: number) {
  return useQuery(planUnitsQuery(planId));
}

export function useMapPlanUnit() {
  const invalidate = useInvalidatePlans();
  return useMutation({
    mutationFn: ({ unitId, organizationId }: { unitId: number; organizationId: number | null }) =>
      mapPlanUnit(unitId, organizationId),
    onSuccess: () => invalidate(),
  });
}
