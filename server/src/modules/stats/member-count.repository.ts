import type { MemberStatus } from "@tuanwu/domain";
import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { inSubtree } from "../../lib/tree-sql";

/**
 * SQL of the subtree counters (docs/ARCHITECTURE.md "Fast aggregation"): the fold of pending deltas,
 * the exact reads (counters + pending deltas), the rebuild, and the naive recount the tests compare
 * against. The dimensions are those of the SQL function member_count_dimensions (migration 0006).
 */

/** One figure: members of a subtree with a status and one dimension value. */
export interface MemberFigure {
  status: MemberStatus;
  dimension: string;
  value: string;
  count: number;
}

/** One organization figure: organizations of a subtree with one dimension value (total, kind, sector). */
export interface OrganizationFigure {
  dimension: string;
  value: string;
  count: number;
}

/** The organization a figure is read for. */
export interface CountedOrganization {
  id: number;
  path: string;
  kind: string;
  sector: string | null;
  depth: number;
}

/**
 * Takes the counter lock until the transaction ends: EXCLUSIVE on member_count, which conflicts only
 * with other counter writers (fold, rebuild, the organization trigger) — readers and member writes go
 * on. LOCK takes no snapshot, so a REPEATABLE READ transaction that starts with it sees every fold
 * that committed before.
 */
export async function lockMemberCounters(db: Executor): Promise<void> {
  await db.execute(sql`lock table member_count in exclusive mode`);
}

/**
 * Folds every pending delta visible now into member_count, in one statement (so a delta is either
 * folded and deleted, or neither): grouped by member tuple, expanded into dimensions with the branch's
 * current sector, added to each holder on the branch's current path. Call with the counter lock held.
 * Returns the deltas taken and the counter rows written.
 */
export async function foldPendingDeltas(db: Executor): Promise<{ deltas: number; rows: number }> {
  const [result] = await queryRows<{ deltas: number; rows: number }>(
    db,
    sql`with taken as (
        delete from member_count_delta
        returning organization_id, status, sex, birth_month, occupation, education, ethnicity, is_cadre, delta
      ), grouped as (
        select organization_id, status, sex, birth_month, occupation, education, ethnicity, is_cadre,
               sum(delta)::int as delta
          from taken
         group by organization_id, status, sex, birth_month, occupation, education, ethnicity, is_cadre
        having sum(delta) <> 0
      ), applied as (
        insert into member_count (organization_id, status, dimension, value, count)
        select h.id, g.status, d.dimension, d.value, sum(g.delta)::int
          from grouped g
          join organization o on o.id = g.organization_id
          cross join lateral member_count_dimensions(g.sex, g.birth_month, g.occupation, g.education,
            g.ethnicity, g.is_cadre, o.sector) as d
          cross join lateral unnest(member_count_holders(o.path, o.kind)) as h (id)
         group by h.id, g.status, d.dimension, d.value
        having sum(g.delta) <> 0
         order by 1, 2, 3, 4
        on conflict (organization_id, status, dimension, value)
          do update set count = member_count.count + excluded.count
        returning 1
      )
      select (select count(*) from taken)::int as deltas, (select count(*) from applied)::int as rows`,
  );
  return { deltas: Number(result?.deltas ?? 0), rows: Number(result?.rows ?? 0) };
}

/** Removes counter rows that fell to zero (members who left every value of a dimension). */
export async function deleteZeroCounters(db: Executor): Promise<void> {
  await db.execute(sql`delete from member_count where count = 0`);
}

/** Runs the SQL function member_count_rebuild (see the migration); returns the counter rows of the scope. */
export async function runMemberCountRebuild(db: Executor, rootPath: string | null): Promise<number> {
  const [row] = await queryRows<{ written: number }>(
    db,
    sql`select member_count_rebuild(${rootPath}::text)::bigint as written`,
  );
  return Number(row?.written ?? 0);
}

/** Pending deltas (not yet folded). */
export async function countPendingDeltas(db: Executor): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from member_count_delta`);
  return Number(row?.n ?? 0);
}

const dimensionsOfDelta = sql`member_count_dimensions(x.sex, x.birth_month, x.occupation, x.education,
  x.ethnicity, x.is_cadre, o.sector)`;

function dimensionsOfMember(sector: SQL): SQL {
  return sql`member_count_dimensions(m.sex, to_char(m.birth_date, 'YYYY-MM'), m.occupation, m.education,
  m.ethnicity, m.is_cadre, ${sector})`;
}

/**
 * The exact member figures of an organization's subtree now: its counters plus the pending deltas
 * of its subtree (rows to be summed by status, dimension and value), in one statement (one snapshot, so a fold committing meanwhile is seen whole or not
 * at all). A branch (no counters) is counted from its members directly.
 */
export async function readMemberFigures(db: Executor, root: CountedOrganization): Promise<MemberFigure[]> {
  if (root.kind === "branch") {
    return queryRows<MemberFigure>(
      db,
      sql`select m.status, d.dimension, d.value, count(*)::int as count
        from member m cross join lateral ${dimensionsOfMember(sql`${root.sector}::text`)} as d
       where m.organization_id = ${root.id}
       group by 1, 2, 3`,
    );
  }
  // Not summed here: the counter rows come straight off the primary key, and the caller sums
  // (a hash aggregate over 2,000 rows costs more than the read itself).
  return queryRows<MemberFigure>(
    db,
    sql`select c.status, c.dimension, c.value, c.count from member_count c where c.organization_id = ${root.id}
      union all
      select x.status, d.dimension, d.value, x.delta
        from member_count_delta x
        join organization o on o.id = x.organization_id
        cross join lateral ${dimensionsOfDelta} as d
       where ${inSubtree(sql`o.path`, root.path)}`,
  );
}

function intArray(ids: readonly number[]): SQL {
  return sql`${`{${ids.join(",")}}`}::int[]`;
}

/**
 * Members of each child's subtree by status (dimension total), exact now: counters of non-branch
 * children plus the pending deltas under them; members of branch children directly.
 */
export async function readChildMemberTotals(
  db: Executor,
  root: CountedOrganization,
  children: readonly { id: number; kind: string }[],
): Promise<{ childId: number; status: MemberStatus; count: number }[]> {
  if (children.length === 0) return [];
  const holders = children.filter((child) => child.kind !== "branch").map((child) => child.id);
  const branches = children.filter((child) => child.kind === "branch").map((child) => child.id);
  const rows = await queryRows<{ child_id: number; status: MemberStatus; count: number }>(
    db,
    sql`select t.child_id, t.status, sum(t.count)::int as count from (
        select c.organization_id as child_id, c.status, c.count from member_count c
         where c.organization_id = any(${intArray(holders)}) and c.dimension = 'total'
        union all
        select m.organization_id, m.status, 1 from member m where m.organization_id = any(${intArray(branches)})
        union all
        select split_part(o.path, '/', ${root.depth + 1})::int, x.status, x.delta
          from member_count_delta x
          join organization o on o.id = x.organization_id
         where ${inSubtree(sql`o.path`, root.path)} and o.depth > ${root.depth}
           and split_part(o.path, '/', ${root.depth + 1})::int = any(${intArray(holders)})
      ) t
      group by 1, 2`,
  );
  return rows.map((row) => ({ childId: Number(row.child_id), status: row.status, count: Number(row.count) }));
}

/** Organizations of the subtree by total, kind and sector (a branch: itself). */
export async function readOrganizationFigures(
  db: Executor,
  root: CountedOrganization,
): Promise<OrganizationFigure[]> {
  if (root.kind === "branch") {
    return [
      { dimension: "total", value: "", count: 1 },
      { dimension: "kind", value: root.kind, count: 1 },
      { dimension: "sector", value: root.sector ?? "", count: 1 },
    ];
  }
  return queryRows<OrganizationFigure>(
    db,
    sql`select dimension, value, count from organization_count where organization_id = ${root.id} and count <> 0`,
  );
}

/** Organizations in each non-branch child's subtree (branch children count 1 and are not asked for). */
export async function readChildOrganizationTotals(
  db: Executor,
  childIds: readonly number[],
): Promise<Map<number, number>> {
  if (childIds.length === 0) return new Map();
  const rows = await queryRows<{ organization_id: number; count: number }>(
    db,
    sql`select organization_id, count from organization_count
         where organization_id = any(${intArray(childIds)}) and dimension = 'total'`,
  );
  return new Map(rows.map((row) => [Number(row.organization_id), Number(row.count)]));
}

/**
 * The naive reference: the member figures of a subtree recounted from member (every member of
 * every organization in the subtree, expanded into the same dimensions). Used by the proof test and
 * by the benchmark's check; a province takes seconds.
 */
export async function recountMemberFigures(db: Executor, rootPath: string): Promise<MemberFigure[]> {
  return queryRows<MemberFigure>(
    db,
    sql`select m.status, d.dimension, d.value, count(*)::int as count
      from organization o
      join member m on m.organization_id = o.id
      cross join lateral ${dimensionsOfMember(sql`o.sector`)} as d
     where ${inSubtree(sql`o.path`, rootPath)}
     group by 1, 2, 3`,
  );
}

/** The naive reference for organization figures: the subtree's organizations counted one by one. */
export async function recountOrganizationFigures(
  db: Executor,
  rootPath: string,
): Promise<OrganizationFigure[]> {
  return queryRows<OrganizationFigure>(
    db,
    sql`select d.dimension, d.value, count(*)::int as count
      from organization o
      cross join lateral (values ('total', ''), ('kind', o.kind), ('sector', coalesce(o.sector, ''))) as d (dimension, value)
     where ${inSubtree(sql`o.path`, rootPath)}
     group by 1, 2`,
  );
}
