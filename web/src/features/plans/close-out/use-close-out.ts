import { useMutation } from "@tanstack/react-query";
import { useInvalidateEntity } from "../../../api/query-keys";
import type { WithFiles } from "../shared/use-plan-task";
import { type CloseOutDecision, decideCloseOut, submitCloseOut } from "./close-out-queries";

/** 申请销号: evidence text and files. */
export function useSubmitCloseOut(taskId: number) {
  const invalidateEntity = useInvalidateEntity();
  return useMutation({
    mutationFn: ({ evidence, files, onProgress }: { evidence: string } & WithFiles) =>
      submitCloseOut(taskId, evidence, files, onProgress),
    onSuccess: () => invalidateEntity({ entity: "plan" }),
  });
}

/** A reviewer approves, returns or reopens a close-out. */
export function useDecideCloseOut() {
  const invalidateEntity = useInvalidateEntity();
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
    onSuccess: () => invalidateEntity({ entity: "plan" }),
  });
}
