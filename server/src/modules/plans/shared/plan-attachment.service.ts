import type { CheckedPlanFile, PlanAttachmentMediaType } from "@tuanwu/domain";
import type { Database, Executor } from "../../../db/database";
import { requireAccess, requireFound } from "../../access/access.service";
import { isFileReferenced } from "../../archive/attachment.repository";
import { openStoredFile, removeStoredFile, requireFilesDir, storeFile } from "../../archive/file-store";
import { recordAudit } from "../../audit/audit.service";
import type { Actor } from "../../auth/actor";
import {
  findPlanAttachmentWithPath,
  insertPlanAttachments,
  type PlanAttachmentRecord,
} from "../progress/plan-progress.repository";

/** An attachment as the API shows it (no hash, no user ids). */
export function presentPlanAttachment(row: PlanAttachmentRecord) {
  return {
    id: row.id,
    fileName: row.fileName,
    mediaType: row.mediaType as PlanAttachmentMediaType,
    byteSize: row.byteSize,
    uploadedAt: row.uploadedAt.toISOString(),
  };
}

/** A checked file after it was stored: its hash too. */
export interface StoredPlanFile extends CheckedPlanFile {
  sha256: string;
}

/**
 * Runs `write` (which opens the transaction) with a way to store the checked files under the data
 * folder (the member archive's content-addressed store). `write` calls `storeFiles()` once its checks
 * have passed, so a refused request never touches the disk; if `write` fails after storing, the files
 * this call put there are taken back unless an attachment row (of a plan or a member) refers to them.
 * Errors: 503 "files_unavailable" when there are files and no folder for them (before anything else).
 */
export async function withPlanFiles<T>(
  db: Database,
  filesDir: string | undefined,
  files: readonly CheckedPlanFile[],
  write: (storeFiles: () => Promise<StoredPlanFile[]>) => Promise<T>,
): Promise<T> {
  const directory = files.length > 0 ? requireFilesDir(filesDir) : undefined;
  const created: string[] = [];
  const storeFiles = async (): Promise<StoredPlanFile[]> => {
    if (directory === undefined) return [];
    const stored: StoredPlanFile[] = [];
    for (const file of files) {
      const result = await storeFile(directory, file.bytes);
      if (result.created) created.push(result.sha256);
      stored.push({ ...file, sha256: result.sha256 });
    }
    return stored;
  };
  try {
    return await write(storeFiles);
  } catch (error) {
    if (directory !== undefined) {
      for (const sha256 of created) {
        if (!(await isFileReferenced(db, sha256))) await removeStoredFile(directory, sha256);
      }
    }
    throw error;
  }
}

/** Inserts one attachment row per stored file, owned by a progress report or a close-out of `taskId`. */
export async function insertStoredFiles(
  db: Executor,
  actor: Actor,
  countyId: number,
  taskId: number,
  owner: { progressReportId: number } | { closeOutId: number },
  stored: readonly StoredPlanFile[],
): Promise<PlanAttachmentRecord[]> {
  return insertPlanAttachments(
    db,
    stored.map((file) => ({
      countyId,
      taskId,
      ...owner,
      sha256: file.sha256,
      byteSize: file.bytes.length,
      mediaType: file.mediaType,
      fileName: file.fileName,
      uploadedBy: actor.userId,
    })),
  );
}

/** What the audit log keeps of stored files. */
export function auditedFiles(rows: readonly PlanAttachmentRecord[]) {
  return rows.map((row) => ({
    attachmentId: row.id,
    fileName: row.fileName,
    mediaType: row.mediaType,
    byteSize: row.byteSize,
    sha256: row.sha256,
  }));
}

/**
 * The stored file of a plan attachment (a progress report's or a close-out's), to stream with its
 * type and name; each download is audited (plan_attachment.download, issue 17 part 2).
 * Errors: 503 no file storage; 404 outside scope or no such attachment; 403 role.
 */
export async function openPlanAttachment(
  db: Database,
  actor: Actor,
  filesDir: string | undefined,
  attachmentId: number,
) {
  const directory = requireFilesDir(filesDir);
  const found = requireFound(await findPlanAttachmentWithPath(db, attachmentId), "plan_attachment");
  await requireAccess(db, actor, { permission: "plan:read", kind: "plan_attachment", ids: [attachmentId] });
  const { attachment } = found;
  const stream = await openStoredFile(directory, attachment.sha256);
  await recordAudit(db, actor, {
    action: "plan_attachment.download",
    entityType: "plan_attachment",
    entityId: attachment.id,
    organizationId: found.organizationId,
    detail: { taskId: attachment.taskId, byteSize: attachment.byteSize },
  });
  return {
    stream,
    mediaType: attachment.mediaType,
    fileName: attachment.fileName,
    byteSize: attachment.byteSize,
  };
}
