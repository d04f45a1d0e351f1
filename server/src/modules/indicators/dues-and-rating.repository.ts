import { sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { intArray } from "../../lib/sql-arrays";
import { inSubtree } from "../../lib/tree-sql";

/** Dues and star-rating figures of one subtree (团费收缴, 评星定级; issue 12 part 8). */
export interface DuesAndRatingTally {
  expectedMemberMonths: number;
  paidMemberMonths: number;
  /** Ratings of the year decided by the committee (stars set, exempt excluded). */
  ratedBranches: number;
  fiveStar: number;
  /** Rated 0: under 60 points, unrated and under rectification (软弱涣散). */
  weak: number;
}

/**
 * The dues and star-rating tallies of several subtrees as of `asOf`, in ONE statement: current members
 * of each subtree (path range on the organization_path index) owe each month from January of asOf's
 * year (or the month they joined) to asOf's month — counted by month arithmetic per member, not by
 * generating a row per member-month — and are paid for a month when dues_payment (member_id, month)
 * holds one in that range (probed per member on dues_payment_member_month_key); star_rating rows of
 * asOf's year in the subtree in one pass with FILTER. Every organization of the list is in the map.
 * Not counters: the province reads every current member (bench/organizational-life, RESULTS.md).
 */
export async function readDuesAndRatingTallies(
  db: Executor,
  organizationIds: readonly number[],
  asOf: string,
): Promise<Map<number, DuesAndRatingTally>> {
  if (organizationIds.length === 0) return new Map();
  const from = `${asOf.slice(0, 4)}-01-01`;
  const through = `${asOf.slice(0, 7)}-01`;
  const year = Number(asOf.slice(0, 4));
  const throughMonth = year * 12 + Number(asOf.slice(5, 7)) - 1;
  const rows = await queryRows<Record<string, number>>(
    db,
    sql`with scope as (
        select e.id, e.path from organization e where e.id = any(${intArray(organizationIds)})
      ), owing as (
        select sc.id as root_id, m.county_id, m.id as member_id,
               greatest(date_trunc('month', m.joined_on::timestamp), ${from}::timestamp)::date as first_month
          from scope sc
          join organization o on ${inSubtree(sql`o.path`, sql`sc.path`)}
          join member m on m.organization_id = o.id and m.status in ('active', 'transferring', 'flowing')
         where date_trunc('month', m.joined_on::timestamp) <= ${through}::timestamp
      ), dues as (
        select w.root_id,
               coalesce(sum(${throughMonth} - (extract(year from w.first_month)::int * 12
                 + extract(month from w.first_month)::int - 1) + 1), 0)::bigint as expected,
               coalesce(sum((select count(*) from dues_payment p
                 where p.county_id = w.county_id and p.member_id = w.member_id and p.month >= w.first_month and p.month <= ${through}::date)), 0)::bigint as paid
          from owing w
         group by w.root_id
      ), ratings as (
        select sc.id as root_id,
               count(*) filter (where not r.exempt and r.stars is not null)::int as rated,
               count(*) filter (where r.stars = 5)::int as five,
               count(*) filter (where r.stars = 0)::int as weak
          from scope sc
          join organization o on ${inSubtree(sql`o.path`, sql`sc.path`)}
          join star_rating r on r.organization_id = o.id and r.year = ${year}
         group by sc.id
      )
      select sc.id as organization_id,
             coalesce(d.expected, 0) as expected, coalesce(d.paid, 0) as paid,
             coalesce(r.rated, 0) as rated, coalesce(r.five, 0) as five, coalesce(r.weak, 0) as weak
        from scope sc
        left join dues d on d.root_id = sc.id
        left join ratings r on r.root_id = sc.id`,
  );
  return new Map(
    rows.map((row) => [
      Number(row.organization_id),
      {
        expectedMemberMonths: Number(row.expected),
        paidMemberMonths: Number(row.paid),
        ratedBranches: Number(row.rated),
        fiveStar: Number(row.five),
        weak: Number(row.weak),
      },
    ]),
  );
}
