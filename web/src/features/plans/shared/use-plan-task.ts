import { useMutation, useQuery } from "@tanstack/react-query";
import type { UploadProgress } from "../../../api/transfer";
import { useInvalidatePlans } from "../ledger/use-plans";
import {
  type CloseOutDecision,
  createProgressReport,
  createSupervision,
  decideCloseOut,
  type ProgressReportFields,
  planTaskDetailQuery,
  setProgressRule,
  submitCloseOut,
} from "./plan-task-queries";
import type { PlanProgressRuleBody, PlanSupervisionBody } from "./plan-types";

/** A task with its progress history, close-outs and supervision records. */
export function usePlanTaskDetail(taskId: number | undefined) {
  return useQuery({ ...planTaskDetailQuery(taskId ?? 0), enabled: taskId !== undefined });
}

interface WithFiles {
  files: readonly File[];
  onProgress?: UploadProgress;
}

/** 报送进展: percent, narrative and files; refreshes the ledger (status and rolled-up progress change). */
export function useCreateProgressReport(taskId: number) {
  const invalidate = useInvalidatePlans();
  return useMutation({
    mutationFn: ({ files, onProgress, ...fields }: ProgressReportFields & WithFiles) =>
      createProgressReport(taskId, fields, files, onProgress),
    onSuccess: () => invalidate(),
  });
}

/** 申请销号: evidence text and files. */
export function useSubmitCloseOut(taskId: number) {
  const invalidate = useInvalidatePlans();
  return useMutation({
    mutationFn: ({ evidence, files, onProgress }: { evidence: string } & WithFiles) =>
      submitCloseOut(taskId, evidence, files, onProgress),
    onSuccess: () => invalidate(),
  });
}

/** A reviewer approves, returns or reopens a close-out. */
export function useDecideCloseOut() {
  const invalidate = useInvalidatePlans();
  return useMutation({
    mutationFn: ({
      closeOutId,
      decision,
      text,
    }: {
      closeOutId: number;
      decision: CloseOutDecision;
      text: string;
    }) => decideCloseOut(closeOutId, decision, text),
    onSuccess: () => invalidate(),
  });
}

/** 督导: a reminder (提醒) or a talk (约谈) with someone responsible for a lagging task. */
export function useCreateSupervision(taskId: number) {
  const invalidate = useInvalidatePlans();
  return useMutation({
    mutationFn: (body: PlanSupervisionBody) => createSupervision(taskId, body),
    onSuccess: () => invalidate(),
  });
}

/** How the plan's progress rolls up: average, or weights that sum to 100%. */
export function useSetProgressRule(planId: number) {
  const invalidate = useInvalidatePlans();
  return useMutation({
    mutationFn: (body: PlanProgressRuleBody) => setProgressRule(planId, body),
    onSuccess: () => invalidate(),
  });
}
