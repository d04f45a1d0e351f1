import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import { apiUrl, downloadFile, postMultipart, type UploadProgress } from "../../../api/transfer";
import type {
  Plan,
  PlanCloseOut,
  PlanProgressReport,
  PlanProgressRuleBody,
  PlanSupervision,
  PlanSupervisionBody,
} from "./plan-types";

/** GET /plan-tasks/{id}: a task with its progress reports, close-outs and supervision records (newest first). */
export function planTaskDetailQuery(taskId: number) {
  return queryOptions({
    queryKey: [...queryKeys.plans, "task", taskId],
    queryFn: () => unwrap(api.GET("/api/v1/plan-tasks/{id}", { params: { path: { id: taskId } } })),
  });
}

/** GET /plan-attachments/{id}: a report's or close-out's file (a link, not the typed client). */
export function planAttachmentUrl(attachmentId: number): string {
  return apiUrl(`/plan-attachments/${attachmentId}`);
}

function formWithFiles(fields: Record<string, string>, files: readonly File[]): FormData {
  const formData = new FormData();
  for (const [name, value] of Object.entries(fields)) formData.append(name, value);
  for (const file of files) formData.append("files", file, file.name);
  return formData;
}

export interface ProgressReportFields {
  /** "YYYY-MM-DD", not after today. */
  reportedOn: string;
  /** Whole percent 0–100. */
  percent: number;
  narrative: string;
}

/** POST /plan-tasks/{id}/progress-reports (multipart: fields and 0–5 files) → 201 PlanProgressReport. */
export function createProgressReport(
  taskId: number,
  fields: ProgressReportFields,
  files: readonly File[],
  onProgress?: UploadProgress,
): Promise<PlanProgressReport> {
  return postMultipart<PlanProgressReport>(
    apiUrl(`/plan-tasks/${taskId}/progress-reports`),
    formWithFiles({ ...fields, percent: String(fields.percent) }, files),
    onProgress,
  );
}

/** POST /plan-tasks/{id}/close-outs (multipart: evidence and 0–5 files) → 201 PlanCloseOut (submitted). */
export function submitCloseOut(
  taskId: number,
  evidence: string,
  files: readonly File[],
  onProgress?: UploadProgress,
): Promise<PlanCloseOut> {
  return postMultipart<PlanCloseOut>(
    apiUrl(`/plan-tasks/${taskId}/close-outs`),
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

/** POST /plan-tasks/{id}/supervisions {kind, subject, note, occurredOn} → 201 PlanSupervision. */
export function createSupervision(taskId: number, body: PlanSupervisionBody): Promise<PlanSupervision> {
  return unwrap(api.POST("/api/v1/plan-tasks/{id}/supervisions", { params: { path: { id: taskId } }, body }));
}

/** PUT /plans/{id}/progress-rule {rule, weights?} → the Plan with its rolled-up progress. */
export function setProgressRule(planId: number, body: PlanProgressRuleBody): Promise<Plan> {
  return unwrap(api.PUT("/api/v1/plans/{id}/progress-rule", { params: { path: { id: planId } }, body }));
}

/** GET /plans/{id}/ledger.xlsx: the 台账 with every column, statuses as of today. */
export function downloadLedger(planId: number, dueSoonDays: number): Promise<void> {
  return downloadFile(apiUrl(`/plans/${planId}/ledger.xlsx`, { dueSoonDays }), `ledger-${planId}.xlsx`);
}

/** GET /plans/{id}/progress-report.docx?asOf=: a progress report (信息报送) as of a date. */
export function downloadProgressReport(planId: number, dueSoonDays: number, asOf?: string): Promise<void> {
  return downloadFile(
    apiUrl(`/plans/${planId}/progress-report.docx`, { dueSoonDays, asOf }),
    `progress-report-${planId}.docx`,
  );
}
