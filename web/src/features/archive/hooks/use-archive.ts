import { useMutation, useQuery } from "@tanstack/react-query";
import { useInvalidateEntity } from "../../../api/query-keys";
import type { UploadProgress } from "../../../api/transfer";
import type { AttachmentDecisionBody, AttachmentKind, AwardBody } from "../../../api/types";
import {
  createAward,
  decideAttachment,
  memberAttachmentsQuery,
  memberAwardsQuery,
  memberEventsQuery,
  uploadAttachment,
} from "../api/archive-queries";

export function useMemberEvents(memberId: number) {
  return useQuery(memberEventsQuery(memberId));
}

export function useMemberAttachments(memberId: number) {
  return useQuery(memberAttachmentsQuery(memberId));
}

export function useMemberAwards(memberId: number) {
  return useQuery(memberAwardsQuery(memberId));
}

/** Archive writes append to the timeline: the whole member is refreshed. */
function useInvalidateMemberArchive(memberId: number) {
  const invalidateEntity = useInvalidateEntity();
  return () => invalidateEntity({ entity: "member-archive", memberId });
}

export function useUploadAttachment(memberId: number) {
  const invalidate = useInvalidateMemberArchive(memberId);
  return useMutation({
    mutationFn: ({
      kind,
      file,
      onProgress,
    }: {
      kind: AttachmentKind;
      file: File;
      onProgress?: UploadProgress;
    }) => uploadAttachment(memberId, kind, file, onProgress),
    onSuccess: invalidate,
  });
}

export function useDecideAttachment(memberId: number) {
  const invalidate = useInvalidateMemberArchive(memberId);
  return useMutation({
    mutationFn: ({ attachmentId, body }: { attachmentId: number; body: AttachmentDecisionBody }) =>
      decideAttachment(attachmentId, body),
    onSuccess: invalidate,
  });
}

export function useCreateAward(memberId: number) {
  const invalidate = useInvalidateMemberArchive(memberId);
  return useMutation({ mutationFn: (body: AwardBody) => createAward(memberId, body), onSuccess: invalidate });
}
