import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { countiesOfMembers, countiesOfRows, type LocatedRecordTable } from "../../db/county";
import type { Executor } from "../../db/database";
import {
  activity,
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
  plan,
  planAttachment,
  planCloseOut,
  planTarget,
  planTask,
  planUnit,
  registrationCampaign,
  reviewSession,
  trainingRound,
  volunteerRecord,
  volunteerShift,
  workflowInstance,
  youthHome,
} from "../../db/schema";
import { queryRows } from "../../db/sql-result";
import { bigintArray, intArray } from "../../lib/sql-arrays";

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
 * The branch path of each member of `ids` that exists: their counties first (db/county.ts, one
 * single-shard read of county_locator for one id on Citus), then the members by county and id, so the
 * read is a single-shard (router) query on Citus when they share a county (by id alone it would ask
 * every shard). Ids without a county (no such member) are absent.
 */
async function findMemberAccessTargets(db: Executor, ids: number[]): Promise<AccessTarget[]> {
  const counties = [...new Set((await countiesOfMembers(db, ids)).values())];
  if (counties.length === 0) return [];
  return db
    .select({ id: member.id, path: organization.path })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(
      and(
        counties.length === 1
          ? eq(member.countyId, counties[0] as number)
          : inArray(member.countyId, counties),
        inArray(member.id, ids),
      ),
    );
}

/**
 * The branch path of each member attachment of `ids` that exists: their counties first (county_locator,
 * migration 0052_users_reference: one single-shard read on Citus for one id), then the attachments with
 * their members by county and id — one shard when they share a county (by id alone every shard).
 */
async function findAttachmentAccessTargets(db: Executor, ids: number[]): Promise<AccessTarget[]> {
  const counties = [...new Set((await countiesOfRows(db, "member_attachment", ids)).values())];
  if (counties.length === 0) return [];
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
      .where(
        and(
          counties.length === 1
            ? eq(memberAttachment.countyId, counties[0] as number)
            : inArray(memberAttachment.countyId, counties),
          inArray(memberAttachment.id, ids),
        ),
      )
  );
}

/**
 * The organization path of each meeting of `ids` that exists: their counties first (county_locator kind
 * meeting, migration 0053_meeting_county: one shard on Citus for one id), then the meetings by county and
 * id, one shard on Citus when they share a county.
 */
async function findMeetingAccessTargets(db: Executor, ids: number[]): Promise<AccessTarget[]> {
  const counties = [...new Set((await countiesOfRows(db, "meeting", ids)).values())];
  if (counties.length === 0) return [];
  return db
    .select({ id: meeting.id, path: organization.path })
    .from(meeting)
    .innerJoin(organization, eq(organization.id, meeting.organizationId))
    .where(
      and(
        counties.length === 1
          ? eq(meeting.countyId, counties[0] as number)
          : inArray(meeting.countyId, counties),
        inArray(meeting.id, ids),
      ),
    );
}

/**
 * The county filter of a read of `ids` of a located kind: their counties from county_locator first
 * (db/county.ts countiesOfRows; migration 0057_record_locator — one shard on Citus for one id), as
 * `<alias>.county_id = c` for one county (a single-shard statement on Citus) or `= any(…)` for several;
 * null when none of the ids exists.
 */
async function locatedCountyFilter(
  db: Executor,
  kind: LocatedRecordTable,
  ids: number[],
  alias: string,
): Promise<SQL | null> {
  const counties = [...new Set((await countiesOfRows(db, kind, ids)).values())];
  if (counties.length === 0) return null;
  const column = sql`${sql.identifier(alias)}.county_id`;
  return counties.length === 1
    ? sql`${column} = ${counties[0]}`
    : sql`${column} = any(${intArray(counties)})`;
}

/**
 * The organization path of each row of `ids` of a located kind sitting at an organization (a review, a
 * rating, a recommendation, a ledger plan, a term, a survey): their counties first ({@link locatedCountyFilter}), then the
 * rows by county and id with their organization — one task on Citus when they share a county (by id alone
 * a read of every shard).
 */
async function findLocatedAccessTargets(
  db: Executor,
  kind: Exclude<LocatedRecordTable, "plan_task">,
  ids: number[],
): Promise<AccessTarget[]> {
  const byCounty = await locatedCountyFilter(db, kind, ids, "t");
  if (byCounty === null) return [];
  const rows = await queryRows<{ id: number | string; path: string }>(
    db,
    sql`select t.id, o.path from ${sql.identifier(kind)} t join organization o on o.id = t.organization_id
        where ${byCounty} and t.id = any(${bigintArray(ids)})`,
  );
  return rows.map((row) => ({ id: Number(row.id), path: row.path }));
}

/**
 * The organization path (its plan's) of each ledger task of `ids`: their counties first
 * ({@link locatedCountyFilter}), then the tasks by county and id joined to their plans on `(county_id,
 * plan_id)`, the co-location key — one task on Citus when they share a county.
 */
async function findPlanTaskAccessTargets(db: Executor, ids: number[]): Promise<AccessTarget[]> {
  const byCounty = await locatedCountyFilter(db, "plan_task", ids, "plan_task");
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
      return db
        .select({ id: youthHome.id, path: organization.path })
        .from(youthHome)
        .innerJoin(organization, eq(organization.id, youthHome.organizationId))
        .where(inArray(youthHome.id, list));
    case "activity":
      return db
        .select({ id: activity.id, path: organization.path })
        .from(activity)
        .innerJoin(organization, eq(organization.id, activity.organizationId))
        .where(inArray(activity.id, list));
    case "volunteer_shift":
      return db
        .select({ id: volunteerShift.id, path: organization.path })
        .from(volunteerShift)
        .innerJoin(organization, eq(organization.id, volunteerShift.organizationId))
        .where(inArray(volunteerShift.id, list));
    case "volunteer_record":
      return db
        .select({ id: volunteerRecord.id, path: organization.path })
        .from(volunteerRecord)
        .innerJoin(organization, eq(organization.id, volunteerRecord.organizationId))
        .where(inArray(volunteerRecord.id, list));
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
      return db
        .select({ id: reviewSession.id, path: organization.path })
        .from(reviewSession)
        .innerJoin(organization, eq(organization.id, reviewSession.organizationId))
        .where(inArray(reviewSession.id, list));
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
      return findMeetingAccessTargets(db, list);
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
