import { useMutation } from "@tanstack/react-query";
import { useInvalidateEntity } from "../../../api/query-keys";
import type { UploadProgress } from "../../../api/transfer";
import type { PlanImportBody } from "../shared/plan-types";
import { importPlan, type PlanReadChoice, previewPlan } from "./plan-import-queries";

/** Parses an uploaded document on the server; nothing is written. */
export function usePlanPreview(organizationId: number) {
  return useMutation({
    mutationFn: ({
      file,
      onProgress,
      choice,
    }: {
      file: File;
      onProgress?: UploadProgress;
      choice?: PlanReadChoice;
    }) => previewPlan(organizationId, file, onProgress, choice),
  });
}

/** Saves the corrected preview as a plan. */
export function useImportPlan(organizationId: number) {
  const invalidateEntity = useInvalidateEntity();
  return useMutation({
    mutationFn: (body: PlanImportBody) => importPlan(organizationId, body),
    onSuccess: () => invalidateEntity({ entity: "plan" }),
  });
}
