import { postJson, postMultipart, type UploadProgress } from "../../../api/transfer";
import type { Plan, PlanImportBody, PlanPreview } from "../shared/plan-types";

/** Which column (0-based) of a task table holds what (domain TaskColumn → index). */
export type TaskColumnIndexes = NonNullable<NonNullable<PlanPreview["table"]>["mapping"]>;

/** How to read the document again: a marker kind as the tasks, or a task table's columns. */
export interface PlanReadChoice {
  taskMarker?: string;
  columns?: TaskColumnIndexes;
  headerRow?: number;
  table?: number;
}

/**
 * POST /organizations/{id}/plans/preview (multipart "file": .docx, .pdf, .xlsx, .csv, .txt or .md,
 * and the fields of `choice`): the parsed plan, nothing written; `message` says why it cannot be
 * imported as it is (e.g. no tasks recognised), `review` when the parser is unsure.
 */
export function previewPlan(
  organizationId: number,
  file: File,
  onProgress?: UploadProgress,
  choice: PlanReadChoice = {},
): Promise<PlanPreview> {
  const formData = new FormData();
  if (choice.taskMarker) formData.append("taskMarker", choice.taskMarker);
  if (choice.columns) formData.append("columns", JSON.stringify(choice.columns));
  if (choice.headerRow !== undefined) formData.append("headerRow", String(choice.headerRow));
  if (choice.table !== undefined) formData.append("table", String(choice.table));
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
