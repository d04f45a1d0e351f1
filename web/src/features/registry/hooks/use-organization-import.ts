import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useInvalidateEntity } from "../../../api/query-keys";
import type { UploadProgress } from "../../../api/transfer";
import {
  type BranchNameMappingInput,
  branchNameMappingsQuery,
  deleteBranchNameMapping,
  importOrganizations,
  saveBranchNameMappings,
} from "../api/organization-import-queries";

interface OrganizationImportVariables {
  file: File;
  dryRun: boolean;
  resolutions: Readonly<Record<number, number | "new">>;
  onProgress?: UploadProgress;
}

/** A dry run or a commit of an organization list; a commit refreshes the tree and its counts. */
export function useOrganizationImport(organizationId: number) {
  const invalidateEntity = useInvalidateEntity();
  return useMutation({
    mutationFn: ({ file, dryRun, resolutions, onProgress }: OrganizationImportVariables) =>
      importOrganizations(organizationId, file, dryRun, resolutions, onProgress),
    onSuccess: (_, { dryRun }) => (dryRun ? undefined : invalidateEntity({ entity: "organization" })),
  });
}

/** The 所在团支部 name mapping remembered for an organization. */
export function useBranchNameMappings(organizationId: number) {
  return useQuery(branchNameMappingsQuery(organizationId));
}

/** Saves mappings; the remembered list is refreshed. */
export function useSaveBranchNameMappings(organizationId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (mappings: BranchNameMappingInput[]) => saveBranchNameMappings(organizationId, mappings),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: branchNameMappingsQuery(organizationId).queryKey }),
  });
}

/** Forgets one mapping; the remembered list is refreshed. */
export function useDeleteBranchNameMapping(organizationId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (mappingId: number) => deleteBranchNameMapping(organizationId, mappingId),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: branchNameMappingsQuery(organizationId).queryKey }),
  });
}
