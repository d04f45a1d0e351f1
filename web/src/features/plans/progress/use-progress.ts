import { useMutation } from "@tanstack/react-query";
import { useInvalidateEntity } from "../../../api/query-keys";
import type { PlanProgressRuleBody } from "../shared/plan-types";
import type { WithFiles } from "../shared/use-plan-task";
import { createProgressReport, type ProgressReportFields, setProgressRule } from "./progress-queries";

/** 报送进展: percent, narrative and files; refreshes the ledger (status and rolled-up progress change). */
export function useCreateProgressReport(taskId: number) {
  const invalidateEntity = useInvalidateEntity();
  return useMutation({
    mutationFn: ({ files, onProgress, ...fields }: ProgressReportFields & WithFiles) =>
      createProgressReport(taskId, fields, files, onProgress),
    onSuccess: () => invalidateEntity({ entity: "plan" }),
  });
}

/** How the plan's progress rolls up: average, or weights that sum to 100%. */
export function useSetProgressRule(planId: number) {
  const invalidateEntity = useInvalidateEntity();
  return useMutation({
    mutationFn: (body: PlanProgressRuleBody) => setProgressRule(planId, body),
    onSuccess: () => invalidateEntity({ entity: "plan" }),
  });
}
