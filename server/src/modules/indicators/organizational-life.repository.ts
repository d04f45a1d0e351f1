import { type OrganizationalLifeTally, organizationalLifePeriods } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { intArray } from "../../lib/sql-arrays";
import { inSubtree } from "../../lib/tree-sql";

/**
 * The organizational-life tallies (组织生活; domain organizational-life-indicators.ts, issue 12 part 8)
 * of several subtrees as of `asOf`, from the records. Two statements, never a join of the tree with the
 * distributed meeting rows per organization (on Citus, migration 0053_meeting_county, such a correlated
 * read can answer no rows without an error): each subtree's branches (团支部, 团总支; path range on the
 * organization_path index), then the branches' meetings from the earliest period start to `asOf`
 * (meeting_organization_held_idx) with the members present at each 团课 (attendance joined on
 * (county_id, meeting_id), co-located), summed per branch — then per subtree here. Not counters: meetings
 * are not in the subtree counters. Every organization of the list is in the map.
 */
export async function readOrganizationalLifeTallies(
  db: Executor,
  organizationIds: readonly number[],
  asOf: string,
): Promise<Map<number, OrganizationalLifeTally>> {
  if (organizationIds.length === 0) return new Map();
  const { quarterStart, yearStart, activeAfter } = organizationalLifePeriods(asOf);
  const from = [quarterStart, yearStart, activeAfter].sort()[0] ?? yearStart;
  const branches = await queryRows<{ root_id: number; branch_id: number }>(
    db,
    sql`select sc.id as root_id, o.id as branch_id
          from organization sc
          join organization o on ${inSubtree(sql`o.path`, sql`sc.path`)}
         where sc.id = any(${intArray(organizationIds)}) and o.kind in ('branch', 'general_branch')`,
  );
  const branchIds = [...new Set(branches.map((row) => Number(row.branch_id)))];
  const held =
    branchIds.length === 0
      ? []
      : await queryRows<{
          organization_id: number;
          meetings_in_quarter: number;
          active: boolean;
          class_person_hours: number | string | null;
        }>(
          db,
          sql`select m.organization_id,
                count(*) filter (where m.held_on >= ${quarterStart}::date)::int as meetings_in_quarter,
                bool_or(m.held_on > ${activeAfter}::date) as active,
                coalesce(sum(m.class_hours * coalesce(a.present, 0))
                  filter (where m.kind = 'league_class' and m.held_on >= ${yearStart}::date), 0)::float8 as class_person_hours
              from meeting m
              left join (select county_id, meeting_id, count(*) as present from meeting_attendance
                          where status = 'present' group by county_id, meeting_id) a
                on a.county_id = m.county_id and a.meeting_id = m.id
             where m.organization_id = any(${intArray(branchIds)})
               and m.held_on >= ${from}::date and m.held_on <= ${asOf}::date
             group by m.organization_id`,
        );
  const byBranch = new Map(held.map((row) => [Number(row.organization_id), row]));
  const tallies = new Map<number, OrganizationalLifeTally>(
    organizationIds.map((id) => [
      id,
      { branches: 0, meetingsInQuarter: 0, activeBranches: 0, leagueClassPersonHours: 0 },
    ]),
  );
  for (const row of branches) {
    const tally = tallies.get(Number(row.root_id));
    if (!tally) continue;
    tally.branches += 1;
    const meetings = byBranch.get(Number(row.branch_id));
    if (!meetings) continue;
    tally.meetingsInQuarter += Number(meetings.meetings_in_quarter);
    if (meetings.active) tally.activeBranches += 1;
    tally.leagueClassPersonHours += Number(meetings.class_person_hours ?? 0);
  }
  for (const tally of tallies.values()) {
    tally.leagueClassPersonHours = Math.round(tally.leagueClassPersonHours * 10) / 10;
  }
  return tallies;
}
