import {
  buildMemberRecordSchema,
  DEVELOPMENT_DATE_STEPS,
  DEVELOPMENT_STATE_LABELS,
  DEVELOPMENT_WORKFLOW,
  type DevelopmentAction,
  type DevelopmentDateField,
  type DevelopmentFacts,
  type DevelopmentState,
  datesClearedByReturn,
  domainErrorFromIssues,
  formatMemberNumber,
  type NamedMemberFacts,
  quotaAvailable,
} from "@tuanwu/domain";
import type { Executor } from "../../db/database";
import { checkAccess } from "../access/access.service";
import { appendMemberEvents } from "../archive/member-event.repository";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { insertHistoryPeriod, insertMember } from "../members/member-record.repository";
import { memberColumns } from "../members/member-record-values";
import { keepSnapshotsExact } from "../stats/member-count-snapshot.service";
import type { WorkflowInstanceRow } from "../workflow/workflow.repository";
import { findWorkflowSteps, type InstanceKey } from "../workflow/workflow.repository";
import type { TransitionContext, TransitionEffects } from "../workflow/workflow-engine";
import { WorkflowRefusal } from "../workflow/workflow-errors";
import {
  type ApplicationKey,
  type ApprovalAncestor,
  type DevelopmentApplicationRow,
  findApprovalAncestors,
  findMembersByIds,
  findSignedFormUploadedOn,
  issueNumberInQuota,
  linkUserToMember,
  nearestQuota,
  takeQuotaPlace,
  updateDevelopmentApplication,
} from "./development.repository";
import { resolvePointsScheme, scoreApplications } from "./development-points";
import { admissionRatioWarningsFor } from "./development-ratios";

/**
 * What member development keeps in its workflow instance's `data`: the entity (application id), the
 * chain's recorded dates, the candidate source, mentors and sponsors (member ids), the branch vote.
 */
export interface DevelopmentData {
  entityId?: number;
  recorded: Partial<Record<DevelopmentDateField, string>>;
  candidateSource?: string | null;
  mentorMemberIds?: number[];
  sponsorMemberIds?: number[];
  vote?: { votingMembers: number; present: number; yes: number } | null;
}

/** The instance's data as {@link DevelopmentData} (an empty chain when absent). */
export function developmentData(instance: Pick<WorkflowInstanceRow, "data">): DevelopmentData {
  const data = (instance.data ?? {}) as Partial<DevelopmentData>;
  return { ...data, recorded: { ...(data.recorded ?? {}) } };
}

/** The date field a step records, if it is a dated step. */
export function dateFieldOf(action: string): DevelopmentDateField | undefined {
  return DEVELOPMENT_DATE_STEPS.find((step) => step.action === action)?.field;
}

/** The step's date: the dated step's recorded date (else the caller's today). */
export function developmentStepDate(action: string, payload: Record<string, unknown>): string | undefined {
  const field = dateFieldOf(action);
  const value = field === undefined ? undefined : payload[field];
  return typeof value === "string" ? value : undefined;
}

/**
 * What the facts loader read that the effects of the same transition reuse instead of reading it
 * again: an approval's ancestors with their quota, county and youth population of the approval year
 * (development.repository findApprovalAncestors). One per transition, filled by
 * {@link loadDevelopmentFacts}, read by {@link developmentEffects}.
 */
export interface DevelopmentFactsMemo {
  approval?: { year: number; ancestors: ApprovalAncestor[] };
}

function idsIn(payload: Record<string, unknown>, field: string): number[] {
  const value = payload[field];
  return Array.isArray(value) ? value.filter((id): id is number => typeof id === "number") : [];
}

/**
 * The facts the development guards look at (domain DevelopmentFacts), gathered in the transaction:
 * the recorded chain, the applicant's birth date, the named members (looked up inside the actor's
 * scope: one outside is "not found"), the unmet prerequisites of the applicable points scheme (when
 * proposing a development target), the quota left and the ratio caps crossed (when approving:
 * development-ratios), the signed form's upload date (when verifying). An approval's quota, county
 * and ratio figures come from one statement (findApprovalAncestors), kept in `memo` for the effects.
 */
export async function loadDevelopmentFacts(
  tx: Executor,
  actor: Actor,
  application: DevelopmentApplicationRow,
  organizationPath: string,
  instance: WorkflowInstanceRow,
  action: string,
  payload: Record<string, unknown>,
  today: string,
  memo: DevelopmentFactsMemo = {},
): Promise<DevelopmentFacts> {
  const data = developmentData(instance);
  const named = [...idsIn(payload, "mentorMemberIds"), ...idsIn(payload, "sponsorMemberIds")];
  const namedMembers: Record<number, NamedMemberFacts> = {};
  if (named.length > 0) {
    const visible = await checkAccess(tx, actor, { permission: "member:read", kind: "member", ids: named });
    const rows = await findMembersByIds(
      tx,
      visible.map((target) => target.id),
    );
    for (const row of rows) {
      namedMembers[row.id] = {
        name: row.name,
        active: row.status === "active",
        isApplicant: row.citizenId === application.citizenId,
      };
    }
  }
  let missingPrerequisites: DevelopmentFacts["missingPrerequisites"] = [];
  if (action === "propose_development_target") {
    const { scheme } = await resolvePointsScheme(tx, organizationPath);
    const on = typeof payload.targetProposedOn === "string" ? payload.targetProposedOn : today;
    const scores = await scoreApplications(tx, scheme, [application.id], Number(on.slice(0, 4)));
    missingPrerequisites = scores.get(application.id)?.missing ?? [];
  }
  let quotaLeft: number | null = null;
  let ratioWarnings: DevelopmentFacts["ratioWarnings"] = [];
  if (action === "approve_admission") {
    const approvalYear = Number(
      (typeof payload.approvedOn === "string" ? payload.approvedOn : today).slice(0, 4),
    );
    const ancestors = await findApprovalAncestors(tx, organizationPath, approvalYear);
    memo.approval = { year: approvalYear, ancestors };
    const quota = nearestQuota(ancestors);
    quotaLeft = quota ? quotaAvailable(quota) : null;
    ratioWarnings = await admissionRatioWarningsFor(tx, application, ancestors, today);
  }
  const signedFormUploadedOn =
    action === "verify_application_form" && application.memberId !== null
      ? await findSignedFormUploadedOn(tx, application.memberId)
      : null;
  return {
    today,
    applicantBirthDate: application.birthDate,
    recorded: data.recorded,
    namedMembers,
    missingPrerequisites,
    quotaAvailable: quotaLeft,
    ratioWarnings,
    signedFormUploadedOn,
  };
}

const QUOTA_EXHAUSTED = {
  code: "quota_exhausted",
  field: "quota",
  message: "发展名额：本年度名额已用完，不能批准",
};

/**
 * Issues a member number inside the quota (总量控制, 编号管理; issue 10 part 4) and writes it with the
 * quota on the application, in the approval's transaction: one place of the nearest quota of the
 * branch or an ancestor for the approval's year (`used + 1` only while within the amount: the row
 * lock orders concurrent approvals), the county's next sequence, the number formatted as domain
 * formatMemberNumber — one statement (development.repository issueNumberInQuota). The quota and the
 * county come from `ancestors` (what the facts read, findApprovalAncestors), else are read here.
 * @throws WorkflowRefusal 422 quota_missing / quota_exhausted / county_division_code_missing (in
 * that order); RangeError past the 999,999th number of a county's year (rolled back).
 */
export async function issueMemberNumber(
  tx: Executor,
  application: ApplicationKey,
  organizationPath: string,
  year: number,
  ancestors?: readonly ApprovalAncestor[],
): Promise<{ quotaId: number; memberNumber: string }> {
  const rows = ancestors ?? (await findApprovalAncestors(tx, organizationPath, year));
  const quota = nearestQuota(rows);
  if (!quota) {
    throw new WorkflowRefusal(422, [
      { code: "quota_missing", field: "quota", message: "发展名额：本年度未分配发展名额，不能批准" },
    ]);
  }
  const county = rows.find((organization) => organization.level === "county");
  const divisionCode = county?.divisionCode ?? null;
  if (!county || divisionCode === null || !/^\d{6}$/.test(divisionCode)) {
    // An exhausted quota is said first (as when the place was taken before the county was read).
    if (!(await takeQuotaPlace(tx, quota.id))) throw new WorkflowRefusal(422, [QUOTA_EXHAUSTED]);
    throw new WorkflowRefusal(422, [
      {
        code: "county_division_code_missing",
        field: "quota",
        message: "团员编号：所属县级团委未登记6位行政区划代码，无法编号",
      },
    ]);
  }
  const issued = await issueNumberInQuota(tx, {
    application,
    quotaId: quota.id,
    countyOrganizationId: county.id,
    year,
    divisionCode,
  });
  if (!issued) throw new WorkflowRefusal(422, [QUOTA_EXHAUSTED]);
  // The domain's format is the rule; the statement's must agree (and a sequence past 999,999 throws).
  const memberNumber = formatMemberNumber(year, divisionCode, issued.sequence);
  if (memberNumber !== issued.memberNumber) {
    throw new Error(`member number ${issued.memberNumber} differs from ${memberNumber}`);
  }
  return { quotaId: quota.id, memberNumber };
}

/**
 * Creates the member record of an admitted applicant on the oath (入团仪式), as the member creation
 * path does (members/member-record.service createMember: record checked by the domain's rules,
 * status active from the join date, first member_history period, counters by their triggers, audit
 * "member.create"), with the join date = the branch vote date and the issued number; then writes the
 * application's whole timeline into the member's archive (one "development_step" entry per step, then
 * "joined"), and links the applicant's account to the record. Returns the member id.
 * @throws DomainError 400 naming the field when the person no longer passes the member rules.
 */
export async function createAdmittedMember(
  tx: Executor,
  actor: Actor,
  application: DevelopmentApplicationRow,
  branchName: string,
  instance: InstanceKey,
  joinedOn: string,
  today: string,
): Promise<number> {
  const parsed = buildMemberRecordSchema(today).safeParse({
    name: application.name,
    sex: application.sex,
    birthDate: application.birthDate,
    citizenId: application.citizenId,
    idDocumentType: "resident_id_card",
    ethnicity: application.ethnicity,
    phone: application.phone,
    joinedOn,
    memberNumber: application.memberNumber,
    politicalStatus: "league_member",
    ...(application.schoolLevel ? { occupation: "student" } : {}),
  });
  if (!parsed.success) throw domainErrorFromIssues(parsed.error.issues);
  const columns = { ...memberColumns(parsed.data), organizationId: application.organizationId };
  const memberId = await insertMember(tx, { ...columns, status: "active", statusSince: joinedOn });
  // Admitted on a day on or before the last month-end: the month-end snapshots since then count the
  // new member, as a recount from history would (issue 18 part 4).
  await keepSnapshotsExact(tx, [memberId], joinedOn, () =>
    insertHistoryPeriod(tx, {
      memberId,
      organizationId: application.organizationId,
      status: "active",
      validFrom: joinedOn,
    }),
  );
  const steps = await findWorkflowSteps(tx, instance);
  const labels = new Map<string, string>(
    DEVELOPMENT_WORKFLOW.transitions.map((transition) => [transition.action, transition.label.zh]),
  );
  await appendMemberEvents(tx, actor, [
    ...steps.map((step) => ({
      memberId,
      kind: "development_step" as const,
      occurredOn: step.occurredOn,
      summary: `${step.action === "open" ? "递交入团申请" : (labels.get(step.action) ?? step.action)}（${DEVELOPMENT_STATE_LABELS[step.toState as DevelopmentState]?.zh ?? step.toState}）`,
      detail: {
        applicationId: application.id,
        instanceId: instance.id,
        sequence: step.sequence,
        action: step.action,
      },
    })),
    {
      memberId,
      kind: "joined" as const,
      occurredOn: joinedOn,
      summary: `入团，编入${branchName}（团员编号${application.memberNumber ?? ""}）`,
      detail: { applicationId: application.id },
    },
  ]);
  await recordAudit(tx, actor, {
    action: "member.create",
    entityType: "member",
    entityId: memberId,
    organizationId: application.organizationId,
    after: columns,
    detail: { applicationId: application.id },
  });
  if (application.applicantUserId !== null) await linkUserToMember(tx, application.applicantUserId, memberId);
  return memberId;
}

/**
 * The development workflow's effects of an allowed step (the engine's hook), in its transaction:
 * records the step's date, mentors, sponsors and vote in the instance's data; a return clears the
 * dates after the step returned to (datesClearedByReturn) with what they carried; the approval issues
 * the number inside the quota (reusing the ancestors the facts read, `memo`); the oath creates the
 * member record.
 */
export async function developmentEffects(
  tx: Executor,
  application: DevelopmentApplicationRow,
  branchName: string,
  context: TransitionContext<DevelopmentFacts>,
  today: string,
  memo: DevelopmentFactsMemo = {},
): Promise<TransitionEffects> {
  const { payload, instance } = context;
  const action = context.action as DevelopmentAction;
  const data = developmentData(instance);
  const field = dateFieldOf(action);
  if (field !== undefined && typeof payload[field] === "string") data.recorded[field] = payload[field];
  if (action === "name_candidate") {
    data.candidateSource = typeof payload.source === "string" ? payload.source : null;
    data.mentorMemberIds = idsIn(payload, "mentorMemberIds");
  }
  if (action === "name_sponsors") data.sponsorMemberIds = idsIn(payload, "sponsorMemberIds");
  if (action === "record_branch_vote") {
    data.vote = {
      votingMembers: Number(payload.votingMembers),
      present: Number(payload.present),
      yes: Number(payload.yes),
    };
  }
  if (action === "return_to_step") {
    const cleared = datesClearedByReturn(context.to as DevelopmentState);
    for (const date of cleared) delete data.recorded[date];
    if (cleared.includes("candidateNamedOn")) {
      data.mentorMemberIds = [];
      data.candidateSource = null;
    }
    if (cleared.includes("sponsorsNamedOn")) data.sponsorMemberIds = [];
    if (cleared.includes("voteDate")) data.vote = null;
  }
  let subjectMemberId: number | undefined;
  if (action === "approve_admission") {
    const year = Number(context.occurredOn.slice(0, 4));
    const gathered = memo.approval?.year === year ? memo.approval.ancestors : undefined;
    await issueMemberNumber(tx, application, context.instance.organizationPath, year, gathered);
  }
  if (action === "record_oath") {
    const joinedOn = data.recorded.voteDate;
    if (joinedOn === undefined) {
      throw new WorkflowRefusal(422, [
        { code: "vote_missing", field: "voteDate", message: "支部大会日期：尚未记录，不能记录入团仪式" },
      ]);
    }
    // The member's archive is written from the timeline, which must include this step.
    await context.appendStep();
    subjectMemberId = await createAdmittedMember(
      tx,
      context.actor,
      application,
      branchName,
      instance,
      joinedOn,
      today,
    );
    await updateDevelopmentApplication(tx, application, { memberId: subjectMemberId });
  }
  return {
    data: data as unknown as Record<string, unknown>,
    ...(subjectMemberId === undefined ? {} : { subjectMemberId }),
  };
}
