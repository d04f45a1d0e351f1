import type { MemberStatus } from "@tuanwu/domain";
import { type SQL, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import pg from "pg";
import { ABOVE_COUNTY_BUCKET, counterBucketSql } from "../../db/county";
import type { Executor } from "../../db/database";
import { executeWrite, queryRows } from "../../db/sql-result";
import { bigintArray, intArray, textArray } from "../../lib/sql-arrays";
import { inSubtree } from "../../lib/tree-sql";
import {
  aboveCountyPassStatement,
  type DashboardPlace,
  type PassRow,
  readAboveCountyPass,
  readDashboardPlace,
} from "./dashboard-above-county.repository";

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
  /**
   * The county bucket its whole subtree lies in (db/county.ts countyScopeOf), when known; null above
   * the county. The member-family reads then name it (`county_id = …`): one shard on Citus (issue 19
   * part 2), a no-op filter on PostgreSQL and PGlite.
   */
  county?: number | null | undefined;
}

/** `alias.county_id = <county>` when the subtree of `root` lies in one county bucket; true otherwise. */
export function inCountyOf(alias: string, root: { county?: number | null | undefined }): SQL {
  return root.county === null || root.county === undefined
    ? sql`true`
    : sql`${sql.raw(alias)}.county_id = ${root.county}`;
}

/**
 * `alias.county_id = <the bucket of root's own counter rows>` (member_count, organization_count:
 * db/county.ts counterBucketOf — the subtree's county when it lies in one, else the one bucket of every
 * holder above the county, ABOVE_COUNTY_BUCKET; migration 0057_above_county_bucket); true when the
 * county is not known.
 */
export function ownCountyOf(alias: string, root: { id: number; county?: number | null | undefined }): SQL {
  if (root.county === undefined) return sql`true`;
  return sql`${sql.raw(alias)}.county_id = ${root.county ?? ABOVE_COUNTY_BUCKET}`;
}

/** A holder of counter or snapshot rows and its counter bucket (db/county.ts counterBucketOf), when known. */
export interface CounterHolder {
  id: number;
  countyId?: number | undefined;
}

/**
 * `alias.county_id = any(<the buckets of holders>)` — the rows of member_count, organization_count,
 * organization_reported_count and the snapshots lie in their holder's counter bucket (db/county.ts
 * counterBucketOf; migrations member_count_county, snapshot_county, 0057_above_county_bucket) — so that
 * Citus reads only those buckets' shards (one for holders of one county, one for holders above the
 * county); true (every shard) when a holder's bucket is not known.
 */
export function inHolderBuckets(alias: string, holders: readonly CounterHolder[]): SQL {
  const buckets = holders.map((holder) => holder.countyId);
  if (buckets.some((bucket) => bucket === undefined)) return sql`true`;
  const distinct = [...new Set(buckets as number[])];
  return distinct.length === 1
    ? sql`${sql.raw(alias)}.county_id = ${distinct[0]}`
    : sql`${sql.raw(alias)}.county_id = any(${intArray(distinct)})`;
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
 * On a Citus coordinator, what a fold has to take now: whether any delta is pending
 * (member_count_delta) and whether any organizational-life mark is (org_life_mark, migration
 * 0043_org_life_county: a write of dues_payment or member_registration on its shard). One statement,
 * one `limit 1` probe of every shard of each table; the fold then takes only what is there, so an idle
 * fold (every second) writes nothing and commits on no worker. A row written after the probe waits for
 * the next fold.
 */
export async function pendingFoldWork(db: Executor): Promise<{ deltas: boolean; marks: boolean }> {
  const [row] = await queryRows<{ deltas: boolean; marks: boolean }>(
    db,
    sql`select exists (select 1 from member_count_delta) as deltas, exists (select 1 from org_life_mark) as marks`,
  );
  return { deltas: row?.deltas === true, marks: row?.marks === true };
}

/**
 * Takes (deletes) every organizational-life mark — on Citus one multi-shard `DELETE … RETURNING` over all
 * counties — and answers the current branches of the members they name (a second statement: the members
 * by id, pruned to the marks' counties' shards). The fold refreshes those
 * branches' tallies in the same transaction. Member ids are unique across counties, so the county filter
 * only names the shards.
 */
export async function takeOrgLifeMarks(db: Executor): Promise<number[]> {
  const marks = await queryRows<{
    county_id: number;
    member_id: number | string | null;
    organization_id: number | null;
  }>(db, sql`delete from org_life_mark returning county_id, member_id, organization_id`);
  const organizations = new Set<number>();
  const members = new Set<number>();
  const counties = new Set<number>();
  for (const mark of marks) {
    if (mark.organization_id !== null) organizations.add(Number(mark.organization_id));
    if (mark.member_id !== null) {
      members.add(Number(mark.member_id));
      counties.add(Number(mark.county_id));
    }
  }
  if (members.size > 0) {
    const rows = await queryRows<{ organization_id: number }>(
      db,
      sql`select distinct organization_id from member
           where county_id = any(${intArray([...counties])}) and id = any(${bigintArray([...members])})`,
    );
    for (const row of rows) organizations.add(Number(row.organization_id));
  }
  return [...organizations];
}

/** One grouped pending change: the net of a county's deltas for one member tuple at one branch. */
interface GroupedDelta {
  organization_id: number;
  status: string;
  sex: string;
  birth_month: string;
  occupation: string | null;
  education: string | null;
  ethnicity: string | null;
  is_cadre: boolean;
  complete: boolean;
  delta: number;
}

/**
 * Folds every pending delta visible now into member_count, in the caller's transaction (so a delta is
 * either folded and deleted, or neither). Two statements: the deltas are taken (deleted) and netted per
 * member tuple and branch — on Citus one multi-shard `DELETE … RETURNING` over every county's shard,
 * netted on the coordinator (the data-modifying CTE is planned as a subplan) — then the net is expanded
 * into dimensions with the branch's current sector and added to each holder on the branch's current
 * path, each row in its holder's counter bucket (the county's own shard for the county and below, the
 * one above-county bucket for the city, province and national committee — db/county.ts counterBucketOf,
 * docs/SCALING.md "Figures above the county"). Call with the counter lock held. Returns the deltas taken, the counter
 * rows written and the branches whose deltas were taken.
 */
export async function foldPendingDeltas(
  db: Executor,
): Promise<{ deltas: number; rows: number; organizationIds: number[] }> {
  const [taken] = await queryRows<{ deltas: number; grouped: unknown; organizations: unknown }>(
    db,
    sql`with taken as (
        delete from member_count_delta x
        returning x.organization_id, x.status, x.sex, x.birth_month, x.occupation, x.education, x.ethnicity,
                  x.is_cadre, x.complete, x.delta
      ), grouped as (
        select organization_id, status, sex, birth_month, occupation, education, ethnicity, is_cadre, complete,
               sum(delta)::int as delta
          from taken
         group by organization_id, status, sex, birth_month, occupation, education, ethnicity, is_cadre, complete
        having sum(delta) <> 0
      )
      select (select count(*) from taken)::int as deltas,
             (select coalesce(json_agg(g), '[]') from grouped g) as grouped,
             (select coalesce(json_agg(distinct organization_id), '[]') from taken) as organizations`,
  );
  const parse = (value: unknown): unknown[] =>
    (typeof value === "string" ? JSON.parse(value) : (value ?? [])) as unknown[];
  const grouped = parse(taken?.grouped) as GroupedDelta[];
  const organizationIds = parse(taken?.organizations).map(Number);
  const rows = grouped.length === 0 ? 0 : await applyFoldedDeltas(db, grouped);
  return { deltas: Number(taken?.deltas ?? 0), rows, organizationIds };
}

/**
 * Adds netted deltas to the counters of every holder on each branch's current path, each row in its
 * holder's counter bucket (db/county.ts counterBucketOf: the county's for the county and below, the one
 * above-county bucket for its city, province and national committee; the statement reads only its parameter and the organization tree, so on Citus every
 * row is routed to its holder's shard). Returns the counter rows written.
 */
async function applyFoldedDeltas(db: Executor, grouped: readonly GroupedDelta[]): Promise<number> {
  return executeWrite(
    db,
    sql`insert into member_count (county_id, organization_id, status, dimension, value, count)
      select ${counterBucketSql("ho")}, h.id, g.status, d.dimension, d.value, sum(g.delta)::int
        from jsonb_to_recordset(${JSON.stringify(grouped)}::jsonb) as g (organization_id int, status text,
               sex text, birth_month text, occupation text, education text, ethnicity text, is_cadre boolean,
               complete boolean, delta int)
        join organization o on o.id = g.organization_id
        cross join lateral member_count_dimensions(g.sex, g.birth_month, g.occupation, g.education,
          g.ethnicity, g.is_cadre, o.sector, g.complete) as d
        cross join lateral unnest(member_count_holders(o.path, o.kind)) as h (id)
        join organization ho on ho.id = h.id
       group by 1, h.id, g.status, d.dimension, d.value
      having sum(g.delta) <> 0
       order by 2, 3, 4, 5
      on conflict (county_id, organization_id, status, dimension, value)
        do update set count = member_count.count + excluded.count`,
  );
}

/**
 * On a Citus coordinator only (SQL function tuanwu_citus, migration 0030): recomputes the
 * organizational-life tallies (org_life_count, migration 0026) of the branches whose members a fold
 * just took deltas of. There the member-side triggers that did it in the member's transaction are
 * dropped (they would write a coordinator table from a worker's shard); the capture marks every member
 * change those tallies depend on — branch, status, joined_on (migration 0035) — so after each fold the
 * tallies equal a recount again. A no-op on PostgreSQL and PGlite, where the member triggers keep them
 * exact in the member's own transaction.
 */
export async function refreshOrgLifeOfFolded(
  db: Executor,
  organizationIds: readonly number[],
): Promise<void> {
  if (organizationIds.length === 0) return;
  await db.execute(sql`select org_life_count_refresh(${intArray(organizationIds)}) where tuanwu_citus()`);
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
  x.ethnicity, x.is_cadre, o.sector, x.complete)`;

/**
 * 信息完整率's rule (SQL member_record_complete, migration 0029) of the member row `m`, passed as
 * `row(m.*)::member`: on Citus a single-shard statement names the shard (member_102008), whose row
 * type the function does not take ("function member_record_complete(member_102008) does not exist");
 * the row rebuilt as a `member` is the same value on every engine.
 */
const completeOfMember = sql`member_record_complete(row(m.*)::member)`;

function dimensionsOfMember(sector: SQL): SQL {
  return sql`member_count_dimensions(m.sex, to_char(m.birth_date, 'YYYY-MM'), m.occupation, m.education,
  m.ethnicity, m.is_cadre, ${sector}, ${completeOfMember})`;
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
       where m.organization_id = ${root.id} and ${inCountyOf("m", root)}
       group by 1, 2, 3`,
    );
  }
  // Not summed here: the counter rows come straight off the primary key, and the caller sums
  // (a hash aggregate over 2,000 rows costs more than the read itself).
  return queryRows<MemberFigure>(
    db,
    sql`select c.status, c.dimension, c.value, c.count from member_count c
       where c.organization_id = ${root.id} and ${ownCountyOf("c", root)}
      union all
      select x.status, d.dimension, d.value, x.delta
        from member_count_delta x
        join organization o on o.id = x.organization_id
        cross join lateral ${dimensionsOfDelta} as d
       where ${inSubtree(sql`o.path`, root.path)} and ${inCountyOf("x", root)}`,
  );
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
         where c.organization_id = any(${intArray(holders)}) and c.dimension = 'total' and ${inCountyOf("c", root)}
        union all
        select m.organization_id, m.status, 1 from member m
         where m.organization_id = any(${intArray(branches)}) and ${inCountyOf("m", root)}
        union all
        select split_part(o.path, '/', ${root.depth + 1})::int, x.status, x.delta
          from member_count_delta x
          join organization o on o.id = x.organization_id
         where ${inSubtree(sql`o.path`, root.path)} and o.depth > ${root.depth} and ${inCountyOf("x", root)}
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
    sql`select c.dimension, c.value, c.count from organization_count c
         where c.organization_id = ${root.id} and ${ownCountyOf("c", root)} and c.count <> 0`,
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

const dialect = new PgDialect();

/**
 * Runs `query` as a named prepared statement on PostgreSQL (node-postgres prepares it once per
 * connection: later calls skip parsing, and after five runs the server may keep a generic plan),
 * or as a plain query on PGlite. `name` must always be used with the same SQL text.
 */
async function queryPrepared<T>(db: Executor, name: string, query: SQL): Promise<T[]> {
  const client = (db as { $client?: unknown }).$client;
  if (!(client instanceof pg.Pool)) return queryRows<T>(db, query);
  const { sql: text, params } = dialect.sqlToQuery(query);
  const result = await client.query({ name, text, values: params as unknown[] });
  return result.rows as T[];
}

/** An age band as a birth-month threshold: members born in or before `month` ("YYYY-MM") are `band`. */
export interface BirthMonthBand {
  band: string;
  month: string;
}

/** A child of the dashboard's organization with its subtree's totals now. */
export interface DashboardChild {
  id: number;
  name: string;
  kind: string;
  sector: string | null;
  /** Current members (active, transferring, flowing) of its subtree. */
  memberCount: number;
  activeMemberCount: number;
  /** Organizations of its subtree (organization_count total); null when it holds none (a branch). */
  organizationCount: number | null;
}

/** What {@link readLiveDashboard} returns: everything one dashboard shows, from one statement. */
export interface LiveDashboard {
  /** The organization (undefined when there is none); for a branch nothing else is read. */
  root: (CountedOrganization & { name: string }) | undefined;
  /**
   * Member figures, summed: dimension `total` for every status; for the current statuses only
   * `occupation`, `education`, `sector` and `sex_age_band` ("male:18-22", the sex_birth_month
   * counters banded by `bands`). Ethnicity and cadre are not read.
   */
  members: MemberFigure[];
  organizations: OrganizationFigure[];
  children: DashboardChild[];
}

/** The dimensions a dashboard shows for current members (besides `total`, read for every status). */
const DASHBOARD_DIMENSIONS = ["sex_birth_month", "occupation", "education", "sector"] as const;

/**
 * The statement of {@link readLiveDashboard} and its prepared-statement name (also EXPLAINed by the Citus
 * routing test, stats/dashboard-routing.citus.test.ts). Reads the organization's county bucket first (the
 * organization tree: a reference table on Citus) so that every read of the counters, the pending deltas
 * and the members names it: inside a county the whole statement is one task on Citus; above the county
 * it is the pass of dashboard-above-county.repository (`above`: every distributed read in one pass over
 * the shards), which readLiveDashboard runs in a transaction of its own. `known`: the place already read.
 */
export async function liveDashboardStatement(
  db: Executor,
  organizationId: number,
  statuses: { all: readonly string[]; current: readonly string[] },
  bands: readonly BirthMonthBand[],
  youngest: string,
  known?: DashboardPlace,
): Promise<{ name: string; statement: SQL; above?: true }> {
  const current = textArray(statuses.current);
  const dimensions = textArray(DASHBOARD_DIMENSIONS);
  const band = sql.join(
    [
      sql`case`,
      ...bands.map(({ band, month }) => sql`when split_part(f.value, ':', 2) <= ${month} then ${band}`),
      sql`else ${youngest} end`,
    ],
    sql` `,
  );
  // The county bucket of the subtree (null above the county) and of the organization's own counters:
  // a read of the organization tree (a reference table on Citus, read on the coordinator).
  const place = known ?? (await readDashboardPlace(db, organizationId));
  if (place === undefined) {
    // No such organization: nothing to read (the caller answers 404).
    return {
      name: "tuanwu_live_dashboard_missing",
      statement: sql`select null::json as root, '[]'::json as members, '[]'::json as organizations,
        '[]'::json as children`,
    };
  }
  const scope = place.scope;
  if (scope === null) {
    // Above the county: every distributed read in ONE pass over the shards (dashboard-above-county).
    return {
      name: `tuanwu_live_dashboard_above`,
      statement: aboveCountyPassStatement(place, statuses, DASHBOARD_DIMENSIONS),
      above: true,
    };
  }
  // Inside a county: the subtree, its own counters and its children all in the county's bucket.
  const own = scope;
  const deltaScope = sql`x.county_id = ${scope}`;
  const memberScope = sql`m.county_id = ${scope}`;
  const counterScope = sql`c.county_id = ${scope}`;
  const childCounterScope = sql`oc.county_id = ${scope}`;
  const byDeltaArm = sql`select x.status, x.sex, x.birth_month, x.occupation, x.education, x.ethnicity, x.is_cadre, x.delta,
               o.sector, o.depth, nullif(split_part(o.path, '/', (select depth from root) + 1), '')::int as child_id
          from member_count_delta x
          cross join lateral (
            select o.path, o.sector, o.depth from organization o where o.id = x.organization_id offset 0
          ) as o
         where (select held from root) and (select by_delta from plan) and ${deltaScope}
           and ${inSubtree(sql`o.path`, sql`(select path from root)`)}`;
  const pending = sql`${byDeltaArm}
        union all
        select x.status, x.sex, x.birth_month, x.occupation, x.education, x.ethnicity, x.is_cadre, x.delta,
               o.sector, o.depth, nullif(split_part(o.path, '/', (select depth from root) + 1), '')::int
          from organization o
          join member_count_delta x on x.organization_id = o.id
         where (select held from root) and not (select by_delta from plan) and ${deltaScope}
           and ${inSubtree(sql`o.path`, sql`(select path from root)`)}`;
  const plan = sql`select (select count(*) from member_count_delta x where ${deltaScope}) < (select organizations from root) as by_delta`;
  // `held`: the organization holds counters (not a branch); every part below is empty otherwise.
  return {
    name: `tuanwu_live_dashboard_${bands.length}_county`,
    statement: sql`with root as materialized (
        select o.id, o.name, o.path, o.kind, o.sector, o.depth, o.kind <> 'branch' as held,
               coalesce((select oc.count from organization_count oc
                          where oc.organization_id = ${organizationId} and oc.county_id = ${own}
                            and oc.dimension = 'total' and oc.value = ''), 0) as organizations
          from organization o where o.id = ${organizationId}
      ), plan as materialized (
        -- Fewer pending deltas of the county than organizations in the subtree:
        -- look up each delta's branch by primary key (a province under write load); otherwise scan the
        -- subtree's organizations and join their deltas (a county). All of them are counted (the fold
        -- keeps them few): a LIMIT by a subquery cannot run over a distributed table on Citus
        -- ("subquery in LIMIT is not supported in multi-shard queries"; issue 19).
        ${plan}
      ), pending as materialized (
        ${pending}
      ), figures as (
        select c.status, c.dimension, c.value, c.count from member_count c
         where c.organization_id = ${organizationId} and c.county_id = ${own}
           and c.status = any(${textArray(statuses.all)}) and c.dimension = 'total' and c.value = ''
        union all
        select c.status, c.dimension, c.value, c.count from member_count c
         where c.organization_id = ${organizationId} and c.county_id = ${own} and c.status = any(${current})
           and c.dimension = any(${dimensions})
        union all
        select p.status, d.dimension, d.value, p.delta
          from pending p
          cross join lateral member_count_dimensions(p.sex, p.birth_month, p.occupation, p.education,
            p.ethnicity, p.is_cadre, p.sector) as d
         where d.dimension = 'total' or (p.status = any(${current}) and d.dimension = any(${dimensions}))
      ), members as (
        select f.status, 'sex_age_band' as dimension, split_part(f.value, ':', 1) || ':' || ${band} as value,
               f.count
          from figures f where f.dimension = 'sex_birth_month'
        union all
        select f.status, f.dimension, f.value, f.count from figures f where f.dimension <> 'sex_birth_month'
      ), children as (
        select o.id, o.name, o.kind, o.sector from organization o
         where o.parent_id = ${organizationId} and (select held from root)
      ), child_members as (
        select c.organization_id as id, c.status, c.count from member_count c
         where c.organization_id = any(array(select id from children where kind <> 'branch')) and ${counterScope}
           and c.status = any(${current}) and c.dimension = 'total' and c.value = ''
        union all
        select m.organization_id, m.status, 1 from member m
         where m.organization_id = any(array(select id from children where kind = 'branch')) and ${memberScope}
           and m.status = any(${current})
        union all
        select p.child_id, p.status, p.delta from pending p
         where p.depth > (select depth from root) and p.status = any(${current})
           and p.child_id = any(array(select id from children where kind <> 'branch'))
      ), child_totals as (
        select id, sum(count)::int as members, coalesce(sum(count) filter (where status = 'active'), 0)::int as active
          from child_members group by id
      ), child_organizations as (
        -- By the children's ids, not joined with them: above the county these rows sit in several
        -- buckets, and Citus cannot outer-join a CTE's rows with a distributed table.
        select oc.organization_id as id, oc.count from organization_count oc
         where oc.organization_id = any(array(select id from children)) and ${childCounterScope}
           and oc.dimension = 'total' and oc.value = ''
      )
      select
        (select json_build_array(id, name, path, kind, sector, depth) from root) as root,
        (select coalesce(json_agg(json_build_array(status, dimension, value, count)), '[]')
           from (select status, dimension, value, sum(count)::int as count from members
                  group by 1, 2, 3 having sum(count) <> 0) m) as members,
        (select coalesce(json_agg(json_build_array(oc.dimension, oc.value, oc.count)), '[]')
           from organization_count oc
          where oc.organization_id = ${organizationId} and oc.county_id = ${own} and oc.count <> 0
            and (select held from root)) as organizations,
        (select coalesce(json_agg(json_build_array(ch.id, ch.name, ch.kind, ch.sector, coalesce(t.members, 0),
                  coalesce(t.active, 0), oc.count)), '[]')
           from children ch
           left join child_totals t on t.id = ch.id
           left join child_organizations oc on oc.id = ch.id
        ) as children`,
  };
}

/**
 * The live dashboard of an organization in ONE statement (one round trip, prepared on PostgreSQL, after
 * the read of its county bucket: {@link liveDashboardStatement}; inside a county one task on Citus; above
 * the county the place and one pass over the shards in one transaction, shaped in Node —
 * dashboard-above-county.repository readAboveCountyPass):
 * the organization itself and, unless it is a branch (which holds no counters: read it with
 * {@link readMemberFigures}), its counters plus the pending deltas of its subtree, summed in SQL to
 * what the response shows — the sex_birth_month counters (≈ 1,000 rows of current members at a
 * province) banded by birth month with `bands` (checked in order, first match; else `youngest`) —
 * its organization counts, and its children with their current and active members (counters of
 * non-branch children plus the pending deltas under them; branch children from member) and
 * organization counts. One snapshot, so exact like {@link readMemberFigures} and
 * {@link readChildMemberTotals}, which it replaces on the live path. Its cost grows with the pending
 * deltas of the subtree (≈ 14 ms per 1,000 at a province; bench/RESULTS.md), which the fold keeps few.
 * The caller authorizes `root` before using anything else.
 */
export async function readLiveDashboard(
  db: Executor,
  organizationId: number,
  statuses: { all: readonly string[]; current: readonly string[] },
  bands: readonly BirthMonthBand[],
  youngest: string,
): Promise<LiveDashboard> {
  const place = await readDashboardPlace(db, organizationId);
  if (place !== undefined && place.scope === null) {
    // Above the county: the place again and the one pass, in one transaction (readAboveCountyPass).
    const above = await readAboveCountyPass(db, organizationId, statuses, DASHBOARD_DIMENSIONS);
    if (above.place === undefined || above.place.scope === null) {
      return shapeAboveCountyDashboard(above.place, above.rows, statuses.current, bands, youngest);
    }
  }
  const prepared = await liveDashboardStatement(db, organizationId, statuses, bands, youngest, place);
  const [row] = await queryPrepared<{
    root: unknown;
    members: unknown;
    organizations: unknown;
    children: unknown;
  }>(db, prepared.name, prepared.statement);
  const parse = (value: unknown): unknown[] =>
    (typeof value === "string" ? JSON.parse(value) : (value ?? [])) as unknown[];
  const rootRow = parse(row?.root);
  const [id, name, path, kind, sector, depth] = rootRow;
  const rows = (value: unknown) => parse(value) as unknown[][];
  return {
    root:
      rootRow.length === 0
        ? undefined
        : {
            id: Number(id),
            name: String(name),
            path: String(path),
            kind: String(kind),
            sector: sector === null ? null : String(sector),
            depth: Number(depth),
          },
    members: rows(row?.members).map(([status, dimension, value, count]) => ({
      status: status as MemberStatus,
      dimension: String(dimension),
      value: String(value),
      count: Number(count),
    })),
    organizations: rows(row?.organizations).map(([dimension, value, count]) => ({
      dimension: String(dimension),
      value: String(value),
      count: Number(count),
    })),
    children: rows(row?.children).map(
      ([childId, childName, childKind, childSector, members, active, count]) => ({
        id: Number(childId),
        name: String(childName),
        kind: String(childKind),
        sector: childSector === null ? null : String(childSector),
        memberCount: Number(members),
        activeMemberCount: Number(active),
        organizationCount: count === null ? null : Number(count),
      }),
    ),
  };
}

/**
 * The live dashboard above the county from the tree and the pass's rows (see
 * dashboard-above-county.repository): the figures summed as the county statement sums them in SQL —
 * own counters plus pending deltas, sex_birth_month banded by `bands` (first match, else `youngest`),
 * zero sums left out — and each child's current and active members (its counters or a branch's members,
 * plus the pending deltas under it) and organization count (null when it holds none).
 */
function shapeAboveCountyDashboard(
  place: DashboardPlace | undefined,
  rows: readonly PassRow[],
  current: readonly string[],
  bands: readonly BirthMonthBand[],
  youngest: string,
): LiveDashboard {
  if (place === undefined) return { root: undefined, members: [], organizations: [], children: [] };
  const isCurrent = new Set(current);
  const members = new Map<string, MemberFigure>();
  const childMembers = new Map<number, { members: number; active: number }>();
  const childOrganizations = new Map<number, number>();
  const organizations: OrganizationFigure[] = [];
  const holders = new Set(place.children.filter((child) => child.kind !== "branch").map((child) => child.id));
  const addToChild = (id: number, status: string, count: number) => {
    const entry = childMembers.get(id) ?? { members: 0, active: 0 };
    entry.members += count;
    if (status === "active") entry.active += count;
    childMembers.set(id, entry);
  };
  for (const row of rows) {
    if (row.part === 1 || row.part === 2) {
      let { dimension, value } = row;
      if (dimension === "sex_birth_month") {
        const [sex, month = ""] = value.split(":");
        dimension = "sex_age_band";
        value = `${sex}:${bands.find((entry) => month <= entry.month)?.band ?? youngest}`;
      }
      const key = `${row.status}|${dimension}|${value}`;
      const figure = members.get(key) ?? { status: row.status as MemberStatus, dimension, value, count: 0 };
      figure.count += row.count;
      members.set(key, figure);
      if (row.part === 2 && row.dimension === "total" && isCurrent.has(row.status) && row.id !== null) {
        if (holders.has(row.id)) addToChild(row.id, row.status, row.count);
      }
    } else if (row.part === 3 && row.id !== null) {
      addToChild(row.id, row.status, row.count);
    } else if (row.part === 4 && row.count !== 0) {
      organizations.push({ dimension: row.dimension, value: row.value, count: row.count });
    } else if (row.part === 5 && row.id !== null) {
      childOrganizations.set(row.id, row.count);
    }
  }
  return {
    root: {
      id: place.id,
      name: place.name,
      path: place.path,
      kind: place.kind,
      sector: place.sector,
      depth: place.depth,
    },
    members: [...members.values()].filter((figure) => figure.count !== 0),
    organizations,
    children: place.children.map((child) => ({
      id: child.id,
      name: child.name,
      kind: child.kind,
      sector: child.sector,
      memberCount: childMembers.get(child.id)?.members ?? 0,
      activeMemberCount: childMembers.get(child.id)?.active ?? 0,
      organizationCount: childOrganizations.get(child.id) ?? null,
    })),
  };
}
