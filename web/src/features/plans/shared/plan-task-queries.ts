import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import { apiUrl } from "../../../api/transfer";

/** GET /plan-tasks/{id}: a task with its progress reports, close-outs and supervision records (newest first). */
export function planTaskDetailQuery(taskId: number) {
  return queryOptions({
    queryKey: [...queryKeys.plans, "task", taskId],
    queryFn: () => unwrap(api.GET("/api/v1/plan-tasks/{id}", { params: { path: { id: taskId } } })),
  });
}

/** GET /plan-attachments/{id}: a report's or close-out's file (a link, not the typed client). */
export function planAttachmentUrl(attachmentId: number): string {
  return apiUrl("/api/v1/plan-attachments/{id}", { path: { id: attachmentId } });
}

/** A multipart body: the fields, then each file as `files` (progress reports and close-outs). */
export function formWithFiles(fields: Record<string, string>, files: readonly File[]): FormData {
  const formData = new FormData();
  for (const [name, value] of Object.entries(fields)) formData.append(name, value);
  for (const file of files) formData.append("files", file, file.name);
  return formData;
}
