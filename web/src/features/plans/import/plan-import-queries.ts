import { postJson, postMultipart, type UploadProgress } from "../../../api/transfer";
import type { Plan, PlanImportBody, PlanPreview } from "../shared/plan-types";

/**
 * POST /organizations/{id}/plans/preview (multipart "file": .docx, .txt or .md): the parsed plan,
 * nothing written; `message` says why it cannot be imported as it is (e.g. no tasks recognised).
 */
export function previewPlan(
  organizationId: number,
  file: File,
  onProgress?: UploadProgress,
): Promise<PlanPreview> {
  const formData = new FormData();
  formData.append("file", file, file.name);
  return postMultipart(
    "/api/v1/organizations/{id}/plans/preview",
    { path: { id: organizationId } },
    formData,
    onProgress,
  );
}

/**
 * POST /organizations/{id}/plans with the corrected preview as JSON (PlanImportBody) → 201 Plan. The
 * route also takes multipart, so the schema lists no body type and the typed client cannot send it.
 */
export function importPlan(organizationId: number, body: PlanImportBody): Promise<Plan> {
  return postJson("/api/v1/organizations/{id}/plans", { path: { id: organizationId } }, body);
}
