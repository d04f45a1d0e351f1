import {
  availableActions,
  countGrades,
  DomainError,
  EDUCATION_REVIEW_GRADE_LABELS,
  EDUCATION_REVIEW_PAYLOAD_SCHEMAS,
  EDUCATION_REVIEW_WORKFLOW,
  type EducationReviewAction,
  type EducationReviewFacts,
  type EducationReviewGrade,
  type EducationReviewState,
  excellentLimit,
  excellentShare,
  reviewSubmissionProblems,
} from "@tuanwu/domain";
import type { Database, Executor } from "../../db/database";
import { notFound } from "../../lib/http-errors";
import { requireAccess, requireFound } from "../access/access.service";
import { appendMemberEvents } from "../archive/member-event.repository";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { findCampaign } from "../campaigns/campaign.repository";
import {
  badInput,
  type CampaignView,
  campaignSeenFrom,
  campaignView,
  openCampaign,
  readablePath,
  requireOpenCampaign,
} from "../campaigns/campaign.service";
import { findMemberOfUser } from "../meetings/meeting.repository";
import { findOrganizationById } from "../organizations/organization.repository";
import { findWorkflowInstance } from "../workflow/workflow.repository";
import { workflowActorOf } from "../workflow/workflow-actor";
import { applyTransitionIn, openInstance } from "../workflow/workflow-engine";
import {
  type BranchReviewRow,
  findBranchReview,
  findBranchReviewOf,
  findCampaignBranches,
  findGradesOfMember,
  findLiveReviewMembers,
  findReviewCampaignsCovering,
  findReviewMembers,
  insertBranchReview,
  insertBranchReviewsOfSubtree,
  syncReviewRoll,
  updateBranchReview,
  updateReviewGrades,
} from "./education-review.repository";

/**
 * 团员教育评议 (issue 12 part 2; domain.md §5): a committee opens a yearly campaign for its subtree;
 * each branch's review (created when the campaign opens, or by POST for a branch made since; never
 * on a read) holds the roll's self-assessments and grades and the
 * meeting; the branch submits on the one approval engine (优秀 ≤ 30%, more than 2/3 attending, all
 * graded), the committee above approves (grades to each member's archive) or returns it. Reads
 * member:read, writes member:write, scoped by requireAccess (404 outside), audited.
 */

/**
 * POST /organizations/{id}/education-review-campaigns {year, opensOn, closesOn}: the campaign
 * module's {@link openCampaign}, which here also creates the review of every branch of the subtree
 * (one statement; the roll and the engine instance come with a branch's first save). Audit
 * "education_review_campaign.open". Errors: 400 opensOn / closesOn; 409 campaign_exists (a campaign
 * of the year at this committee, an ancestor or a descendant: one review per branch a year); 422
 * not_a_committee; 404; 403.
 */
export async function openReviewCampaign(
  db: Database,
  actor: Actor,
  organizationId: number,
  input: { year: number; opensOn: string; closesOn: string },
): Promise<CampaignView> {
  return openCampaign(db, actor, "review", organizationId, input, async (tx, campaign) => {
    await insertBranchReviewsOfSubtree(tx, campaign.id, campaign.organizationPath);
  });
}

/**
 * GET /organizations/{id}/education-review-campaigns: the campaigns covering the organization (its
 * own and its ancestors'), newest first, each with progress in the organization's subtree: branches,
 * submitted, approved, gradeCounts (grades of approved reviews). Errors: 404; 403.
 */
export async function listReviewCampaigns(db: Database, actor: Actor, organizationId: number) {
  const rows = await findReviewCampaignsCovering(db, await readablePath(db, actor, organizationId));
  return rows.map((row) => ({
    ...campaignView(row, actor),
    progress: {
      branches: row.branches,
      submitted: row.submitted,
      approved: row.approved,
      gradeCounts: {
        excellent: row.excellent,
        qualified: row.qualified,
        basically_qualified: row.basicallyQualified,
        unqualified: row.unqualified,
      },
    },
  }));
}

/**
 * GET /education-review-campaigns/{campaignId}/branches?organizationId=: the branches of the
 * organization's subtree (default: the campaign's organization) with their review: branchReviewId
 * (null: a branch made after the campaign opened, not started), state (null: no save yet), members, graded, excellentShare (0–1).
 * Errors: 404 (campaign, or an organization it does not cover); 403.
 */
export async function listCampaignBranches(
  db: Database,
  actor: Actor,
  campaignId: number,
  organizationId: number | undefined,
) {
  let seenFrom = organizationId;
  if (seenFrom === undefined) {
    await requireAccess(db, actor, {
      permission: "member:read",
      kind: "education_review_campaign",
      ids: [campaignId],
    });
    seenFrom = requireFound(
      await findCampaign(db, "review", campaignId),
      "education_review_campaign",
    ).organizationId;
  }
  const { path } = await campaignSeenFrom(db, actor, "review", campaignId, seenFrom);
  const rows = await findCampaignBranches(db, campaignId, path);
  return rows.map((row) => ({
    branchReviewId: row.branchReviewId,
    organizationId: row.organizationId,
    name: row.name,
    state: row.state,
    members: row.members,
    graded: row.graded,
    excellentShare: Math.round(excellentShare(row.excellent, row.graded) * 1000) / 1000,
  }));
}

const ACTION_LABELS = new Map(EDUCATION_REVIEW_WORKFLOW.transitions.map((item) => [item.action, item.label]));

/**
 * A review as answered, read only: a draft shows the branch's current roll with what was saved for
 * each member; a submitted or approved review its stored roll. The actions are this user's now (none
 * once the campaign is closed).
 */
async function reviewView(db: Executor, actor: Actor, review: BranchReviewRow) {
  const draft = review.state === null || review.state === "branch_review";
  const members = draft ? await findLiveReviewMembers(db, review) : await findReviewMembers(db, review);
  // (the instance sits in its review's county)
  const instance =
    review.instanceId === null
      ? undefined
      : await findWorkflowInstance(db, review.instanceId, undefined, review.countyId);
  const place = instance ?? { organizationPath: review.organizationPath, subjectUserId: null };
  const actions =
    review.campaignClosedAt === null
      ? availableActions(
          EDUCATION_REVIEW_WORKFLOW,
          {
            state: (instance?.state ?? "branch_review") as EducationReviewState,
            pausedFrom: null,
            organizationPath: place.organizationPath,
          },
          workflowActorOf(actor, place),
        )
      : [];
  const rollCount = draft ? members.length : (review.rollCount ?? members.length);
  return {
    id: review.id,
    campaignId: review.campaignId,
    year: review.year,
    organizationId: review.organizationId,
    organizationName: review.organizationName,
    state: (review.state ?? "branch_review") as EducationReviewState,
    version: review.version ?? 1,
    meetingHeldOn: review.meetingHeldOn,
    rollCount,
    attendeesCount: review.attendeesCount,
    excellentLimit: excellentLimit(rollCount),
    gradeCounts: countGrades(members.map((row) => row.grade)),
    members: members.map((row) => ({
      memberId: row.memberId,
      name: row.name,
      selfAssessment: row.selfAssessment,
      grade: row.grade,
    })),
    actions: actions.map((action) => ({ action, label: ACTION_LABELS.get(action)?.zh ?? action })),
    approvedAt: review.approvedAt,
  };
}

/** A review as answered. */
export type BranchReviewView = Awaited<ReturnType<typeof reviewView>>;

/**
 * The engine instance of a review, opened (with the roll brought up to date) when the review has
 * none yet — its first write. Runs in `tx`; answers the review as it now stands.
 */
async function ensureReviewInstance(
  tx: Executor,
  actor: Actor,
  review: BranchReviewRow,
  today: string,
): Promise<BranchReviewRow> {
  if (review.instanceId !== null) return review;
  const roll = await syncReviewRoll(tx, review);
  const opened = await openInstance(tx, {
    definition: EDUCATION_REVIEW_WORKFLOW,
    organizationId: review.organizationId,
    title: `${review.organizationName} ${review.year}年度团员教育评议`,
    data: { entityId: review.id, campaignId: review.campaignId, year: review.year },
    actor,
    occurredOn: today,
    payload: { rollCount: roll },
  });
  await updateBranchReview(tx, review, { instanceId: opened.id });
  return requireFound(await findBranchReview(tx, review.id, "update"), "branch_education_review");
}

/** The campaign of a review, refused (409 naming it) when closed. */
async function requireOpenReviewCampaign(tx: Executor, review: BranchReviewRow): Promise<void> {
  requireOpenCampaign(
    "review",
    requireFound(await findCampaign(tx, "review", review.campaignId), "education_review_campaign"),
    "id",
  );
}

/** The branch `branchId` (member:read there, a branch) and the review campaign covering it (else 404). */
async function branchAndCampaign(db: Executor, actor: Actor, branchId: number, campaignId: number) {
  await requireAccess(db, actor, { permission: "member:read", kind: "organization", ids: [branchId] });
  const branch = requireFound(await findOrganizationById(db, branchId), "organization");
  const campaign = await findCampaign(db, "review", campaignId);
  if (!campaign || !branch.path.startsWith(campaign.organizationPath)) throw notFound("教育评议");
  if (branch.kind !== "branch")
    throw new DomainError("not_a_branch", "组织：教育评议以团支部为单位进行", { field: "id", status: 422 });
  return { branch, campaign };
}

/**
 * GET /organizations/{branchId}/education-review?campaignId=: the branch's review in the campaign,
 * read only (created when the campaign opened, or by POST for a branch made since):
 * {@link BranchReviewView} with the actions this user may take now. Errors: 404 (branch outside,
 * campaign missing or not covering the branch, or review_not_started); 422 not_a_branch; 403.
 */
export async function getBranchReview(db: Database, actor: Actor, branchId: number, campaignId: number) {
  const { campaign } = await branchAndCampaign(db, actor, branchId, campaignId);
  const review = await findBranchReviewOf(db, campaign.id, branchId);
  if (!review)
    throw new DomainError("review_not_started", "教育评议：本支部尚未开始本次评议", {
      field: "id",
      status: 404,
    });
  return reviewView(db, actor, review);
}

/**
 * GET /branch-education-reviews/{id}: a branch's review by id, read only ({@link BranchReviewView}).
 * Errors: 404 (missing or outside); 403.
 */
export async function getBranchReviewById(db: Database, actor: Actor, reviewId: number) {
  await requireAccess(db, actor, {
    permission: "member:read",
    kind: "branch_education_review",
    ids: [reviewId],
  });
  return reviewView(db, actor, requireFound(await findBranchReview(db, reviewId), "branch_education_review"));
}

/**
 * POST /organizations/{branchId}/education-review {campaignId}: starts the branch's review in the
 * campaign — for a branch made after the campaign opened (the others got theirs then); answers the
 * review, the existing one when there is one (idempotent). Audit "branch_education_review.create"
 * when created. Errors: 409 campaign_closed; 422 not_a_branch; 404; 403.
 */
export async function startBranchReview(db: Database, actor: Actor, branchId: number, campaignId: number) {
  return db.transaction(async (tx) => {
    const { campaign } = await branchAndCampaign(tx, actor, branchId, campaignId);
    await requireAccess(tx, actor, { permission: "member:write", kind: "organization", ids: [branchId] });
    const existing = await findBranchReviewOf(tx, campaign.id, branchId);
    if (existing) return reviewView(tx, actor, existing);
    requireOpenCampaign("review", campaign);
    const id = await insertBranchReview(tx, campaign.id, branchId);
    if (id !== null)
      await recordAudit(tx, actor, {
        action: "branch_education_review.create",
        entityType: "branch_education_review",
        entityId: id,
        organizationId: branchId,
        before: null,
        after: { campaignId: campaign.id, year: campaign.year },
      });
    return reviewView(
      tx,
      actor,
      requireFound(await findBranchReviewOf(tx, campaign.id, branchId), "branch_education_review"),
    );
  });
}

/** The input of a save. */
export interface SaveReviewInput {
  meetingHeldOn?: string | null;
  attendeesCount?: number | null;
  grades: { memberId: number; selfAssessment?: string | null; grade?: EducationReviewGrade | null }[];
}

/**
 * PUT /branch-education-reviews/{id} {meetingHeldOn?, attendeesCount?, grades}: saves the draft —
 * the meeting date (not after today), attendance (0…roll), each listed member's self-assessment and
 * grade; 优秀 may not exceed ⌊30% × roll⌋ even in a draft. Audit "branch_education_review.save".
 * Errors: 400 grades.{i}.memberId (not on the roll), grades (优秀 over 30%), meetingHeldOn,
 * attendeesCount; 409 campaign_closed (naming the campaign); 422 already_submitted; 404; 403. The
 * first save opens the review's engine instance. Nothing is written on an error.
 */
export async function saveBranchReview(
  db: Database,
  actor: Actor,
  reviewId: number,
  input: SaveReviewInput,
  today: string,
) {
  return db.transaction(async (tx) => {
    await requireAccess(tx, actor, {
      permission: "member:write",
      kind: "branch_education_review",
      ids: [reviewId],
    });
    let review = requireFound(await findBranchReview(tx, reviewId, "update"), "branch_education_review");
    await requireOpenReviewCampaign(tx, review);
    if (review.state !== null && review.state !== "branch_review")
      throw new DomainError("already_submitted", "教育评议：已提交上级审批，不能再修改", {
        field: "id",
        status: 422,
      });
    review = await ensureReviewInstance(tx, actor, review, today);
    const roll = await syncReviewRoll(tx, review);
    const members = await findReviewMembers(tx, review);
    const onRoll = new Map(members.map((row) => [row.memberId, row]));
    const seen = new Set<number>();
    input.grades.forEach((row, index) => {
      if (!onRoll.has(row.memberId))
        throw badInput(`grades.${index}.memberId`, `评议名单第${index + 1}项：该团员不在本支部名单中`);
      if (seen.has(row.memberId))
        throw badInput(`grades.${index}.memberId`, `评议名单第${index + 1}项：同一团员重复出现`);
      seen.add(row.memberId);
    });
    if (input.meetingHeldOn && input.meetingHeldOn > today)
      throw badInput("meetingHeldOn", "评议大会日期：不能晚于今天");
    if (input.attendeesCount !== undefined && input.attendeesCount !== null && input.attendeesCount > roll)
      throw badInput("attendeesCount", `到会人数：不能超过支部团员人数（${roll}人）`);
    const after = new Map(members.map((row) => [row.memberId, row.grade]));
    for (const row of input.grades) if (row.grade !== undefined) after.set(row.memberId, row.grade);
    const excellent = [...after.values()].filter((grade) => grade === "excellent").length;
    const limit = excellentLimit(roll);
    if (excellent > limit)
      throw badInput(
        "grades",
        `评议等次：优秀不得超过参评团员的30%（支部${roll}人，最多${limit}名优秀，现评${excellent}名）`,
      );
    await updateBranchReview(tx, review, {
      meetingHeldOn: input.meetingHeldOn,
      attendeesCount: input.attendeesCount,
    });
    await updateReviewGrades(tx, review, input.grades);
    await recordAudit(tx, actor, {
      action: "branch_education_review.save",
      entityType: "branch_education_review",
      entityId: review.id,
      organizationId: review.organizationId,
      before: { meetingHeldOn: review.meetingHeldOn, attendeesCount: review.attendeesCount },
      after: {
        meetingHeldOn: input.meetingHeldOn,
        attendeesCount: input.attendeesCount,
        grades: input.grades.map((row) => ({ memberId: row.memberId, grade: row.grade })),
      },
    });
    review = requireFound(await findBranchReview(tx, review.id), "branch_education_review");
    return reviewView(tx, actor, review);
  });
}

/**
 * POST /branch-education-reviews/{id}/transitions {action, reason?, version?}: on the one engine —
 * submit (the branch: 优秀 ≤ 30%, more than 2/3 of the roll attending, everyone graded, meeting not in
 * the future), approve (the committee above: each member's grade goes to their archive, "reviewed"),
 * return {reason} (the committee above). `version` defaults to the current one. Audited by the engine
 * ("workflow.transition"). Errors: 400 reason; 403 not this user's step; 404; 409 stale version or a
 * step not available now, or campaign_closed (naming the campaign); 422 with every failure (field + message). Nothing is written on an error.
 */
export async function transitionBranchReview(
  db: Database,
  actor: Actor,
  reviewId: number,
  input: { action: EducationReviewAction; reason?: string; version?: number },
  today: string,
) {
  await db.transaction(async (tx) => {
    await requireAccess(tx, actor, {
      permission: "organization:read",
      kind: "branch_education_review",
      ids: [reviewId],
    });
    let review = requireFound(await findBranchReview(tx, reviewId, "update"), "branch_education_review");
    await requireOpenReviewCampaign(tx, review);
    review = await ensureReviewInstance(tx, actor, review, today);
    if (input.action === "submit" && review.state === "branch_review") {
      await syncReviewRoll(tx, review);
      review = requireFound(await findBranchReview(tx, review.id), "branch_education_review");
    }
    const instanceId = review.instanceId;
    if (instanceId === null) throw notFound("支部评议");
    const payload =
      input.action === "return" ? { reason: input.reason ?? "" } : input.reason ? { note: input.reason } : {};
    await applyTransitionIn<EducationReviewFacts>(tx, {
      definition: EDUCATION_REVIEW_WORKFLOW,
      payloadSchemas: EDUCATION_REVIEW_PAYLOAD_SCHEMAS,
      instanceId,
      expectedVersion: input.version ?? review.version ?? 1,
      action: input.action,
      payload,
      actor,
      today,
      loadFacts: async (executor) => {
        const members = await findReviewMembers(executor, review);
        return {
          campaignClosedAt: review.campaignClosedAt,
          submissionProblems:
            input.action === "submit"
              ? reviewSubmissionProblems({
                  meetingHeldOn: review.meetingHeldOn,
                  rollCount: review.rollCount ?? members.length,
                  attendeesCount: review.attendeesCount,
                  grades: members.map((row) => ({ name: row.name, grade: row.grade })),
                  today,
                })
              : [],
        };
      },
      effects: async (executor, context) => {
        if (context.action !== "approve") return undefined;
        await updateBranchReview(executor, review, { approvedAt: "now" });
        const members = await findReviewMembers(executor, review);
        await appendMemberEvents(
          executor,
          actor,
          members.flatMap((row) =>
            row.grade === null
              ? []
              : [
                  {
                    memberId: row.memberId,
                    kind: "reviewed" as const,
                    occurredOn: today,
                    summary: `${review.year}年度团员教育评议：${EDUCATION_REVIEW_GRADE_LABELS[row.grade].zh}`,
                    detail: { branchReviewId: review.id, campaignId: review.campaignId, grade: row.grade },
                  },
                ],
          ),
        );
        return undefined;
      },
    });
  });
  return reviewView(db, actor, requireFound(await findBranchReview(db, reviewId), "branch_education_review"));
}

/**
 * GET /me/education-reviews: the signed-in member's reviews by year (newest first): year, branch,
 * state, self-assessment, and the grade once approved (null before). Errors: 404 without a member record.
 */
export async function listOwnEducationReviews(db: Database, actor: Actor) {
  const self = actor.userId === null ? null : await findMemberOfUser(db, actor.userId);
  if (!self) throw notFound("团员档案");
  const rows = await findGradesOfMember(db, self.id);
  return rows.map((row) => ({
    year: row.year,
    campaignId: row.campaignId,
    organizationName: row.organizationName,
    state: row.state,
    selfAssessment: row.selfAssessment,
    grade: row.approvedAt === null ? null : row.grade,
  }));
}
