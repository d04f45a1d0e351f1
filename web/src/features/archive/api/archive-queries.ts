import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import { apiUrl, postMultipart, type UploadProgress } from "../../../api/transfer";
import type {
  AttachmentDecisionBody,
  AttachmentKind,
  AwardBody,
  MemberAttachment,
  MemberAward,
} from "../../../api/types";

/** GET /members/{id}/events: the archive timeline, oldest first. */
export function memberEventsQuery(memberId: number) {
  return queryOptions({
    queryKey: [...queryKeys.member(memberId), "events"],
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/members/{id}/events", { params: { path: { id: memberId } } }))).items,
  });
}

/** GET /members/{id}/attachments. */
export function memberAttachmentsQuery(memberId: number) {
  return queryOptions({
    queryKey: [...queryKeys.member(memberId), "attachments"],
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/members/{id}/attachments", { params: { path: { id: memberId } } })))
        .items,
  });
}

/** GET /member-attachments/{id}/content: the file, opened or saved by the browser (a link, not the typed client). */
export function attachmentContentUrl(attachmentId: number): string {
  return apiUrl("/api/v1/member-attachments/{id}/content", { path: { id: attachmentId } });
}

/** POST /members/{id}/attachments (multipart: kind, file), with upload progress (XMLHttpRequest). */
export function uploadAttachment(
  memberId: number,
  kind: AttachmentKind,
  file: File,
  onProgress?: UploadProgress,
): Promise<MemberAttachment> {
  const formData = new FormData();
  formData.append("kind", kind);
  formData.append("file", file, file.name);
  return postMultipart("/api/v1/members/{id}/attachments", { path: { id: memberId } }, formData, onProgress);
}

/** POST /member-attachments/{id}/decision (higher committee): verify or return. */
export function decideAttachment(
  attachmentId: number,
  body: AttachmentDecisionBody,
): Promise<MemberAttachment> {
  return unwrap(
    api.POST("/api/v1/member-attachments/{id}/decision", { params: { path: { id: attachmentId } }, body }),
  );
}

/** GET /members/{id}/awards: awards and punishments. */
export function memberAwardsQuery(memberId: number) {
  return queryOptions({
    queryKey: [...queryKeys.member(memberId), "awards"],
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/members/{id}/awards", { params: { path: { id: memberId } } }))).items,
  });
}

/** POST /members/{id}/awards. */
export function createAward(memberId: number, body: AwardBody): Promise<MemberAward> {
  return unwrap(api.POST("/api/v1/members/{id}/awards", { params: { path: { id: memberId } }, body }));
}
