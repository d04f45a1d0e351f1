import type { EducationReviewGrade } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import {
  countyOfOrganization,
  countyOfWorkflowRecord,
  countyScopeOfPath,
  locateInCounty,
} from "../../db/county";
import type { Executor } from "../../db/database";
import { executeWrite, queryRows } from "../../db/sql-result";
import { intArray } from "../../lib/sql-arrays";
import { type CampaignRow, ROLL_STATUSES, selectCampaign } from "../campaigns/campaign.repository";

/**
 * SQL of the education review 团员教育评议 (education_review_campaign, branch_education_review,
 * member_review_grade): campaigns covering an organization with their progress, a campaign's branches,
 * a branch's review with its roll, grade writes, the archive's approved grades. The unique keys
 * (organization, year) and (county, campaign, branch) decide races. A review and its grades live in the
 * branch's county (county_id, migration 0044_review_rating_county): on Citus distributed by it beside
 * the branch's members and workflows, the campaigns a reference table. Reviews, grades and engine
 * instances are joined on (county_id, id); a member is read apart from the grades naming it (a member
 * may since have moved to another county).
 */

/** A campaign with its organization. */
export type ReviewCampaignRow = CampaignRow;

/** Progress of a campaign within a subtree. */
export interface ReviewProgressRow {
  branches: number;
  submitted: number;
  approved: number;
  excellent: number;
  qualified: number;
  basicallyQualified: number;
  unqualified: number;
}

/**
 * Campaigns at `path` or its ancestors, newest year first, each with its progress within the subtree
 * of `path` ∩ the campaign's: branches, reviews submitted (awaiting approval or approved), approved,
 * and the grades of approved reviews. Three statements, none correlating a campaign or the tree with
 * the reviews (on Citus a correlated count joining coordinator rows with distributed ones answered 0,
 * issue 19): the campaigns and the branches from the reference tables, then the reviews' counts per
 * campaign over the co-located reviews, engine instances and grades (naming the county when the
 * subtree lies in one: one shard on Citus).
 */
export async function findReviewCampaignsCovering(db: Executor, path: string) {
  const campaigns = await queryRows<ReviewCampaignRow & { branches: number }>(
    db,
    sql`select c.*, (select count(*)::int from organization b where b.kind = 'branch' and b.path like ${path} || '%') as branches
        from (${selectCampaign("review")} where ${path} like o.path || '%') c
        order by c.year desc, c.id desc`,
  );
  if (campaigns.length === 0) return [];
  const county = await countyScopeOfPath(db, path);
  const counted = await queryRows<{
    campaignId: number;
    submitted: number;
    approved: number;
    excellent: number;
    qualified: number;
    basicallyQualified: number;
    unqualified: number;
  }>(
    db,
    sql`with reviews as (
          select r.county_id, r.id, r.campaign_id, r.approved_at,
                 w.state in ('awaiting_committee_approval', 'approved') as submitted
            from branch_education_review r
            join organization b on b.id = r.organization_id
            left join workflow_instance w on w.county_id = r.county_id and w.id = r.instance_id
           where b.kind = 'branch' and b.path like ${path} || '%'
             and r.campaign_id = any(${intArray(campaigns.map((campaign) => Number(campaign.id)))})
             ${county === null ? sql`` : sql`and r.county_id = ${county}`}
        ), grades as (
          select r.campaign_id, g.grade
            from reviews r join member_review_grade g on g.county_id = r.county_id and g.branch_review_id = r.id
           where r.approved_at is not null
             ${county === null ? sql`` : sql`and g.county_id = ${county}`}
        )
        select campaign_id::int as "campaignId", sum(submitted)::int as submitted, sum(approved)::int as approved,
               sum(excellent)::int as excellent, sum(qualified)::int as qualified,
               sum(basically_qualified)::int as "basicallyQualified", sum(unqualified)::int as unqualified
          from (
            select r.campaign_id, count(*) filter (where r.submitted) as submitted,
                   count(*) filter (where r.approved_at is not null) as approved,
                   0 as excellent, 0 as qualified, 0 as basically_qualified, 0 as unqualified
              from reviews r group by r.campaign_id
            union all
            select g.campaign_id, 0, 0, count(*) filter (where g.grade = 'excellent'),
                   count(*) filter (where g.grade = 'qualified'), count(*) filter (where g.grade = 'basically_qualified'),
                   count(*) filter (where g.grade = 'unqualified')
              from grades g group by g.campaign_id
          ) x
         group by campaign_id`,
  );
  const byCampaign = new Map(counted.map((row) => [Number(row.campaignId), row]));
  return campaigns.map((campaign) => {
    const row = byCampaign.get(Number(campaign.id));
    return {
      ...campaign,
      branches: Number(campaign.branches),
      submitted: Number(row?.submitted ?? 0),
      approved: Number(row?.approved ?? 0),
      excellent: Number(row?.excellent ?? 0),
      qualified: Number(row?.qualified ?? 0),
      basicallyQualified: Number(row?.basicallyQualified ?? 0),
      unqualified: Number(row?.unqualified ?? 0),
    };
  });
}

/** One branch row of a campaign. */
export interface CampaignBranchRow {
  branchReviewId: number | null;
  organizationId: number;
  name: string;
  state: string | null;
  members: number;
  graded: number;
  excellent: number;
}

/**
 * The branches of the subtree of `path` with their review in `campaignId` (or none: a branch made
 * after the campaign opened): the roll (a draft's: the branch's current members; a submitted
 * review's: its members), graded and 优秀 counts. By path. Three statements, each over one kind of
 * table: the branches (the reference tree), the reviews with their engine state and grade counts (the
 * co-located reviews, instances and grades), the drafts' current members over `member` (naming the
 * county when the subtree is one: one shard on Citus, where a correlated count joining the tree with
 * distributed tables is not to be trusted).
 */
export async function findCampaignBranches(db: Executor, campaignId: number, path: string) {
  const branches = await queryRows<{ organizationId: number; name: string }>(
    db,
    sql`select b.id as "organizationId", coalesce(b.short_name, b.name) as name
      from organization b
      where b.kind = 'branch' and b.path like ${path} || '%'
      order by b.path
      limit 5000`,
  );
  if (branches.length === 0) return [];
  const countyId = await countyScopeOfPath(db, path);
  const reviews = await queryRows<{
    branchReviewId: number;
    organizationId: number;
    state: string | null;
    members: number;
    graded: number;
    excellent: number;
  }>(
    db,
    sql`select r.id::int as "branchReviewId", r.organization_id as "organizationId", w.state,
          count(g.member_id)::int as members, count(g.grade)::int as graded,
          count(*) filter (where g.grade = 'excellent')::int as excellent
        from branch_education_review r
        left join workflow_instance w on w.county_id = r.county_id and w.id = r.instance_id
        left join member_review_grade g on g.county_id = r.county_id and g.branch_review_id = r.id
        where r.campaign_id = ${campaignId}
          and r.organization_id = any(${intArray(branches.map((branch) => Number(branch.organizationId)))})
          ${countyId === null ? sql`` : sql`and r.county_id = ${countyId}`}
        group by r.county_id, r.id, r.organization_id, w.state`,
  );
  const reviewOf = new Map(reviews.map((review) => [Number(review.organizationId), review]));
  const live = branches
    .filter((branch) => {
      const state = reviewOf.get(Number(branch.organizationId))?.state ?? null;
      return state === null || state === "branch_review";
    })
    .map((branch) => Number(branch.organizationId));
  const counts = new Map<number, number>();
  if (live.length > 0) {
    const counted = await queryRows<{ organizationId: number; members: number }>(
      db,
      sql`select mb.organization_id as "organizationId", count(*)::int as members from member mb
          where ${countyId === null ? sql`true` : sql`mb.county_id = ${countyId}`}
            and mb.organization_id = any(${intArray(live)}) and mb.status in ${ROLL_STATUSES}
          group by mb.organization_id`,
    );
    for (const row of counted) counts.set(Number(row.organizationId), Number(row.members));
  }
  return branches.map((branch): CampaignBranchRow => {
    const organizationId = Number(branch.organizationId);
    const review = reviewOf.get(organizationId);
    const state = review?.state ?? null;
    const liveRoll = state === null || state === "branch_review";
    return {
      branchReviewId: review ? Number(review.branchReviewId) : null,
      organizationId,
      name: branch.name,
      state,
      members: liveRoll ? (counts.get(organizationId) ?? 0) : Number(review?.members ?? 0),
      graded: Number(review?.graded ?? 0),
      excellent: Number(review?.excellent ?? 0),
    };
  });
}

/** A branch review with its campaign, branch and engine state. */
export interface BranchReviewRow {
  id: number;
  /** The branch's county (branch_education_review.county_id). */
  countyId: number;
  campaignId: number;
  year: number;
  campaignClosedAt: string | null;
  organizationId: number;
  organizationName: string;
  organizationPath: string;
  instanceId: number | null;
  state: string | null;
  version: number | null;
  meetingHeldOn: string | null;
  rollCount: number | null;
  attendeesCount: number | null;
  approvedAt: string | null;
}

const SELECT_REVIEW = sql`select r.id::int as id, r.county_id as "countyId", r.campaign_id::int as "campaignId", c.year::int as year,
  c.closed_at::text as "campaignClosedAt", r.organization_id as "organizationId",
  coalesce(o.short_name, o.name) as "organizationName", o.path as "organizationPath",
  r.instance_id::int as "instanceId", w.state, w.version, r.meeting_held_on::text as "meetingHeldOn",
  r.roll_count as "rollCount", r.attendees_count as "attendeesCount", r.approved_at::text as "approvedAt"
  from branch_education_review r join education_review_campaign c on c.id = r.campaign_id
  join organization o on o.id = r.organization_id
  left join workflow_instance w on w.county_id = r.county_id and w.id = r.instance_id`;

/**
 * A branch review by id (locked for update when asked), or undefined: its county first (one read
 * without a lock, on Citus of every shard), then the read and the lock in that county (one shard).
 */
export async function findBranchReview(
  db: Executor,
  id: number,
  lock?: "update",
): Promise<BranchReviewRow | undefined> {
  const countyId = await countyOfWorkflowRecord(db, "branch_education_review", id);
  const [row] = await queryRows<BranchReviewRow>(
    db,
    sql`${SELECT_REVIEW} where r.county_id = ${countyId} and r.id = ${id}${lock ? sql` for update of r` : sql``}`,
  );
  return row ? { ...row, countyId: Number(row.countyId) } : undefined;
}

/** The review of a branch in a campaign, or undefined (read in the branch's county). */
export async function findBranchReviewOf(db: Executor, campaignId: number, organizationId: number) {
  const countyId = await countyOfOrganization(db, organizationId);
  const [row] = await queryRows<BranchReviewRow>(
    db,
    sql`${SELECT_REVIEW} where r.county_id = ${countyId} and r.campaign_id = ${campaignId}
          and r.organization_id = ${organizationId}`,
  );
  return row ? { ...row, countyId: Number(row.countyId) } : undefined;
}

/** A review's key: its county, id and branch. */
export interface BranchReviewKey {
  id: number;
  countyId: number;
  organizationId: number;
}

/**
 * Creates the review of every branch of the subtree of `path` in `campaignId` (no roll, no engine
 * instance yet: both come with the first save), in one statement, each in its branch's county;
 * answers how many were created. The branches' tallies (`review`) follow: by trigger in the same transaction on PostgreSQL and PGlite; on Citus after the next fold, from the marks the statement's trigger leaves (migration 0053_meeting_county).
 */
export async function insertBranchReviewsOfSubtree(db: Executor, campaignId: number, path: string) {
  const rows = await queryRows<{ id: number; countyId: number }>(
    db,
    sql`insert into branch_education_review (county_id, campaign_id, organization_id)
        select b.county_id, ${campaignId}, b.id from organization b where b.kind = 'branch' and b.path like ${path} || '%'
        on conflict (county_id, campaign_id, organization_id) do nothing returning id::int as id, county_id as "countyId"`,
  );
  // The reviews created, located by id (county_locator, migration 0059_record_locator), in this transaction.
  await locateInCounty(
    db,
    "branch_education_review",
    rows.map((row) => ({ id: Number(row.id), countyId: Number(row.countyId) })),
  );
  return rows.length;
}

/**
 * Inserts a branch's review in its county (nothing when it exists: a concurrent request); answers its
 * id or null.
 */
export async function insertBranchReview(db: Executor, campaignId: number, organizationId: number) {
  const countyId = await countyOfOrganization(db, organizationId);
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into branch_education_review (county_id, campaign_id, organization_id)
        values (${countyId}, ${campaignId}, ${organizationId})
        on conflict (county_id, campaign_id, organization_id) do nothing returning id::int as id`,
  );
  if (!row) return null;
  await locateInCounty(db, "branch_education_review", [{ id: Number(row.id), countyId }]);
  return Number(row.id);
}

/**
 * The ids of a branch's roll (its members active, flowing or transferring), read in a statement of
 * their own that names the branch's county: one shard on Citus, where the coordinator's review tables
 * cannot be joined with the distributed `member` in a write (docs/SCALING.md "What runs on Citus now").
 */
export async function findRollMemberIds(db: Executor, organizationId: number): Promise<number[]> {
  const countyId = await countyOfOrganization(db, organizationId);
  const rows = await queryRows<{ id: number }>(
    db,
    sql`select mb.id::int as id from member mb
        where mb.county_id = ${countyId} and mb.organization_id = ${organizationId} and mb.status in ${ROLL_STATUSES}
        order by mb.id`,
  );
  return rows.map((row) => Number(row.id));
}

/**
 * Brings a draft review's roll up to date with the branch's current members: adds those missing
 * (ungraded), drops those who left, stores the roll count. Answers the roll count. The roll is read
 * first ({@link findRollMemberIds}), then the review's rows are written from its ids.
 */
export async function syncReviewRoll(db: Executor, review: BranchReviewKey): Promise<number> {
  const roll = intArray(await findRollMemberIds(db, review.organizationId));
  const { id: reviewId, countyId } = review;
  await executeWrite(
    db,
    sql`insert into member_review_grade (county_id, branch_review_id, member_id)
        select ${countyId}, ${reviewId}, id from unnest(${roll}) as roll(id)
        on conflict do nothing`,
  );
  await executeWrite(
    db,
    sql`delete from member_review_grade g
        where g.county_id = ${countyId} and g.branch_review_id = ${reviewId} and g.member_id <> all(${roll})`,
  );
  const [row] = await queryRows<{ roll: number }>(
    db,
    sql`update branch_education_review set roll_count = (select count(*) from member_review_grade
          where county_id = ${countyId} and branch_review_id = ${reviewId})
        where county_id = ${countyId} and id = ${reviewId} returning roll_count as roll`,
  );
  return Number(row?.roll ?? 0);
}

/** A member's line in a review. */
export interface ReviewMemberRow {
  memberId: number;
  name: string;
  selfAssessment: string | null;
  grade: EducationReviewGrade | null;
}

/**
 * A draft's roll as it stands, without writing: the branch's current members with the
 * self-assessment and grade saved for them in the review (null when none yet), by name. The branch's
 * members and the review's grades are in the review's county (one shard on Citus).
 */
export async function findLiveReviewMembers(db: Executor, review: BranchReviewKey) {
  return queryRows<ReviewMemberRow>(
    db,
    sql`select mb.id::int as "memberId", mb.name, g.self_assessment as "selfAssessment", g.grade
        from member mb left join member_review_grade g
          on g.county_id = mb.county_id and g.branch_review_id = ${review.id} and g.member_id = mb.id
        where mb.county_id = ${review.countyId} and mb.organization_id = ${review.organizationId}
          and mb.status in ${ROLL_STATUSES}
        order by mb.name, mb.id`,
  );
}

/**
 * The roll of a review with each member's self-assessment and grade, by name: the grades read in the
 * review's county, then their members' names by id in a statement of their own (a member may since
 * have moved to another county; one that no longer exists drops its line, as the join did).
 */
export async function findReviewMembers(db: Executor, review: { id: number; countyId: number }) {
  const grades = await queryRows<{
    memberId: number;
    selfAssessment: string | null;
    grade: EducationReviewGrade | null;
  }>(
    db,
    sql`select g.member_id::int as "memberId", g.self_assessment as "selfAssessment", g.grade
        from member_review_grade g where g.county_id = ${review.countyId} and g.branch_review_id = ${review.id}`,
  );
  if (grades.length === 0) return [];
  const names = await queryRows<{ id: number; name: string }>(
    db,
    sql`select mb.id::int as id, mb.name from member mb
        where mb.id = any(${`{${grades.map((row) => row.memberId).join(",")}}`}::bigint[])`,
  );
  const nameOf = new Map(names.map((row) => [Number(row.id), row.name]));
  return grades
    .flatMap((row): ReviewMemberRow[] => {
      const name = nameOf.get(Number(row.memberId));
      return name === undefined ? [] : [{ ...row, memberId: Number(row.memberId), name }];
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.memberId - b.memberId));
}

/**
 * Sets the meeting of a review (fields left out unchanged), the review's instance, its approval (which
 * refreshes the branch's tallies: by trigger; on Citus here), in its county.
 */
export async function updateBranchReview(
  db: Executor,
  review: BranchReviewKey,
  patch: {
    meetingHeldOn?: string | null;
    attendeesCount?: number | null;
    instanceId?: number;
    approvedAt?: "now";
  },
) {
  const sets = [
    ...(patch.meetingHeldOn !== undefined ? [sql`meeting_held_on = ${patch.meetingHeldOn}`] : []),
    ...(patch.attendeesCount !== undefined ? [sql`attendees_count = ${patch.attendeesCount}`] : []),
    ...(patch.instanceId !== undefined ? [sql`instance_id = ${patch.instanceId}`] : []),
    ...(patch.approvedAt ? [sql`approved_at = now()`] : []),
  ];
  if (sets.length === 0) return;
  await executeWrite(
    db,
    sql`update branch_education_review set ${sql.join(sets, sql`, `)}
        where county_id = ${review.countyId} and id = ${review.id}`,
  );
}

/**
 * Sets members' self-assessments and grades (undefined leaves a field unchanged), in one statement
 * whatever the roll's size (the rows as one JSON parameter), in the review's county; the branch's
 * tallies (`graded`, of approved reviews) follow: by trigger on PostgreSQL and PGlite,
 * after the next fold on Citus (migration 0053_meeting_county).
 */
export async function updateReviewGrades(
  db: Executor,
  review: BranchReviewKey,
  grades: readonly {
    memberId: number;
    selfAssessment?: string | null;
    grade?: EducationReviewGrade | null;
  }[],
) {
  const rows = grades
    .filter((row) => row.selfAssessment !== undefined || row.grade !== undefined)
    .map((row) => ({
      member_id: row.memberId,
      set_self_assessment: row.selfAssessment !== undefined,
      self_assessment: row.selfAssessment ?? null,
      set_grade: row.grade !== undefined,
      grade: row.grade ?? null,
    }));
  if (rows.length === 0) return;
  await executeWrite(
    db,
    sql`update member_review_grade g set
          self_assessment = case when v.set_self_assessment then v.self_assessment else g.self_assessment end,
          grade = case when v.set_grade then v.grade else g.grade end
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(member_id bigint,
          set_self_assessment boolean, self_assessment text, set_grade boolean, grade text)
        where g.county_id = ${review.countyId} and g.branch_review_id = ${review.id} and g.member_id = v.member_id`,
  );
}

/** A member's grades by year (newest first): state and grade of each review they were on. */
export async function findGradesOfMember(db: Executor, memberId: number) {
  return queryRows<{
    year: number;
    campaignId: number;
    organizationName: string;
    state: string | null;
    approvedAt: string | null;
    selfAssessment: string | null;
    grade: EducationReviewGrade | null;
  }>(
    db,
    sql`select c.year::int as year, c.id::int as "campaignId", coalesce(o.short_name, o.name) as "organizationName",
        w.state, r.approved_at::text as "approvedAt", g.self_assessment as "selfAssessment", g.grade
        from member_review_grade g join branch_education_review r on r.county_id = g.county_id and r.id = g.branch_review_id
        join education_review_campaign c on c.id = r.campaign_id join organization o on o.id = r.organization_id
        left join workflow_instance w on w.county_id = r.county_id and w.id = r.instance_id
        where g.member_id = ${memberId} order by c.year desc, c.id desc`,
  );
}

/**
 * Each member's approved grade of `year` (else of `year − 1`, the latest review before a registration
 * in the new year), for members of `memberIds`.
 */
export async function findApprovedGrades(
  db: Executor,
  memberIds: readonly number[],
  year: number,
): Promise<Map<number, EducationReviewGrade>> {
  if (memberIds.length === 0) return new Map();
  const rows = await queryRows<{ memberId: number; grade: EducationReviewGrade }>(
    db,
    sql`select distinct on (g.member_id) g.member_id::int as "memberId", g.grade
        from member_review_grade g join branch_education_review r on r.county_id = g.county_id and r.id = g.branch_review_id
        join education_review_campaign c on c.id = r.campaign_id
        where g.member_id = any(${`{${memberIds.join(",")}}`}::bigint[]) and r.approved_at is not null
          and g.grade is not null and c.year in (${year}, ${year - 1})
        order by g.member_id, c.year desc`,
  );
  return new Map(rows.map((row) => [Number(row.memberId), row.grade]));
}
