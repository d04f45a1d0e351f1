import { and, eq, isNull, sql } from "drizzle-orm";
import { countyOfWorkflowRecord } from "../../db/county";
import type { Executor } from "../../db/database";
import { appUser, developmentApplication, workflowInstance, workItem } from "../../db/schema";
import { queryRows } from "../../db/sql-result";

/** An application as the issuing of its applicant's account reads it (locked). */
export interface ApplicationForAccount {
  id: number;
  /** The application's county (its instance's, and its subject's work items'). */
  countyId: number;
  instanceId: number;
  name: string;
  organizationId: number;
  organizationKind: string;
  memberId: number | null;
  applicantUserId: number | null;
  state: string;
  closed: boolean;
}

/**
 * An application (入团申请) with its state and branch, its row locked FOR UPDATE so that two
 * secretaries issuing the account at once are ordered (the second sees the first's account).
 */
export async function lockApplicationForAccount(
  db: Executor,
  applicationId: number,
): Promise<ApplicationForAccount | undefined> {
  const rows = await queryRows<ApplicationForAccount>(
    db,
    sql`select a.id::int as id, a.county_id as "countyId", a.instance_id::int as "instanceId", a.name, a.organization_id as "organizationId",
        o.kind as "organizationKind", a.member_id::int as "memberId", a.applicant_user_id as "applicantUserId",
        i.state, i.closed_at is not null as closed
      from development_application a
      join workflow_instance i on i.county_id = a.county_id and i.id = a.instance_id
      join organization o on o.id = a.organization_id
      where a.county_id = ${await countyOfWorkflowRecord(db, "development_application", applicationId)}
        and a.id = ${applicationId}
      for update of a`,
  );
  return rows[0];
}

/**
 * Links an applicant's new account everywhere it acts: development_application.applicant_user_id,
 * the instance's subject (workflow_instance.subject_user_id: the `subject` place of the engine), an
 * open work item awaiting the subject, and app_user.member_id when the applicant is already a member.
 */
export async function linkApplicantAccount(
  db: Executor,
  link: {
    countyId: number;
    applicationId: number;
    instanceId: number;
    userId: number;
    memberId: number | null;
  },
): Promise<void> {
  await db
    .update(developmentApplication)
    .set({ applicantUserId: link.userId })
    .where(
      and(
        eq(developmentApplication.countyId, link.countyId),
        eq(developmentApplication.id, link.applicationId),
      ),
    );
  await db
    .update(workflowInstance)
    .set({ subjectUserId: link.userId })
    .where(and(eq(workflowInstance.countyId, link.countyId), eq(workflowInstance.id, link.instanceId)));
  // The subject's item sits at the instance's organization: the application's county.
  await db
    .update(workItem)
    .set({ awaitingUserId: link.userId })
    .where(
      and(
        eq(workItem.countyId, link.countyId),
        eq(workItem.instanceId, link.instanceId),
        eq(workItem.awaitingPlace, "subject"),
        isNull(workItem.closedAt),
      ),
    );
  if (link.memberId !== null) {
    await db.update(appUser).set({ memberId: link.memberId }).where(eq(appUser.id, link.userId));
  }
}

/** The user name of an account (for the 409 naming the existing account). */
export async function findUsername(db: Executor, userId: number): Promise<string | undefined> {
  const rows = await db.select({ username: appUser.username }).from(appUser).where(eq(appUser.id, userId));
  return rows[0]?.username;
}
