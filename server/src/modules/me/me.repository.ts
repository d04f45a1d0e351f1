import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import {
  appUser,
  developmentApplication,
  organization,
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
    .innerJoin(
      workflowInstance,
      and(
        eq(workflowInstance.countyId, developmentApplication.countyId),
        eq(workflowInstance.id, developmentApplication.instanceId),
      ),
    )
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
