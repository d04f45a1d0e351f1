import type { EducationReviewGrade } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import { countyOfOrganization, countyScopeOfPath } from "../../db/county";
import type { Executor } from "../../db/database";
import { executeWrite, queryRows } from "../../db/sql-result";
import { intArray } from "../../lib/sql-arrays";
import { type CampaignRow, ROLL_STATUSES, selectCampaign } from "../campaigns/campaign.repository";

/**
 * SQL of the education review 团员教育评议 (education_review_campaign, branch_education_review,
 * member_review_grade): campaigns covering an organization with their progress, a campaign's branches,
 * a branch's review with its roll, grade writes, the archive's approved grades. The unique keys
 * (organization, year) and (campaign, branch) decide races.
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
 * and the grades of approved reviews. The submitted count reads the reviews' workflow states apart
 * (a second statement): on Citus `workflow_instance` is distributed (migration 0041) and the reviews a
 * coordinator table, and the correlated count joining the two answered 0 there (issue 19).
 */
export async function findReviewCampaignsCovering(db: Executor, path: string) {
  const campaigns = await queryRows<ReviewCampaignRow & Omit<ReviewProgressRow, "submitted">>(
    db,
    sql`with campaigns as (${selectCampaign("review")} where ${path} like o.path || '%'),
      branches as (select b.id from organization b where b.kind = 'branch' and b.path like ${path} || '%')
      select c.*,
        (select count(*)::int from branches) as branches,
        (select count(*)::int from branch_education_review r join branches b on b.id = r.organization_id
           where r.campaign_id = c.id and r.approved_at is not null) as approved,
        g.excellent, g.qualified, g."basicallyQualified", g.unqualified
      from campaigns c
      cross join lateral (
        select count(*) filter (where m.grade = 'excellent')::int as excellent,
               count(*) filter (where m.grade = 'qualified')::int as qualified,
               count(*) filter (where m.grade = 'basically_qualified')::int as "basicallyQualified",
               count(*) filter (where m.grade = 'unqualified')::int as unqualified
        from branch_education_review r join branches b on b.id = r.organization_id
        join member_review_grade m on m.branch_review_id = r.id
        where r.campaign_id = c.id and r.approved_at is not null) g
      order by c.year desc, c.id desc`,
  );
  if (campaigns.length === 0) return [];
  const reviews = await queryRows<{ campaign_id: number; instance_id: number }>(
    db,
    sql`select r.campaign_id, r.instance_id from branch_education_review r
          join organization b on b.id = r.organization_id
         where b.kind = 'branch' and b.path like ${path} || '%'
           and r.campaign_id = any(${intArray(campaigns.map((campaign) => Number(campaign.id)))})`,
  );
  const submittedInstances =
    reviews.length === 0
      ? new Set<number>()
      : new Set(
          (
            await queryRows<{ id: number }>(
              db,
              sql`select w.id from workflow_instance w
                   where w.id = any(${intArray(reviews.map((review) => Number(review.instance_id)))})
                     and w.state in ('awaiting_committee_approval', 'approved')`,
            )
          ).map((row) => Number(row.id)),
        );
  return campaigns.map((campaign) => ({
    ...campaign,
    submitted: reviews.filter(
      (review) =>
        Number(review.campaign_id) === Number(campaign.id) &&
        submittedInstances.has(Number(review.instance_id)),
    ).length,
  }));
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
 * review's: its members), graded and 优秀 counts. By path. The drafts' current members are counted in a
 * statement of their own over `member` (naming the county when the subtree is one: one shard on
 * Citus, which cannot correlate the distributed `member` with the coordinator's review tables).
 */
export async function findCampaignBranches(db: Executor, campaignId: number, path: string) {
  const rows = await queryRows<CampaignBranchRow & { liveRoll: boolean }>(
    db,
    sql`select r.id::int as "branchReviewId", b.id as "organizationId", coalesce(b.short_name, b.name) as name,
        w.state, (w.state is null or w.state = 'branch_review') as "liveRoll",
        coalesce((select count(*)::int from member_review_grade g where g.branch_review_id = r.id), 0) as members,
        coalesce((select count(*)::int from member_review_grade g where g.branch_review_id = r.id and g.grade is not null), 0) as graded,
        coalesce((select count(*)::int from member_review_grade g where g.branch_review_id = r.id and g.grade = 'excellent'), 0) as excellent
      from organization b
      left join branch_education_review r on r.organization_id = b.id and r.campaign_id = ${campaignId}
      left join workflow_instance w on w.id = r.instance_id
      where b.kind = 'branch' and b.path like ${path} || '%'
      order by b.path
      limit 5000`,
  );
  const live = rows.filter((row) => row.liveRoll).map((row) => row.organizationId);
  const counts = new Map<number, number>();
  if (live.length > 0) {
    const countyId = await countyScopeOfPath(db, path);
    const counted = await queryRows<{ organizationId: number; members: number }>(
      db,
      sql`select mb.organization_id as "organizationId", count(*)::int as members from member mb
          where ${countyId === null ? sql`true` : sql`mb.county_id = ${countyId}`}
            and mb.organization_id = any(${intArray(live)}) and mb.status in ${ROLL_STATUSES}
          group by mb.organization_id`,
    );
    for (const row of counted) counts.set(Number(row.organizationId), Number(row.members));
  }
  return rows.map(
    ({ liveRoll, ...row }): CampaignBranchRow =>
      liveRoll ? { ...row, members: counts.get(row.organizationId) ?? 0 } : row,
  );
}

/** A branch review with its campaign, branch and engine state. */
export interface BranchReviewRow {
  id: number;
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

const SELECT_REVIEW = sql`select r.id::int as id, r.campaign_id::int as "campaignId", c.year::int as year,
  c.closed_at::text as "campaignClosedAt", r.organization_id as "organizationId",
  coalesce(o.short_name, o.name) as "organizationName", o.path as "organizationPath",
  r.instance_id::int as "instanceId", w.state, w.version, r.meeting_held_on::text as "meetingHeldOn",
  r.roll_count as "rollCount", r.attendees_count as "attendeesCount", r.approved_at::text as "approvedAt"
  from branch_education_review r join education_review_campaign c on c.id = r.campaign_id
  join organization o on o.id = r.organization_id left join workflow_instance w on w.id = r.instance_id`;

/** A branch review by id (locked for update when asked), or undefined. */
export async function findBranchReview(
  db: Executor,
  id: number,
  lock?: "update",
): Promise<BranchReviewRow | undefined> {
  const [row] = await queryRows<BranchReviewRow>(
    db,
    sql`${SELECT_REVIEW} where r.id = ${id}${lock ? sql` for update of r` : sql``}`,
  );
  return row;
}

/** The review of a branch in a campaign, or undefined. */
export async function findBranchReviewOf(db: Executor, campaignId: number, organizationId: number) {
  const [row] = await queryRows<BranchReviewRow>(
    db,
    sql`${SELECT_REVIEW} where r.campaign_id = ${campaignId} and r.organization_id = ${organizationId}`,
  );
  return row;
}

/**
 * Creates the review of every branch of the subtree of `path` in `campaignId` (no roll, no engine
 * instance yet: both come with the first save), in one statement; answers how many were created.
 */
export async function insertBranchReviewsOfSubtree(db: Executor, campaignId: number, path: string) {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`insert into branch_education_review (campaign_id, organization_id)
        select ${campaignId}, b.id from organization b where b.kind = 'branch' and b.path like ${path} || '%'
        on conflict (campaign_id, organization_id) do nothing returning id::int as id`,
  );
  return rows.length;
}

/** Inserts a branch's review (nothing when it exists: a concurrent request); answers its id or null. */
export async function insertBranchReview(db: Executor, campaignId: number, organizationId: number) {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into branch_education_review (campaign_id, organization_id) values (${campaignId}, ${organizationId})
        on conflict (campaign_id, organization_id) do nothing returning id::int as id`,
  );
  return row ? Number(row.id) : null;
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
export async function syncReviewRoll(
  db: Executor,
  reviewId: number,
  organizationId: number,
): Promise<number> {
  const roll = intArray(await findRollMemberIds(db, organizationId));
  await executeWrite(
    db,
    sql`insert into member_review_grade (branch_review_id, member_id)
        select ${reviewId}, id from unnest(${roll}) as roll(id)
        on conflict do nothing`,
  );
  await executeWrite(
    db,
    sql`delete from member_review_grade g where g.branch_review_id = ${reviewId} and g.member_id <> all(${roll})`,
  );
  const [row] = await queryRows<{ roll: number }>(
    db,
    sql`update branch_education_review set roll_count = (select count(*) from member_review_grade where branch_review_id = ${reviewId})
        where id = ${reviewId} returning roll_count as roll`,
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
 * self-assessment and grade saved for them in the review (null when none yet), by name.
 */
export async function findLiveReviewMembers(db: Executor, reviewId: number, organizationId: number) {
  return queryRows<ReviewMemberRow>(
    db,
    sql`select mb.id::int as "memberId", mb.name, g.self_assessment as "selfAssessment", g.grade
        from member mb left join member_review_grade g on g.branch_review_id = ${reviewId} and g.member_id = mb.id
        where mb.organization_id = ${organizationId} and mb.status in ${ROLL_STATUSES}
        order by mb.name, mb.id`,
  );
}

/** The roll of a review with each member's self-assessment and grade, by name. */
export async function findReviewMembers(db: Executor, reviewId: number) {
  return queryRows<ReviewMemberRow>(
    db,
    sql`select g.member_id::int as "memberId", mb.name, g.self_assessment as "selfAssessment", g.grade
        from member_review_grade g join member mb on mb.id = g.member_id
        where g.branch_review_id = ${reviewId} order by mb.name, mb.id`,
  );
}

/** Sets the meeting of a review (fields left out unchanged) and the review's instance. */
export async function updateBranchReview(
  db: Executor,
  id: number,
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
  await executeWrite(db, sql`update branch_education_review set ${sql.join(sets, sql`, `)} where id = ${id}`);
}

/**
 * Sets members' self-assessments and grades (undefined leaves a field unchanged), in one statement
 * whatever the roll's size (the rows as one JSON parameter).
 */
export async function updateReviewGrades(
  db: Executor,
  reviewId: number,
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
        where g.branch_review_id = ${reviewId} and g.member_id = v.member_id`,
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
        from member_review_grade g join branch_education_review r on r.id = g.branch_review_id
        join education_review_campaign c on c.id = r.campaign_id join organization o on o.id = r.organization_id
        left join workflow_instance w on w.id = r.instance_id
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
        from member_review_grade g join branch_education_review r on r.id = g.branch_review_id
        join education_review_campaign c on c.id = r.campaign_id
        where g.member_id = any(${`{${memberIds.join(",")}}`}::bigint[]) and r.approved_at is not null
          and g.grade is not null and c.year in (${year}, ${year - 1})
        order by g.member_id, c.year desc`,
  );
  return new Map(rows.map((row) => [Number(row.memberId), row.grade]));
}
