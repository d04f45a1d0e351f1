import {
  assertAgeOutAllowed,
  assertTransitionAllowed,
  compareIsoDates,
  DomainError,
  immediateTransitionInto,
  MEMBER_STATUS_LABELS,
  type MemberStatus,
  nextReviewRequestState,
  type ReviewDecision,
  type ReviewRequestState,
} from "@tuanwu/domain";
import { countyOfMember, locateInCounty } from "../../db/county";
import type { Database, Executor } from "../../db/database";
import { notFound } from "../../lib/http-errors";
import { requireAccess } from "../access/access.service";
import { appendMemberEvent } from "../archive/member-event.repository";
import { maskForAudit, recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { assertMayDecideReview, assertMayWithdraw, requireMemberBranch } from "../members/member.policy";
import { statusRequestView } from "../members/member-detail.service";
import { recordMemberPeriod } from "../members/member-history.service";
import {
  findMemberWithBranch,
  type MemberWithBranch,
  updateMemberColumns,
} from "../members/member-record.repository";
import { findStatusRequestView } from "../members/member-status-request-view.repository";
import { findOrganizationById } from "../organizations/organization.repository";
import { mayChangeSnapshots } from "../stats/member-count-snapshot.service";
import {
  applyImmediateStatusChange,
  findStatusRequest,
  hasPendingStatusRequest,
  insertStatusRequest,
  updateStatusRequestDecision,
} from "./member-status.repository";

/** A status change as asked for (POST /members/{id}/status-requests). */
export interface StatusChangeInput {
  toStatus: MemberStatus;
  reason: string;
  /** "YYYY-MM-DD": the day the new status begins. */
  effectiveOn: string;
  /** For a restore (恢复团籍): the branch the member returns to. */
  targetOrganizationId?: number | undefined;
}

/**
 * Applies a status change now: member.status / status_since (and the branch, for a restore), the
 * member_history period closed and a new one opened on `effectiveOn`, in the caller's transaction.
 * Every statement names the member's county (one shard on Citus); the history follows the county the
 * member has after the change (a restore into another county's branch, on PostgreSQL).
 */
async function applyStatusChange(
  tx: Executor,
  before: MemberWithBranch["record"],
  change: { status: MemberStatus; effectiveOn: string; organizationId: number },
): Promise<number> {
  const after = await updateMemberColumns(
    tx,
    before.id,
    {
      status: change.status,
      statusSince: change.effectiveOn,
      organizationId: change.organizationId,
    },
    before.countyId,
  );
  await recordMemberPeriod(tx, before.id, { ...change, countyId: after.countyId });
  return after.countyId;
}

/**
 * Asks for a status change of a member (团籍状态, domain.md §2; the state machine of domain
 * MEMBER_STATUS_TRANSITIONS): leaving the League (aged_out, lapsed, withdrawn, expelled) and restoring
 * membership wait as one pending request for the higher committee; flowing ↔ active applies at once.
 * An age-out needs the member to be 28 on `effectiveOn` and to hold no League post
 * (assertAgeOutAllowed, 团章第一章); a restore names the branch to return to. `effectiveOn` is not
 * after `today` nor before the current status began. Archive and audit in the same transaction.
 *
 * @returns { applied: true, request: null } when applied now, or { applied: false, request } pending.
 * Errors: 404 outside the subtree (member or target branch); 403 without member:write; 400 naming the
 * field (effectiveOn in the future, targetOrganizationId missing or not wanted); 422
 * status_transition_not_allowed, age_out_under_age, age_out_holds_league_post,
 * effective_date_before_current_period, members_only_in_branch; 409 pending_status_request_exists.
 */
export async function requestStatusChange(
  db: Database,
  actor: Actor,
  memberId: number,
  input: StatusChangeInput,
  today: string,
) {
  if (await tryImmediateStatusChange(db, actor, memberId, input, today)) {
    return { applied: true, request: null };
  }
  const outcome = await db.transaction(async (tx) => {
    const found = await findMemberWithBranch(tx, memberId, "update");
    await requireAccess(tx, actor, { permission: "member:write", kind: "member", ids: [memberId] });
    const { record: before, branch } = found as MemberWithBranch;
    const transition = assertTransitionAllowed(before.status, input.toStatus, "user");
    if (compareIsoDates(input.effectiveOn, today) > 0) {
      throw new DomainError("invalid_input", "生效日期：不能晚于今天", { field: "effectiveOn", status: 400 });
    }
    if (compareIsoDates(input.effectiveOn, before.statusSince) < 0) {
      throw new DomainError(
        "effective_date_before_current_period",
        `生效日期：不能早于当前团籍状态的开始日期（${before.statusSince}）`,
        { field: "effectiveOn", status: 422 },
      );
    }
    if (input.toStatus === "aged_out")
      assertAgeOutAllowed(before.birthDate, before.isCadre, input.effectiveOn);
    let targetOrganizationId: number | null = null;
    if (transition.needsTargetBranch) {
      if (input.targetOrganizationId === undefined) {
        throw new DomainError("invalid_input", "恢复到的团支部：必填", {
          field: "targetOrganizationId",
          status: 400,
        });
      }
      await requireMemberBranch(tx, actor, input.targetOrganizationId);
      targetOrganizationId = input.targetOrganizationId;
    } else if (input.targetOrganizationId !== undefined) {
      throw new DomainError("invalid_input", "恢复到的团支部：只有恢复团籍时填写", {
        field: "targetOrganizationId",
        status: 400,
      });
    }
    const change = `${MEMBER_STATUS_LABELS[before.status].zh} → ${MEMBER_STATUS_LABELS[input.toStatus].zh}`;
    if (!transition.requiresReview) {
      await applyStatusChange(tx, before, {
        status: input.toStatus,
        effectiveOn: input.effectiveOn,
        organizationId: before.organizationId,
      });
      await appendMemberEvent(tx, actor, {
        memberId,
        kind: transition.eventKind,
        occurredOn: input.effectiveOn,
        summary: `${change}：${input.reason}`,
        detail: { fromStatus: before.status, toStatus: input.toStatus, reason: input.reason },
      });
      await recordAudit(tx, actor, {
        action: "member.status_change",
        entityType: "member",
        entityId: memberId,
        organizationId: branch.id,
        countyId: before.countyId,
        before: { status: before.status, statusSince: before.statusSince },
        after: { status: input.toStatus, statusSince: input.effectiveOn, reason: input.reason },
      });
      return { applied: true as const, request: null, located: null };
    }
    if (await hasPendingStatusRequest(tx, memberId, before.countyId)) {
      throw new DomainError("pending_status_request_exists", "团籍状态：该团员已有待审核的变更申请", {
        status: 409,
      });
    }
    const requestId = await insertStatusRequest(
      tx,
      {
        countyId: before.countyId,
        memberId,
        fromStatus: before.status,
        toStatus: input.toStatus,
        targetOrganizationId,
        reason: input.reason,
        effectiveOn: input.effectiveOn,
        requestedBy: actor.userId,
        requestedByName: actor.username,
      },
      false,
    );
    await appendMemberEvent(tx, actor, {
      memberId,
      kind: "status_change_requested",
      occurredOn: today,
      summary: `申请${change}：${input.reason}`,
      detail: { requestId, toStatus: input.toStatus, effectiveOn: input.effectiveOn },
    });
    await recordAudit(tx, actor, {
      action: "member.status_request",
      entityType: "member_status_request",
      entityId: requestId,
      organizationId: branch.id,
      countyId: before.countyId,
      after: { memberId, fromStatus: before.status, ...input },
    });
    const view = await findStatusRequestView(tx, requestId, before.countyId);
    return {
      applied: false as const,
      request: view ? statusRequestView(view) : null,
      located: { id: requestId, countyId: before.countyId },
    };
  });
  // The request's location (county_locator) after the commit, in a statement of its own: on Citus its row
  // lies on whichever worker holds the id's shard, and written inside the transaction it made the request a
  // two-worker 2PC. Until it is written (or if the process stops first) the request is still found by id,
  // by the table read of db/county.ts countiesOfRows (every shard on Citus): slower, never wrong.
  if (outcome.located) await locateInCounty(db, "member_status_request", [outcome.located]);
  return { applied: outcome.applied, request: outcome.request };
}

/**
 * The fast path of {@link requestStatusChange} (issue 18 part 5; issue 19 part 5): a change that applies at once
 * (flowing ↔ active: the one user change into `toStatus` without review, domain immediateTransitionInto) is
 * written by one guarded call (applyImmediateStatusChange) after the member's county (county_locator) — two
 * round trips and no transaction block. The checks that need no row are made here (the role's permission,
 * `effectiveOn` not after today, no month-end snapshot to correct); those that need the member's row — its
 * status, its start, its branch in the actor's scope (access.service's rule for a member, given as the actor's
 * scope roots), no later open history period — where the call locks it. Same writes, same archive and audit
 * entries. Returns false, having written nothing, for anything else — a reviewed change, a refusal of any kind,
 * a member changed meanwhile — which the locking path then does or refuses with its errors.
 */
async function tryImmediateStatusChange(
  db: Database,
  actor: Actor,
  memberId: number,
  input: StatusChangeInput,
  today: string,
): Promise<boolean> {
  if (input.targetOrganizationId !== undefined) return false;
  const transition = immediateTransitionInto(input.toStatus);
  if (!transition) return false;
  if (!actor.permissions.has("member:write")) return false;
  if (compareIsoDates(input.effectiveOn, today) > 0) return false;
  // Backdated over a month-end: the locking path, which corrects the snapshots (issue 18 part 4).
  if (mayChangeSnapshots(input.effectiveOn)) return false;
  const countyId = await countyOfMember(db, memberId);
  if (countyId === 0) return false;
  const change = `${MEMBER_STATUS_LABELS[transition.from].zh} → ${MEMBER_STATUS_LABELS[input.toStatus].zh}`;
  return applyImmediateStatusChange(db, {
    memberId,
    countyId,
    fromStatus: transition.from,
    toStatus: input.toStatus,
    effectiveOn: input.effectiveOn,
    scopePaths: actor.scopePaths,
    event: {
      kind: transition.eventKind,
      summary: `${change}：${input.reason}`,
      detail: { fromStatus: transition.from, toStatus: input.toStatus, reason: input.reason },
    },
    actor: { userId: actor.userId, username: actor.username },
    audit: {
      action: "member.status_change",
      after: maskForAudit({ status: input.toStatus, statusSince: input.effectiveOn, reason: input.reason }),
    },
  });
}

const DECISION_EVENT = { return: "status_change_returned", withdraw: "status_change_cancelled" } as const;

/**
 * Decides a pending status request: the higher committee of the branch (for a restore: of the target
 * branch) approves or returns it; the requester's side withdraws it. Approval re-checks the state
 * machine and, for an age-out, the age and cadre rule, then sets member.status and status_since (and
 * the branch for a restore), closes the open member_history period on effectiveOn and opens a new
 * one, and appends the transition's archive entry (aged_out, lapsed, withdrawn, expelled, restored).
 * Audit "member.status_decision"; one transaction.
 *
 * Errors: 404 unknown or outside the subtree; 403 not the higher committee (a branch secretary
 * deciding), the requester approving their own request, or the higher committee withdrawing; 409
 * review_request_closed; 422 when the change is no longer allowed.
 */
export async function decideStatusRequest(
  db: Database,
  actor: Actor,
  requestId: number,
  input: { decision: ReviewDecision; note?: string | undefined },
  today: string,
) {
  return db.transaction(async (tx) => {
    const request = await findStatusRequest(tx, requestId, "update");
    const found = request && (await findMemberWithBranch(tx, request.memberId, "update"));
    if (!request || !found) throw notFound("团籍状态变更申请");
    const target = request.targetOrganizationId
      ? await findOrganizationById(tx, request.targetOrganizationId, "key share")
      : undefined;
    const reviewPath = target?.path ?? found.branch.path;
    const permission = ["member:read", "member:write"] as const;
    await requireAccess(
      tx,
      actor,
      target
        ? { permission, kind: "organization", ids: [target.id] }
        : { permission, kind: "member", ids: [request.memberId] },
    );
    if (input.decision === "withdraw") assertMayWithdraw(actor, reviewPath, request.requestedBy);
    else assertMayDecideReview(actor, reviewPath, request.requestedBy);
    const state = nextReviewRequestState(request.state as ReviewRequestState, input.decision);
    const before = found.record;
    const toStatus = request.toStatus as MemberStatus;
    // The county of the member and its request after the decision (a restore into a branch of another
    // county carries them along on PostgreSQL; on Citus it is refused).
    let countyId = request.countyId;
    if (input.decision === "approve") {
      const transition = assertTransitionAllowed(before.status, toStatus, "user");
      if (toStatus === "aged_out") assertAgeOutAllowed(before.birthDate, before.isCadre, request.effectiveOn);
      if (target) await requireMemberBranch(tx, actor, target.id);
      countyId = await applyStatusChange(tx, before, {
        status: toStatus,
        effectiveOn: request.effectiveOn,
        organizationId: target?.id ?? before.organizationId,
      });
      await appendMemberEvent(tx, actor, {
        memberId: before.id,
        kind: transition.eventKind,
        occurredOn: request.effectiveOn,
        summary: `${MEMBER_STATUS_LABELS[before.status].zh} → ${MEMBER_STATUS_LABELS[toStatus].zh}（上级团委批准）：${request.reason}`,
        detail: { requestId, fromStatus: before.status, toStatus, note: input.note ?? null },
      });
    } else {
      await appendMemberEvent(tx, actor, {
        memberId: before.id,
        kind: DECISION_EVENT[input.decision],
        occurredOn: today,
        summary: `${input.decision === "return" ? "退回" : "撤回"}团籍状态变更申请（${MEMBER_STATUS_LABELS[toStatus].zh}）${input.note ? `：${input.note}` : ""}`,
        detail: { requestId, toStatus, note: input.note ?? null },
      });
    }
    await updateStatusRequestDecision(
      tx,
      { id: requestId, countyId },
      {
        state,
        decidedBy: actor.userId,
        decidedByName: actor.username,
        decisionNote: input.note ?? null,
      },
    );
    await recordAudit(tx, actor, {
      action: "member.status_decision",
      entityType: "member_status_request",
      entityId: requestId,
      organizationId: found.branch.id,
      countyId: before.countyId,
      before: { state: request.state, status: before.status },
      after: { state, note: input.note ?? null },
    });
    const view = await findStatusRequestView(tx, requestId, countyId);
    if (!view) throw new Error(`status request ${requestId} vanished`);
    return statusRequestView(view);
  });
}
