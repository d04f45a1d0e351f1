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
 * year (or the month they joined) to asOf's month, paid when dues_payment (member_id, month) holds one;
 * star_rating rows of asOf's year in the subtree. Every organization of the list is in the map.
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
  const rows = await queryRows<Record<string, number>>(
    db,
    sql`with scope as (
        select e.id, e.path from organization e where e.id = any(${intArray(organizationIds)})
      ), due as (
        select sc.id as root_id, m.id as member_id, g.month::date as month
          from scope sc
          join organization o on ${inSubtree(sql`o.path`, sql`sc.path`)}
          join member m on m.organization_id = o.id and m.status in ('active', 'transferring', 'flowing')
          cross join lateral generate_series(
            greatest(date_trunc('month', m.joined_on::timestamp), ${from}::timestamp), ${through}::timestamp, interval '1 month') as g(month)
      )
      select sc.id as organization_id,
             (select count(*)::int from due d where d.root_id = sc.id) as expected,
             (select count(*)::int from due d where d.root_id = sc.id
                and exists (select 1 from dues_payment p where p.member_id = d.member_id and p.month = d.month)) as paid,
             (select count(*)::int from star_rating r join organization o on o.id = r.organization_id
               where r.year = ${year} and not r.exempt and r.stars is not null and ${inSubtree(sql`o.path`, sql`sc.path`)}) as rated,
             (select count(*)::int from star_rating r join organization o on o.id = r.organization_id
               where r.year = ${year} and r.stars = 5 and ${inSubtree(sql`o.path`, sql`sc.path`)}) as five,
             (select count(*)::int from star_rating r join organization o on o.id = r.organization_id
               where r.year = ${year} and r.stars = 0 and ${inSubtree(sql`o.path`, sql`sc.path`)}) as weak
        from scope sc`,
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
