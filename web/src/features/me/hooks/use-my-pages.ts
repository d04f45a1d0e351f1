import { useQuery } from "@tanstack/react-query";
import { myApplicationsQuery, myArchiveQuery, myRecordQuery } from "../api/me-queries";

export function useMyRecord() {
  return useQuery(myRecordQuery);
}

/** The archive; `enabled` false while the member record is not there (nothing to read). */
export function useMyArchive(enabled: boolean) {
  return useQuery({ ...myArchiveQuery, enabled });
}

export function useMyApplications() {
  return useQuery(myApplicationsQuery);
}
