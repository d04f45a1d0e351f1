import { useMutation, useQuery } from "@tanstack/react-query";
import { useInvalidateEntity } from "../../../api/query-keys";
import type { PlanTaskGrouping, UpdatePlanTaskBody } from "../shared/plan-types";
import { organizationPlansQuery, planQuery, planTaskGroupsQuery, updatePlanTask } from "./plan-queries";

export function useOrganizationPlans(organizationId: number) {
  return useQuery(organizationPlansQuery(organizationId));
}

export function usePlan(planId: number, dueSoonDays: number) {
  return useQuery(planQuery(planId, dueSoonDays));
}

export function usePlanTaskGroups(planId: number, groupBy: PlanTaskGrouping, dueSoonDays: number) {
  return useQuery(planTaskGroupsQuery(planId, groupBy, dueSoonDays));
}

export function useUpdatePlanTask(taskId: number) {
  const invalidateEntity = useInvalidateEntity();
  return useMutation({
    mutationFn: (body: UpdatePlanTaskBody) => updatePlanTask(taskId, body),
    onSuccess: () => invalidateEntity({ entity: "plan" }),
  });
}
