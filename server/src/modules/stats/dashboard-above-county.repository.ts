import { type SQL, sql } from "drizzle-orm";
import { counterBucketOf, counterBucketSql, countyScopeOf } from "../../db/county";
import type { Executor } from "../../db/database";
import { isDistributed } from "../../db/distributed";
import { queryRows } from "../../db/sql-result";
import { intArray, textArray } from "../../lib/sql-arrays";
import { inSubtree } from "../../lib/tree-sql";

/**
 * The live dashboard of an organization above the county — a city, a province, the national committee —
 * read with ONE pass over the shards (issue 19 part 5; docs/SCALING.md "The province dashboard in one
 * pass").
 *
 * What lies where (migrations 0038_member_count_county, 0057_above_county_bucket): the organization's own
 * counters and organization counts sit in the ONE bucket of every holder above the county
 * (ABOVE_COUNTY_BUCKET, db/county.ts counterBucketOf); each child's in the child's counter bucket (a city:
 * that same bucket; a county: its own id; a committee directly under a city: the city's id); the pending
 * deltas of its subtree in the counties of the members, i.e. on every shard. An exact figure is counters +
 * pending deltas, so the deltas must be read on every shard — once, raw ({@link pendingDeltasPassStatement});
 * every other distributed read of the dashboard is one arm of a single UNION ALL over the co-located tables
 * (member_count, member, organization_count), each arm naming its buckets and selecting `county_id` first,
 * so that Citus pushes the union down as one task per bucket's shard and sums on the workers: for a
 * province (its cities' counters in the same bucket as its own) ONE task. The tree is read beforehand
 * (`place`: the reference table organization, on the coordinator) so the statement carries the path,
 * depth, children and their buckets as parameters — nothing from an intermediate result is sent to the
 * workers. The rest (age bands, the children's lines) is shaped in Node from the pass's rows
 * (member-count.repository readLiveDashboard).
 *
 * Before (one PostgreSQL statement too, but planned by Citus as separate subplans): the pending deltas
 * on every shard, the children's counters, members and organization counts each in the children's
 * buckets (up to one task per child bucket each), the organization's own counters and organization
 * counts each one task — ≈ 7 distributed steps, 32 + 3 × (child shards) + 4 tasks for a province.
 *
 * The same statements run on PostgreSQL and PGlite; the place and the pass are read in one transaction
 * ({@link readAboveCountyPass}), so the figures are one snapshot's, exact like a recount.
 */

/** A child of the dashboard's organization, from the tree. */
export interface PlaceChild {
  id: number;
  kind: string;
  name: string;
  sector: string | null;
  /** Its county bucket (organization.county_id). */
  county: number;
  /** The bucket of its counter rows (db/county.ts counterBucketOf). */
  bucket: number;
}

/** The dashboard's organization and its children, read from the tree (the reference table on Citus). */
export interface DashboardPlace {
  id: number;
  name: string;
  kind: string;
  sector: string | null;
  level: string;
  path: string;
  depth: number;
  countyId: number;
  /** The bucket of its own counter rows (db/county.ts counterBucketOf). */
  bucket: number;
  /** The county bucket its whole subtree lies in (db/county.ts countyScopeOf); null above the county. */
  scope: number | null;
  children: PlaceChild[];
}

/** Reads the organization and its children from the tree (one statement; undefined when there is none). */
export async function readDashboardPlace(
  db: Executor,
  organizationId: number,
): Promise<DashboardPlace | undefined> {
  const [row] = await queryRows<{
    id: number;
    name: string;
    kind: string;
    sector: string | null;
    level: string;
    county_id: number;
    path: string;
    depth: number;
    children: unknown;
  }>(
    db,
    sql`select o.id, o.name, o.kind, o.sector, o.level, o.county_id, o.path, o.depth,
               coalesce((select json_agg(json_build_array(c.id, c.kind, c.county_id, c.name, c.sector,
                                    ${counterBucketSql("c")}) order by c.id)
                           from organization c where c.parent_id = o.id), '[]') as children
          from organization o where o.id = ${organizationId}`,
  );
  if (row === undefined) return undefined;
  const listed = (typeof row.children === "string" ? JSON.parse(row.children) : row.children) as unknown[][];
  const id = Number(row.id);
  const countyId = Number(row.county_id);
  return {
    id,
    name: row.name,
    kind: row.kind,
    sector: row.sector,
    level: row.level,
    path: row.path,
    depth: Number(row.depth),
    countyId,
    bucket: counterBucketOf({ id, level: row.level, countyId }),
    scope: countyScopeOf({ id, level: row.level, countyId }),
    children: listed.map(([childId, kind, county, name, sector, bucket]) => ({
      id: Number(childId),
      kind: String(kind),
      county: Number(county),
      bucket: Number(bucket),
      name: String(name),
      sector: sector === null || sector === undefined ? null : String(sector),
    })),
  };
}

/** One row of the pass: a part (see {@link aboveCountyPassStatement}), an id, and a summed figure. */
export interface PassRow {
  part: number;
  id: number | null;
  status: string;
  dimension: string;
  value: string;
  count: number;
}

/**
 * The pass over the counters (see the module comment): one statement, on Citus one task per bucket's shard
 * (a province: ONE, its own and its cities' rows all in the above-county bucket) with the sums taken on
 * the workers. Parts: 1 the organization's own counters (dimension total for every status; the shown
 * `dimensions` for the current statuses), 3 a child's current members (its counters, or a branch's
 * members), 4 the organization's own organization counts, 5 each child's organization total; part 2, the
 * pending deltas, is {@link pendingDeltasPassStatement}'s.
 * The counters' arm is three ORed conditions that each name a prefix of member_count's key
 * (organization, status, dimension): a bitmap OR of ≈ 75 index ranges (the organization's totals in
 * every status, the children's in the current ones, its shown dimensions) instead of every counter row
 * of the organization and its children filtered (≈ 22,700 rows for the benchmark's province, ≈ 1,200
 * kept). Its `county_id` condition names the holders' buckets: one for a province whose children are
 * all cities (routed to that bucket's shard: ONE task), the above-county bucket and its counties' for a
 * city or a province holding counties directly (those buckets' shards only; the `= any` multiplies the
 * index ranges of the children's totals by the buckets; not measured against asking all 32 shards).
 * `statuses.all` are every status.
 */
export function aboveCountyPassStatement(
  place: DashboardPlace,
  statuses: { all: readonly string[]; current: readonly string[] },
  dimensions: readonly string[],
): SQL {
  const current = textArray(statuses.current);
  const holders = place.children.filter((child) => child.kind !== "branch").map((child) => child.id);
  const branches = place.children.filter((child) => child.kind === "branch").map((child) => child.id);
  // Every counter row sits in its holder's bucket, so the holder's id decides which of these it is in.
  const ids = intArray([place.id, ...place.children.map((child) => child.id)]);
  const counterBuckets = [
    ...new Set([
      place.bucket,
      ...place.children.filter((child) => child.kind !== "branch").map((c) => c.bucket),
    ]),
  ].sort((a, b) => a - b);
  const counterScope =
    counterBuckets.length === 1
      ? sql`c.county_id = ${counterBuckets[0]} and `
      : sql`c.county_id = any(${intArray(counterBuckets)}) and `;
  // A branch child's members lie in its county bucket (a city's own branches: the city's id).
  const buckets = intArray(
    [
      ...new Set([
        ...counterBuckets,
        ...place.children.filter((child) => child.kind === "branch").map((child) => child.county),
      ]),
    ].sort((a, b) => a - b),
  );
  // As few arms as possible: Citus deparses every arm once per shard when it plans the pass.
  const branchMembers =
    branches.length === 0
      ? sql``
      : sql`union all
      select m.county_id, 3, m.organization_id, m.status::text, 'total', '', 1
        from member m
       where m.organization_id = any(${intArray(branches)}) and m.county_id = any(${buckets})
         and m.status = any(${current})`;
  return sql`select t.part, t.id, t.status, t.dimension, t.value, sum(t.count)::int as count from (
      select c.county_id, case when c.organization_id = ${place.id} then 1 else 3 end as part,
             c.organization_id as id, c.status::text as status, c.dimension, c.value, c.count
        from member_count c
       where ${counterScope}((c.organization_id = ${place.id} and c.status = any(${textArray(statuses.all)})
              and c.dimension = 'total' and c.value = '')
          or (c.organization_id = any(${intArray(holders)}) and c.status = any(${current})
              and c.dimension = 'total' and c.value = '')
          or (c.organization_id = ${place.id} and c.status = any(${current})
              and c.dimension = any(${textArray(dimensions)})))
      ${branchMembers}
      union all
      select oc.county_id, case when oc.organization_id = ${place.id} then 4 else 5 end, oc.organization_id, '',
             oc.dimension, oc.value, oc.count
        from organization_count oc
       where oc.organization_id = any(${ids}) and oc.county_id = any(${buckets})
         and (oc.organization_id = ${place.id} or (oc.dimension = 'total' and oc.value = ''))
    ) t
    group by 1, 2, 3, 4, 5`;
}

/**
 * Every pending delta, raw (part 2 of the pass): summed per organization (`id`), status and the member's
 * attributes (`dimension`: a JSON array; no join, no dimension function on the shards —
 * {@link pendingDeltasStatement} expands and filters them to the subtree). The one read of a dashboard
 * above the county on every shard (a delta lives in its member's county until the fold takes it).
 */
export function pendingDeltasPassStatement(): SQL {
  return sql`select 2 as part, x.organization_id as id, x.status::text as status,
             json_build_array(x.sex, x.birth_month, x.occupation, x.education, x.ethnicity, x.is_cadre)::text
               as dimension, '' as value, sum(x.delta)::int as count
        from member_count_delta x
       group by x.county_id, x.organization_id, x.status, x.sex, x.birth_month, x.occupation, x.education,
             x.ethnicity, x.is_cadre`;
}

/**
 * The pass's pending deltas (part 2, raw: per organization, status and the member's attributes as
 * `dimension`, a JSON array) expanded into the dashboard's dimensions and filtered to the subtree, as
 * part 2 rows whose `id` is the child they fall under. One statement over the tree (the reference
 * table organization on Citus: one task, not 32) with the deltas as a parameter — the join and the
 * dimension function were the per-shard planning cost of the pass (bench/RESULTS.md 2026-12-07 19:40Z).
 */
export function pendingDeltasStatement(
  place: DashboardPlace,
  pending: readonly PassRow[],
  statuses: { current: readonly string[] },
  dimensions: readonly string[],
): SQL {
  const deltas = JSON.stringify(
    pending.map((row) => {
      const [sex, birthMonth, occupation, education, ethnicity, isCadre] = JSON.parse(
        row.dimension,
      ) as unknown[];
      return {
        organization_id: row.id,
        status: row.status,
        sex,
        birth_month: birthMonth,
        occupation,
        education,
        ethnicity,
        is_cadre: isCadre,
        delta: row.count,
      };
    }),
  );
  return sql`select nullif(split_part(o.path, '/', ${place.depth + 1}), '')::int as id, x.status,
             d.dimension, d.value, sum(x.delta)::int as count
        from json_to_recordset(${deltas}::json) as x(organization_id int, status text, sex text,
             birth_month text, occupation text, education text, ethnicity text, is_cadre boolean, delta int)
        join organization o on o.id = x.organization_id
        cross join lateral member_count_dimensions(x.sex, x.birth_month, x.occupation, x.education,
          x.ethnicity, x.is_cadre, o.sector) as d
       where ${inSubtree(sql`o.path`, place.path)}
         and (d.dimension = 'total' or (x.status = any(${textArray(statuses.current)})
              and d.dimension = any(${textArray(dimensions)})))
       group by 1, 2, 3, 4`;
}

/**
 * Reads the place and the pass of an organization above the county in one transaction: REPEATABLE
 * READ (on PostgreSQL and PGlite one snapshot for the tree and the figures, so exact as one statement
 * is); on Citus, where each shard answers from its own snapshot, it first takes the counter lock in
 * SHARE mode, which waits for a fold in progress and keeps the next one out until the pass has read
 * every shard — so a fold is seen on every shard or on none (the fold's EXCLUSIVE lock is held until
 * its two-phase commit has reached every worker). The lock is taken on the coordinator only
 * (`citus.enable_ddl_propagation` off for the LOCK): every writer of the counters — the fold, the
 * rebuild, the organization-move trigger — takes its EXCLUSIVE lock through the coordinator, where
 * the two conflict; propagated, the LOCK cost a round trip to every worker (bench/RESULTS.md
 * 2026-12-07 18:40Z). Returns the place as read in the transaction
 * (undefined when the organization is gone) and the pass's rows (empty when it is no longer above the
 * county: the caller reads it as a county).
 */
export async function readAboveCountyPass(
  db: Executor,
  organizationId: number,
  statuses: { all: readonly string[]; current: readonly string[] },
  dimensions: readonly string[],
): Promise<{ place: DashboardPlace | undefined; rows: PassRow[] }> {
  // Asked of the handle (remembered), not of the transaction (a round trip in every transaction).
  const distributed = await isDistributed(db);
  return db.transaction(
    async (tx) => {
      // The counter lock on the coordinator only (docs/SCALING.md "The province dashboard in one pass"):
      // every writer of the counters takes its EXCLUSIVE lock there first, so SHARE there is enough; with
      // DDL propagation on, Citus would also send the LOCK to every worker (a round trip per worker).
      // One simple-protocol string, one round trip.
      if (distributed) {
        await tx.execute(
          sql.raw(`set local citus.enable_ddl_propagation = off; lock table member_count in share mode;
            set local citus.enable_ddl_propagation = on`),
        );
      }
      const place = await readDashboardPlace(tx, organizationId);
      if (place === undefined || place.scope !== null) return { place, rows: [] };
      const normalize = (row: PassRow): PassRow => ({
        ...row,
        part: Number(row.part),
        id: row.id === null ? null : Number(row.id),
        count: Number(row.count),
      });
      // The counters (a province: one task) and the raw deltas (every shard), in the same snapshot / lock.
      const rows = (await queryRows<PassRow>(tx, aboveCountyPassStatement(place, statuses, dimensions))).map(
        normalize,
      );
      const pending = (await queryRows<PassRow>(tx, pendingDeltasPassStatement()))
        .map(normalize)
        .filter((row) => row.count !== 0);
      if (pending.length > 0) {
        // Same transaction (and, on Citus, under the same SHARE lock): the deltas as the pass read them.
        const expanded = await queryRows<PassRow>(
          tx,
          pendingDeltasStatement(place, pending, statuses, dimensions),
        );
        for (const row of expanded) {
          rows.push({
            ...row,
            part: 2,
            id: row.id === null ? null : Number(row.id),
            count: Number(row.count),
          });
        }
      }
      return { place, rows };
    },
    { isolationLevel: "repeatable read" },
  );
}
