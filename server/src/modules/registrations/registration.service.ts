import {
  type EducationReviewGrade,
  REGISTRATION_STATUS_LABELS,
  type RegistrationStatus,
  registrationDecisionProblem,
  registrationEligibilityProblem,
} from "@tuanwu/domain";
import type { Database } from "../../db/database";
import { notFound } from "../../lib/http-errors";
import { requireAccess, requireFound } from "../access/access.service";
import { appendMemberEvents } from "../archive/member-event.repository";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import {
  badInput,
  type CampaignView,
  campaignCovering,
  campaignView,
  openCampaign,
  readablePath,
  requireOpenCampaign,
} from "../campaigns/campaign.service";
import { findApprovedGrades } from "../education-reviews/education-review.repository";
import { findMemberOfUser } from "../meetings/meeting.repository";
import {
  findMemberPlace,
  findRegistrationCampaignsCovering,
  findRegistrationMembers,
  findRegistrationsOfMember,
  upsertRegistration,
} from "./registration.repository";

/**
 * 团籍注册 (issue 12 part 3; domain.md §5): a committee opens the yearly campaign for its subtree; a
 * branch registers its members graded 基本合格 or better in the approved education review (of the
 * campaign's year, else the year before), defers 暂缓注册 for 3–6 months with a reason, or refuses
 * with a reason; one tap registers every eligible member not yet decided. Each decision goes to the
 * member's archive ("registered"). Reads member:read, writes member:write, scoped (404), audited.
 */

/**
 * POST /organizations/{id}/registration-campaigns {year, opensOn, closesOn}: the campaign module's
 * {@link openCampaign}. Audit "registration_campaign.open". Errors: 400 opensOn / closesOn; 409
 * campaign_exists (one per branch a year); 422 not_a_committee; 404; 403.
 */
export async function openRegistrationCampaign(
  db: Database,
  actor: Actor,
  organizationId: number,
  input: { year: number; opensOn: string; closesOn: string },
): Promise<CampaignView> {
  return openCampaign(db, actor, "registration", organizationId, input);
}

/**
 * GET /organizations/{id}/registration-campaigns: campaigns covering the organization (own and
 * ancestors'), newest first, with progress among the subtree's current members: members,
 * registered, deferred, unregistered, pending. Errors: 404; 403.
 */
export async function listRegistrationCampaigns(db: Database, actor: Actor, organizationId: number) {
  const rows = await findRegistrationCampaignsCovering(db, await readablePath(db, actor, organizationId));
  return rows.map((row) => ({
    ...campaignView(row, actor),
    progress: {
      members: row.members,
      registered: row.registered,
      deferred: row.deferred,
      unregistered: row.unregistered,
      pending: Math.max(0, row.members - row.registered - row.deferred - row.unregistered),
    },
  }));
}

function memberRow(
  row: {
    memberId: number;
    name: string;
    status: RegistrationStatus | null;
    deferredUntil: string | null;
    reason: string | null;
  },
  grade: EducationReviewGrade | null,
) {
  const problem = registrationEligibilityProblem(row.name, grade);
  return {
    memberId: row.memberId,
    name: row.name,
    reviewGrade: grade,
    status: row.status,
    deferredUntil: row.deferredUntil,
    reason: row.reason,
    eligible: problem === null,
    problem,
  };
}

/**
 * GET /registration-campaigns/{campaignId}/members?organizationId={branch}: the organization's current
 * members with their approved review grade, their decision (null: pending), whether they may register
 * and why not. Errors: 404 (outside, or a campaign not covering the organization); 403.
 */
export async function listRegistrationMembers(
  db: Database,
  actor: Actor,
  campaignId: number,
  organizationId: number,
) {
  const campaign = await campaignCovering(
    db,
    "registration",
    campaignId,
    await readablePath(db, actor, organizationId),
  );
  const rows = await findRegistrationMembers(db, campaign.id, organizationId);
  const grades = await findApprovedGrades(
    db,
    rows.map((row) => row.memberId),
    campaign.year,
  );
  return rows.map((row) => memberRow(row, grades.get(row.memberId) ?? null));
}

function archiveSummary(year: number, status: RegistrationStatus, deferredUntil: string | null): string {
  const label = REGISTRATION_STATUS_LABELS[status].zh;
  return status === "deferred"
    ? `${year}年度团籍注册：${label}至${deferredUntil}`
    : `${year}年度团籍注册：${label}`;
}

/**
 * PUT /registration-campaigns/{campaignId}/members/{memberId} {status, deferredUntil?, reason?}:
 * records a member's decision (today in China): registered (基本合格 and better only), deferred
 * (until 3–6 months from today, with a reason) or unregistered (with a reason); to the archive and
 * audited "member_registration.decide". Errors: 400 status (a 不合格 or ungraded member, named),
 * deferredUntil, reason; 409 campaign_closed (naming the campaign); 404 (member outside, campaign not covering the member);
 * 403. Nothing is written on an error.
 */
export async function decideRegistration(
  db: Database,
  actor: Actor,
  campaignId: number,
  memberId: number,
  input: { status: RegistrationStatus; deferredUntil?: string | null; reason?: string | null },
  today: string,
) {
  return db.transaction(async (tx) => {
    await requireAccess(tx, actor, { permission: "member:write", kind: "member", ids: [memberId] });
    const self = requireFound(await findMemberPlace(tx, memberId), "member");
    const campaign = await campaignCovering(tx, "registration", campaignId, self.path);
    requireOpenCampaign("registration", campaign);
    const [row] = (await findRegistrationMembers(tx, campaign.id, self.organizationId)).filter(
      (each) => each.memberId === memberId,
    );
    if (!row) throw badInput("memberId", "团员：不是在册团员，不能注册");
    const grade = (await findApprovedGrades(tx, [memberId], campaign.year)).get(memberId) ?? null;
    const deferredUntil = input.status === "deferred" ? (input.deferredUntil ?? null) : null;
    const reason = input.status === "registered" ? null : (input.reason?.trim() ?? null);
    const problem = registrationDecisionProblem({
      status: input.status,
      name: row.name,
      grade,
      deferredUntil,
      reason,
      decidedOn: today,
    });
    if (problem) throw badInput(problem.field, problem.message);
    await upsertRegistration(tx, {
      countyId: self.countyId,
      campaignId,
      memberId,
      status: input.status,
      deferredUntil,
      reason,
      decidedOn: today,
    });
    await appendMemberEvents(tx, actor, [
      {
        memberId,
        kind: "registered",
        occurredOn: today,
        summary: archiveSummary(campaign.year, input.status, deferredUntil),
        detail: { campaignId, status: input.status, deferredUntil, reason },
      },
    ]);
    await recordAudit(tx, actor, {
      action: "member_registration.decide",
      entityType: "member",
      entityId: memberId,
      organizationId: self.organizationId,
      before:
        row.status === null
          ? null
          : { status: row.status, deferredUntil: row.deferredUntil, reason: row.reason },
      after: { campaignId, status: input.status, deferredUntil, reason },
    });
    return memberRow({ ...row, status: input.status, deferredUntil, reason }, grade);
  });
}

/**
 * POST /registration-campaigns/{campaignId}/register-eligible {organizationId}: registers, today,
 * every current member of the organization who is eligible (基本合格 and better) and not yet decided;
 * archive entries and one audit entry "member_registration.register_eligible". Answers {registered}.
 * Errors: 409 campaign_closed (naming the campaign); 404; 403.
 */
export async function registerEligible(
  db: Database,
  actor: Actor,
  campaignId: number,
  organizationId: number,
  today: string,
) {
  return db.transaction(async (tx) => {
    const [target] = await requireAccess(tx, actor, {
      permission: "member:write",
      kind: "organization",
      ids: [organizationId],
    });
    const campaign = await campaignCovering(
      tx,
      "registration",
      campaignId,
      requireFound(target, "organization").path,
    );
    requireOpenCampaign("registration", campaign);
    const rows = await findRegistrationMembers(tx, campaign.id, organizationId);
    const grades = await findApprovedGrades(
      tx,
      rows.map((row) => row.memberId),
      campaign.year,
    );
    const chosen = rows.filter(
      (row) =>
        row.status === null &&
        registrationEligibilityProblem(row.name, grades.get(row.memberId) ?? null) === null,
    );
    for (const row of chosen)
      await upsertRegistration(tx, {
        countyId: row.countyId,
        campaignId,
        memberId: row.memberId,
        status: "registered",
        deferredUntil: null,
        reason: null,
        decidedOn: today,
      });
    await appendMemberEvents(
      tx,
      actor,
      chosen.map((row) => ({
        memberId: row.memberId,
        kind: "registered" as const,
        occurredOn: today,
        summary: archiveSummary(campaign.year, "registered", null),
        detail: { campaignId, status: "registered" },
      })),
    );
    if (chosen.length > 0)
      await recordAudit(tx, actor, {
        action: "member_registration.register_eligible",
        entityType: "organization",
        entityId: organizationId,
        organizationId,
        before: null,
        after: { campaignId, memberIds: chosen.map((row) => row.memberId) },
      });
    return { registered: chosen.length };
  });
}

/**
 * GET /me/registrations: the signed-in member's registrations by year, newest first. Errors: 404
 * without a member record.
 */
export async function listOwnRegistrations(db: Database, actor: Actor) {
  const self = actor.userId === null ? null : await findMemberOfUser(db, actor.userId);
  if (!self) throw notFound("团员档案");
  return findRegistrationsOfMember(db, self.id);
}
