import { type SQL, sql } from "drizzle-orm";
import { orgLifeHolderBuckets } from "../../db/county";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { intArray } from "../../lib/sql-arrays";
import { inSubtree } from "../../lib/tree-sql";
import { ROLL_STATUSES } from "../campaigns/campaign.repository";

/**
 * Figures of the annual cycle of one subtree (团籍注册, 团员教育评议; domain.md §5, issue 12 part 8),
 * each over the latest campaign of its kind (largest year, opened by asOf) at, above or under the
 * subtree; campaigns of that year under the subtree (several counties each opening their own) all count.
 */
export interface AnnualCycleTally {
  /** Current members under the registration campaign(s) and the subtree (due to register). */
  dueToRegister: number;
  /** Of those, members registered (status registered) in the campaign. */
  registered: number;
  /** Branches of the subtree in the review campaign(s) (their branch_education_review rows). */
  reviewBranches: number;
  /** Of those, branches whose review the committee approved. */
  reviewsApproved: number;
  /** Members graded in approved reviews, by grade. */
  excellent: number;
  qualified: number;
  basicallyQualified: number;
  unqualified: number;
}

/** A tally of zeros (no campaign, or nobody under it). */
export const EMPTY_ANNUAL_CYCLE_TALLY: AnnualCycleTally = {
  dueToRegister: 0,
  registered: 0,
  reviewBranches: 0,
  reviewsApproved: 0,
  excellent: 0,
  qualified: 0,
  basicallyQualified: 0,
  unqualified: 0,
};

/** Per scope root: the latest campaigns of a table, with the path the figures are narrowed to (the deeper). */
function latestCampaigns(table: SQL, asOf: string): SQL {
  return sql`select root_id, campaign_id, under_path from (
      select sc.id as root_id, c.id as campaign_id,
             case when co.path like sc.path || '%' then co.path else sc.path end as under_path,
             rank() over (partition by sc.id order by c.year desc) as position
        from scope sc join ${table} c on c.opens_on <= ${asOf}::date
        join organization co on co.id = c.organization_id
       where sc.path like co.path || '%' or co.path like sc.path || '%') ranked
    where position = 1`;
}

/** Per scope root: the latest campaigns of a table with the organization the figures are narrowed to (the deeper). */
function latestCampaignOrgs(table: SQL, asOf: string): SQL {
  return sql`select root_id, campaign_id, under_id from (
      select sc.id as root_id, c.id as campaign_id,
             case when co.path like sc.path || '%' then co.id else sc.id end as under_id,
             rank() over (partition by sc.id order by c.year desc) as position
        from scope sc join ${table} c on c.opens_on <= ${asOf}::date
        join organization co on co.id = c.organization_id
       where sc.path like co.path || '%' or co.path like sc.path || '%') ranked
    where position = 1`;
}

/**
 * The annual-cycle tallies of several subtrees as of `asOf` from the subtree tallies org_life_count
 * (migrations 0026/0027: `joined` = current members, `registered`/`review`/`review_approved`/`graded` per
 * campaign), read at the organization the figures are narrowed to (the subtree root, or the campaign's
 * organization when the campaign is under it): a few primary-key ranges, never the members. Same
 * figures as readAnnualCycleTalliesFromRecords for ANY asOf — `asOf` only picks the campaigns; members,
 * registrations and approvals are today's state in both. Every organization is in the map.
 */
export async function readAnnualCycleTallies(
  db: Executor,
  organizationIds: readonly number[],
  asOf: string,
): Promise<Map<number, AnnualCycleTally>> {
  if (organizationIds.length === 0) return new Map();
  // The campaigns and the organization each root's figures are read at (the tree and the campaigns:
  // reference tables on Citus), then the tallies of those organizations in their holders' buckets
  // (orgLifeHolderBuckets, migration 0056_org_life_tally_county: on Citus the shards holding them only).
  const campaigns = await queryRows<{
    kind: "registration" | "review";
    root_id: number;
    campaign_id: number;
    under_id: number;
  }>(
    db,
    sql`with scope as (
        select e.id, e.path from organization e where e.id = any(${intArray(organizationIds)})
      )
      select 'registration' as kind, rc.root_id, rc.campaign_id, rc.under_id
        from (${latestCampaignOrgs(sql`registration_campaign`, asOf)}) rc
      union all
      select 'review', rc.root_id, rc.campaign_id, rc.under_id
        from (${latestCampaignOrgs(sql`education_review_campaign`, asOf)}) rc`,
  );
  const underIds = [...new Set(campaigns.map((campaign) => Number(campaign.under_id)))];
  const buckets = await orgLifeHolderBuckets(db, underIds);
  const counted =
    underIds.length === 0
      ? []
      : await queryRows<{
          organization_id: number;
          dimension: string;
          value: string;
          amount: number | string;
        }>(
          db,
          sql`select c.organization_id, c.dimension, c.value, c.amount
                from org_life_count c
               where c.county_id = any(${intArray(buckets)})
                 and c.organization_id = any(${intArray(underIds)})
                 and c.dimension in ('joined', 'registered', 'review', 'review_approved', 'graded')
                 and c.amount <> 0`,
        );
  const countedAt = new Map<number, typeof counted>();
  for (const row of counted) {
    const at = countedAt.get(Number(row.organization_id));
    if (at) at.push(row);
    else countedAt.set(Number(row.organization_id), [row]);
  }
  const rows = campaigns.flatMap((campaign) => {
    const value = String(campaign.campaign_id);
    return (countedAt.get(Number(campaign.under_id)) ?? [])
      .filter((row) =>
        campaign.kind === "registration"
          ? row.dimension === "joined" || (row.dimension === "registered" && row.value === value)
          : ((row.dimension === "review" || row.dimension === "review_approved") && row.value === value) ||
            (row.dimension === "graded" && row.value.startsWith(`${value}:`)),
      )
      .map((row) => ({
        root_id: campaign.root_id,
        dimension: row.dimension,
        value: row.value,
        amount: row.amount,
      }));
  });
  const tallies = new Map<number, AnnualCycleTally>(
    organizationIds.map((id) => [id, { ...EMPTY_ANNUAL_CYCLE_TALLY }]),
  );
  const grades: Record<string, keyof AnnualCycleTally> = {
    excellent: "excellent",
    qualified: "qualified",
    basically_qualified: "basicallyQualified",
    unqualified: "unqualified",
  };
  for (const row of rows) {
    const tally = tallies.get(Number(row.root_id));
    if (!tally) continue;
    const amount = Number(row.amount);
    if (row.dimension === "joined") tally.dueToRegister += amount;
    else if (row.dimension === "registered") tally.registered += amount;
    else if (row.dimension === "review") tally.reviewBranches += amount;
    else if (row.dimension === "review_approved") tally.reviewsApproved += amount;
    else {
      const grade = grades[row.value.slice(row.value.indexOf(":") + 1)];
      if (grade) tally[grade] += amount;
    }
  }
  return tallies;
}

/**
 * The annual-cycle tallies of several subtrees as of `asOf` from the RECORDS, in ONE statement: per organization of
 * the list, the latest registration campaign's current members and registrations (member_registration_key),
 * and the latest review campaign's branch reviews (branch_education_review_key) and the grades of the
 * approved ones (member_review_grade_pkey). Approval is today's state. Every organization is in the map.
 * Scans every member under the campaign (seconds at a county, a minute at the province): kept as the
 * reference the consistency test compares readAnnualCycleTallies with.
 */
export async function readAnnualCycleTalliesFromRecords(
  db: Executor,
  organizationIds: readonly number[],
  asOf: string,
): Promise<Map<number, AnnualCycleTally>> {
  if (organizationIds.length === 0) return new Map();
  const rows = await queryRows<Record<string, number>>(
    db,
    sql`with scope as (
        select e.id, e.path from organization e where e.id = any(${intArray(organizationIds)})
      ), registration_campaigns as (${latestCampaigns(sql`registration_campaign`, asOf)}
      ), review_campaigns as (${latestCampaigns(sql`education_review_campaign`, asOf)}
      ), registration as (
        select rc.root_id, count(*)::int as due,
               count(*) filter (where exists (select 1 from member_registration r
                 where r.campaign_id = rc.campaign_id and r.county_id = m.county_id and r.member_id = m.id
                   and r.status = 'registered'))::int as registered
          from registration_campaigns rc
          join organization o on ${inSubtree(sql`o.path`, sql`rc.under_path`)}
          join member m on m.organization_id = o.id and m.status in ${ROLL_STATUSES}
         group by rc.root_id
      ), review as (
        select rc.root_id, count(*)::int as branches, count(*) filter (where r.approved_at is not null)::int as approved
          from review_campaigns rc
          join branch_education_review r on r.campaign_id = rc.campaign_id
          join organization o on o.id = r.organization_id and ${inSubtree(sql`o.path`, sql`rc.under_path`)}
         group by rc.root_id
      ), grades as (
        select rc.root_id,
               count(*) filter (where g.grade = 'excellent')::int as excellent,
               count(*) filter (where g.grade = 'qualified')::int as qualified,
               count(*) filter (where g.grade = 'basically_qualified')::int as basically_qualified,
               count(*) filter (where g.grade = 'unqualified')::int as unqualified
          from review_campaigns rc
          join branch_education_review r on r.campaign_id = rc.campaign_id and r.approved_at is not null
          join organization o on o.id = r.organization_id and ${inSubtree(sql`o.path`, sql`rc.under_path`)}
          join member_review_grade g on g.county_id = r.county_id and g.branch_review_id = r.id and g.grade is not null
         group by rc.root_id
      )
      select sc.id as organization_id, coalesce(rg.due, 0) as due, coalesce(rg.registered, 0) as registered,
             coalesce(rv.branches, 0) as branches, coalesce(rv.approved, 0) as approved,
             coalesce(g.excellent, 0) as excellent, coalesce(g.qualified, 0) as qualified,
             coalesce(g.basically_qualified, 0) as basically_qualified, coalesce(g.unqualified, 0) as unqualified
        from scope sc
        left join registration rg on rg.root_id = sc.id
        left join review rv on rv.root_id = sc.id
        left join grades g on g.root_id = sc.id`,
  );
  return new Map(
    rows.map((row) => [
      Number(row.organization_id),
      {
        dueToRegister: Number(row.due),
        registered: Number(row.registered),
        reviewBranches: Number(row.branches),
        reviewsApproved: Number(row.approved),
        excellent: Number(row.excellent),
        qualified: Number(row.qualified),
        basicallyQualified: Number(row.basically_qualified),
        unqualified: Number(row.unqualified),
      },
    ]),
  );
}
