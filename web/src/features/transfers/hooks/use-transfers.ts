import { useMutation, useQuery } from "@tanstack/react-query";
import { useInvalidateEntity } from "../../../api/query-keys";
import {
  backlogQuery,
  startClassBatch,
  startTransfer,
  type TransferBatchBody,
  type TransferStartBody,
  type TransferStepBody,
  transferMemberOptionsQuery,
  transferQuery,
  transferRatesQuery,
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
