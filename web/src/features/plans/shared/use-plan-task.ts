import { useQuery } from "@tanstack/react-query";
import type { UploadProgress } from "../../../api/transfer";
import { planTaskDetailQuery } from "./plan-task-queries";

/** A task with its progress history, close-outs and supervision records. */
export function usePlanTaskDetail(taskId: number | undefined) {
  return useQuery({ ...planTaskDetailQuery(taskId ?? 0), enabled: taskId !== undefined });
}

/** Files attached to a progress report or a close-out, with the upload's progress. */
export interface WithFiles {
  files: readonly File[];
  onProgress?: UploadProgress;
}
