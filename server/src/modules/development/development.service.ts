import {
  availableActions,
  buildMemberRecordSchema,
  DEVELOPMENT_DATE_STEPS,
  DEVELOPMENT_PAYLOAD_SCHEMAS,
  DEVELOPMENT_STATE_LABELS,
  DEVELOPMENT_WORKFLOW,
  type DevelopmentAction,
  type DevelopmentState,
  DomainError,
  domainErrorFromIssues,
  earlierSteps,
  type GuardFailure,
  maskCitizenId,
  maskPhone,
  normalizeCitizenId,
  quotaAvailable,
  rankByPoints,
} from "@tuanwu/domain";
import type { Database, Executor } from "../../db/database";
import { HttpError, notFound } from "../../lib/http-errors";
import { pinyinInitials } from "../../lib/pinyin";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { requireMemberBranch } from "../members/member.policy";
import {
  findWorkflowInstance,
  findWorkflowSteps,
  setWorkflowInstanceData,
} from "../workflow/workflow.repository";
import { workflowActorOf } from "../workflow/workflow-actor";
import { type AppliedTransition, applyTransitionIn, openInstance } from "../workflow/workflow-engine";
import { WorkflowRefusal } from "../workflow/workflow-errors";
import {
  findApplicableQuota,
  findCitizenIdInUse,
  findDevelopmentApplication,
  findMembersByIds,
  findPipelinePage,
  insertDevelopmentApplication,
} from "./development.repository";
import { type ApplicationInput, applicationInputSchema } from "./development.schemas";
import {
  type DevelopmentData,
  type DevelopmentFactsMemo,
  developmentData,
  developmentEffects,
  developmentStepDate,
  loadDevelopmentFacts,
} from "./development-effects";
import { describePoints, resolvePointsScheme, scoreApplications } from "./development-points";

/** Largest page of the pipeline. */
export const PIPELINE_PAGE_SIZE_LIMIT = 100;

const ACTION_LABELS = new Map<string, string>(
  DEVELOPMENT_WORKFLOW.transitions.map((transition) => [transition.action, transition.label.zh]),
);

/** A registered application: its id, its workflow instance and the instance's version (1). */
export interface RegisteredApplication {
  id: number;
  instanceId: number;
  version: number;
}

/**
 * Registers a written application 入团申请 at a branch (团支部; domain.md §3, issue 10 part 2) and
 * opens its member development instance in state "applied" (step 1, and the branch's work item 待办).
 * The person is checked like a member record (citizen ID valid and consistent with birth date and
 * sex, phone, ethnicity code); the application date not after `today`. Audit
 * "development.register"; one transaction.
 *
 * @param options.applicantUserId the applicant's own account, if one exists already.
 * @returns the application's id, instance id and version.
 * Errors: 404 branch outside the subtree; 403 without member:write; 422 members_only_in_branch (not a
 * branch); 400 naming the field (bad input; 身份证号 already a member's or in an open application).
 */
export async function registerApplication(
  db: Database,
  actor: Actor,
  branchId: number,
  input: ApplicationInput,
  today: string,
  options: { applicantUserId?: number | null } = {},
): Promise<RegisteredApplication> {
  const parsed = applicationInputSchema.safeParse(input);
  if (!parsed.success) throw domainErrorFromIssues(parsed.error.issues);
  const person = parsed.data;
  const checked = buildMemberRecordSchema(today).safeParse({
    name: person.name,
    sex: person.sex,
    birthDate: person.birthDate,
    citizenId: person.citizenId,
    idDocumentType: "resident_id_card",
    phone: person.phone ?? null,
    ethnicity: person.ethnicity ?? null,
    joinedOn: today,
  });
  if (!checked.success) {
    const issues = checked.error.issues.filter((issue) => issue.path[0] !== "joinedOn");
    if (issues.length > 0) throw domainErrorFromIssues(issues);
  }
  if (person.applicationDate > today) {
    throw new DomainError("invalid_input", `申请日期：不能晚于今天（${today}）`, {
      field: "applicationDate",
      status: 400,
    });
  }
  if (person.applicationDate < person.birthDate) {
    throw new DomainError("invalid_input", "申请日期：不能早于出生日期", {
      field: "applicationDate",
      status: 400,
    });
  }
  const citizenId = normalizeCitizenId(person.citizenId);
  return db.transaction(async (tx) => {
    const branch = await requireMemberBranch(tx, actor, branchId);
    const holder = await findCitizenIdInUse(tx, citizenId);
    if (holder) {
      throw new DomainError(
        "invalid_input",
        holder.kind === "member"
          ? `身份证号：已是团员（${holder.organizationName}），不能再申请入团`
          : `身份证号：已有未办结的入团申请（${holder.organizationName}）`,
        { field: "citizenId", status: 400 },
      );
    }
    const applicantUserId = options.applicantUserId ?? null;
    const data: DevelopmentData = { recorded: { applicationDate: person.applicationDate } };
    const instance = await openInstance(tx, {
      definition: DEVELOPMENT_WORKFLOW,
      organizationId: branch.id,
      title: person.name,
      subjectUserId: applicantUserId,
      data: data as unknown as Record<string, unknown>,
      actor,
      occurredOn: person.applicationDate,
      payload: { applicationDate: person.applicationDate },
    });
    const id = await insertDevelopmentApplication(tx, {
      countyId: instance.countyId,
      instanceId: instance.id,
      organizationId: branch.id,
      name: person.name,
      nameInitials: pinyinInitials(person.name),
      sex: person.sex,
      ethnicity: person.ethnicity ?? null,
      citizenId,
      birthDate: person.birthDate,
      phone: person.phone ?? null,
      schoolLevel: person.schoolLevel ?? null,
      grade: person.grade ?? null,
      graduatingClass: person.graduatingClass ?? false,
      applicationDate: person.applicationDate,
      applicantUserId,
    });
    await setWorkflowInstanceData(tx, instance, { ...data, entityId: id });
    await recordAudit(tx, actor, {
      action: "development.register",
      entityType: "development_application",
      entityId: id,
      organizationId: branch.id,
      after: { ...person, citizenId },
    });
    return { id, instanceId: instance.id, version: instance.version };
  });
}

/** A transition as asked for: the action, the version the user saw, what the step records. */
export interface TransitionInput {
  action: DevelopmentAction;
  version: number;
  payload: Record<string, unknown>;
}

/**
 * Takes one step of an application's development (POST /applications/{id}/transitions), in one
 * transaction, on the approval engine (workflow-engine applyTransitionIn): access to the application
 * (404 outside the subtree), the optimistic version (409 when another took a step since), the step
 * and the actor's place (409 step_not_available, 403), the payload (400 naming the field, domain
 * DEVELOPMENT_PAYLOAD_SCHEMAS), the guards (422 with every unmet condition; warnings acknowledged in
 * payload.acknowledgedWarnings). Effects in the same transaction: the recorded chain, a number
 * issued inside the quota on approval (422 quota_exhausted when none is left), the member record on
 * the oath. Audit "workflow.transition".
 *
 * @param options.withinPath refuse (404) an application outside this subtree (a batch of one organization).
 * @returns the applied transition (new state and version).
 */
export async function transitionApplication(
  db: Database,
  actor: Actor,
  applicationId: number,
  input: TransitionInput,
  today: string,
  options: { withinPath?: string } = {},
): Promise<AppliedTransition> {
  return db.transaction(async (tx) => {
    const [target] = await requireAccess(tx, actor, {
      permission: "organization:read",
      kind: "development_application",
      ids: [applicationId],
    });
    if (options.withinPath !== undefined && !target?.path.startsWith(options.withinPath)) {
      throw notFound("入团申请");
    }
    const found = requireFound(
      await findDevelopmentApplication(tx, applicationId),
      "development_application",
    );
    const application = found.application;
    // What the facts read for this step (an approval's quota, county, ratios) the effects reuse.
    const memo: DevelopmentFactsMemo = {};
    return applyTransitionIn(tx, {
      definition: DEVELOPMENT_WORKFLOW,
      payloadSchemas: DEVELOPMENT_PAYLOAD_SCHEMAS,
      instanceId: application.instanceId,
      expectedVersion: input.version,
      action: input.action,
      payload: input.payload,
      actor,
      today,
      stepDate: developmentStepDate,
      loadFacts: (executor, instance, payload) =>
        loadDevelopmentFacts(
          executor,
          actor,
          application,
          found.organizationPath,
          instance,
          input.action,
          payload,
          today,
          memo,
        ),
      effects: (executor, context) =>
        developmentEffects(executor, application, found.organizationName, context, today, memo),
    });
  });
}

/**
 * {@link transitionApplication}, then the application's page as the actor now sees it (the route's
 * answer). Same errors.
 */
export async function applyDevelopmentTransition(
  db: Database,
  actor: Actor,
  applicationId: number,
  input: TransitionInput,
  today: string,
) {
  await transitionApplication(db, actor, applicationId, input, today);
  return buildApplicationDetail(db, actor, applicationId, today);
}

/** One item's outcome of a batch. */
export interface BatchItemResult {
  applicationId: number;
  ok: boolean;
  status: number;
  version: number | null;
  failures: GuardFailure[];
}

/**
 * One action for many applications of an organization's subtree at once (batch: "name 40 candidates
 * at once", issue 10 part 7): each item its own transaction ({@link transitionApplication}), so one
 * refused item leaves the others done. Per item: ok with the new version, or the status and every
 * failure (an application outside the organization's subtree is 404).
 * Errors: 404 organization outside the subtree; 403 without member:write.
 */
export async function batchDevelopmentTransitions(
  db: Database,
  actor: Actor,
  organizationId: number,
  input: {
    action: DevelopmentAction;
    items: { applicationId: number; version: number }[];
    payload: Record<string, unknown>;
  },
  today: string,
): Promise<BatchItemResult[]> {
  const [organization] = await requireAccess(db, actor, {
    permission: "member:write",
    kind: "organization",
    ids: [organizationId],
  });
  const withinPath = organization?.path ?? "";
  const results: BatchItemResult[] = [];
  for (const item of input.items) {
    try {
      const applied = await transitionApplication(
        db,
        actor,
        item.applicationId,
        { action: input.action, version: item.version, payload: input.payload },
        today,
        { withinPath },
      );
      results.push({
        applicationId: item.applicationId,
        ok: true,
        status: 200,
        version: applied.version,
        failures: [],
      });
    } catch (error) {
      results.push({ applicationId: item.applicationId, ok: false, version: null, ...refusalOf(error) });
    }
  }
  return results;
}

function refusalOf(error: unknown): { status: number; failures: GuardFailure[] } {
  if (error instanceof WorkflowRefusal) return { status: error.status, failures: error.failures };
  if (error instanceof HttpError || error instanceof DomainError) {
    return {
      status: error.status,
      failures: [{ code: error.code, field: error.field ?? "", message: error.message }],
    };
  }
  const constraint =
    (error as { constraint?: string; cause?: { constraint?: string } }).constraint ??
    (error as { cause?: { constraint?: string } }).cause?.constraint;
  if (constraint) {
    return {
      status: 409,
      failures: [{ code: "duplicate", field: constraint, message: "与已有记录冲突，请刷新后再试" }],
    };
  }
  throw error;
}

function masking(actor: Actor) {
  const full = actor.permissions.has("member:read_personal");
  return {
    citizenId: (value: string) => (full ? value : maskCitizenId(value)),
    phone: (value: string | null) => (full ? value : maskPhone(value)),
  };
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(DEVELOPMENT_DATE_STEPS.map((step) => [step.field, step.label])),
  note: "谈话记录",
  reason: "理由",
  source: "推荐方式",
  votingMembers: "应到人数",
  present: "实到人数",
  yes: "赞成票数",
};

/** A step's payload as one line of text for the timeline ("谈话日期 2026-03-01；理由 …"). */
function summarize(payload: Record<string, unknown>, names: Map<number, string>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(payload)) {
    if (key === "acknowledgedWarnings" || value === undefined || value === null) continue;
    if (key === "mentorMemberIds" || key === "sponsorMemberIds") {
      const label = key === "mentorMemberIds" ? "培养联系人" : "入团介绍人";
      const ids = Array.isArray(value) ? value : [];
      parts.push(`${label} ${ids.map((id) => names.get(Number(id)) ?? `#${String(id)}`).join("、")}`);
    } else if (key === "toState") {
      parts.push(`退回到 ${DEVELOPMENT_STATE_LABELS[value as DevelopmentState]?.zh ?? String(value)}`);
    } else {
      parts.push(`${FIELD_LABELS[key] ?? key} ${String(value)}`);
    }
  }
  return parts.join("；");
}

/**
 * The application's page (入团申请详情) for an actor already authorized: the person (citizen ID and
 * phone masked unless member:read_personal), state, version, the recorded chain, mentors and
 * sponsors, the vote, number and member record, the timeline, the actions this actor may take
 * (domain availableActions), the steps a return may name, points against the applicable scheme, and
 * the quota left while awaiting approval.
 */
export async function buildApplicationDetail(
  db: Executor,
  actor: Actor,
  applicationId: number,
  today: string,
) {
  const found = requireFound(await findDevelopmentApplication(db, applicationId), "development_application");
  const application = found.application;
  const instance = requireFound(
    await findWorkflowInstance(db, application.instanceId),
    "development_application",
  );
  const data = developmentData(instance);
  const steps = await findWorkflowSteps(db, instance);
  const namedIds = new Set<number>([...(data.mentorMemberIds ?? []), ...(data.sponsorMemberIds ?? [])]);
  for (const step of steps) {
    const payload = step.payload as Record<string, unknown>;
    for (const key of ["mentorMemberIds", "sponsorMemberIds"]) {
      const ids = payload[key];
      if (Array.isArray(ids)) for (const id of ids) if (typeof id === "number") namedIds.add(id);
    }
  }
  const names = new Map((await findMembersByIds(db, [...namedIds])).map((row) => [row.id, row.name]));
  const named = (ids: number[] | undefined) =>
    (ids ?? []).map((id) => ({ id, name: names.get(id) ?? `#${id}` }));
  const state = instance.state as DevelopmentState;
  const workflowActor = workflowActorOf(actor, instance);
  const engineState = {
    state,
    pausedFrom: instance.pausedFrom as DevelopmentState | null,
    organizationPath: instance.organizationPath,
  };
  const actions = availableActions(DEVELOPMENT_WORKFLOW, engineState, workflowActor);
  const returnTargets = actions.includes("return_to_step") ? earlierSteps(DEVELOPMENT_WORKFLOW, state) : [];
  const { scheme } = await resolvePointsScheme(db, found.organizationPath);
  const year = Number(today.slice(0, 4));
  const score = (await scoreApplications(db, scheme, [application.id], year)).get(application.id);
  let quota: { year: number; available: number | null } | null = null;
  if (state === "branch_voted") {
    const applicable = await findApplicableQuota(db, found.organizationPath, year);
    quota = { year, available: applicable ? quotaAvailable(applicable) : null };
  }
  const mask = masking(actor);
  return {
    id: application.id,
    instanceId: instance.id,
    organizationId: application.organizationId,
    organizationName: found.organizationName,
    name: application.name,
    sex: application.sex as "male" | "female",
    citizenId: mask.citizenId(application.citizenId),
    birthDate: application.birthDate,
    phone: mask.phone(application.phone),
    ethnicity: application.ethnicity,
    schoolLevel: application.schoolLevel,
    grade: application.grade,
    graduatingClass: application.graduatingClass,
    applicationDate: application.applicationDate,
    state,
    stateLabel: DEVELOPMENT_STATE_LABELS[state].zh,
    pausedFrom: instance.pausedFrom as DevelopmentState | null,
    version: instance.version,
    closed: instance.closedAt !== null,
    recorded: data.recorded as Record<string, string>,
    candidateSource: data.candidateSource ?? null,
    mentors: named(data.mentorMemberIds),
    sponsors: named(data.sponsorMemberIds),
    vote: data.vote ?? null,
    memberNumber: application.memberNumber,
    memberId: application.memberId,
    applicantUserId: application.applicantUserId,
    timeline: steps.map((step) => ({
      sequence: step.sequence,
      action: step.action,
      actionLabel: step.action === "open" ? "递交入团申请" : (ACTION_LABELS.get(step.action) ?? step.action),
      fromState: step.fromState,
      toState: step.toState,
      toStateLabel: DEVELOPMENT_STATE_LABELS[step.toState as DevelopmentState]?.zh ?? step.toState,
      occurredOn: step.occurredOn,
      actorName: step.actorName,
      summary: summarize(step.payload as Record<string, unknown>, names),
      acknowledgedWarnings: (step.acknowledgedWarnings as string[]) ?? [],
      recordedAt: new Date(step.recordedAt).toISOString(),
    })),
    availableActions: actions.map((action) => ({ action, label: ACTION_LABELS.get(action) ?? action })),
    returnTargets: returnTargets.map((target) => ({
      state: target,
      label: DEVELOPMENT_STATE_LABELS[target].zh,
    })),
    points: describePoints(scheme, score ?? { total: 0, items: [], meetsThreshold: false, missing: [] }),
    quota,
  };
}

/**
 * GET /applications/{id}: the application's page ({@link buildApplicationDetail}).
 * Errors: 404 unknown or outside the subtree; 403 without member:read.
 */
export async function getApplicationDetail(db: Database, actor: Actor, applicationId: number, today: string) {
  await requireAccess(db, actor, {
    permission: "member:read",
    kind: "development_application",
    ids: [applicationId],
  });
  return buildApplicationDetail(db, actor, applicationId, today);
}

/** The pipeline query: a state, a search text, the order, a page. */
export interface PipelineQuery {
  state?: DevelopmentState | undefined;
  q?: string | undefined;
  /** "applicationDate" (default): oldest application first; "points": ranked by points (积分入团). */
  sort?: "applicationDate" | "points" | undefined;
  page: number;
  pageSize: number;
}

/** Most applications ranked by points at once (a branch's or school's candidates). */
export const POINTS_RANKING_LIMIT = 2_000;

/**
 * The applications of an organization's subtree (the pipeline 发展团员, issue 10 part 7), oldest
 * application first, or ranked by points (`sort=points`: highest first, ties by earlier application —
 * domain rankByPoints — over at most POINTS_RANKING_LIMIT applications): name, citizen ID (masked
 * unless member:read_personal), branch, state, version, application date, points (total, threshold
 * met, missing count) against the scheme that applies at the listed organization.
 * Errors: 404 outside the subtree; 403 without member:read.
 */
export async function listApplications(
  db: Database,
  actor: Actor,
  organizationId: number,
  query: PipelineQuery,
  today: string,
) {
  const [organization] = await requireAccess(db, actor, {
    permission: "member:read",
    kind: "organization",
    ids: [organizationId],
  });
  const path = organization?.path ?? "";
  const byPoints = query.sort === "points";
  const offset = (query.page - 1) * query.pageSize;
  const found = await findPipelinePage(
    db,
    path,
    { state: query.state, q: query.q },
    byPoints ? { limit: POINTS_RANKING_LIMIT, offset: 0 } : { limit: query.pageSize, offset },
  );
  const year = Number(today.slice(0, 4));
  const { scheme } = await resolvePointsScheme(db, path);
  const scores = await scoreApplications(
    db,
    scheme,
    found.map((row) => row.id),
    year,
  );
  const rows = byPoints
    ? rankByPoints(found.map((row) => ({ ...row, points: scores.get(row.id)?.total ?? 0 }))).slice(
        offset,
        offset + query.pageSize,
      )
    : found;
  const mask = masking(actor);
  return {
    items: rows.map((row) => {
      const score = scores.get(row.id);
      const state = row.state as DevelopmentState;
      return {
        id: row.id,
        name: row.name,
        citizenId: mask.citizenId(row.citizenId),
        organizationId: row.organizationId,
        organizationName: row.organizationName,
        state,
        stateLabel: DEVELOPMENT_STATE_LABELS[state]?.zh ?? row.state,
        version: row.version,
        applicationDate: row.applicationDate,
        points: {
          total: score?.total ?? 0,
          meetsThreshold: score?.meetsThreshold ?? false,
          missingCount: score?.missing.length ?? 0,
        },
        openedAt: new Date(row.openedAt).toISOString(),
      };
    }),
    total: found[0]?.total ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}
