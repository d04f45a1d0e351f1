import { sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { intArray } from "../../lib/sql-arrays";
import { inSubtree } from "../../lib/tree-sql";

/** The Youth Home figures of one subtree on a date (issue 14 part 6). */
export interface YouthHomeTally {
  /** Homes and service posts listed on the date (listed_on ≤ date < delisted_on, created by then). */
  listedHomes: number;
  /** Listed homes with a published activity starting in the three months up to the date. */
  activeHomes: number;
  /** Published activities starting from 1 January of the date's year to the date. */
  activities: number;
  /** Checked-in sign-ups (not cancelled) of those activities, checked in by the end of the date. */
  participants: number;
  /** Volunteer hours approved by the end of the date, of check-ins from 1 January to the date. */
  approvedHours: number;
  /** Survey answers received from 1 January to the date. */
  surveyAnswers: number;
}

/** A tally of nothing (a subtree without any of it). */
export const EMPTY_YOUTH_HOME_TALLY: YouthHomeTally = {
  listedHomes: 0,
  activeHomes: 0,
  activities: 0,
  participants: 0,
  approvedHours: 0,
  surveyAnswers: 0,
};

/**
 * The Youth Home figures (青年之家 alive in the last quarter, activities and participants, approved
 * volunteer hours, survey answers) of several subtrees on `asOf` ("YYYY-MM-DD", days in China time),
 * in two statements (the survey answers apart). Not counters: each subtree's organizations by the path range (organization_path
 * index), then the records by their organization indexes — youth_home_organization_idx,
 * activity_organization_idx (organization_id, starts_at), activity_signup_activity_idx,
 * volunteer_record_organization_idx (organization_id, status), survey_organization_idx and
 * survey_response_survey_idx — each narrowed by the date range, then aggregated per subtree. A past
 * date reads the records as their dates tell. Organizations with nothing are absent from the map. The
 * family's rows are joined on their co-location key (county_id, id: migration 0050), an activity to its
 * home and a sign-up to its activity, so that on Citus each join stays inside a shard group once the
 * family is distributed by county.
 */
export async function readYouthHomeTallies(
  db: Executor,
  organizationIds: readonly number[],
  asOf: string,
): Promise<Map<number, YouthHomeTally>> {
  if (organizationIds.length === 0) return new Map();
  const yearStart = `${asOf.slice(0, 4)}-01-01`;
  const rows = await queryRows<{
    organization_id: number;
    listed_homes: number | null;
    active_homes: number | null;
    activities: number | null;
    participants: number | null;
    approved_hours: number | string | null;
  }>(
    db,
    sql`with bounds as (
        select ((${asOf}::date + 1)::timestamp at time zone 'Asia/Shanghai') as end_at,
               ((${asOf}::date - interval '3 months' + interval '1 day')::timestamp at time zone 'Asia/Shanghai')
                 as quarter_start,
               (${yearStart}::date::timestamp at time zone 'Asia/Shanghai') as year_start
      ), scope as (
        select e.id, e.path from organization e where e.id = any(${intArray(organizationIds)})
      ), homes as (
        select sc.id,
               count(*)::int as listed_homes,
               count(*) filter (where exists (
                 select 1 from activity a
                  where a.county_id = h.county_id and a.organization_id = h.organization_id and a.youth_home_id = h.id
                    and a.status = 'published' and a.starts_at >= b.quarter_start and a.starts_at < b.end_at
               ))::int as active_homes
          from scope sc cross join bounds b
          join organization o on ${inSubtree(sql`o.path`, sql`sc.path`)}
          join youth_home h on h.organization_id = o.id
         where h.created_at < b.end_at
           and (h.listed_on is null or h.listed_on <= ${asOf}::date)
           and (h.delisted_on is null or h.delisted_on > ${asOf}::date)
         group by sc.id
      ), acts as (
        select sc.id,
               count(distinct a.id)::int as activities,
               count(s.id) filter (where s.checked_in_at is not null and s.checked_in_at < b.end_at
                                     and s.status <> 'cancelled')::int as participants
          from scope sc cross join bounds b
          join organization o on ${inSubtree(sql`o.path`, sql`sc.path`)}
          join activity a on a.organization_id = o.id and a.status = 'published'
                         and a.starts_at >= b.year_start and a.starts_at < b.end_at
          left join activity_signup s on s.county_id = a.county_id and s.activity_id = a.id
         group by sc.id
      ), hours as (
        select sc.id, coalesce(sum(r.hours), 0) as approved_hours
          from scope sc cross join bounds b
          join organization o on ${inSubtree(sql`o.path`, sql`sc.path`)}
          join volunteer_record r on r.organization_id = o.id and r.status = 'approved'
         where r.approved_at < b.end_at and r.checked_in_at >= b.year_start and r.checked_in_at < b.end_at
         group by sc.id
      )
      select sc.id as organization_id, homes.listed_homes, homes.active_homes, acts.activities,
             acts.participants, hours.approved_hours
        from scope sc
        left join homes on homes.id = sc.id
        left join acts on acts.id = sc.id
        left join hours on hours.id = sc.id`,
  );
  // The survey answers in a statement of their own: on Citus survey and survey_response are distributed
  // by county (migration 0046) while the tables above may not be; one statement joining both kinds
  // could be planned with the wrong counts (docs/SCALING.md "Entered data and surveys by county").
  // The answer joined to its survey on the co-location key (county_id, id).
  const answers = await queryRows<{ organization_id: number; survey_answers: number }>(
    db,
    sql`with bounds as (
        select ((${asOf}::date + 1)::timestamp at time zone 'Asia/Shanghai') as end_at,
               (${yearStart}::date::timestamp at time zone 'Asia/Shanghai') as year_start
      )
      select sc.id as organization_id, count(*)::int as survey_answers
        from organization sc cross join bounds b
        join organization o on ${inSubtree(sql`o.path`, sql`sc.path`)}
        join survey v on v.organization_id = o.id
        join survey_response sr on sr.county_id = v.county_id and sr.survey_id = v.id
       where sc.id = any(${intArray(organizationIds)})
         and sr.created_at >= b.year_start and sr.created_at < b.end_at
       group by sc.id`,
  );
  const answersOf = new Map(answers.map((row) => [Number(row.organization_id), Number(row.survey_answers)]));
  return new Map(
    rows.map((row) => [
      Number(row.organization_id),
      {
        listedHomes: Number(row.listed_homes ?? 0),
        activeHomes: Number(row.active_homes ?? 0),
        activities: Number(row.activities ?? 0),
        participants: Number(row.participants ?? 0),
        approvedHours: Number(row.approved_hours ?? 0),
        surveyAnswers: answersOf.get(Number(row.organization_id)) ?? 0,
      },
    ]),
  );
}
