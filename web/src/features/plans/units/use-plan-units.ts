import { useMutation, useQuery } from "@tanstack/react-query";
import { useInvalidateEntity } from "../../../api/query-keys";
import { mapPlanUnit, planUnitsQuery } from "./plan-unit-queries";

export function usePlanUnits(planId: number) {
  return useQuery(planUnitsQuery(planId));
}

export function useMapPlanUnit() {
  const invalidateEntity = useInvalidateEntity();
  return useMutation({
    mutationFn: ({ unitId, organizationId }: { unitId: number; organizationId: number | null }) =>
      mapPlanUnit(unitId, organizationId),
    onSuccess: () => invalidateEntity({ entity: "plan" }),
  });
}
