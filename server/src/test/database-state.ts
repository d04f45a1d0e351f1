import { sql } from "drizzle-orm";
import type { Executor } from "../db/database";
import { queryRows } from "../db/sql-result";

/** Tables whose row counts tests compare before and after a refused write. */
export type CountedTable = "organization" | "audit_log" | "member" | "app_user" | "user_session";

/** The number of rows in each of `tables`, e.g. `{ organization: 6, audit_log: 5 }`. */
export async function countRows(
  db: Executor,
  tables: readonly CountedTable[] = ["organization", "audit_log"],
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const rows = await queryRows<{ total: number }>(
      db,
      sql`select count(*)::int as total from ${sql.identifier(table)}`,
    );
    counts[table] = Number(rows[0]?.total);
  }
  return counts;
}

/** Every organization's id, parent, path and code, by id: compare before and after to see that nothing moved. */
export async function organizationSnapshot(db: Executor) {
  return queryRows<{
    id: number;
    parent_id: number | null;
    path: string;
    depth: number;
    code: string;
    name: string;
  }>(db, sql`select id, parent_id, path, depth, code, name from organization order by id`);
}

/** One audit entry as stored, the newest first. */
export interface StoredAuditEntry {
  actorUserId: number | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string | null;
  organizationId: number | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  detail: Record<string, unknown> | null;
}

/** The newest audit entry with `action`, or undefined. */
export async function latestAuditEntry(db: Executor, action: string): Promise<StoredAuditEntry | undefined> {
  const rows = await queryRows<StoredAuditEntry>(
    db,
    sql`select actor_user_id as "actorUserId", actor_name as "actorName", action, entity_type as "entityType",
      entity_id as "entityId", organization_id as "organizationId", before, after, detail
      from audit_log where action = ${action} order by id desc limit 1`,
  );
  return rows[0];
}

/**
 * How many organizations have a path or depth that does not follow from their parent's (a root:
 * "id/" at depth 1). Zero in a consistent tree; a cycle or a stale path after a move shows here.
 */
export async function countInconsistentPaths(db: Executor): Promise<number> {
  const rows = await queryRows<{ total: number }>(
    db,
    sql`select count(*)::int as total from organization c left join organization p on p.id = c.parent_id
      where (p.id is null and (c.parent_id is not null or c.path <> c.id || '/' or c.depth <> 1))
         or (p.id is not null and (c.path <> p.path || c.id || '/' or c.depth <> p.depth + 1))`,
  );
  return Number(rows[0]?.total);
}
