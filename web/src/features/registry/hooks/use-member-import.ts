import { useMutation } from "@tanstack/react-query";
import { useInvalidateEntity } from "../../../api/query-keys";
import type { UploadProgress } from "../../../api/transfer";
import { importMembers } from "../api/registry-queries";

interface ImportVariables {
  file: File;
  dryRun: boolean;
  onProgress?: UploadProgress;
}

/** A dry run or a commit of an import; a commit refreshes the lists, counts and statistics. */
export function useMemberImport(organizationId: number) {
  const invalidateEntity = useInvalidateEntity();
  return useMutation({
    mutationFn: ({ file, dryRun, onProgress }: ImportVariables) =>
      importMembers(organizationId, file, dryRun, onProgress),
    onSuccess: (_, { dryRun }) => (dryRun ? undefined : invalidateEntity({ entity: "member" })),
  });
}
