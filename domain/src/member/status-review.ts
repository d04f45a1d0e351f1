import type { Label } from "../dictionaries/dictionary";
import { DomainError } from "../errors";
import { isSameOrDescendantPath } from "../organization/organization-path";

/**
 * The review by the higher committee (上级团委审核) that status changes out of the League, restoring
 * membership and corrections of locked fields go through (domain.md §2): who may decide, and the
 * states of a request (member_status_request, member_correction_request).
 */

/**
 * Whether an administrator whose scope root is `deciderScopePath` is the higher committee of the
 * member's branch at `branchPath`: the scope root is a strict ancestor of the branch (it contains the
 * branch's parent committee, and is not the branch itself). A branch secretary, whose scope is the
 * branch, never is. Paths are organization paths ("1/23/45/").
 *
 * @throws RangeError if a path is malformed.
 */
export function isHigherCommitteeScope(deciderScopePath: string, branchPath: string): boolean {
  return deciderScopePath !== branchPath && isSameOrDescendantPath(branchPath, deciderScopePath);
}

/** What {@link assertStatusDecisionAllowed} looks at. */
export interface StatusDecisionContext {
  /** Scope root of the deciding user's role (the organization the role is held on). */
  deciderScopePath: string;
  /** Path of the member's branch (for a restore: of the target branch). */
  branchPath: string;
  deciderUserId: number;
  /** The user who made the request; null when unknown (e.g. requested by the system). */
  requesterUserId: number | null;
}

/**
 * Refuse a decision on a reviewed status change (or a correction of locked fields) by anyone but the
 * higher committee ({@link isHigherCommitteeScope}), and by the user who made the request: a review is
 * a second pair of eyes (domain.md §2: leaving states pass a review by the higher committee).
 *
 * @throws DomainError code "reviewer_not_higher_committee" or "reviewer_is_requester", status 403.
 * @throws RangeError if a path is malformed.
 */
export function assertStatusDecisionAllowed(context: StatusDecisionContext): void {
  if (!isHigherCommitteeScope(context.deciderScopePath, context.branchPath)) {
    throw new DomainError("reviewer_not_higher_committee", "审核：只有团员所在团支部的上级团委可以审核", {
      status: 403,
    });
  }
  if (context.requesterUserId !== null && context.requesterUserId === context.deciderUserId) {
    throw new DomainError("reviewer_is_requester", "审核：不能审核自己提出的申请", { status: 403 });
  }
}

/** States of a reviewed request (member_status_request, member_correction_request). */
export const REVIEW_REQUEST_STATES = ["pending", "approved", "returned", "withdrawn"] as const;

/** A state of a reviewed request (see {@link REVIEW_REQUEST_STATES}). */
export type ReviewRequestState = (typeof REVIEW_REQUEST_STATES)[number];

/** Display labels of {@link REVIEW_REQUEST_STATES}. */
export const REVIEW_REQUEST_STATE_LABELS: Readonly<Record<ReviewRequestState, Label>> = {
  pending: { zh: "待审核", en: "Pending review" },
  approved: { zh: "已批准", en: "Approved" },
  returned: { zh: "已退回", en: "Returned" },
  withdrawn: { zh: "已撤回", en: "Withdrawn" },
};

/** What can happen to a pending request: the higher committee approves or returns it, the requester withdraws it. */
export const REVIEW_DECISIONS = ["approve", "return", "withdraw"] as const;

/** A decision on a pending request (see {@link REVIEW_DECISIONS}). */
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

const STATE_AFTER_DECISION: Readonly<Record<ReviewDecision, ReviewRequestState>> = {
  approve: "approved",
  return: "returned",
  withdraw: "withdrawn",
};

/**
 * The state a request goes to on `decision`. Only a pending request can be decided; approved,
 * returned and withdrawn are final (a returned request is not reopened: the branch makes a new one).
 *
 * @throws DomainError code "review_request_closed", status 409, when the request is not pending.
 */
export function nextReviewRequestState(
  state: ReviewRequestState,
  decision: ReviewDecision,
): ReviewRequestState {
  if (state !== "pending") {
    throw new DomainError(
      "review_request_closed",
      `审核：该申请${REVIEW_REQUEST_STATE_LABELS[state].zh}，不能再处理`,
      { status: 409 },
    );
  }
  return STATE_AFTER_DECISION[decision];
}
