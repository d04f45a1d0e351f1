import { and, asc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import {
  applicantPrerequisiteRecord,
  appUser,
  developmentApplication,
  organization,
  pointsScheme,
  workflowInstance,
  workflowStep,
} from "../../db/schema";

/**
 * The reads of the member's own pages (我的档案, 我的入团申请; issue 10 part 7). Every query is keyed by
 * the signed-in user's id or by ids found from it, so a user reaches nobody else's data.
 */

/** The member record an account belongs to (app_user.member_id), or null (staff, applicant not yet admitted). */
export async function findMemberIdOfUser(db: Executor, userId: number): Promise<number | null> {
  const rows = await db
    .select({ memberId: appUser.memberId })
    .from(appUser)
    .where(eq(appUser.id, userId))
    .limit(1);
  return rows[0]?.memberId ?? null;
}

/** An application of the signed-in applicant, with its instance and branch. */
export interface OwnApplicationRow {
  id: number;
  instanceId: number;
  name: string;
  organizationId: number;
  organizationName: string;
  organizationPath: string;
  applicationDate: string;
  memberNumber: string | null;
  memberId: number | null;
  state: string;
  pausedFrom: string | null;
  data: unknown;
  openedAt: Date;
  closedAt: Date | null;
}

/** The applications whose account is `userId` (development_application.applicant_user_id), newest first. */
export async function findApplicationsOfUser(db: Executor, userId: number): Promise<OwnApplicationRow[]> {
  return db
    .select({
      id: developmentApplication.id,
      instanceId: developmentApplication.instanceId,
      name: developmentApplication.name,
      organizationId: developmentApplication.organizationId,
      organizationName: organization.name,
      organizationPath: organization.path,
      applicationDate: developmentApplication.applicationDate,
      memberNumber: developmentApplication.memberNumber,
      memberId: developmentApplication.memberId,
      state: workflowInstance.state,
      pausedFrom: workflowInstance.pausedFrom,
      data: workflowInstance.data,
      openedAt: workflowInstance.openedAt,
      closedAt: workflowInstance.closedAt,
    })
    .from(developmentApplication)
    .innerJoin(workflowInstance, eq(workflowInstance.id, developmentApplication.instanceId))
    .innerJoin(organization, eq(organization.id, developmentApplication.organizationId))
    .where(eq(developmentApplication.applicantUserId, userId))
    .orderBy(sql`${developmentApplication.applicationDate} desc`, sql`${developmentApplication.id} desc`);
}

/** The steps taken on `instanceIds`, in order (workflow_step is append-only). */
export async function findStepsOfInstances(db: Executor, instanceIds: readonly number[]) {
  if (instanceIds.length === 0) return [];
  return db
    .select({
      instanceId: workflowStep.instanceId,
      sequence: workflowStep.sequence,
      action: workflowStep.action,
      fromState: workflowStep.fromState,
      toState: workflowStep.toState,
      occurredOn: workflowStep.occurredOn,
      payload: workflowStep.payload,
    })
    .from(workflowStep)
    .where(inArray(workflowStep.instanceId, [...instanceIds]))
    .orderBy(asc(workflowStep.instanceId), asc(workflowStep.sequence));
}

/**
 * The prerequisite records of `applicationIds` (团课, 思政课, volunteer hours …) on or after `from` and
 * before `until` where given, for scoring: the raw rows; the caller resolves them per source.
 */
export async function findPrerequisiteRecords(
  db: Executor,
  applicationIds: readonly number[],
  range: { from?: string; until?: string } = {},
) {
  if (applicationIds.length === 0) return [];
  return db
    .select({
      applicationId: applicantPrerequisiteRecord.applicationId,
      item: applicantPrerequisiteRecord.item,
      units: applicantPrerequisiteRecord.units,
      occurredOn: applicantPrerequisiteRecord.occurredOn,
    })
    .from(applicantPrerequisiteRecord)
    .where(
      and(
        inArray(applicantPrerequisiteRecord.applicationId, [...applicationIds]),
        range.from ? gte(applicantPrerequisiteRecord.occurredOn, range.from) : undefined,
        range.until ? lt(applicantPrerequisiteRecord.occurredOn, range.until) : undefined,
      ),
    )
    .orderBy(asc(applicantPrerequisiteRecord.occurredOn), asc(applicantPrerequisiteRecord.id));
}

/**
 * The points scheme (积分入团方案) of the nearest organization among `organizationIds` (the branch and
 * its ancestors, nearest first) that has one, unvalidated; undefined when none has.
 */
export async function findNearestPointsScheme(
  db: Executor,
  organizationIds: readonly number[],
): Promise<unknown | undefined> {
  if (organizationIds.length === 0) return undefined;
  const rows = await db
    .select({ organizationId: pointsScheme.organizationId, scheme: pointsScheme.scheme })
    .from(pointsScheme)
    .where(inArray(pointsScheme.organizationId, [...organizationIds]));
  const byOrganization = new Map(rows.map((row) => [row.organizationId, row.scheme]));
  for (const id of organizationIds) if (byOrganization.has(id)) return byOrganization.get(id);
  return undefined;
}
