import { and, eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { inCountiesOfRows, type LocatedRecordTable, type YouthHomeRecordTable } from "../../db/county";
import type { Executor } from "../../db/database";
import {
  activity,
  branchEducationReview,
  cadre,
  contactLog,
  deputy,
  developmentApplication,
  educationReviewCampaign,
  evaluationRound,
  liaisonStation,
  meeting,
  member,
  memberAttachment,
  memberTransfer,
  organization,
  organizationTerm,
  partyRecommendation,
  plan,
  planAttachment,
  planCloseOut,
  planTarget,
  planTask,
  planUnit,
  registrationCampaign,
  reviewSession,
  starRating,
  survey,
  trainingRound,
  volunteerRecord,
  volunteerShift,
  workflowInstance,
  youthHome,
} from "../../db/schema";

/**
 * The kinds of object an access check takes ids of. Each sits at one organization of the tree (its
 * organization path decides the scope): an organization itself; a member (团员) and a member's archive
 * attachment at the member's branch; a plan (实施方案) and its tasks, targets, responsible units (责任单位),
 * close-outs (销号) and task attachments at the plan's organization; an evaluation round (评估轮次) at the
 * organization it is held at; an application of member development (入团申请) at the applicant's branch;
 * a transfer (组织关系转接) at two organizations — the sending branch and the receiving organization (its
 * workflow instance's organization and counterpart): each side reaches it. A Youth Home (青年之家 or a
 * service post), an activity, a volunteer shift and a volunteer record (at the recording organization)
 * and a survey (问卷) sit at their own organization.
 * workflow instance's organization and counterpart): each side reaches it. The cadre records of issue 13
 * (a cadre 团干部, an organization's term 届期, a training round 轮训, a report-and-review session 述职评议,
 * a deputy 团代表, a liaison station 联络站, a contact log 联系记录) sit at their organization.
 * workflow instance's organization and counterpart): each side reaches it. Issue 12: a meeting (组织生活)
 * at its branch; an education-review campaign and a registration campaign at the organization that
 * opened it; a branch's education review at the branch; a recommendation to the Party (推优入党) at the
 * organization recorded on it; a star rating (评星定级) at the branch rated.
 */
export const ACCESS_KINDS = [
  "organization",
  "member",
  "member_attachment",
  "plan",
  "plan_task",
  "plan_target",
  "plan_unit",
  "plan_close_out",
  "plan_attachment",
  "evaluation_round",
  "development_application",
  "member_transfer",
  "youth_home",
  "activity",
  "volunteer_shift",
  "volunteer_record",
  "survey",
  "cadre",
  "organization_term",
  "training_round",
  "review_session",
  "deputy",
  "liaison_station",
  "contact_log",
  "meeting",
  "education_review_campaign",
  "branch_education_review",
  "registration_campaign",
  "party_recommendation",
  "star_rating",
] as const;

/** A kind of object (see {@link ACCESS_KINDS}). */
export type AccessKind = (typeof ACCESS_KINDS)[number];

/** An object of an access check: its id and the materialized path of the organization it sits at. */
export interface AccessTarget {
  id: number;
  path: string;
  /** The other side's organization path, for an object between two organizations (a transfer). */
  counterpartPath?: string | null;
}

/** The receiving organization of a transfer, joined under its own name. */
const counterpartOrganization = alias(organization, "counterpart_organization");

/**
 * The branch path of each member of `ids` that exists: their counties first (db/county.ts
 * inCountiesOfRows: one single-shard read of county_locator for one id on Citus), then the members by
 * county and id — one shard when they share a county (by id alone every shard). Ids without a county
 * (no such member) are absent.
 */
async function findMemberAccessTargets(db: Executor, ids: number[]): Promise<AccessTarget[]> {
  const inCounties = await inCountiesOfRows(db, "member", ids, member.countyId);
  if (!inCounties) return [];
  return db
    .select({ id: member.id, path: organization.path })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(and(inCounties, inArray(member.id, ids)));
}

/**
 * The branch path of each member attachment of `ids` that exists: their counties first (county_locator
 * kind member_attachment, migration 0052_users_reference), then the attachments with their members by
 * county and id, as {@link findMemberAccessTargets}.
 */
async function findAttachmentAccessTargets(db: Executor, ids: number[]): Promise<AccessTarget[]> {
  const inCounties = await inCountiesOfRows(db, "member_attachment", ids, memberAttachment.countyId);
  if (!inCounties) return [];
  return (
    db
      .select({ id: memberAttachment.id, path: organization.path })
      .from(memberAttachment)
      // On (county_id, member_id): the co-location key, which Citus needs to join the two shards.
      .innerJoin(
        member,
        and(eq(member.countyId, memberAttachment.countyId), eq(member.id, memberAttachment.memberId)),
      )
      .innerJoin(organization, eq(organization.id, member.organizationId))
      .where(and(inCounties, inArray(memberAttachment.id, ids)))
  );
}

/** The located kinds that sit at their own organization (organization_id on the row). */
type LocatedAtOrganization =
  | "meeting"
  | YouthHomeRecordTable
  | "review_session"
  | Exclude<LocatedRecordTable, "plan_task">;

/**
 * The organization path of each meeting, Youth Home, activity, volunteer shift or record, 述职评议
 * session, education review, star rating, Party recommendation, ledger plan, term or survey of `ids` that
 * exists: their counties first (county_locator kinds of migrations 0053_meeting_county,
 * 0054_youth_home_distribution, 0055_review_session_county and 0059_record_locator: one shard on Citus for
 * one id), then the rows by county and id, as
 * {@link findMemberAccessTargets}.
 */
async function findLocatedAccessTargets(
  db: Executor,
  kind: LocatedAtOrganization,
  ids: number[],
): Promise<AccessTarget[]> {
  const table = {
    meeting,
    youth_home: youthHome,
    activity,
    volunteer_shift: volunteerShift,
    volunteer_record: volunteerRecord,
    review_session: reviewSession,
    branch_education_review: branchEducationReview,
    star_rating: starRating,
    party_recommendation: partyRecommendation,
    plan,
    organization_term: organizationTerm,
    survey,
  }[kind];
  const inCounties = await inCountiesOfRows(db, kind, ids, table.countyId);
  if (!inCounties) return [];
  return db
    .select({ id: table.id, path: organization.path })
    .from(table)
    .innerJoin(organization, eq(organization.id, table.organizationId))
    .where(and(inCounties, inArray(table.id, ids)));
}

/**
 * The organization path (its plan's) of each ledger task of `ids`: their counties first
 * (db/county.ts inCountiesOfRows), then the tasks by county and id joined to their plans on `(county_id,
 * plan_id)`, the co-location key — one task on Citus when they share a county.
 */
async function findPlanTaskAccessTargets(db: Executor, ids: number[]): Promise<AccessTarget[]> {
  const byCounty = await inCountiesOfRows(db, "plan_task", ids, planTask.countyId);
  if (byCounty === null) return [];
  return db
    .select({ id: planTask.id, path: organization.path })
    .from(planTask)
    .innerJoin(plan, and(eq(plan.countyId, planTask.countyId), eq(plan.id, planTask.planId)))
    .innerJoin(organization, eq(organization.id, plan.organizationId))
    .where(and(byCounty, inArray(planTask.id, ids)));
}

/**
 * The organization path of each of `ids` of `kind` that exists (one statement; missing ids are
 * absent from the result, order unspecified).
 */
export async function findAccessTargets(
  db: Executor,
  kind: AccessKind,
  ids: readonly number[],
): Promise<AccessTarget[]> {
  if (ids.length === 0) return [];
  const list = [...ids];
  switch (kind) {
    case "organization":
      return db
        .select({ id: organization.id, path: organization.path })
        .from(organization)
        .where(inArray(organization.id, list));
    case "member":
      return findMemberAccessTargets(db, list);
    case "member_attachment":
      return findAttachmentAccessTargets(db, list);
    // The ledger (distributed by county on Citus, migration 0045_ledger_county): joined on (county_id, …),
    // the co-location key, which Citus needs to join the shards.
    case "plan":
      return findLocatedAccessTargets(db, "plan", list);
    case "plan_task":
      return findPlanTaskAccessTargets(db, list);
    case "plan_target":
      return db
        .select({ id: planTarget.id, path: organization.path })
        .from(planTarget)
        .innerJoin(
          planTask,
          and(eq(planTask.countyId, planTarget.countyId), eq(planTask.id, planTarget.taskId)),
        )
        .innerJoin(plan, and(eq(plan.countyId, planTask.countyId), eq(plan.id, planTask.planId)))
        .innerJoin(organization, eq(organization.id, plan.organizationId))
        .where(inArray(planTarget.id, list));
    case "plan_unit":
      return db
        .select({ id: planUnit.id, path: organization.path })
        .from(planUnit)
        .innerJoin(plan, and(eq(plan.countyId, planUnit.countyId), eq(plan.id, planUnit.planId)))
        .innerJoin(organization, eq(organization.id, plan.organizationId))
        .where(inArray(planUnit.id, list));
    case "plan_close_out":
      return db
        .select({ id: planCloseOut.id, path: organization.path })
        .from(planCloseOut)
        .innerJoin(
          planTask,
          and(eq(planTask.countyId, planCloseOut.countyId), eq(planTask.id, planCloseOut.taskId)),
        )
        .innerJoin(plan, and(eq(plan.countyId, planTask.countyId), eq(plan.id, planTask.planId)))
        .innerJoin(organization, eq(organization.id, plan.organizationId))
        .where(inArray(planCloseOut.id, list));
    case "plan_attachment":
      return db
        .select({ id: planAttachment.id, path: organization.path })
        .from(planAttachment)
        .innerJoin(
          planTask,
          and(eq(planTask.countyId, planAttachment.countyId), eq(planTask.id, planAttachment.taskId)),
        )
        .innerJoin(plan, and(eq(plan.countyId, planTask.countyId), eq(plan.id, planTask.planId)))
        .innerJoin(organization, eq(organization.id, plan.organizationId))
        .where(inArray(planAttachment.id, list));
    case "evaluation_round":
      return db
        .select({ id: evaluationRound.id, path: organization.path })
        .from(evaluationRound)
        .innerJoin(organization, eq(organization.id, evaluationRound.organizationId))
        .where(inArray(evaluationRound.id, list));
    case "development_application":
      return db
        .select({ id: developmentApplication.id, path: organization.path })
        .from(developmentApplication)
        .innerJoin(organization, eq(organization.id, developmentApplication.organizationId))
        .where(inArray(developmentApplication.id, list));
    case "member_transfer":
      return db
        .select({
          id: memberTransfer.id,
          path: organization.path,
          counterpartPath: counterpartOrganization.path,
        })
        .from(memberTransfer)
        .innerJoin(
          workflowInstance,
          and(
            eq(workflowInstance.countyId, memberTransfer.countyId),
            eq(workflowInstance.id, memberTransfer.instanceId),
          ),
        )
        .innerJoin(organization, eq(organization.id, workflowInstance.organizationId))
        .leftJoin(
          counterpartOrganization,
          eq(counterpartOrganization.id, workflowInstance.counterpartOrganizationId),
        )
        .where(inArray(memberTransfer.id, list));
    case "youth_home":
    case "activity":
    case "volunteer_shift":
    case "volunteer_record":
      return findLocatedAccessTargets(db, kind, list);
    case "survey":
      return findLocatedAccessTargets(db, "survey", list);
    case "cadre":
      return db
        .select({ id: cadre.id, path: organization.path })
        .from(cadre)
        .innerJoin(organization, eq(organization.id, cadre.organizationId))
        .where(inArray(cadre.id, list));
    case "organization_term":
      return findLocatedAccessTargets(db, "organization_term", list);
    case "training_round":
      return db
        .select({ id: trainingRound.id, path: organization.path })
        .from(trainingRound)
        .innerJoin(organization, eq(organization.id, trainingRound.organizationId))
        .where(inArray(trainingRound.id, list));
    case "review_session":
      return findLocatedAccessTargets(db, "review_session", list);
    case "deputy":
      return db
        .select({ id: deputy.id, path: organization.path })
        .from(deputy)
        .innerJoin(organization, eq(organization.id, deputy.organizationId))
        .where(inArray(deputy.id, list));
    case "liaison_station":
      return db
        .select({ id: liaisonStation.id, path: organization.path })
        .from(liaisonStation)
        .innerJoin(organization, eq(organization.id, liaisonStation.organizationId))
        .where(inArray(liaisonStation.id, list));
    case "contact_log":
      return db
        .select({ id: contactLog.id, path: organization.path })
        .from(contactLog)
        .innerJoin(organization, eq(organization.id, contactLog.organizationId))
        .where(inArray(contactLog.id, list));
    case "meeting":
      return findLocatedAccessTargets(db, "meeting", list);
    case "education_review_campaign":
      return db
        .select({ id: educationReviewCampaign.id, path: organization.path })
        .from(educationReviewCampaign)
        .innerJoin(organization, eq(organization.id, educationReviewCampaign.organizationId))
        .where(inArray(educationReviewCampaign.id, list));
    case "branch_education_review":
      return findLocatedAccessTargets(db, "branch_education_review", list);
    case "registration_campaign":
      return db
        .select({ id: registrationCampaign.id, path: organization.path })
        .from(registrationCampaign)
        .innerJoin(organization, eq(organization.id, registrationCampaign.organizationId))
        .where(inArray(registrationCampaign.id, list));
    case "party_recommendation":
      return findLocatedAccessTargets(db, "party_recommendation", list);
    case "star_rating":
      return findLocatedAccessTargets(db, "star_rating", list);
  }
}
