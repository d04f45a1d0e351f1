import type { Executor } from "../../db/database";
import { auditLog } from "../../db/schema";

/** One audit entry: who did what to which entity, where in the tree, with before/after images. */
export interface AuditEntry {
  actorUserId: number | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string | null;
  organizationId: number | null;
  before?: unknown;
  after?: unknown;
  detail?: unknown;
}

/** Appends an audit entry; call inside the same transaction as the write it records. */
export async function insertAuditEntry(db: Executor, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorUserId: entry.actorUserId,
    actorName: entry.actorName,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    organizationId: entry.organizationId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    detail: entry.detail ?? null,
  });
}
