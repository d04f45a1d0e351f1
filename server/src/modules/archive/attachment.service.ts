import {
  ATTACHMENT_KIND_LABELS,
  type AttachmentDecision,
  type AttachmentKind,
  type AttachmentMediaType,
  type AttachmentVerification,
  assertAcceptableFile,
  assertDecisionAllowed,
  attachmentNotPending,
  cleanFileName,
  DECISION_RESULTS,
  DomainError,
  initialVerification,
  MEDIA_TYPE_EXTENSIONS,
} from "@tuanwu/domain";
import { countyOfMember } from "../../db/county";
import type { Database } from "../../db/database";
import { assertHigherCommittee, requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { findArchiveMember } from "./archive.repository";
import {
  type AttachmentRecord,
  decidePendingAttachment,
  findAttachmentsOfMember,
  findAttachmentWithBranch,
  findCurrentApplicationForm,
  findLatestReturnedApplicationFormId,
  insertAttachment,
  isFileReferenced,
} from "./attachment.repository";
import { openStoredFile, removeStoredFile, requireFilesDir, storeFile } from "./file-store";
import { appendMemberEvent } from "./member-event.repository";

/** An attachment as the API shows it (no hash, no user ids). */
export function presentAttachment(row: AttachmentRecord) {
  return {
    id: row.id,
    memberId: row.memberId,
    kind: row.kind as AttachmentKind,
    fileName: row.fileName,
    mediaType: row.mediaType as AttachmentMediaType,
    byteSize: row.byteSize,
    verification: row.verification as AttachmentVerification,
    uploadedByName: row.uploadedByName,
    uploadedAt: row.uploadedAt.toISOString(),
    decidedByName: row.decidedByName,
    decidedAt: row.decidedAt ? row.decidedAt.toISOString() : null,
    decisionNote: row.decisionNote,
  };
}

/** What was uploaded: the `kind` field and the one file. */
export interface AttachmentUpload {
  kind: AttachmentKind;
  fileName: string | undefined;
  bytes: Buffer;
}

/**
 * Stores a file in a member's archive: type checked from the bytes (application form: PDF; others
 * PDF, PNG or JPEG), ≤ 20 MB, stored once per content (SHA-256) under `filesDir`. An application form
 * starts 尚未认证 (pending); while one is pending or verified no other may be uploaded, a returned one
 * is replaced. Row, audit entry and archive entry in one transaction; a failure leaves no file behind.
 * Errors: 503 no file storage; 404 member outside scope; 403 role; 400 empty or wrong type
 * (field "file"); 409 "application_form_exists" (field "kind").
 */
export async function uploadAttachment(
  db: Database,
  actor: Actor,
  filesDir: string | undefined,
  memberId: number,
  upload: AttachmentUpload,
  today: string,
) {
  const directory = requireFilesDir(filesDir);
  await requireAccess(db, actor, { permission: "member:write", kind: "member", ids: [memberId] });
  const target = requireFound(await findArchiveMember(db, memberId), "member");
  const mediaType = assertAcceptableFile(upload.kind, upload.bytes);
  const kindLabel = ATTACHMENT_KIND_LABELS[upload.kind].zh;
  const fileName = cleanFileName(upload.fileName, `${kindLabel}.${MEDIA_TYPE_EXTENSIONS[mediaType]}`);
  let stored: { sha256: string; created: boolean } | undefined;
  try {
    return await db.transaction(async (tx) => {
      let replaces: number | undefined;
      if (upload.kind === "application_form") {
        // The member's row lock makes concurrent uploads of a form for one member take turns.
        await findArchiveMember(tx, memberId, "update");
        if (await findCurrentApplicationForm(tx, memberId, target.countyId)) {
          throw new DomainError(
            "application_form_exists",
            "该团员已有待认证或已认证的入团志愿书，只有被退回后才能重新上传 / an application form is already pending or verified",
            { field: "kind", status: 409 },
          );
        }
        replaces = await findLatestReturnedApplicationFormId(tx, memberId, target.countyId);
      }
      stored = await storeFile(directory, upload.bytes);
      const row = await insertAttachment(tx, {
        countyId: target.countyId,
        memberId,
        kind: upload.kind,
        sha256: stored.sha256,
        byteSize: upload.bytes.length,
        mediaType,
        fileName,
        verification: initialVerification(upload.kind),
        uploadedBy: actor.userId,
        uploadedByName: actor.username,
      });
      const detail = { attachmentId: row.id, kind: upload.kind, fileName, mediaType, byteSize: row.byteSize };
      await recordAudit(tx, actor, {
        action: "member_attachment.upload",
        entityType: "member_attachment",
        entityId: row.id,
        organizationId: target.organizationId,
        after: { ...detail, memberId, sha256: stored.sha256, verification: row.verification },
        ...(replaces === undefined ? {} : { detail: { replaces } }),
      });
      await appendMemberEvent(tx, actor, {
        memberId,
        kind: "attachment_uploaded",
        occurredOn: today,
        summary: `上传${kindLabel}：${fileName}`,
        detail: replaces === undefined ? detail : { ...detail, replaces },
      });
      return presentAttachment(row);
    });
  } catch (error) {
    // Take back a file this upload put there, unless another upload's row now refers to it.
    if (stored?.created && !(await isFileReferenced(db, stored.sha256))) {
      await removeStoredFile(directory, stored.sha256);
    }
    throw error;
  }
}

/** A member's attachments, oldest first. Errors: 404 outside scope; 403 role. */
export async function listAttachments(db: Database, actor: Actor, memberId: number) {
  await requireAccess(db, actor, { permission: "member:read", kind: "member", ids: [memberId] });
  return (await findAttachmentsOfMember(db, memberId, await countyOfMember(db, memberId))).map(
    presentAttachment,
  );
}

/**
 * The stored file of an attachment, to stream with its type and name; each download is audited
 * (attachment.download, issue 17 part 2: archive files hold personal data).
 * Errors: 503 no file storage; 404 outside scope (or no such attachment); 403 role.
 */
export async function openAttachmentContent(
  db: Database,
  actor: Actor,
  filesDir: string | undefined,
  attachmentId: number,
) {
  const directory = requireFilesDir(filesDir);
  await requireAccess(db, actor, {
    permission: "member:read",
    kind: "member_attachment",
    ids: [attachmentId],
  });
  const found = requireFound(await findAttachmentWithBranch(db, attachmentId), "member_attachment");
  const { attachment } = found;
  const stream = await openStoredFile(directory, attachment.sha256);
  await recordAudit(db, actor, {
    action: "attachment.download",
    entityType: "member_attachment",
    entityId: attachment.id,
    organizationId: found.organizationId,
    detail: { memberId: attachment.memberId, kind: attachment.kind },
  });
  return {
    stream,
    mediaType: attachment.mediaType,
    fileName: attachment.fileName,
    byteSize: attachment.byteSize,
  };
}

/**
 * The higher committee verifies (已认证) or returns a pending application form; a returned one may
 * be replaced by a new upload. Audited and recorded in the member's archive.
 * Errors: 404 outside scope; 403 role or not the higher committee; 409 not pending; 400 a return
 * without a note (field "note").
 */
export async function decideAttachment(
  db: Database,
  actor: Actor,
  attachmentId: number,
  input: { decision: AttachmentDecision; note?: string | undefined },
  today: string,
) {
  await requireAccess(db, actor, {
    permission: "member:write",
    kind: "member_attachment",
    ids: [attachmentId],
  });
  const found = requireFound(await findAttachmentWithBranch(db, attachmentId), "member_attachment");
  assertHigherCommittee(actor, found.branchPath);
  const { attachment, organizationId } = found;
  const note = input.note ? input.note : undefined;
  assertDecisionAllowed(attachment.verification, input.decision, note);
  const verification = DECISION_RESULTS[input.decision];
  return db.transaction(async (tx) => {
    const decided = await decidePendingAttachment(tx, attachmentId, attachment.countyId, {
      verification,
      decidedByName: actor.username,
      note: note ?? null,
    });
    // Decided by someone else in the meantime: the same refusal as above.
    if (!decided) throw attachmentNotPending();
    const kindLabel = ATTACHMENT_KIND_LABELS[decided.kind as AttachmentKind].zh;
    await recordAudit(tx, actor, {
      action: `member_attachment.${input.decision}`,
      entityType: "member_attachment",
      entityId: attachmentId,
      organizationId,
      before: { verification: attachment.verification },
      after: { verification, note: note ?? null },
    });
    await appendMemberEvent(tx, actor, {
      memberId: decided.memberId,
      kind: verification === "verified" ? "attachment_verified" : "attachment_returned",
      occurredOn: today,
      summary: verification === "verified" ? `${kindLabel}已认证` : `${kindLabel}被退回：${note}`,
      detail: { attachmentId, fileName: decided.fileName, note: note ?? null },
    });
    return presentAttachment(decided);
  });
}
