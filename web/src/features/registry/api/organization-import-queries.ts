import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import type { components } from "../../../api/schema";
import { postMultipart, type UploadProgress } from "../../../api/transfer";

/** The organization list import's answer: matched / new / ambiguous rows and every problem. */
export type OrganizationImportResult = components["schemas"]["OrganizationImportResult"];
/** A remembered 所在团支部 → branch mapping (团支部名称对照). */
export type BranchNameMapping = components["schemas"]["BranchNameMapping"];
/** A mapping to save: exactly one of branchId and createUnderId. */
export interface BranchNameMappingInput {
  sourceName: string;
  branchId?: number;
  createUnderId?: number;
}

/** A 422 listing problems or unconfirmed rows is the import's result (nothing written), not a failure. */
function resultOfError(status: number, body: unknown): OrganizationImportResult | undefined {
  if (status !== 422 || typeof body !== "object" || body === null) return undefined;
  if (!("entries" in body) || !("problems" in body)) return undefined;
  return body as OrganizationImportResult;
}

/**
 * POST /organizations/{id}/organization-imports?dryRun= with the field `resolutions` ({row: id | "new"})
 * before the .xlsx. A dry run writes nothing; a commit writes all rows or none.
 */
export function importOrganizations(
  organizationId: number,
  file: File,
  dryRun: boolean,
  resolutions: Readonly<Record<number, number | "new">>,
  onProgress?: UploadProgress,
): Promise<OrganizationImportResult> {
  const formData = new FormData();
  formData.append("resolutions", JSON.stringify(resolutions));
  formData.append("file", file, file.name);
  return postMultipart(
    "/api/v1/organizations/{id}/organization-imports",
    { path: { id: organizationId }, query: { dryRun: dryRun ? "true" : "false" } },
    formData,
    onProgress,
    resultOfError,
  );
}

/** GET /organizations/{id}/branch-name-mappings (under the organizations key: an organization change refreshes it). */
export function branchNameMappingsQuery(organizationId: number) {
  return queryOptions({
    queryKey: [...queryKeys.organizations, organizationId, "branch-name-mappings"],
    queryFn: async () =>
      (
        await unwrap(
          api.GET("/api/v1/organizations/{id}/branch-name-mappings", {
            params: { path: { id: organizationId } },
          }),
        )
      ).mappings,
  });
}

/** PUT /organizations/{id}/branch-name-mappings {mappings} → the whole mapping. */
export async function saveBranchNameMappings(
  organizationId: number,
  mappings: BranchNameMappingInput[],
): Promise<BranchNameMapping[]> {
  const answer = await unwrap(
    api.PUT("/api/v1/organizations/{id}/branch-name-mappings", {
      params: { path: { id: organizationId } },
      body: { mappings },
    }),
  );
  return answer.mappings;
}

/** DELETE /organizations/{id}/branch-name-mappings/{mappingId}. */
export async function deleteBranchNameMapping(organizationId: number, mappingId: number): Promise<void> {
  await unwrap(
    api.DELETE("/api/v1/organizations/{id}/branch-name-mappings/{mappingId}", {
      params: { path: { id: organizationId, mappingId } },
    }),
  );
}
