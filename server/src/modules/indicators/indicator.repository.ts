import { CURRENT_MEMBER_STATUSES, type MemberStatus } from "@tuanwu/domain";
import { type SQL, sql } from "drizzle-orm";
import { counterBucketSql, countyOfOrganization } from "../../db/county";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { intArray, textArray } from "../../lib/sql-arrays";
import { inSubtree } from "../../lib/tree-sql";
import {
  inHolderBuckets,
  type MemberFigure,
  type OrganizationFigure,
} from "../stats/member-count.repository";
import {
  type FigureDate,
  type LiveMemberCountDimension,
  MEMBER_COUNT_DIMENSIONS,
  type MemberCountDimension,
} from "../stats/member-count-snapshot.repository";

/**
 * SQL of the indicators (issue 4 part 1): the subtree-counter figures of SEVERAL organizations at once
 * (a root alone, or every child of a root — one statement per figure kind, never one per organization),
 * for a date (live counters, a month-end snapshot, or member_history), and the few figures the
 * counters do not hold (cadre profile, secretaries, coverage, entered data), each one statement.
 */

/** An organization figures are read for. */
export interface FigureOrganization {
  id: number;
  path: string;
  kind: string;
  sector: string | null;
  depth: number;
  /**
   * Its counter bucket (db/county.ts counterBucketOf), where its counter, snapshot and 应录入数 rows lie
   * (migrations member_count_county, snapshot_county, 0057_above_county_bucket): given, the reads name it
   * (on Citus the buckets' shards only); absent, they read every shard.
   */
  countyId?: number | undefined;
}

/** Periods of member_history (aliased h) containing `day`. */
function periodContains(day: string): SQL {
  return sql`h.valid_from <= ${day}::date and (h.valid_to is null or h.valid_to > ${day}::date)`;
}

// 信息完整率 of the row as `row(m.*)::member`: on Citus a pushed-down statement names the shard's own row
// type (member_102008), which member_record_complete(member) does not take (issue 19; as stats does).
const memberDimensions = sql`member_count_dimensions(m.sex, to_char(m.birth_date, 'YYYY-MM'), m.occupation,
  m.education, m.ethnicity, m.is_cadre, o.sector, member_record_complete(row(m.*)::member))`;
const deltaDimensions = sql`member_count_dimensions(x.sex, x.birth_month, x.occupation, x.education,
  x.ethnicity, x.is_cadre, o.sector, x.complete)`;

type FigureRow = MemberFigure & { organization_id: number };

function groupFigures(
  rows: readonly FigureRow[],
  wanted: readonly FigureOrganization[],
): Map<number, MemberFigure[]> {
  const result = new Map<number, MemberFigure[]>(wanted.map((organization) => [organization.id, []]));
  for (const row of rows) {
    result.get(Number(row.organization_id))?.push({
      status: row.status,
      dimension: row.dimension,
      value: row.value,
      count: Number(row.count),
    });
  }
  return result;
}

/**
 * The member figures (status, dimension, value, count; rows to be summed) of the subtree of each of
 * `organizations` on `date`, restricted to `dimensions`, in one statement:
 * - live: their counters (non-branches) plus the pending deltas under them (each delta added to the
 *   holders on its branch's path, as the fold does), and branches' members directly;
 * - snapshot: the month-end snapshot's rows (non-branches), branches from member_history;
 * - history: recounted from member_history (slow on a province: a scan of the subtree's periods).
 */
export async function readMemberFiguresOf(
  db: Executor,
  date: FigureDate,
  organizations: readonly FigureOrganization[],
  dimensions: readonly LiveMemberCountDimension[] = MEMBER_COUNT_DIMENSIONS,
): Promise<Map<number, MemberFigure[]>> {
  if (organizations.length === 0) return new Map();
  const holderList = organizations.filter((o) => o.kind !== "branch");
  const holders = intArray(holderList.map((o) => o.id));
  const branches = intArray(organizations.filter((o) => o.kind === "branch").map((o) => o.id));
  const wanted = textArray(dimensions);
  let rows: FigureRow[];
  if (date.kind === "live") {
    rows = await queryRows<FigureRow>(
      db,
      sql`select c.organization_id, c.status, c.dimension, c.value, c.count from member_count c
           where c.organization_id = any(${holders}) and c.dimension = any(${wanted})
        union all
        select h.id, x.status, d.dimension, d.value, x.delta
          from member_count_delta x
          join organization o on o.id = x.organization_id
          cross join lateral ${deltaDimensions} as d
          cross join lateral unnest(member_count_holders(o.path, o.kind)) as h (id)
         where h.id = any(${holders}) and d.dimension = any(${wanted})
        union all
        select m.organization_id, m.status, d.dimension, d.value, 1
          from member m
          join organization o on o.id = m.organization_id
          cross join lateral ${memberDimensions} as d
         where m.organization_id = any(${branches}) and d.dimension = any(${wanted})`,
    );
  } else if (date.kind === "snapshot") {
    rows = await queryRows<FigureRow>(
      db,
      sql`select s.organization_id, s.status, s.dimension, s.value, s.count from member_count_snapshot s
           where s.organization_id = any(${holders}) and ${inHolderBuckets("s", holderList)}
             and s.dimension = any(${wanted}) and s.month = ${date.month}::date
        union all
        select h.organization_id, h.status, d.dimension, d.value, count(*)::int
          from member_history h
          join member m on m.county_id = h.county_id and m.id = h.member_id
          join organization o on o.id = h.organization_id
          cross join lateral ${memberDimensions} as d
         where h.organization_id = any(${branches}) and ${periodContains(date.month)} and d.dimension = any(${wanted})
         group by 1, 2, 3, 4`,
    );
  } else {
    rows = await queryRows<FigureRow>(
      db,
      sql`select e.id as organization_id, h.status, d.dimension, d.value, count(*)::int as count
          from organization e
          join organization o on ${inSubtree(sql`o.path`, sql`e.path`)}
          join member_history h on h.organization_id = o.id
          join member m on m.county_id = h.county_id and m.id = h.member_id
          cross join lateral ${memberDimensions} as d
         where e.id = any(${intArray(organizations.map((o) => o.id))}) and ${periodContains(date.month)}
           and d.dimension = any(${wanted})
         group by 1, 2, 3, 4`,
    );
  }
  return groupFigures(rows, organizations);
}

/**
 * The member figures of the subtree of each of `organizations` at every month-end of `months` that
 * has a snapshot (issue 18 part 4: a trend's past months in one statement, not one per month): the
 * snapshot rows of non-branches (one index range per organization: primary key organization,
 * dimension, month), branches from member_history (a branch's few periods against each month-end);
 * only `dimensions` (default all).
 * Returns month → organization → rows.
 */
export async function readMemberFiguresOfMonths(
  db: Executor,
  months: readonly string[],
  organizations: readonly FigureOrganization[],
  dimensions: readonly MemberCountDimension[] = MEMBER_COUNT_DIMENSIONS,
): Promise<Map<string, Map<number, MemberFigure[]>>> {
  const result = new Map<string, Map<number, MemberFigure[]>>(
    months.map((month) => [month, groupFigures([], organizations)]),
  );
  if (months.length === 0 || organizations.length === 0 || dimensions.length === 0) return result;
  const wanted = textArray(dimensions);
  const holderList = organizations.filter((o) => o.kind !== "branch");
  const holders = intArray(holderList.map((o) => o.id));
  const branches = intArray(organizations.filter((o) => o.kind === "branch").map((o) => o.id));
  const monthList = sql`${`{${months.join(",")}}`}::date[]`;
  const rows = await queryRows<FigureRow & { month: string }>(
    db,
    sql`select to_char(s.month, 'YYYY-MM-DD') as month, s.organization_id, s.status, s.dimension, s.value, s.count
          from member_count_snapshot s
         where s.organization_id = any(${holders}) and ${inHolderBuckets("s", holderList)}
           and s.dimension = any(${wanted}) and s.month = any(${monthList})
      union all
      select to_char(k.month, 'YYYY-MM-DD'), h.organization_id, h.status, d.dimension, d.value, count(*)::int
        from member_history h
        join unnest(${monthList}) as k (month)
          on h.valid_from <= k.month and (h.valid_to is null or h.valid_to > k.month)
        join member m on m.county_id = h.county_id and m.id = h.member_id
        join organization o on o.id = h.organization_id
        cross join lateral ${memberDimensions} as d
       where h.organization_id = any(${branches}) and d.dimension = any(${wanted})
       group by 1, 2, 3, 4, 5`,
  );
  for (const row of rows) {
    result
      .get(row.month)
      ?.get(Number(row.organization_id))
      ?.push({
        status: row.status,
        dimension: row.dimension,
        value: row.value,
        count: Number(row.count),
      });
  }
  return result;
}

/** Organization figures at every month-end of `months` that has a snapshot: month → organization → rows. */
export async function readOrganizationFiguresOfMonths(
  db: Executor,
  months: readonly string[],
  organizations: readonly FigureOrganization[],
): Promise<Map<string, Map<number, OrganizationFigure[]>>> {
  const result = new Map<string, Map<number, OrganizationFigure[]>>(
    months.map((month) => [month, new Map(organizations.map((o) => [o.id, branchOrganizationFigures(o)]))]),
  );
  const holders = organizations.filter((o) => o.kind !== "branch");
  if (months.length === 0 || holders.length === 0) return result;
  const rows = await queryRows<OrganizationFigure & { organization_id: number; month: string }>(
    db,
    sql`select to_char(s.month, 'YYYY-MM-DD') as month, s.organization_id, s.dimension, s.value, s.count
          from organization_count_snapshot s
         where s.organization_id = any(${intArray(holders.map((o) => o.id))}) and ${inHolderBuckets("s", holders)}
           and s.month = any(${`{${months.join(",")}}`}::date[]) and s.count <> 0`,
  );
  for (const row of rows) {
    result
      .get(row.month)
      ?.get(Number(row.organization_id))
      ?.push({
        dimension: row.dimension,
        value: row.value,
        count: Number(row.count),
      });
  }
  return result;
}

/** A branch's own organization figures (itself); none for other organizations (read from the counts). */
function branchOrganizationFigures(organization: FigureOrganization): OrganizationFigure[] {
  return organization.kind === "branch"
    ? [
        { dimension: "total", value: "", count: 1 },
        { dimension: "kind", value: "branch", count: 1 },
        { dimension: "sector", value: organization.sector ?? "", count: 1 },
      ]
    : [];
}

/**
 * Organizations of each subtree by total, kind and sector (a branch: itself): the organization
 * counters now, or the month-end snapshot's (the tree as it was then). Organizations keep no history,
 * so a month-end without a snapshot reads today's tree.
 */
export async function readOrganizationFiguresOf(
  db: Executor,
  date: FigureDate,
  organizations: readonly FigureOrganization[],
): Promise<Map<number, OrganizationFigure[]>> {
  const result = new Map<number, OrganizationFigure[]>();
  for (const organization of organizations) {
    result.set(organization.id, branchOrganizationFigures(organization));
  }
  const holderList = organizations.filter((o) => o.kind !== "branch");
  const holders = holderList.map((o) => o.id);
  if (holders.length === 0) return result;
  const rows = await queryRows<OrganizationFigure & { organization_id: number }>(
    db,
    date.kind === "snapshot"
      ? sql`select s.organization_id, s.dimension, s.value, s.count from organization_count_snapshot s
             where s.organization_id = any(${intArray(holders)}) and ${inHolderBuckets("s", holderList)}
               and s.month = ${date.month}::date and s.count <> 0`
      : sql`select c.organization_id, c.dimension, c.value, c.count from organization_count c
             where c.organization_id = any(${intArray(holders)}) and ${inHolderBuckets("c", holderList)} and c.count <> 0`,
  );
  for (const row of rows) {
    result.get(Number(row.organization_id))?.push({
      dimension: row.dimension,
      value: row.value,
      count: Number(row.count),
    });
  }
  return result;
}

/** Rows of member_count's "total" dimension by status → the current members among them. */
export function sumCurrent(figures: readonly MemberFigure[], dimension = "total"): number {
  const current = new Set<MemberStatus>(CURRENT_MEMBER_STATUSES);
  return figures
    .filter((row) => row.dimension === dimension && current.has(row.status))
    .reduce((sum, row) => sum + Number(row.count), 0);
}

/**
 * The first target bound to each of `indicatorIds` among the plans of an organization (plan, then target
 * order). The plans lie in the organization's county bucket (migration 0045_ledger_county): named, so that
 * Citus reads one shard.
 */
export async function findFirstBoundTargets(
  db: Executor,
  organizationId: number,
  indicatorIds: readonly string[],
): Promise<
  {
    indicatorId: string;
    planId: number;
    planTitle: string;
    value: number | null;
    comparison: string;
    dueOn: string | null;
  }[]
> {
  if (indicatorIds.length === 0) return [];
  const rows = await queryRows<{
    indicator_id: string;
    plan_id: number;
    plan_title: string;
    value: string | null;
    comparison: string;
    due_on: string | null;
  }>(
    db,
    sql`select distinct on (t.indicator_id) t.indicator_id, p.id as plan_id, p.title as plan_title,
        t.value::text as value, t.comparison, to_char(t.due_on, 'YYYY-MM-DD') as due_on
      from plan p
      join plan_task k on k.county_id = p.county_id and k.plan_id = p.id
      join plan_target t on t.county_id = k.county_id and t.task_id = k.id
     where p.organization_id = ${organizationId}
       and p.county_id = ${await countyOfOrganization(db, organizationId)} and t.indicator_id = any(${textArray(indicatorIds)})
       and t.value is not null
     order by t.indicator_id, p.id, t.id`,
  );
  return rows.map((row) => ({
    indicatorId: row.indicator_id,
    planId: Number(row.plan_id),
    planTitle: row.plan_title,
    value: row.value === null ? null : Number(row.value),
    comparison: row.comparison,
    dueOn: row.due_on,
  }));
}

/** The organization at `path`, with what figures need. */
export async function findFigureOrganizationByPath(
  db: Executor,
  path: string,
): Promise<FigureOrganization | undefined> {
  const [row] = await queryRows<FigureOrganization>(
    db,
    sql`select o.id, o.path, o.kind, o.sector, o.depth, ${counterBucketSql("o")} as "countyId" from organization o
         where o.path = ${path}`,
  );
  return row
    ? { ...row, id: Number(row.id), depth: Number(row.depth), countyId: Number(row.countyId) }
    : undefined;
}

/** The children of an organization with what the children table shows (index on parent_id), by code. */
export async function findChildFigureOrganizations(
  db: Executor,
  parentId: number,
): Promise<(FigureOrganization & { name: string; code: string })[]> {
  const rows = await queryRows<FigureOrganization & { name: string; code: string }>(
    db,
    sql`select o.id, o.path, o.kind, o.sector, o.depth, ${counterBucketSql("o")} as "countyId", o.name, o.code
          from organization o where o.parent_id = ${parentId} order by o.code`,
  );
  return rows.map((row) => ({
    ...row,
    id: Number(row.id),
    depth: Number(row.depth),
    countyId: Number(row.countyId),
  }));
}
