import { useMutation, useQuery } from "@tanstack/react-query";
import { useInvalidateEntity } from "../../../api/query-keys";
import type { StatusDecisionBody, StatusRequestBody } from "../../../api/types";
import {
  ageOutListQuery,
  decideStatusRequest,
  lapseListQuery,
  pendingStatusRequestsQuery,
  requestStatusChange,
  type WorkListPaging,
} from "../api/member-status-queries";

export function useRequestStatusChange(memberId: number) {
  const invalidateEntity = useInvalidateEntity();
  return useMutation({
    mutationFn: (body: StatusRequestBody) => requestStatusChange(memberId, body),
    onSuccess: () => invalidateEntity({ entity: "member", memberId }),
  });
}

export function useDecideStatusRequest() {
  const invalidateEntity = useInvalidateEntity();
  return useMutation({
    mutationFn: ({ requestId, body }: { requestId: number; memberId: number; body: StatusDecisionBody }) =>
      decideStatusRequest(requestId, body),
    onSuccess: (_, { memberId }) => invalidateEntity({ entity: "member", memberId }),
  });
}

export function usePendingStatusRequests(organizationId: number, paging: WorkListPaging) {
  return useQuery(pendingStatusRequestsQuery(organizationId, paging));
}

export function useAgeOutList(organizationId: number, year: number, paging: WorkListPaging) {
  return useQuery(ageOutListQuery(organizationId, year, paging));
}

export function useLapseList(organizationId: number, paging: WorkListPaging) {
  return useQuery(lapseListQuery(organizationId, paging));
}
