import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  CorrectionBody,
  CorrectionDecisionBody,
  CreateMemberBody,
  UpdateMemberBody,
} from "../../../api/types";
import { statsKey } from "../../dashboard/api/stats-queries";
import { reviewsKey } from "../../member-status/api/member-status-queries";
import { organizationsKey } from "../../organizations/api/organization-queries";
import { membersKey } from "../api/member-queries";
import {
  createMember,
  decideCorrection,
  memberKey,
  memberQuery,
  requestCorrection,
  updateMember,
  verifyMember,
} from "../api/member-record-queries";

export function useMember(memberId: number) {
  return useQuery(memberQuery(memberId));
}

/** After a write to a member: the member, the lists, counts, completeness and statistics. */
export function useInvalidateMember() {
  const queryClient = useQueryClient();
  return (memberId?: number) =>
    Promise.all([
      memberId === undefined ? undefined : queryClient.invalidateQueries({ queryKey: memberKey(memberId) }),
      queryClient.invalidateQueries({ queryKey: membersKey }),
      queryClient.invalidateQueries({ queryKey: organizationsKey }),
      queryClient.invalidateQueries({ queryKey: statsKey }),
      queryClient.invalidateQueries({ queryKey: reviewsKey }),
    ]);
}

export function useCreateMember(branchId: number) {
  const invalidate = useInvalidateMember();
  return useMutation({
    mutationFn: (body: CreateMemberBody) => createMember(branchId, body),
    onSuccess: (member) => invalidate(member.id),
  });
}

export function useUpdateMember(memberId: number) {
  const invalidate = useInvalidateMember();
  return useMutation({
    mutationFn: (body: UpdateMemberBody) => updateMember(memberId, body),
    onSuccess: () => invalidate(memberId),
  });
}

export function useVerifyMember(memberId: number) {
  const invalidate = useInvalidateMember();
  return useMutation({ mutationFn: () => verifyMember(memberId), onSuccess: () => invalidate(memberId) });
}

export function useRequestCorrection(memberId: number) {
  const invalidate = useInvalidateMember();
  return useMutation({
    mutationFn: (body: CorrectionBody) => requestCorrection(memberId, body),
    onSuccess: () => invalidate(memberId),
  });
}

export function useDecideCorrection(memberId: number) {
  const invalidate = useInvalidateMember();
  return useMutation({
    mutationFn: ({ correctionId, body }: { correctionId: number; body: CorrectionDecisionBody }) =>
      decideCorrection(correctionId, body),
    onSuccess: () => invalidate(memberId),
  });
}
