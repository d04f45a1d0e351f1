import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { postMultipart, type UploadProgress } from "../../../api/transfer";
import { formWithFiles } from "../shared/plan-task-queries";
import type { Plan, PlanProgressReport, PlanProgressRuleBody } from "../shared/plan-types";

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
  return postMultipart(
    "/api/v1/plan-tasks/{id}/progress-reports",
    { path: { id: taskId } },
    formWithFiles({ ...fields, percent: String(fields.percent) }, files),
    onProgress,
  );
}

/** PUT /plans/{id}/progress-rule {rule, weights?} → the Plan with its rolled-up progress. */
export function setProgressRule(planId: number, body: PlanProgressRuleBody): Promise<Plan> {
  return unwrap(api.PUT("/api/v1/plans/{id}/progress-rule", { params: { path: { id: planId } }, body }));
}
