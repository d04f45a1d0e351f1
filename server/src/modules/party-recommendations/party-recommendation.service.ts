import {
  addDays,
  assessPartyRecommendationEligibility,
  availableActions,
  DomainError,
  type GuardFailure,
  isPartyRecommendationExpired,
  nextPartyStage,
  PARTY_RECOMMENDATION_ACTION_LABELS,
  PARTY_RECOMMENDATION_PAYLOAD_SCHEMAS,
  PARTY_RECOMMENDATION_WORKFLOW,
  PARTY_STAGE_LABELS,
  PARTY_STAGE_POLITICAL_STATUS,
  PARTY_STAGES,
  type PartyRecommendationAction,
  type PartyRecommendationFacts,
  type PartyRecommendationInput,
  type PartyRecommendationState,
  type PartyStage,
  partyRecommendationMeetingProblems,
  partyRecommendationValidUntil,
  partyStageProblems,
} from "@tuanwu/domain";
import type { Database, Executor } from "../../db/database";
import { requireAccess, requireFound } from "../access/access.service";
import { appendMemberEvent } from "../archive/member-event.repository";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { findOrganizationById } from "../organizations/organization.repository";
import { findWorkflowInstance, findWorkflowSteps } from "../workflow/workflow.repository";
import { workflowActorOf } from "../workflow/workflow-actor";
import { applyTransitionIn, openInstance } from "../workflow/workflow-engine";
import {
  type CandidateRow,
  findBranchCandidates,
  findRecommendation,
  findRecommendationsInSubtree,
  findStageEvents,
  insertRecommendation,
  lockCandidate,
  type RecommendationRow,
  setMemberPoliticalStatus,
  setRecommendationInstance,
  setRecommendationStage,
} from "./party-recommendation.repository";

/**
 * 推优入党 (domain.md §5; issue 12 part 5): a branch's members with their eligibility, starting a
 * recommendation from the branch general meeting (opens the engine, awaiting the committee above),
 * its steps on the one engine (approve / return / resubmit / withdraw), and the Party's later stages
 * (积极分子 → 发展对象 → 预备党员 → 正式党员; probationary and full change the member's political status,
 * with an archive entry). Reads member:read, writes member:write, scoped (404 outside), audited,
 * all-or-nothing in one transaction.
 */

/** The first of `problems` as a 400 naming its field; every message joined (each names its field). */
function refuse(problems: GuardFailure[], fieldPrefix = ""): DomainError {
  const first = problems[0];
  return new DomainError(
    first?.code ?? "invalid_input",
    problems.map((problem) => problem.message).join("；"),
    {
      status: 400,
      field: `${fieldPrefix}${first?.field ?? ""}`,
    },
  );
}

function eligibilityView(row: CandidateRow, today: string) {
  const assessed = assessPartyRecommendationEligibility(row, today);
  return {
    memberId: row.memberId,
    name: row.name,
    age: assessed.age,
    leagueYears: assessed.leagueYears,
    eligible: assessed.eligible,
    problems: assessed.problems.map((problem) => problem.message),
  };
}

/**
 * GET /organizations/{branchId}/party-recommendations/eligible: the branch's current members, each
 * with age and full years in the League today, whether eligible, and every reason why not (the Party
 * application date is checked when the recommendation is recorded). Errors: 404; 403; 422 not a branch.
 */
export async function listEligible(db: Database, actor: Actor, branchId: number, today: string) {
  await requireAccess(db, actor, { permission: "member:read", kind: "organization", ids: [branchId] });
  const branch = requireFound(await findOrganizationById(db, branchId), "organization");
  if (branch.kind !== "branch")
    throw new DomainError("not_a_branch", "推优入党：请选择一个团支部", { field: "id", status: 422 });
  const rows = await findBranchCandidates(db, branchId, today);
  return rows.map((row) => eligibilityView(row, today));
}

function recommendationView(row: RecommendationRow, today: string) {
  return {
    id: row.id,
    memberId: row.memberId,
    memberName: row.memberName,
    organizationId: row.organizationId,
    organizationName: row.organizationName,
    state: row.state,
    version: row.version,
    partyApplicationOn: row.partyApplicationOn,
    meetingHeldOn: row.meetingHeldOn,
    rollCount: row.rollCount,
    attendeesCount: row.attendeesCount,
    votesFor: row.votesFor,
    recommendedOn: row.recommendedOn,
    validUntil: row.validUntil,
    expired:
      row.state === "recommended" &&
      row.partyStage === null &&
      isPartyRecommendationExpired(row.validUntil, today),
    partyStage: row.partyStage,
    partyStageOn: row.partyStageOn,
  };
}

/** A recommendation as answered. */
export type PartyRecommendationView = ReturnType<typeof recommendationView>;

/** GET /organizations/{id}/party-recommendations: the subtree's recommendations, newest meeting first. */
export async function listRecommendations(db: Database, actor: Actor, organizationId: number, today: string) {
  const [target] = await requireAccess(db, actor, {
    permission: "member:read",
    kind: "organization",
    ids: [organizationId],
  });
  const rows = await findRecommendationsInSubtree(db, requireFound(target, "organization").path);
  return { organizationId, items: rows.map((row) => recommendationView(row, today)) };
}

function noteOf(payload: unknown): string | null {
  const record = (payload ?? {}) as Record<string, unknown>;
  const text = record.reason ?? record.note;
  return typeof text === "string" ? text : null;
}

/**
 * GET /party-recommendations/{id}: one recommendation with its timeline (the engine's steps, oldest
 * first), the actions this user may take now (only those of their role), the Party stages recorded
 * (from the member's archive) and the next stage to record (null when none may be). Errors: 404; 403.
 */
export async function getRecommendation(db: Database, actor: Actor, id: number, today: string) {
  await requireAccess(db, actor, { permission: "member:read", kind: "party_recommendation", ids: [id] });
  const row = requireFound(await findRecommendation(db, id), "party_recommendation");
  // (the instance sits in its recommendation's county)
  const instance =
    row.instanceId === null
      ? undefined
      : await findWorkflowInstance(db, row.instanceId, undefined, row.countyId);
  const actions = instance
    ? availableActions(
        PARTY_RECOMMENDATION_WORKFLOW,
        {
          state: instance.state as PartyRecommendationState,
          pausedFrom: null,
          organizationPath: instance.organizationPath,
        },
        workflowActorOf(actor, instance),
      )
    : [];
  const steps = instance ? await findWorkflowSteps(db, instance) : [];
  const stages = await findStageEvents(db, row.memberId, row.id);
  const canRecordStage =
    row.state === "recommended" &&
    actor.permissions.has("member:write") &&
    nextPartyStage(currentStage(row)) !== null;
  return {
    ...recommendationView(row, today),
    history: steps.map((step) => ({
      sequence: step.sequence,
      action: step.action,
      actionLabel:
        step.action === "open"
          ? "支部大会推荐"
          : (PARTY_RECOMMENDATION_ACTION_LABELS[step.action as PartyRecommendationAction]?.zh ?? step.action),
      toState: step.toState,
      occurredOn: step.occurredOn,
      actorName: step.actorName,
      note: noteOf(step.payload),
    })),
    availableActions: actions.map((action) => ({
      action,
      label: PARTY_RECOMMENDATION_ACTION_LABELS[action].zh,
    })),
    stages: stages.filter((stage) => (PARTY_STAGES as readonly string[]).includes(stage.stage)),
    nextStage: canRecordStage ? nextPartyStage(currentStage(row)) : null,
  };
}

function currentStage(row: RecommendationRow): PartyStage | null {
  return (PARTY_STAGES as readonly string[]).includes(row.partyStage ?? "")
    ? (row.partyStage as PartyStage)
    : null;
}

/**
 * POST /party-recommendations {memberId, partyApplicationOn, meetingHeldOn, rollCount, attendeesCount,
 * votesFor}: the branch general meeting's recommendation — checks eligibility on the meeting's date
 * (age 18–28, ≥ 1 year in the League, active, not in the Party, no live recommendation, application ≥ 6
 * months before) and the meeting (not in the future, quorum, majority), then records it (valid 2
 * years from the meeting) and opens the engine awaiting the committee above; archive entry
 * "recommended_to_party", audit "party_recommendation.create". The member row is locked: two at once
 * give one recommendation. Errors: 400 naming the field (memberId, partyApplicationOn, meetingHeldOn,
 * attendeesCount, votesFor); 404 member outside the scope; 403 without member:write.
 */
export async function createRecommendation(
  db: Database,
  actor: Actor,
  input: PartyRecommendationInput,
  today: string,
) {
  const id = await db.transaction(async (tx) => {
    await requireAccess(tx, actor, { permission: "member:write", kind: "member", ids: [input.memberId] });
    const candidate = requireFound(await lockCandidate(tx, input.memberId, today), "member");
    const eligibility = assessPartyRecommendationEligibility(
      candidate,
      input.meetingHeldOn,
      input.partyApplicationOn,
    );
    const problems = [...eligibility.problems, ...partyRecommendationMeetingProblems(input, today)];
    if (problems.length > 0) throw refuse(problems);
    const validUntil = partyRecommendationValidUntil(input.meetingHeldOn);
    const recommendationId = await insertRecommendation(tx, {
      countyId: candidate.countyId,
      memberId: candidate.memberId,
      organizationId: candidate.organizationId,
      partyApplicationOn: input.partyApplicationOn,
      meetingHeldOn: input.meetingHeldOn,
      rollCount: input.rollCount,
      attendeesCount: input.attendeesCount,
      votesFor: input.votesFor,
      recommendedOn: input.meetingHeldOn,
      validUntil,
    });
    const opened = await openInstance(tx, {
      definition: PARTY_RECOMMENDATION_WORKFLOW,
      organizationId: candidate.organizationId,
      title: `${candidate.name} 推优入党`,
      data: { entityId: recommendationId, memberId: candidate.memberId },
      actor,
      occurredOn: input.meetingHeldOn,
      payload: {
        rollCount: input.rollCount,
        attendeesCount: input.attendeesCount,
        votesFor: input.votesFor,
      },
    });
    await setRecommendationInstance(tx, { id: recommendationId, countyId: candidate.countyId }, opened.id);
    await appendMemberEvent(tx, actor, {
      memberId: candidate.memberId,
      kind: "recommended_to_party",
      occurredOn: input.meetingHeldOn,
      summary: `支部团员大会推荐入党（应到${input.rollCount}人，实到${input.attendeesCount}人，赞成${input.votesFor}票），待上级团委审核`,
      detail: { recommendationId },
    });
    await recordAudit(tx, actor, {
      action: "party_recommendation.create",
      entityType: "party_recommendation",
      entityId: recommendationId,
      organizationId: candidate.organizationId,
      before: null,
      after: { ...input, validUntil, instanceId: opened.id },
    });
    return recommendationId;
  });
  return recommendationView(requireFound(await findRecommendation(db, id), "party_recommendation"), today);
}

/**
 * POST /party-recommendations/{id}/transitions {action, version, payload}: approve (the committee
 * above; the member must still be an active non-Party member), return {reason}, resubmit, withdraw
 * {reason} (the branch) — on the one engine (work items in the to-do inbox). Approval appends the
 * archive entry "recommended_to_party" (valid until …). Errors: 400 payload fields; 403; 404; 409
 * stale version / step not available; 422 guard failures.
 */
export async function transitionRecommendation(
  db: Database,
  actor: Actor,
  id: number,
  input: { action: string; version?: number | undefined; payload: Record<string, unknown> },
  today: string,
) {
  await db.transaction(async (tx) => {
    await requireAccess(tx, actor, {
      permission: "organization:read",
      kind: "party_recommendation",
      ids: [id],
    });
    const row = requireFound(await findRecommendation(tx, id, "update"), "party_recommendation");
    if (row.instanceId === null)
      throw new DomainError("no_workflow", "推优入党：该记录没有审核流程", { status: 422 });
    await applyTransitionIn<PartyRecommendationFacts>(tx, {
      definition: PARTY_RECOMMENDATION_WORKFLOW,
      payloadSchemas: PARTY_RECOMMENDATION_PAYLOAD_SCHEMAS,
      instanceId: row.instanceId,
      expectedVersion: input.version ?? row.version ?? 1,
      action: input.action,
      payload: input.payload,
      actor,
      today,
      loadFacts: async () => ({
        memberStillEligible:
          row.memberStatus === "active" &&
          row.politicalStatus !== "party_member" &&
          row.politicalStatus !== "probationary_party_member",
      }),
      effects: async (executor: Executor, context) => {
        if (context.action === "approve" || context.action === "return" || context.action === "withdraw") {
          const reason = noteOf(context.payload);
          await appendMemberEvent(executor, actor, {
            memberId: row.memberId,
            kind: "recommended_to_party",
            occurredOn: context.occurredOn,
            summary:
              context.action === "approve"
                ? `上级团委审核同意推优入党，有效期至${row.validUntil}`
                : context.action === "return"
                  ? `推优入党被退回：${reason ?? ""}`
                  : `推优入党已撤回：${reason ?? ""}`,
            detail: { recommendationId: row.id, action: context.action },
          });
        }
        return undefined;
      },
    });
  });
  return recommendationView(requireFound(await findRecommendation(db, id), "party_recommendation"), today);
}

/**
 * POST /party-recommendations/{id}/party-stage {stage, on}: records the Party's next decision on an
 * approved recommendation (in order; not before the previous; activist within the validity; full a
 * year after probation — domain partyStageProblems). Probationary sets the member's political status
 * to 中共预备党员 (and 入党年月), full to 中共党员. Archive entry and audit "party_recommendation.stage".
 * Errors: 400 naming stage or on; 404; 403 without member:write.
 */
export async function recordPartyStage(
  db: Database,
  actor: Actor,
  id: number,
  input: { stage: PartyStage; on: string },
  today: string,
) {
  await db.transaction(async (tx) => {
    await requireAccess(tx, actor, { permission: "member:write", kind: "party_recommendation", ids: [id] });
    const row = requireFound(await findRecommendation(tx, id, "update"), "party_recommendation");
    const problems = partyStageProblems(
      {
        approved: row.state === "recommended",
        recommendedOn: row.recommendedOn ?? row.meetingHeldOn ?? today,
        validUntil: row.validUntil ?? addDays(today, -1),
        current: currentStage(row),
        currentOn: row.partyStageOn,
      },
      input.stage,
      input.on,
      today,
    );
    if (problems.length > 0) throw refuse(problems);
    await setRecommendationStage(tx, row, input.stage, input.on);
    const politicalStatus = PARTY_STAGE_POLITICAL_STATUS[input.stage];
    let before: string | null = null;
    if (politicalStatus !== null) {
      before = await setMemberPoliticalStatus(
        tx,
        row.memberId,
        politicalStatus,
        input.stage === "probationary" ? input.on : null,
      );
    }
    const label = PARTY_STAGE_LABELS[input.stage].zh;
    await appendMemberEvent(tx, actor, {
      memberId: row.memberId,
      kind: "recommended_to_party",
      occurredOn: input.on,
      summary:
        politicalStatus === null
          ? `党组织确定为${label}`
          : `党组织确定为${label}，政治面貌改为${label === "中共正式党员" ? "中共党员" : label}`,
      detail: { recommendationId: id, stage: input.stage },
    });
    await recordAudit(tx, actor, {
      action: "party_recommendation.stage",
      entityType: "party_recommendation",
      entityId: id,
      organizationId: row.organizationId,
      before: {
        partyStage: row.partyStage,
        partyStageOn: row.partyStageOn,
        politicalStatus: before ?? row.politicalStatus,
      },
      after: {
        partyStage: input.stage,
        partyStageOn: input.on,
        politicalStatus: politicalStatus ?? row.politicalStatus,
      },
    });
  });
  return getRecommendation(db, actor, id, today);
}
