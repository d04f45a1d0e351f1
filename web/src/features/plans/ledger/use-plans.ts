import { useMutation, useQuery } from "@tanstack/react-query";
import { useInvalidateEntity } from "../../../api/query-keys";
import type { UploadProgress } from "../../../api/transfer";
import type { PlanImportBody, PlanTaskGrouping, UpdatePlanTaskBody } from "../shared/plan-types";
import {
  importPlan,
  organizationPlansQuery,
  planQuery,
  planTaskGroupsQuery,
  previewPlan,
  updatePlanTask,
} from "./plan-queries";

export function useOrganizationPlans(organizationId: number) {
  return useQuery(organizationPlansQuery(organizationId));
}

export function usePlan(planId: number, dueSoonDays: number) {
  return useQuery(planQuery(planId, dueSoonDays));
}

export function usePlanTaskGroups(planId: number, groupBy: PlanTaskGrouping, dueSoonDays: number) {
  return useQuery(planTaskGroupsQuery(planId, groupBy, dueSoonDays));
}

/** After any write to the ledger: every plan query (lists, ledgers, groups, progress). */
export function useInvalidatePlans() {
  const invalidateEntity = useInvalidateEntity();
  return () => invalidateEntity({ entity: "plan" });
}

/** Parses an uploaded document on the server; nothing is written. */
export function usePlanPreview(organizationId: number) {
  return useMutation({
    mutationFn: ({ file, onProgress }: { file: File; onProgress?: UploadProgress }) =>
      previewPlan(organizationId, file, onProgress),
  });
}

/** Saves the corrected preview as a plan. */
export function useImportPlan(organizationId: number) {
  const invalidate = useInvalidatePlans();
  return useMutation({
    mutationFn: (body: PlanImportBody) => importPlan(organizationId, body),
    onSuccess: () => invalidate(),
  });
}

export function useUpdatePlanTask(taskId: number) {
  const invalidate = useInvalidatePlans();
  return useMutation({
    mutationFn: (body: UpdatePlanTaskBody) => updatePlanTask(taskId, body),
    onSuccess: () => invalidate(),
  });
}
