import { type OrganizationalLifeTally, organizationalLifePeriods } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { intArray } from "../../lib/sql-arrays";
import { inSubtree } from "../../lib/tree-sql";

/**
 * The organizational-life tallies (组织生活; domain organizational-life-indicators.ts, issue 12 part 8)
 * of several subtrees as of `asOf`, in ONE statement: each subtree's branches (团支部, 团总支; path
 * range on the organization_path index), their meetings from the earliest period start to `asOf` by
 * meeting_organization_held_idx (organization_id, held_on), and the members present at each 团课.
 * Not counters: meetings are not in the subtree counters. Every organization of the list is in the map.
 */
export async function readOrganizationalLifeTallies(
  db: Executor,
  organizationIds: readonly number[],
  asOf: string,
): Promise<Map<number, OrganizationalLifeTally>> {
  if (organizationIds.length === 0) return new Map();
  const { quarterStart, yearStart, activeAfter } = organizationalLifePeriods(asOf);
  const from = [quarterStart, yearStart, activeAfter].sort()[0] ?? yearStart;
  const rows = await queryRows<{
    organization_id: number;
    branches: number;
    meetings_in_quarter: number;
    active_branches: number;
    class_person_hours: number | string | null;
  }>(
    db,
    sql`with scope as (
        select e.id, e.path from organization e where e.id = any(${intArray(organizationIds)})
      ), branches as (
        select sc.id as root_id, o.id as branch_id
          from scope sc
          join organization o on ${inSubtree(sql`o.path`, sql`sc.path`)}
         where o.kind in ('branch', 'general_branch')
      ), held as (
        select b.root_id, m.organization_id, m.held_on, m.kind, m.class_hours,
               case when m.kind = 'league_class' then
                 (select count(*) from meeting_attendance a where a.meeting_id = m.id and a.status = 'present')
               else 0 end as present
          from branches b
          join meeting m on m.organization_id = b.branch_id
         where m.held_on >= ${from}::date and m.held_on <= ${asOf}::date
      )
      select sc.id as organization_id,
             (select count(*)::int from branches b where b.root_id = sc.id) as branches,
             count(h.held_on) filter (where h.held_on >= ${quarterStart}::date)::int as meetings_in_quarter,
             count(distinct h.organization_id) filter (where h.held_on > ${activeAfter}::date)::int as active_branches,
             coalesce(sum(h.class_hours * h.present)
               filter (where h.kind = 'league_class' and h.held_on >= ${yearStart}::date), 0)::float8 as class_person_hours
        from scope sc
        left join held h on h.root_id = sc.id
       group by sc.id`,
  );
  return new Map(
    rows.map((row) => [
      Number(row.organization_id),
      {
        branches: Number(row.branches),
        meetingsInQuarter: Number(row.meetings_in_quarter),
        activeBranches: Number(row.active_branches),
        leagueClassPersonHours: Math.round(Number(row.class_person_hours ?? 0) * 10) / 10,
      },
    ]),
  );
}
