import { pathIds } from "@tuanwu/domain";
import { and, asc, desc, eq, inArray, isNotNull, type SQL, sql } from "drizzle-orm";
import { counterBucketOf, countyScopeOf } from "../../db/county";
import type { Executor } from "../../db/database";
import { isDistributed } from "../../db/distributed";
import { organization } from "../../db/schema";
import { executeWrite, queryRows } from "../../db/sql-result";
import { intArray, textArray } from "../../lib/sql-arrays";
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
const childCount = sql<number>`(select count(*)::int from organization c where c.parent_id = ${outerId})`;

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
};

/**
 * An organization with its child count (the number of current members of its subtree is read
 * separately, from the counters: {@link countCurrentSubtreeMembers}).
 */
export type OrganizationSummaryRecord = Awaited<ReturnType<typeof findChildSummaries>>[number];

/** The organization whose subtree encloses the organizations counted, as {@link countCurrentSubtreeMembers} needs it. */
export interface EnclosingOrganization {
  id: number;
  level: string;
  /** organization.county_id (migration 0030): with `level`, the county bucket of its subtree (db/county.ts). */
  countyId: number;
}

/**
 * The current members (`statuses`: active, transferring, flowing) of each organization's subtree,
 * exact now, read from the subtree counters (migration 0005/0006, docs/ARCHITECTURE.md "Fast
 * aggregation") and never by counting the subtree's members (issue 18 part 2): for a committee its
 * `total` counters plus the pending deltas of its subtree, for a branch (which holds no counters) its
 * own members. One statement, so one snapshot: a fold committing meanwhile is seen whole or not at
 * all. `enclosing` is an organization whose subtree holds all of `organizations` (the parent of a
 * children list, the organization itself for its detail, the actor's scope root for a search; null:
 * anywhere): when fewer deltas are pending than it has organizations, each delta's branch is looked
 * up by primary key, otherwise its subtree's organizations are scanned and joined to the deltas (as
 * `readLiveDashboard` does). Every pending delta of the county (anywhere, above the county) is counted
 * for that choice: the fold keeps them few, and a LIMIT taken from a subquery cannot run over a
 * distributed table on Citus. When the enclosing subtree lies in one county bucket (db/county.ts
 * countyScopeOf), the deltas and members read name it (`county_id = …`): one shard on Citus (issue 19
 * part 2), a no-op filter on PostgreSQL and PGlite. Returns id → count; organizations not found are
 * left out.
 */
export async function countCurrentSubtreeMembers(
  db: Executor,
  organizations: readonly { id: number; kind: string }[],
  enclosing: EnclosingOrganization | null,
  statuses: readonly string[],
): Promise<Map<number, number>> {
  if (organizations.length === 0) return new Map();
  const rows = await queryRows<{ id: number; count: number }>(
    db,
    currentSubtreeMembersStatement(organizations, enclosing, statuses),
  );
  const counts = new Map(organizations.map((o) => [o.id, 0]));
  for (const row of rows) counts.set(Number(row.id), Number(row.count));
  return counts;
}

/** The statement of {@link countCurrentSubtreeMembers} (also EXPLAINed by the Citus routing test). */
export function currentSubtreeMembersStatement(
  organizations: readonly { id: number; kind: string }[],
  enclosing: EnclosingOrganization | null,
  statuses: readonly string[],
): SQL {
  const holders = intArray(organizations.filter((o) => o.kind !== "branch").map((o) => o.id));
  const branches = intArray(organizations.filter((o) => o.kind === "branch").map((o) => o.id));
  const current = textArray(statuses);
  const county = enclosing === null ? null : countyScopeOf(enclosing);
  const deltaCounty = county === null ? sql`true` : sql`x.county_id = ${county}`;
  const memberCounty = county === null ? sql`true` : sql`m.county_id = ${county}`;
  // The counters of the organizations counted and of the enclosing one: inside a county bucket they
  // all sit in it (migration member_count_county: a counter row lives at its holder's county). The
  // enclosing organization's count is read by its id, not correlated with the tree's row (Citus: a
  // correlated subquery over a distributed table is refused when the FROM holds a reference table).
  const counterCounty = county === null ? sql`true` : sql`c.county_id = ${county}`;
  // Above the county the enclosing organization's own rows lie in the one above-county bucket (db/county.ts
  // counterBucketOf, migration 0057_above_county_bucket).
  const enclosingCounty =
    enclosing === null ? sql`true` : sql`oc.county_id = ${county ?? counterBucketOf(enclosing)}`;
  return sql`with root as materialized (
        select o.path,
               coalesce((select oc.count from organization_count oc
                          where oc.organization_id = ${enclosing?.id ?? null}::int and ${enclosingCounty}
                            and oc.dimension = 'total' and oc.value = ''), 0) as organizations
          from organization o where o.id = ${enclosing?.id ?? null}::int
      ), plan as materialized (
        select cardinality(${holders}) > 0 as held,
               case when not exists (select from root) then true
                    else (select count(*) from member_count_delta x where ${deltaCounty})
                         < (select organizations from root)
               end as by_delta
      ), pending as materialized (
        select o.path, o.kind, x.delta
          from member_count_delta x
          cross join lateral (
            select o.path, o.kind from organization o where o.id = x.organization_id offset 0
          ) as o
         where (select held from plan) and (select by_delta from plan) and x.status = any(${current})
           and ${deltaCounty}
           and (not exists (select from root) or ${inSubtree(sql`o.path`, sql`(select path from root)`)})
        union all
        select o.path, o.kind, x.delta
          from organization o
          join member_count_delta x on x.organization_id = o.id
         where (select held from plan) and not (select by_delta from plan) and x.status = any(${current})
           and ${deltaCounty}
           and ${inSubtree(sql`o.path`, sql`(select path from root)`)}
      ), counted as (
        select c.organization_id as id, c.count from member_count c
         where c.organization_id = any(${holders}) and ${counterCounty} and c.status = any(${current})
           and c.dimension = 'total' and c.value = ''
        union all
        select h.id, p.delta from pending p
          cross join lateral unnest(member_count_holders(p.path, p.kind)) as h (id)
         where h.id = any(${holders})
        union all
        select m.organization_id, 1 from member m
         where m.organization_id = any(${branches}) and m.status = any(${current}) and ${memberCounty}
      )
      select id, sum(count)::int as count from counted group by id`;
}

/**
 * One organization by id. `lock` "share" or "key share" (inside a transaction) keeps its path from
 * changing until the transaction ends: a concurrent move of it or an ancestor waits, and this read
 * waits for a move in progress and then sees the new path. "key share" suffices for that (a move
 * rewrites `path`, a key of organization_path_key) and, unlike "share", lets the same transaction's
 * tally triggers take FOR NO KEY UPDATE on the row without a lock-upgrade deadlock.
 *
 * On a Citus coordinator (organization a reference table) "key share" is the moves' advisory lock
 * taken shared ({@link lockOrganizationMoves}: every move takes it exclusively before reading paths)
 * and a plain read, not a row lock: Citus turns `FOR KEY SHARE` on a reference table into a ShareLock
 * on the table's whole shard and then a RowExclusiveLock on it, one after the other, on the first
 * worker (executor/distributed_execution_locks.c), so two transactions reading branches at once could
 * deadlock on that upgrade (40P01 → a 500: the citizen-ID race of issue 19), and while it is held
 * every other such read in the cluster waits. The shared advisory lock waits only for moves.
 */
export async function findOrganizationById(
  db: Executor,
  id: number,
  lock?: "share" | "key share",
): Promise<OrganizationRecord | undefined> {
  const query = db.select().from(organization).where(eq(organization.id, id)).limit(1);
  if (lock === "key share" && (await isDistributed(db))) {
    await db.execute(sql`select pg_advisory_xact_lock_shared(${ORGANIZATION_MOVE_LOCK_KEY})`);
    return (await query)[0];
  }
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
