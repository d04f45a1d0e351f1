import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import type {
  CorrectionBody,
  CorrectionDecisionBody,
  CreateMemberBody,
  MemberCorrection,
  MemberDetail,
  UpdateMemberBody,
} from "../../../api/types";

/** GET /members/{id}: the full record; citizen ID and phone unmasked only when the user may. */
export function memberQuery(memberId: number) {
  return queryOptions({
    queryKey: [...queryKeys.member(memberId), "detail"],
    queryFn: () => unwrap(api.GET("/api/v1/members/{id}", { params: { path: { id: memberId } } })),
  });
}

/** POST /organizations/{branchId}/members (a branch only): 201 with the new member. */
export function createMember(branchId: number, body: CreateMemberBody): Promise<MemberDetail> {
  return unwrap(
    api.POST("/api/v1/organizations/{branchId}/members", { params: { path: { branchId } }, body }),
  );
}

/** PATCH /members/{id}: the changed, unlocked fields. */
export function updateMember(memberId: number, body: UpdateMemberBody): Promise<MemberDetail> {
  return unwrap(api.PATCH("/api/v1/members/{id}", { params: { path: { id: memberId } }, body }));
}

/** POST /members/{id}/verify (higher committee): locks name, citizen ID, join date and branch. */
export function verifyMember(memberId: number): Promise<MemberDetail> {
  return unwrap(api.POST("/api/v1/members/{id}/verify", { params: { path: { id: memberId } } }));
}

/** POST /members/{id}/corrections: a request to change locked fields, for the higher committee. */
export function requestCorrection(memberId: number, body: CorrectionBody): Promise<MemberCorrection> {
  return unwrap(api.POST("/api/v1/members/{id}/corrections", { params: { path: { id: memberId } }, body }));
}

/** POST /member-corrections/{id}/decision (higher committee): approve or return. */
export function decideCorrection(
  correctionId: number,
  body: CorrectionDecisionBody,
): Promise<MemberCorrection> {
  return unwrap(
    api.POST("/api/v1/member-corrections/{id}/decision", { params: { path: { id: correctionId } }, body }),
  );
}
