import {
  latestBirthDateForAge,
  PARTY_RECOMMENDATION_MAX_AGE,
  PARTY_RECOMMENDATION_MIN_AGE,
} from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { intArray } from "../../lib/sql-arrays";
import { inSubtree } from "../../lib/tree-sql";

/** 推优入党 figures of one subtree (issue 12 parts 5 and 8). */
export interface PartyRecommendationTally {
  /** Recommendations approved (state recommended), dated 1 January of asOf's year to asOf. */
  recommendedThisYear: number;
  /** Current members aged 18–28 on asOf. */
  membersOfAge: number;
  /** Of those, members holding an approved recommendation dated ≤ asOf, still valid or taken up by the Party. */
  membersOfAgeRecommended: number;
}

/** A tally of zeros (a subtree without members or recommendations). */
export const EMPTY_PARTY_RECOMMENDATION_TALLY: PartyRecommendationTally = {
  recommendedThisYear: 0,
  membersOfAge: 0,
  membersOfAgeRecommended: 0,
};

/**
 * The 推优入党 tallies of several subtrees as of `asOf`, in ONE statement: per organization of the list,
 * its subtree's branches (path range on the organization path index), their current members aged 18–28
 * (birth-date bounds: born after the 29th-birthday cut and on or before the 18th's) and their
 * approved recommendations (party_recommendation_member_idx). The workflow state is today's (a
 * recommendation approved after asOf but dated before it counts). Every organization is in the map.
 */
export async function readPartyRecommendationTallies(
  db: Executor,
  organizationIds: readonly number[],
  asOf: string,
  /** membersOfAge false: count only the recommendations (membersOfAge* stay 0), no scan of the members. */
  options: { membersOfAge: boolean } = { membersOfAge: true },
): Promise<Map<number, PartyRecommendationTally>> {
  if (organizationIds.length === 0) return new Map();
  const from = `${asOf.slice(0, 4)}-01-01`;
  const bornAfter = latestBirthDateForAge(asOf, PARTY_RECOMMENDATION_MAX_AGE + 1);
  const bornOnOrBefore = latestBirthDateForAge(asOf, PARTY_RECOMMENDATION_MIN_AGE);
  const rows = await queryRows<Record<string, number>>(
    db,
    sql`with scope as (
        select e.id, e.path from organization e where e.id = any(${intArray(organizationIds)})
      ), approved as (
        select r.member_id, r.organization_id, r.recommended_on, r.valid_until, r.party_stage
          from party_recommendation r join workflow_instance w on w.id = r.instance_id
         where w.state = 'recommended' and r.recommended_on <= ${asOf}::date
      ), this_year as (
        select sc.id as root_id, count(*)::int as recommended
          from scope sc
          join organization o on ${inSubtree(sql`o.path`, sql`sc.path`)}
          join approved a on a.organization_id = o.id and a.recommended_on >= ${from}::date
         group by sc.id
      ), of_age as (
        select sc.id as root_id, count(*)::int as members,
               count(*) filter (where exists (select 1 from approved a where a.member_id = m.id
                 and (a.valid_until >= ${asOf}::date or a.party_stage is not null)))::int as recommended
          from scope sc
          join organization o on ${inSubtree(sql`o.path`, sql`sc.path`)}
          join member m on m.organization_id = o.id and m.status in ('active', 'transferring', 'flowing')
         where m.birth_date > ${bornAfter}::date and m.birth_date <= ${bornOnOrBefore}::date
           and ${options.membersOfAge}::boolean
         group by sc.id
      )
      select sc.id as organization_id, coalesce(y.recommended, 0) as recommended_this_year,
             coalesce(a.members, 0) as members_of_age, coalesce(a.recommended, 0) as members_of_age_recommended
        from scope sc
        left join this_year y on y.root_id = sc.id
        left join of_age a on a.root_id = sc.id`,
  );
  return new Map(
    rows.map((row) => [
      Number(row.organization_id),
      {
        recommendedThisYear: Number(row.recommended_this_year),
        membersOfAge: Number(row.members_of_age),
        membersOfAgeRecommended: Number(row.members_of_age_recommended),
      },
    ]),
  );
}
