import { assertRoleGrantAllowed, DomainError, type OrganizationKind } from "@tuanwu/domain";
import type { Database } from "../../db/database";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import {
  findUsername,
  linkApplicantAccount,
  lockApplicationForAccount,
} from "./applicant-account.repository";
import { createUser, generateOneTimePassword } from "./user.service";

/** The user name proposed for an applicant's account: "sq" (申请) and the application's id, e.g. "sq42". */
export function applicantUsername(applicationId: number): string {
  return `sq${applicationId}`;
}

/** States in which an application no longer gets an account (closed without admission). */
const CLOSED_WITHOUT_ADMISSION = new Set(["rejected", "withdrawn"]);

/**
 * Issues the applicant of an application (入团申请) their own account (issue 10 part 7: "an applicant
 * who is not yet a member gets an account when the branch registers the application"): role `member`
 * on the applicant's branch, a one-time password (一次性密码) returned once that must be changed at the
 * first login, display name the applicant's name (or `input.displayName`), user name `input.username`
 * or "sq<application id>". In one transaction with the application row locked: the account is linked
 * as development_application.applicant_user_id, workflow_instance.subject_user_id (the engine's
 * `subject`: the applicant may withdraw) and any open work item awaiting the subject, and — when the
 * applicant is already admitted — app_user.member_id. Audited as user.create and
 * development.issue_account (never the password). Used by POST /applications/{id}/account and
 * `tuanwu user create … --application ID`.
 *
 * Errors: 404 application missing or outside the actor's subtree; 403 without member:write; 409
 * account_exists (field id) when the applicant has one already, or the user name is taken (field
 * username); 422 application_closed (field state) for a rejected or withdrawn application; 400
 * weak_password never (generated).
 */
export async function issueApplicantAccount(
  db: Database,
  actor: Actor,
  applicationId: number,
  input: { username?: string | undefined; displayName?: string | undefined } = {},
): Promise<{ userId: number; username: string; oneTimePassword: string }> {
  return db.transaction(async (tx) => {
    await requireAccess(tx, actor, {
      permission: "member:write",
      kind: "development_application",
      ids: [applicationId],
    });
    const application = requireFound(
      await lockApplicationForAccount(tx, applicationId),
      "development_application",
    );
    if (application.applicantUserId !== null) {
      const existing = await findUsername(tx, application.applicantUserId);
      throw new DomainError(
        "account_exists",
        `id：该申请人已有账号（${existing ?? application.applicantUserId}），可重置其密码 / the applicant already has an account`,
        { field: "id", status: 409 },
      );
    }
    if (CLOSED_WITHOUT_ADMISSION.has(application.state)) {
      throw new DomainError(
        "application_closed",
        "state：申请已不予通过或已撤回，不能开通账号 / the application was rejected or withdrawn",
        { field: "state", status: 422 },
      );
    }
    assertRoleGrantAllowed("member", application.organizationKind as OrganizationKind);
    const username = input.username ?? applicantUsername(applicationId);
    const oneTimePassword = generateOneTimePassword();
    const userId = await createUser(tx, actor, {
      username,
      displayName: input.displayName ?? application.name,
      password: oneTimePassword,
      role: "member",
      organizationId: application.organizationId,
      mustChangePassword: true,
    });
    await linkApplicantAccount(tx, {
      countyId: application.countyId,
      applicationId,
      instanceId: application.instanceId,
      userId,
      memberId: application.memberId,
    });
    await recordAudit(tx, actor, {
      action: "development.issue_account",
      entityType: "development_application",
      entityId: applicationId,
      organizationId: application.organizationId,
      detail: { userId, username },
    });
    return { userId, username, oneTimePassword };
  });
}
