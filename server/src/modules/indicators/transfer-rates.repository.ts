import { GRADUATE_SEASON_DEADLINES, type SeasonTransferTally } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { intArray } from "../../lib/sql-arrays";
import { inSubtree } from "../../lib/tree-sql";

/**
 * The graduation season's transfer tallies (学社衔接率, 升学衔接率, 转接率, on-time share, median days;
 * domain transfer-rates.ts, issue 11 part 7) of several subtrees for season `year`, in ONE statement.
 * Not counters: transfers are not in the subtree counters (docs/ARCHITECTURE.md "Fast aggregation"),
 * so this joins each subtree's organizations (path range on organization_path index) to member_transfer
 * by the index member_transfer_from_idx (from_organization_id, season_year), keeps each member's latest
 * season transfer (DISTINCT ON), and aggregates. The completion deadline of each subtree is the nearest
 * transfer_season row of the year on its path, else 31 Oct (GRADUATE_SEASON_DEADLINES.doneBy).
 * `today` ("YYYY-MM-DD", the as-of date) decides which open transfers are late; transfers started
 * after it are left out and ones completed after it count as open (a past month-end reads the
 * records as they were, as far as their dates tell). Organizations without a season
 * transfer are absent from the map.
 */
export async function readSeasonTransferTallies(
  db: Executor,
  organizationIds: readonly number[],
  year: number,
  today: string,
): Promise<Map<number, SeasonTransferTally>> {
  if (organizationIds.length === 0) return new Map();
  const defaultDeadline = `${year}-${GRADUATE_SEASON_DEADLINES.doneBy}`;
  const rows = await queryRows<{
    organization_id: number;
    study_graduates: number;
    study_landed: number;
    society_graduates: number;
    society_landed: number;
    employer_landed: number;
    landed: number;
    landed_on_time: number;
    open_past_deadline: number;
    median_days: number | string | null;
  }>(
    db,
    sql`with scope as (
        select e.id, e.path,
               coalesce((select s.completed_by
                           from transfer_season s
                           join organization a on a.id = s.organization_id
                          where s.year = ${year} and ${inSubtree(sql`e.path`, sql`a.path`)}
                          order by a.depth desc limit 1), ${defaultDeadline}::date) as completed_by
          from organization e
         where e.id = any(${intArray(organizationIds)})
      ), latest as (
        select distinct on (sc.id, t.member_id)
               sc.id as organization_id, sc.completed_by, t.kind, t.reason, t.started_on,
               case when t.completed_on <= ${today}::date then t.completed_on end as completed_on,
               (t.closed_at is null or t.completed_on > ${today}::date) as open
          from scope sc
          join organization o on ${inSubtree(sql`o.path`, sql`sc.path`)}
          join member_transfer t on t.from_organization_id = o.id and t.season_year = ${year}
         where t.kind in ('school_to_school', 'school_to_society') and t.started_on <= ${today}::date
         order by sc.id, t.member_id, t.id desc
      )
      select organization_id,
             count(*) filter (where kind = 'school_to_school')::int as study_graduates,
             count(*) filter (where kind = 'school_to_school' and completed_on is not null)::int as study_landed,
             count(*) filter (where kind = 'school_to_society')::int as society_graduates,
             count(*) filter (where kind = 'school_to_society' and completed_on is not null)::int as society_landed,
             count(*) filter (where kind = 'school_to_society' and completed_on is not null
                                and reason = 'employed_with_league_organization')::int as employer_landed,
             count(*) filter (where completed_on is not null)::int as landed,
             count(*) filter (where completed_on <= completed_by)::int as landed_on_time,
             count(*) filter (where completed_on is null and open and ${today}::date > completed_by)::int
               as open_past_deadline,
             percentile_cont(0.5) within group (order by completed_on - started_on)
               filter (where completed_on is not null) as median_days
        from latest
       group by organization_id`,
  );
  return new Map(
    rows.map((row) => [
      Number(row.organization_id),
      {
        studyGraduates: Number(row.study_graduates),
        studyLanded: Number(row.study_landed),
        societyGraduates: Number(row.society_graduates),
        societyLanded: Number(row.society_landed),
        employerLanded: Number(row.employer_landed),
        landed: Number(row.landed),
        landedOnTime: Number(row.landed_on_time),
        openPastDeadline: Number(row.open_past_deadline),
        medianDaysToComplete: row.median_days === null ? null : Number(row.median_days),
      },
    ]),
  );
}
