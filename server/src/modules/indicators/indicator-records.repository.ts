import { sql } from "drizzle-orm";
import { countyScopeOfPath } from "../../db/county";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { intArray, textArray } from "../../lib/sql-arrays";
import { inSubtree } from "../../lib/tree-sql";

/**
 * SQL of the indicator figures the subtree counters do not hold (issue 4 part 1): the cadre profile,
 * 配备率 and terms due for election from the cadre records (issue 13), League coverage of units from the tree, and the
 * entered data. Each is ONE statement for all the organizations asked for (`e.id = any(…)` joined to
 * their subtrees), never one per organization.
 */

/** One group of the cadres in post of a subtree (by kind, Party membership, education, birth month…). */
export interface CadreGroup {
  organizationId: number;
  cadreKind: string | null;
  partyMember: boolean;
  fromGrassroots: boolean;
  trained: boolean;
  education: string | null;
  birthDate: string;
  count: number;
}

/**
 * The cadres in post on `asOf` (cadre records: started on or before it, not ended by it — issue 13) of
 * each subtree, grouped by kind, Party membership, origin, training (a round started by `asOf`),
 * education and birth date. ONE statement for all the organizations asked for; reads the cadre rows
 * of the subtrees only.
 */
export async function readCadreGroups(
  db: Executor,
  organizationIds: readonly number[],
  asOf: string,
): Promise<CadreGroup[]> {
  if (organizationIds.length === 0) return [];
  const rows = await queryRows<{
    organization_id: number;
    kind: string | null;
    party_member: boolean;
    from_grassroots: boolean;
    trained: boolean;
    education: string | null;
    birth_date: string;
    count: number;
  }>(
    db,
    sql`select e.id as organization_id, c.kind, c.party_member, c.from_grassroots,
        exists (select 1 from training_attendance a join training_round r on r.id = a.round_id
                 where a.county_id = c.county_id and a.cadre_id = c.id and r.starts_on <= ${asOf}) as trained,
        c.education, to_char(c.birth_date, 'YYYY-MM-DD') as birth_date, count(*)::int as count
      from organization e
      join organization o on ${inSubtree(sql`o.path`, sql`e.path`)}
      join cadre c on c.organization_id = o.id and c.started_on <= ${asOf}
        and (c.ended_on is null or c.ended_on > ${asOf})
     where e.id = any(${intArray(organizationIds)})
     group by 1, 2, 3, 4, 5, 6, 7`,
  );
  return rows.map((row) => ({
    organizationId: Number(row.organization_id),
    cadreKind: row.kind,
    partyMember: Boolean(row.party_member),
    fromGrassroots: Boolean(row.from_grassroots),
    trained: Boolean(row.trained),
    education: row.education,
    birthDate: row.birth_date,
    count: Number(row.count),
  }));
}

/**
 * What 配备率 is computed from, per subtree: organizations by kind and level ("organizations" rows,
 * post null) and, per kind, level, post and number of posts open on `asOf`, how many organizations
 * hold that many ("open" rows). ONE statement; the post standard (domain postFillings) turns them into
 * expected and filled posts.
 */
export interface StaffingRow {
  organizationId: number;
  kind: string;
  level: string;
  post: string | null;
  open: number;
  organizations: number;
}

/** Reads the {@link StaffingRow}s of each subtree on `asOf` (see there). */
export async function readStaffingRows(
  db: Executor,
  organizationIds: readonly number[],
  asOf: string,
): Promise<StaffingRow[]> {
  if (organizationIds.length === 0) return [];
  const rows = await queryRows<{
    organization_id: number;
    kind: string;
    level: string;
    post: string | null;
    open: number;
    organizations: number;
  }>(
    db,
    sql`with open_posts as (
        select c.organization_id, c.post, count(*)::int as open
          from cadre c
          join organization o on o.id = c.organization_id
         where c.started_on <= ${asOf} and (c.ended_on is null or c.ended_on > ${asOf})
           and o.path like any(select e.path || '%' from organization e where e.id = any(${intArray(organizationIds)}))
         group by 1, 2)
      select e.id as organization_id, o.kind, o.level, null::text as post, 0 as open, count(*)::int as organizations
        from organization e
        join organization o on ${inSubtree(sql`o.path`, sql`e.path`)}
       where e.id = any(${intArray(organizationIds)})
       group by 1, 2, 3
      union all
      select e.id, o.kind, o.level, p.post, p.open, count(*)::int
        from organization e
        join organization o on ${inSubtree(sql`o.path`, sql`e.path`)}
        join open_posts p on p.organization_id = o.id
       where e.id = any(${intArray(organizationIds)})
       group by 1, 2, 3, 4, 5`,
  );
  return rows.map((row) => ({
    organizationId: Number(row.organization_id),
    kind: row.kind,
    level: row.level,
    post: row.post,
    open: Number(row.open),
    organizations: Number(row.organizations),
  }));
}

/**
 * Terms 届期 of each subtree due for election on `asOf`: the latest term of an organization's body that
 * ends by `dueBy` (asOf + the reminder window) and has no later term. ONE statement.
 */
export async function countExpiringTerms(
  db: Executor,
  organizationIds: readonly number[],
  asOf: string,
  dueBy: string,
): Promise<Map<number, number>> {
  if (organizationIds.length === 0) return new Map();
  const rows = await queryRows<{ organization_id: number; count: number }>(
    db,
    sql`select e.id as organization_id, count(t.id)::int as count
      from organization e
      join organization o on ${inSubtree(sql`o.path`, sql`e.path`)}
      join organization_term t on t.county_id = o.county_id and t.organization_id = o.id and t.starts_on <= ${asOf} and t.ends_on <= ${dueBy}
     where e.id = any(${intArray(organizationIds)})
       and not exists (select 1 from organization_term l where l.county_id = t.county_id
                        and l.organization_id = t.organization_id and l.body = t.body and l.starts_on > t.starts_on and l.starts_on <= ${asOf})
     group by 1`,
  );
  return new Map(rows.map((row) => [Number(row.organization_id), Number(row.count)]));
}

/**
 * Days at the grassroots of each subtree: the distinct (cadre or deputy, day) of the contact logs of
 * kind grassroots_day at organizations of the subtree, from `yearStart` to `asOf` (one person, one day
 * counts once — as domain countYearlyDuties). ONE statement through contact_log_organization_idx.
 */
export async function countGrassrootsDays(
  db: Executor,
  organizationIds: readonly number[],
  yearStart: string,
  asOf: string,
): Promise<Map<number, number>> {
  if (organizationIds.length === 0) return new Map();
  const rows = await queryRows<{ organization_id: number; count: number }>(
    db,
    sql`select e.id as organization_id,
               count(distinct (coalesce(l.cadre_id, 0), coalesce(l.deputy_id, 0), l.occurred_on))::int as count
      from organization e
      join organization o on ${inSubtree(sql`o.path`, sql`e.path`)}
      join contact_log l on l.county_id = o.county_id and l.organization_id = o.id and l.kind = 'grassroots_day'
        and l.occurred_on >= ${yearStart} and l.occurred_on <= ${asOf}
     where e.id = any(${intArray(organizationIds)})
     group by 1`,
  );
  return new Map(rows.map((row) => [Number(row.organization_id), Number(row.count)]));
}

/**
 * Units with a League organization, per subtree and coverage sector: organizations of the sector whose
 * parent is not of the same sector (a unit's top organization; the tree as it is now).
 */
export async function countCoveredUnits(
  db: Executor,
  organizationIds: readonly number[],
  sectors: readonly string[],
): Promise<{ organizationId: number; sector: string; count: number }[]> {
  if (organizationIds.length === 0) return [];
  const rows = await queryRows<{ organization_id: number; sector: string; count: number }>(
    db,
    sql`select e.id as organization_id, o.sector, count(*)::int as count
      from organization e
      join organization o on ${inSubtree(sql`o.path`, sql`e.path`)}
      left join organization p on p.id = o.parent_id
     where e.id = any(${intArray(organizationIds)}) and o.sector = any(${textArray(sectors)})
       and p.sector is distinct from o.sector
     group by 1, 2`,
  );
  return rows.map((row) => ({
    organizationId: Number(row.organization_id),
    sector: row.sector,
    count: Number(row.count),
  }));
}

/** An entered figure with the path of the organization that entered it. */
export interface EnteredFigure {
  organizationId: number;
  path: string;
  kind: string;
  sector: string | null;
  depth: number;
  /** Level for school enrollment, sector for eligible units, "" for youth population. */
  key: string;
  grade: number | null;
  value: number;
}

/**
 * The entries of one kind of entered data for `year` (school year for enrollment) made by the
 * organizations of the subtree at `rootPath` (one index range of organization joined to the small table).
 * Inside a county the read names its bucket (`t.county_id = …`, db/county.ts countyScopeOfPath): on
 * Citus one task on the county's shard; above the county (a city, a province) every shard, the tree
 * (a reference table) joined on each.
 */
export async function findEnteredFigures(
  db: Executor,
  kind: "youth_population" | "school_enrollment" | "eligible_units",
  rootPath: string,
  year: number,
): Promise<EnteredFigure[]> {
  const select =
    kind === "youth_population"
      ? sql`'' as key, null::int as grade, t.population as value from youth_population t`
      : kind === "school_enrollment"
        ? sql`t.level as key, t.grade::int as grade, t.students as value from school_enrollment t`
        : sql`t.sector as key, null::int as grade, t.units as value from eligible_units t`;
  const county = await countyScopeOfPath(db, rootPath);
  const yearColumn = kind === "school_enrollment" ? sql`t.school_year` : sql`t.year`;
  const rows = await queryRows<{
    organization_id: number;
    path: string;
    kind: string;
    sector: string | null;
    depth: number;
    key: string;
    grade: number | null;
    value: number;
  }>(
    db,
    sql`select o.id as organization_id, o.path, o.kind, o.sector, o.depth, ${select}
      join organization o on o.id = t.organization_id
     where ${inSubtree(sql`o.path`, rootPath)} and ${yearColumn} = ${year}${county === null ? sql`` : sql` and t.county_id = ${county}`}
     order by o.path, 6, 7`,
  );
  return rows.map((row) => ({
    organizationId: Number(row.organization_id),
    path: row.path,
    kind: row.kind,
    sector: row.sector,
    depth: Number(row.depth),
    key: row.key,
    grade: row.grade === null ? null : Number(row.grade),
    value: Number(row.value),
  }));
}
