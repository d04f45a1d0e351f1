import { pathIds } from "@tuanwu/domain";
import { and, asc, desc, eq, inArray, isNotNull, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { organization } from "../../db/schema";
import { executeWrite, queryRows } from "../../db/sql-result";
import { inScope, inSubtree } from "../../lib/tree-sql";

/** An organization row as stored. */
export type OrganizationRecord = typeof organization.$inferSelect;
/** The columns a caller may set when inserting (id and path are filled in here). */
export type NewOrganization = Omit<
  typeof organization.$inferInsert,
  "id" | "path" | "depth" | "createdAt" | "updatedAt"
>;

// Drizzle leaves columns unqualified in single-table selects; correlated subqueries need the outer row named.
const outerId = sql.raw(`"organization"."id"`);
const outerPath = sql.raw(`"organization"."path"`);
const childCount = sql<number>`(select count(*)::int from organization c where c.parent_id = ${outerId})`;
const subtreeMemberCount = sql<number>`(select count(*)::int from member m join organization d on d.id = m.organization_id
  where ${inSubtree(sql`d.path`, outerPath)} and m.status in ('active', 'transferring', 'flowing'))`;

const summaryColumns = {
  id: organization.id,
  parentId: organization.parentId,
  path: organization.path,
  kind: organization.kind,
  level: organization.level,
  sector: organization.sector,
  name: organization.name,
  shortName: organization.shortName,
  code: organization.code,
  divisionCode: organization.divisionCode,
  childCount,
  subtreeMemberCount,
};

/** An organization with its child count and the number of current members in its subtree. */
export type OrganizationSummaryRecord = Awaited<ReturnType<typeof findChildSummaries>>[number];

/**
 * One organization by id. `lock` "share" (inside a transaction) keeps its path from changing until
 * the transaction ends: a concurrent move of it or an ancestor waits, and this read waits for a move
 * in progress and then sees the new path.
 */
export async function findOrganizationById(
  db: Executor,
  id: number,
  lock?: "share",
): Promise<OrganizationRecord | undefined> {
  const query = db.select().from(organization).where(eq(organization.id, id)).limit(1);
  const rows = lock ? await query.for(lock) : await query;
  return rows[0];
}

/** One organization by its code. */
export async function findOrganizationByCode(
  db: Executor,
  code: string,
): Promise<OrganizationRecord | undefined> {
  const rows = await db.select().from(organization).where(eq(organization.code, code)).limit(1);
  return rows[0];
}

/** Organizations by division code (for idempotent scaffolding). */
export async function findOrganizationsByDivisionCodes(
  db: Executor,
  codes: string[],
): Promise<OrganizationRecord[]> {
  if (codes.length === 0) return [];
  return db.select().from(organization).where(inArray(organization.divisionCode, codes));
}

/** Organizations by ids, in id order (ancestors for a breadcrumb). */
export async function findOrganizationsByIds(db: Executor, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: organization.id, name: organization.name, path: organization.path })
    .from(organization)
    .where(inArray(organization.id, ids))
    .orderBy(asc(organization.depth));
}

/** The division code of the deepest organization on `path` (itself included) that has one. */
export async function findNearestDivisionCode(db: Executor, path: string): Promise<string | null> {
  const rows = await db
    .select({ divisionCode: organization.divisionCode })
    .from(organization)
    .where(and(inArray(organization.id, pathIds(path)), isNotNull(organization.divisionCode)))
    .orderBy(desc(organization.depth))
    .limit(1);
  return rows[0]?.divisionCode ?? null;
}

/** The children of an organization with their counts, by name. */
export async function findChildSummaries(db: Executor, parentId: number) {
  return db
    .select(summaryColumns)
    .from(organization)
    .where(eq(organization.parentId, parentId))
    .orderBy(asc(organization.code));
}

/** One organization's summary (with counts). */
export async function findOrganizationSummary(db: Executor, id: number) {
  const rows = await db.select(summaryColumns).from(organization).where(eq(organization.id, id)).limit(1);
  return rows[0];
}

/**
 * Organizations inside the scope whose name contains `q` or whose pinyin initials start with it,
 * optionally with a division code; shallowest first, at most `limit`.
 */
export async function searchOrganizationSummaries(
  db: Executor,
  scopePaths: readonly string[] | null,
  filter: { q?: string | undefined; divisionCode?: string | undefined; limit: number },
) {
  const conditions: SQL[] = [inScope(organization.path, scopePaths)];
  if (filter.divisionCode) conditions.push(sql`${organization.divisionCode} = ${filter.divisionCode}`);
  if (filter.q) {
    const q = filter.q;
    const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
    conditions.push(
      sql`(${organization.name} like ${`%${escaped}%`} or ${organization.nameInitials} like ${`${escaped.toLowerCase()}%`} or ${organization.code} = ${q})`,
    );
  }
  return db
    .select(summaryColumns)
    .from(organization)
    .where(
      sql.join(
        conditions.map((condition) => sql`(${condition})`),
        sql` and `,
      ),
    )
    .orderBy(asc(organization.depth), asc(organization.code))
    .limit(filter.limit);
}

/** Reserves `count` organization ids from the identity sequence (to compute paths before inserting). */
export async function allocateOrganizationIds(db: Executor, count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows = await queryRows<{ id: number }>(
    db,
    sql`select nextval(pg_get_serial_sequence('organization', 'id'))::int as id from generate_series(1, ${count})`,
  );
  return rows.map((row) => Number(row.id));
}

/** Inserts organizations whose ids, paths and depths are already computed; returns the rows. */
export async function insertOrganizations(
  db: Executor,
  rows: (NewOrganization & { id: number; path: string; depth: number })[],
): Promise<OrganizationRecord[]> {
  if (rows.length === 0) return [];
  const inserted: OrganizationRecord[] = [];
  for (let start = 0; start < rows.length; start += 500) {
    inserted.push(
      ...(await db
        .insert(organization)
        .values(rows.slice(start, start + 500))
        .returning()),
    );
  }
  return inserted;
}

/** Updates the given columns of one organization; returns the new row. */
export async function updateOrganizationColumns(
  db: Executor,
  id: number,
  values: Partial<NewOrganization>,
): Promise<OrganizationRecord> {
  const rows = await db
    .update(organization)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(organization.id, id))
    .returning();
  const row = rows[0];
  if (!row) throw new Error(`organization ${id} vanished during update`);
  return row;
}

/**
 * Moves a subtree: rewrites the path and depth of the node and every descendant in one statement
 * (the caller holds the transaction), and sets the node's new parent. Returns the rows rewritten.
 */
export async function moveSubtreeRows(
  db: Executor,
  node: { id: number; path: string; depth: number },
  newParent: { id: number; path: string; depth: number },
): Promise<number> {
  const newPath = `${newParent.path}${node.id}/`;
  const depthDelta = newParent.depth + 1 - node.depth;
  return executeWrite(
    db,
    sql`update organization
    set path = ${newPath} || substr(path, ${node.path.length + 1}),
        depth = depth + ${depthDelta},
        parent_id = case when id = ${node.id} then ${newParent.id}::int else parent_id end,
        updated_at = now()
    where ${inSubtree(sql`path`, node.path)}`,
  );
}

/** Locks the rows of a subtree (FOR UPDATE) so that concurrent moves and inserts serialise. */
export async function lockSubtree(db: Executor, rootPath: string): Promise<void> {
  await db.execute(sql`select id from organization where ${inSubtree(sql`path`, rootPath)} for update`);
}

/** Key of the transaction-level advisory lock that moves of organizations take ("tuan"). */
const ORGANIZATION_MOVE_LOCK_KEY = 0x7475_616e;

/**
 * Takes the lock that serialises moves of organizations, until the transaction ends. Moves are rare;
 * taking one lock for all of them means two moves can neither deadlock on each other's subtrees nor
 * both pass the cycle check (A under B and B under A at once). Read the rows to move only after it.
 */
export async function lockOrganizationMoves(db: Executor): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(${ORGANIZATION_MOVE_LOCK_KEY})`);
}
