import { useMutation, useQuery } from "@tanstack/react-query";
import type { StatusDecisionBody, StatusRequestBody } from "../../../api/types";
import { useInvalidateMember } from "../../members/hooks/use-member";
import {
  ageOutListQuery,
  decideStatusRequest,
  lapseListQuery,
  pendingStatusRequestsQuery,
  requestStatusChange,
  type WorkListPaging,
} from "../api/member-status-queries";

export function useRequestStatusChange(memberId: number) {
  const invalidate = useInvalidateMember();
  return useMutation({
    mutationFn: (body: StatusRequestBody) => requestStatusChange(memberId, body),
    onSuccess: () => invalidate(memberId),
  });
}

export function useDecideStatusRequest() {
  const invalidate = useInvalidateMember();
  return useMutation({
    mutationFn: ({ requestId, body }: { requestId: number; memberId: number; body: StatusDecisionBody }) =>
      decideStatusRequest(requestId, body),
    onSuccess: (_, { memberId }) => invalidate(memberId),
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
