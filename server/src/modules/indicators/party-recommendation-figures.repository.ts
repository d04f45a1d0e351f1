import {
  CURRENT_MEMBER_STATUSES,
  latestBirthDateForAge,
  PARTY_RECOMMENDATION_MAX_AGE,
  PARTY_RECOMMENDATION_MIN_AGE,
} from "@tuanwu/domain";
import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { intArray, textArray } from "../../lib/sql-arrays";
import { inSubtree } from "../../lib/tree-sql";
import { type FigureOrganization, readMemberFiguresOf } from "./indicator.repository";

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
  const bornAfter = latestBirthDateForAge(asOf, PARTY_RECOMMENDATION_MAX_AGE + 1);
  const bornOnOrBefore = latestBirthDateForAge(asOf, PARTY_RECOMMENDATION_MIN_AGE);
  const rows = await queryRows<Record<string, number>>(
    db,
    sql`with ${recommendationScopeCtes(organizationIds, asOf)}, of_age as (
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

/** The first day of the month after `day` ("YYYY-MM-DD"), as "YYYY-MM-DD". */
function firstOfNextMonth(day: string): string {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, "0")}-01`;
}

/**
 * The same tallies as {@link readPartyRecommendationTallies} for TODAY's figures, without scanning the
 * subtrees' members (issue 18 part 1; the scan took 30.6 s at the 5 M-member province):
 * - members aged 18–28: the birth months wholly inside the bounds from the live `sex_birth_month`
 *   counters (current statuses, counters plus pending deltas: readMemberFiguresOf), plus the two
 *   boundary months' members born inside the bounds read through member_birth_date_idx (an index-only
 *   scan of ≈ 2/264 of the members, 24,000 at the province), counted per branch, each branch's path
 *   looked up to find the subtrees;
 * - of those, the members holding a valid approved recommendation: read from the recommendations
 *   (few) to their members, never from the members;
 * - recommendations approved this year: as the scan.
 * Equal to the scan (party-recommendation.indicators.test.ts compares them on fixtures, PGlite and
 * PostgreSQL). Every organization is in the map.
 */
export async function readPartyRecommendationTalliesFromCounters(
  db: Executor,
  organizations: readonly FigureOrganization[],
  asOf: string,
): Promise<Map<number, PartyRecommendationTally>> {
  if (organizations.length === 0) return new Map();
  const organizationIds = organizations.map((organization) => organization.id);
  const bornAfter = latestBirthDateForAge(asOf, PARTY_RECOMMENDATION_MAX_AGE + 1);
  const bornOnOrBefore = latestBirthDateForAge(asOf, PARTY_RECOMMENDATION_MIN_AGE);
  // Months strictly between the boundary months come from the counters; the boundary months
  // [first, last] by birth date: (bornAfter, end of its month] and [start of last month, bornOnOrBefore].
  const firstMonth = bornAfter.slice(0, 7);
  const lastMonth = bornOnOrBefore.slice(0, 7);
  const afterFirstMonth = firstOfNextMonth(bornAfter);
  const startOfLastMonth = `${lastMonth}-01`;
  const current = textArray(CURRENT_MEMBER_STATUSES);
  const [figures, rows] = await Promise.all([
    readMemberFiguresOf(db, { kind: "live" }, organizations, ["sex_birth_month"]),
    queryRows<Record<string, number>>(
      db,
      sql`with ${recommendationScopeCtes(organizationIds, asOf)}, recommended_members as (
          select distinct a.member_id from approved a
           where a.valid_until >= ${asOf}::date or a.party_stage is not null
        ), of_age_recommended as (
          select sc.id as root_id, count(*)::int as recommended
            from recommended_members rm
            join member m on m.id = rm.member_id
            join organization o on o.id = m.organization_id
            join scope sc on ${inSubtree(sql`o.path`, sql`sc.path`)}
           where m.status = any(${current})
             and m.birth_date > ${bornAfter}::date and m.birth_date <= ${bornOnOrBefore}::date
           group by sc.id
        ), edge_members as (
          select m.organization_id from member m
           where m.birth_date > ${bornAfter}::date and m.birth_date < ${afterFirstMonth}::date
             and m.status = any(${current})
          union all
          select m.organization_id from member m
           where m.birth_date >= ${startOfLastMonth}::date and m.birth_date <= ${bornOnOrBefore}::date
             and m.status = any(${current})
        ), edge_branches as (
          select em.organization_id, count(*)::int as members from edge_members em group by 1
        ), of_age_edges as (
          -- Each branch's path by primary key (offset 0 keeps the lookup per row): joining the
          -- subtree's organizations instead hashed all 291,544 of a province (1 s).
          select sc.id as root_id, sum(eb.members)::int as members
            from edge_branches eb
            cross join lateral (select o.path from organization o where o.id = eb.organization_id offset 0) as o
            join scope sc on ${inSubtree(sql`o.path`, sql`sc.path`)}
           group by sc.id
        )
        select sc.id as organization_id, coalesce(y.recommended, 0) as recommended_this_year,
               coalesce(e.members, 0) as edge_members, coalesce(r.recommended, 0) as members_of_age_recommended
          from scope sc
          left join this_year y on y.root_id = sc.id
          left join of_age_edges e on e.root_id = sc.id
          left join of_age_recommended r on r.root_id = sc.id`,
    ),
  ]);
  const currentStatuses = new Set<string>(CURRENT_MEMBER_STATUSES);
  const result = new Map<number, PartyRecommendationTally>();
  for (const row of rows) {
    const id = Number(row.organization_id);
    let inner = 0;
    for (const figure of figures.get(id) ?? []) {
      if (figure.dimension !== "sex_birth_month" || !currentStatuses.has(figure.status)) continue;
      const month = figure.value.split(":")[1] ?? "";
      if (month > firstMonth && month < lastMonth) inner += Number(figure.count);
    }
    result.set(id, {
      recommendedThisYear: Number(row.recommended_this_year),
      membersOfAge: inner + Number(row.edge_members),
      membersOfAgeRecommended: Number(row.members_of_age_recommended),
    });
  }
  return result;
}

/**
 * The CTEs both readers share: `scope` (the roots asked for, with their paths), `approved` (the
 * approved recommendations, 推优, recommended on or before `asOf`) and `this_year` (per root, those
 * approved since 1 January of `asOf`'s year).
 */
function recommendationScopeCtes(organizationIds: readonly number[], asOf: string): SQL {
  const from = `${asOf.slice(0, 4)}-01-01`;
  return sql`scope as (
      select e.id, e.path from organization e where e.id = any(${intArray(organizationIds)})
    ), approved as (
      select r.member_id, r.organization_id, r.recommended_on, r.valid_until, r.party_stage
        from party_recommendation r join workflow_instance w on w.county_id = r.county_id and w.id = r.instance_id
       where w.state = 'recommended' and r.recommended_on <= ${asOf}::date
    ), this_year as (
      select sc.id as root_id, count(*)::int as recommended
        from scope sc
        join organization o on ${inSubtree(sql`o.path`, sql`sc.path`)}
        join approved a on a.organization_id = o.id and a.recommended_on >= ${from}::date
       group by sc.id
    )`;
}
