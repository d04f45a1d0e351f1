import { maskCitizenId, maskPhone } from "@tuanwu/domain";
import type { Executor } from "../../db/database";
import { insertAuditEntry } from "./audit.repository";

const PERSONAL_FIELDS: Record<string, (value: string) => string> = {
  citizenId: maskCitizenId,
  phone: maskPhone,
};
const SECRET_FIELDS = new Set(["passwordHash", "password", "csrfToken", "tokenHash"]);

/**
 * Copies a record for the audit log with personal data masked (citizen ID, phone) and secrets
 * dropped (domain.md §2 "who sees personal data"). Nested objects are handled; arrays element-wise;
 * a Date becomes its ISO text (as JSON would write it), not an empty object.
 */
export function maskForAudit(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskForAudit);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value === null || typeof value !== "object") return value;
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (SECRET_FIELDS.has(key)) continue;
    const mask = PERSONAL_FIELDS[key];
    result[key] = mask && typeof field === "string" ? mask(field) : maskForAudit(field);
  }
  return result;
}

/**
 * Who an audit entry names: any actor (auth/actor Actor) fits. Declared here so that audit, which
 * every module writes to, imports nothing of auth (whose login and logout it records).
 */
export interface AuditActor {
  userId: number | null;
  username: string;
}

/**
 * Records a write in the audit log (审计日志), masking personal data. Call in the write's transaction
 * so that a failed write leaves no entry and a successful one always has one.
 */
export async function recordAudit(
  db: Executor,
  actor: AuditActor,
  entry: {
    action: string;
    entityType: string;
    entityId: string | number | null;
    organizationId: number | null;
    /** organization.county_id of `organizationId` when the caller holds it (else read by the insert). */
    countyId?: number | undefined;
    before?: unknown;
    after?: unknown;
    detail?: unknown;
  },
): Promise<void> {
  await insertAuditEntry(db, {
    actorUserId: actor.userId,
    actorName: actor.username,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId === null ? null : String(entry.entityId),
    organizationId: entry.organizationId,
    countyId: entry.countyId,
    before: maskForAudit(entry.before),
    after: maskForAudit(entry.after),
    detail: maskForAudit(entry.detail),
  });
}
