import { useMutation, useQuery } from "@tanstack/react-query";
import { useInvalidateEntity } from "../../../api/query-keys";
import {
  type ApplicationFilters,
  applicationQuery,
  applicationsQuery,
  batchTransition,
  downloadApplicationForm,
  downloadPublicNotice,
  issueApplicantAccount,
  memberOptionsQuery,
  type PrerequisiteBody,
  prerequisitesQuery,
  recordPrerequisite,
  registerApplication,
  transitionApplication,
} from "../api/development-queries";
import type { BatchTransitionBody, RegisterApplicationBody, TransitionBody } from "../api/development-types";

export function useApplications(organizationId: number, filters: ApplicationFilters) {
  return useQuery(applicationsQuery(organizationId, filters));
}

export function useApplication(applicationId: number) {
  return useQuery(applicationQuery(applicationId));
}

export function useMemberOptions(organizationId: number, q: string) {
  return useQuery(memberOptionsQuery(organizationId, q));
}

/** After a step: the board, the page, the inbox, the quota, and (once admitted) members and counts. */
function useInvalidateApplications() {
  const invalidateEntity = useInvalidateEntity();
  return () => invalidateEntity({ entity: "application" });
}

export function useRegisterApplication(branchId: number) {
  const invalidate = useInvalidateApplications();
  return useMutation({
    mutationFn: (body: RegisterApplicationBody) => registerApplication(branchId, body),
    onSuccess: invalidate,
  });
}

export function useTransitionApplication(applicationId: number) {
  const invalidate = useInvalidateApplications();
  return useMutation({
    mutationFn: (body: TransitionBody) => transitionApplication(applicationId, body),
    onSuccess: invalidate,
  });
}

export function useBatchTransition(organizationId: number) {
  const invalidate = useInvalidateApplications();
  return useMutation({
    mutationFn: (body: BatchTransitionBody) => batchTransition(organizationId, body),
    onSuccess: invalidate,
  });
}

export function useDownloadApplicationForm(applicationId: number) {
  return useMutation({ mutationFn: () => downloadApplicationForm(applicationId) });
}

export function useDownloadPublicNotice(organizationId: number) {
  return useMutation({ mutationFn: () => downloadPublicNotice(organizationId) });
}

/** Issues the applicant's account; the application's page then shows it has one. */
export function useIssueApplicantAccount(applicationId: number) {
  const invalidate = useInvalidateApplications();
  return useMutation({ mutationFn: () => issueApplicantAccount(applicationId), onSuccess: invalidate });
}

export function usePrerequisites(applicationId: number) {
  return useQuery(prerequisitesQuery(applicationId));
}

/** Records a prerequisite fact: the page's points and missing list, the board's cards change. */
export function useRecordPrerequisite(applicationId: number) {
  const invalidate = useInvalidateApplications();
  return useMutation({
    mutationFn: (body: PrerequisiteBody) => recordPrerequisite(applicationId, body),
    onSuccess: invalidate,
  });
}
