import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { auditLog } from "../../db/schema";
import { queryRows } from "../../db/sql-result";
import { inSubtree } from "../../lib/tree-sql";

/** One audit entry: who did what to which entity, where in the tree, with before/after images. */
export interface AuditEntry {
  actorUserId: number | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string | null;
  organizationId: number | null;
  /**
   * The county bucket of `organizationId` (organization.county_id) when the caller already holds it
   * (e.g. the member's county for a write to a member of that branch); else it is read from the tree
   * inside the insert itself (no extra round trip). Ignored (0) when `organizationId` is null.
   */
  countyId?: number | undefined;
  before?: unknown;
  after?: unknown;
  detail?: unknown;
}

/**
 * Appends an audit entry; call inside the same transaction as the write it records. `audit_log.county_id`
 * (the distribution column on Citus, co-located with member: migration 0040_audit_county) is the entry's
 * `countyId` when given, else the organization's county read by the same statement from `organization`
 * (a reference table on Citus: read on the coordinator, the row then routed to its county's shard), 0
 * without an organization.
 */
export async function insertAuditEntry(db: Executor, entry: AuditEntry): Promise<void> {
  const values = {
    actorUserId: entry.actorUserId,
    actorName: entry.actorName,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    organizationId: entry.organizationId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    detail: entry.detail ?? null,
  };
  if (entry.organizationId === null || entry.countyId !== undefined) {
    await db
      .insert(auditLog)
      .values({ ...values, countyId: entry.organizationId === null ? 0 : entry.countyId });
    return;
  }
  const json = (value: unknown) => (value === null ? sql`null` : sql`${JSON.stringify(value)}::jsonb`);
  await db.execute(
    sql`insert into audit_log (actor_user_id, actor_name, action, entity_type, entity_id, organization_id,
          before, after, detail, county_id)
        select ${values.actorUserId}::int, ${values.actorName}::text, ${values.action}::text, ${values.entityType}::text,
               ${values.entityId}::text, ${entry.organizationId}::int, ${json(values.before)}, ${json(values.after)},
               ${json(values.detail)}, coalesce((select o.county_id from organization o where o.id = ${entry.organizationId}), 0)`,
  );
}

/** A filter over the audit log of one subtree (审计日志). */
export interface AuditFilter {
  /** The subtree's root path: entries filed under organizations now inside it. */
  rootPath: string;
  /** Also the entries filed under no organization (a system administrator reading a root). */
  includeUnplaced: boolean;
  /**
   * The county bucket the whole subtree lies in (db/county.ts countyScopeOf), or null when it spans
   * several (a city, province, the national committee): named on the log (`county_id = …`), so a county's
   * or township's list is one shard on Citus; a no-op filter elsewhere.
   */
  countyId?: number | null | undefined;
  /** Only entries by this user (actor_user_id). */
  userId?: number | undefined;
  /** Only entries about this kind of entity ("member", "user", …). */
  entityType?: string | undefined;
  /** This action ("user.create"), or every action of a prefix ending in "." ("user."). */
  action?: string | undefined;
  /** From this instant (inclusive). */
  from?: Date | undefined;
  /** Before this instant (exclusive). */
  before?: Date | undefined;
}

/** An audit entry as read back, with its organization's name. */
export interface StoredAuditRow {
  id: number;
  occurredAt: Date;
  actorUserId: number | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string | null;
  organizationId: number | null;
  organizationName: string | null;
  before: unknown;
  after: unknown;
  detail: unknown;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function auditConditions(filter: AuditFilter): SQL {
  // The subtree's organization ids first (one range of the path index), then the log's
  // (organization_id, occurred_at) index.
  const inTree = sql`a.organization_id = any(array(select s.id from organization s where ${inSubtree(sql`s.path`, filter.rootPath)}))`;
  const conditions: SQL[] = [filter.includeUnplaced ? sql`(${inTree} or a.organization_id is null)` : inTree];
  // The subtree's bucket (one shard on Citus), and bucket 0 of the unplaced entries when they are read too.
  if (filter.countyId !== undefined && filter.countyId !== null) {
    conditions.push(
      filter.includeUnplaced
        ? sql`a.county_id in (${filter.countyId}, 0)`
        : sql`a.county_id = ${filter.countyId}`,
    );
  }
  if (filter.userId !== undefined) conditions.push(sql`a.actor_user_id = ${filter.userId}`);
  if (filter.entityType) conditions.push(sql`a.entity_type = ${filter.entityType}`);
  if (filter.action?.endsWith(".")) conditions.push(sql`a.action like ${`${escapeLike(filter.action)}%`}`);
  else if (filter.action) conditions.push(sql`a.action = ${filter.action}`);
  if (filter.from) conditions.push(sql`a.occurred_at >= ${filter.from.toISOString()}::timestamptz`);
  if (filter.before) conditions.push(sql`a.occurred_at < ${filter.before.toISOString()}::timestamptz`);
  return sql.join(conditions, sql` and `);
}

/** One page of audit entries, newest first, and how many match. */
export async function findAuditEntries(
  db: Executor,
  filter: AuditFilter,
  page: { limit: number; offset: number },
): Promise<{ items: StoredAuditRow[]; total: number }> {
  const where = auditConditions(filter);
  const [rows, totals] = await Promise.all([
    queryRows<StoredAuditRow & { occurredAt: Date | string }>(
      db,
      sql`select a.id::int as id, a.occurred_at as "occurredAt", a.actor_user_id as "actorUserId",
          a.actor_name as "actorName", a.action, a.entity_type as "entityType", a.entity_id as "entityId",
          a.organization_id as "organizationId", o.name as "organizationName", a.before, a.after, a.detail
        from audit_log a left join organization o on o.id = a.organization_id
        where ${where} order by a.occurred_at desc, a.id desc limit ${page.limit} offset ${page.offset}`,
    ),
    queryRows<{ total: number }>(db, sql`select count(*)::int as total from audit_log a where ${where}`),
  ]);
  return {
    items: rows.map((row) => ({ ...row, id: Number(row.id), occurredAt: new Date(row.occurredAt) })),
    total: Number(totals[0]?.total ?? 0),
  };
}
