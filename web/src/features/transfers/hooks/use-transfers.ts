import { useMutation, useQuery } from "@tanstack/react-query";
import { useInvalidateEntity } from "../../../api/query-keys";
import {
  backlogQuery,
  endMemberFlow,
  type FlowDirection,
  type IncomingLetterBody,
  issueTransferLetter,
  memberFlowsQuery,
  registerIncomingLetter,
  saveGraduationDate,
  saveTransferSeason,
  startClassBatch,
  startMemberFlow,
  startTransfer,
  type TransferBatchBody,
  type TransferSeasonBody,
  type TransferStartBody,
  type TransferStepBody,
  transferDestinationsQuery,
  transferMemberOptionsQuery,
  transferQuery,
  transferRatesQuery,
  transferSeasonQuery,
  transitionTransfer,
  type WorklistFilters,
  worklistQuery,
} from "../api/transfer-queries";

export function useTransferWorklist(organizationId: number | undefined, filters: WorklistFilters = {}) {
  return useQuery({ ...worklistQuery(organizationId ?? 0, filters), enabled: organizationId !== undefined });
}

export function useTransferBacklog(organizationId: number, enabled: boolean) {
  return useQuery({ ...backlogQuery(organizationId), enabled });
}

export function useTransfer(transferId: number | undefined) {
  return useQuery({ ...transferQuery(transferId ?? 0), enabled: transferId !== undefined });
}

export function useTransferRates(organizationId: number, enabled: boolean) {
  return useQuery({ ...transferRatesQuery(organizationId), enabled });
}

function useInvalidateTransfers() {
  const invalidateEntity = useInvalidateEntity();
  return () => invalidateEntity({ entity: "transfer" });
}

export function useStartTransfer() {
  const invalidate = useInvalidateTransfers();
  return useMutation({ mutationFn: (body: TransferStartBody) => startTransfer(body), onSuccess: invalidate });
}

/** Registers an incoming paper letter at a branch; the work lists and the members are refetched. */
export function useRegisterIncomingLetter() {
  const invalidate = useInvalidateTransfers();
  const invalidateEntity = useInvalidateEntity();
  return useMutation({
    mutationFn: ({ branchId, body }: { branchId: number; body: IncomingLetterBody }) =>
      registerIncomingLetter(branchId, body),
    onSuccess: () => {
      invalidate();
      invalidateEntity({ entity: "member" });
    },
  });
}

export function useStartClassBatch(classOrganizationId: number) {
  const invalidate = useInvalidateTransfers();
  return useMutation({
    mutationFn: (body: TransferBatchBody) => startClassBatch(classOrganizationId, body),
    onSuccess: invalidate,
  });
}

export function useTransitionTransfer(transferId: number) {
  const invalidate = useInvalidateTransfers();
  return useMutation({
    mutationFn: (body: TransferStepBody) => transitionTransfer(transferId, body),
    onSuccess: invalidate,
  });
}

export function useTransferMemberOptions(organizationId: number, q: string, enabled = true) {
  return useQuery({ ...transferMemberOptionsQuery(organizationId, q), enabled });
}

export function useTransferSeason(organizationId: number, year: number, enabled = true) {
  return useQuery({ ...transferSeasonQuery(organizationId, year), enabled });
}

export function useSaveTransferSeason(organizationId: number, year: number) {
  const invalidate = useInvalidateTransfers();
  return useMutation({
    mutationFn: (body: TransferSeasonBody) => saveTransferSeason(organizationId, year, body),
    onSuccess: invalidate,
  });
}

/** Saves a class branch's graduation date; the organization (its detail carries the date) is refetched. */
export function useSaveGraduationDate(organizationId: number) {
  const invalidateEntity = useInvalidateEntity();
  return useMutation({
    mutationFn: (graduatesOn: string | null) => saveGraduationDate(organizationId, graduatesOn),
    onSuccess: () => invalidateEntity({ entity: "organization" }),
  });
}

export function useMemberFlows(organizationId: number, direction: FlowDirection) {
  return useQuery(memberFlowsQuery(organizationId, direction));
}

export function useStartMemberFlow() {
  const invalidate = useInvalidateTransfers();
  return useMutation({
    mutationFn: ({
      memberId,
      ...body
    }: {
      memberId: number;
      inflowOrganizationId: number;
      since: string;
      until?: string;
    }) => startMemberFlow(memberId, body),
    onSuccess: invalidate,
  });
}

export function useEndMemberFlow() {
  const invalidate = useInvalidateTransfers();
  return useMutation({
    mutationFn: ({ flowId, endedOn }: { flowId: number; endedOn: string }) => endMemberFlow(flowId, endedOn),
    onSuccess: invalidate,
  });
}

export function useIssueTransferLetter() {
  const invalidate = useInvalidateTransfers();
  return useMutation({
    mutationFn: (transferId: number) => issueTransferLetter(transferId),
    onSuccess: invalidate,
  });
}

/** The receiving organization lookup, from 2 characters on. */
export function useTransferDestinations(q: string) {
  return useQuery({ ...transferDestinationsQuery(q), enabled: q.length >= 2 });
}
