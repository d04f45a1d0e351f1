import { useMutation, useQuery } from "@tanstack/react-query";
import { useInvalidateEntity } from "../../../api/query-keys";
import type {
  CorrectionBody,
  CorrectionDecisionBody,
  CreateMemberBody,
  UpdateMemberBody,
} from "../../../api/types";
import {
  createMember,
  decideCorrection,
  memberQuery,
  requestCorrection,
  updateMember,
  verifyMember,
} from "../api/member-record-queries";

export function useMember(memberId: number) {
  return useQuery(memberQuery(memberId));
}

/** After a write to a member: the member, the lists, counts, completeness, statistics and reviews. */
function useInvalidateMember() {
  const invalidateEntity = useInvalidateEntity();
  return (memberId?: number) => invalidateEntity({ entity: "member", memberId });
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
