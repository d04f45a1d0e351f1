import { downloadFile, postMultipart, type UploadProgress } from "../../../api/transfer";
import type { MemberImportResult } from "../../../api/types";

/** The import's answer: rows read, rows imported (0 on a dry run or any problem), every problem. */
export type ImportResult = MemberImportResult;

/** A 422 that lists problems is the import's result (nothing written), not a failure of the call. */
function resultOfError(status: number, body: unknown): ImportResult | undefined {
  if (status !== 422 || typeof body !== "object" || body === null) return undefined;
  if (!("problems" in body) || !Array.isArray(body.problems) || !("rows" in body)) return undefined;
  return body as ImportResult;
}

/** GET /registry/member-template.xlsx: the registry's headers, a note per header, drop-downs from the dictionaries. */
export function downloadMemberTemplate(): Promise<void> {
  return downloadFile("/api/v1/registry/member-template.xlsx", {}, "member-template.xlsx");
}

/**
 * POST /organizations/{id}/member-imports?dryRun= with the .xlsx as multipart field "file". A dry run
 * writes nothing; a commit writes all rows or none. Problems come back as the result (200 or 422).
 */
export function importMembers(
  organizationId: number,
  file: File,
  dryRun: boolean,
  onProgress?: UploadProgress,
): Promise<ImportResult> {
  const formData = new FormData();
  formData.append("file", file, file.name);
  return postMultipart(
    "/api/v1/organizations/{id}/member-imports",
    { path: { id: organizationId }, query: { dryRun: dryRun ? "true" : "false" } },
    formData,
    onProgress,
    resultOfError,
  );
}
