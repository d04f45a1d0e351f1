import { CURRENT_MEMBER_STATUSES } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { intArray, textArray } from "../../lib/sql-arrays";
import { inSubtree } from "../../lib/tree-sql";

/**
 * SQL of the indicator figures the subtree counters do not hold (issue 4 part 1): the cadre profile
 * and secretaries from today's member records, League coverage of units from the tree, and the
 * entered data. Each is ONE statement for all the organizations asked for (`e.id = any(…)` joined to
 * their subtrees), never one per organization.
 */

const currentStatuses = sql.join(
  CURRENT_MEMBER_STATUSES.map((status) => sql`${status}`),
  sql`, `,
);

/** One group of current cadres of a subtree (by kind, political status, education and birth month). */
export interface CadreGroup {
  organizationId: number;
  cadreKind: string | null;
  politicalStatus: string | null;
  education: string | null;
  birthMonth: string;
  count: number;
}

/**
 * Current cadres (is_cadre, current status) of each subtree, grouped by cadre kind, political status,
 * education and birth month — the member records as they are now. Reads the cadre rows only
 * (partial index member_cadre_idx), but visits every organization of each subtree.
 */
export async function readCadreGroups(
  db: Executor,
  organizationIds: readonly number[],
): Promise<CadreGroup[]> {
  if (organizationIds.length === 0) return [];
  const rows = await queryRows<{
    organization_id: number;
    cadre_kind: string | null;
    political_status: string | null;
    education: string | null;
    birth_month: string;
    count: number;
  }>(
    db,
    sql`select e.id as organization_id, m.cadre_kind, m.political_status, m.education,
        to_char(m.birth_date, 'YYYY-MM') as birth_month, count(*)::int as count
      from organization e
      join organization o on ${inSubtree(sql`o.path`, sql`e.path`)}
      join member m on m.organization_id = o.id and m.is_cadre and m.status in (${currentStatuses})
     where e.id = any(${intArray(organizationIds)})
     group by 1, 2, 3, 4, 5`,
  );
  return rows.map((row) => ({
    organizationId: Number(row.organization_id),
    cadreKind: row.cadre_kind,
    politicalStatus: row.political_status,
    education: row.education,
    birthMonth: row.birth_month,
    count: Number(row.count),
  }));
}

/**
 * Branches of each subtree with a current member holding the post 书记 (partial index
 * member_secretary_idx), now.
 */
export async function countStaffedBranches(
  db: Executor,
  organizationIds: readonly number[],
): Promise<Map<number, number>> {
  if (organizationIds.length === 0) return new Map();
  const rows = await queryRows<{ organization_id: number; count: number }>(
    db,
    sql`select e.id as organization_id, count(distinct o.id)::int as count
      from organization e
      join organization o on ${inSubtree(sql`o.path`, sql`e.path`)} and o.kind = 'branch'
      join member m on m.organization_id = o.id and m.league_position = 'secretary'
        and m.status in (${currentStatuses})
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
     where ${inSubtree(sql`o.path`, rootPath)} and ${yearColumn} = ${year}
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
