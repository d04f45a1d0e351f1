import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { postMultipart, type UploadProgress } from "../../../api/transfer";
import { formWithFiles } from "../shared/plan-task-queries";
import type { PlanCloseOut } from "../shared/plan-types";

/** POST /plan-tasks/{id}/close-outs (multipart: evidence and 0–5 files) → 201 PlanCloseOut (submitted). */
export function submitCloseOut(
  taskId: number,
  evidence: string,
  files: readonly File[],
  onProgress?: UploadProgress,
): Promise<PlanCloseOut> {
  return postMultipart(
    "/api/v1/plan-tasks/{id}/close-outs",
    { path: { id: taskId } },
    formWithFiles({ evidence }, files),
    onProgress,
  );
}

/** A reviewer's step on a close-out: approve or return (with a note), reopen (with a reason). */
export type CloseOutDecision = "approve" | "return" | "reopen";

/** POST /plan-close-outs/{id}/approve | return {note} | reopen {reason} (plan:review). */
export function decideCloseOut(
  closeOutId: number,
  decision: CloseOutDecision,
  text: string,
): Promise<PlanCloseOut> {
  const params = { path: { id: closeOutId } };
  const note = text.trim() || undefined;
  if (decision === "approve") {
    return unwrap(api.POST("/api/v1/plan-close-outs/{id}/approve", { params, body: { note } }));
  }
  if (decision === "return") {
    return unwrap(api.POST("/api/v1/plan-close-outs/{id}/return", { params, body: { note } }));
  }
  return unwrap(api.POST("/api/v1/plan-close-outs/{id}/reopen", { params, body: { reason: note } }));
}
