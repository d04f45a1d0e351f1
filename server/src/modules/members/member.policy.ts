import {
  assertCanHoldMembers,
  assertStatusDecisionAllowed,
  isHigherCommitteeScope,
  type OrganizationKind,
  parentPathOf,
} from "@tuanwu/domain";
import { forbidden, notFound } from "../../lib/http-errors";
import { type Actor, isPathInScope } from "../auth/actor";

/** What may be done to a member (团员). */
export type MemberAction = "read" | "read_personal" | "write" | "decide";

/**
 * Authorizes an action on a member, given the path of the member's branch:
 * outside the actor's subtree → 404; "read" needs member:read, "read_personal" (unmasked citizen ID
 * and phone) member:read_personal, "write" member:write; "decide" (approving a status change, a
 * correction or an application form — the higher committee's step, domain.md §2) needs member:write
 * and a scope root strictly above the member's branch. Otherwise 403.
 */
export function authorizeMember(
  actor: Actor,
  action: MemberAction,
  target: { branchPath: string } | undefined,
): asserts target is { branchPath: string } {
  if (!target || !isPathInScope(actor, target.branchPath)) throw notFound("团员");
  const permission =
    action === "read" ? "member:read" : action === "read_personal" ? "member:read_personal" : "member:write";
  if (!actor.permissions.has(permission)) throw forbidden();
  if (action === "decide" && actor.scopePaths !== null) {
    if (!actor.scopePaths.some((root) => isHigherCommitteeScope(root, target.branchPath))) throw forbidden();
  }
}

/** Whether the actor may see a member's citizen ID and phone unmasked (without throwing). */
export function maySeePersonalData(actor: Actor, branchPath: string): boolean {
  return isPathInScope(actor, branchPath) && actor.permissions.has("member:read_personal");
}

/**
 * Authorizes placing a member in a branch (creating one there, moving one into it, restoring one into
 * it): the organization must be in the actor's subtree (404 "组织" otherwise), the actor needs
 * member:write (403), and it must be a branch (团员只编入团支部, domain.md §2: 422
 * members_only_in_branch, field organizationId).
 */
export function authorizeMemberBranch(
  actor: Actor,
  branch: { path: string; kind: string } | undefined,
): asserts branch is { path: string; kind: OrganizationKind } {
  if (!branch || !isPathInScope(actor, branch.path)) throw notFound("组织");
  if (!actor.permissions.has("member:write")) throw forbidden();
  assertCanHoldMembers(branch.kind as OrganizationKind);
}

/**
 * Authorizes approving or returning a reviewed request (status change, correction) about a member of
 * the branch at `branchPath`: the higher committee decides (authorizeMember "decide": 404 outside the
 * scope, 403 for a branch secretary or anyone whose scope is not strictly above the branch), and
 * never the user who made the request (domain assertStatusDecisionAllowed: 403 reviewer_is_requester).
 */
export function authorizeReviewDecision(
  actor: Actor,
  branchPath: string,
  requesterUserId: number | null,
): void {
  authorizeMember(actor, "decide", { branchPath });
  const deciderScopePath =
    actor.scopePaths?.find((root) => isHigherCommitteeScope(root, branchPath)) ?? parentPathOf(branchPath);
  if (deciderScopePath === null) return;
  assertStatusDecisionAllowed({
    deciderScopePath,
    branchPath,
    deciderUserId: actor.userId ?? -1,
    requesterUserId,
  });
}

/**
 * Authorizes withdrawing a pending request: the requester's side — the user who made it, a user
 * whose scope root is the branch itself (its secretary) or a system administrator — with
 * member:write. The higher committee answers a request by returning it, not withdrawing it (403).
 */
export function authorizeWithdrawal(actor: Actor, branchPath: string, requesterUserId: number | null): void {
  authorizeMember(actor, "write", { branchPath });
  if (requesterUserId !== null && requesterUserId === actor.userId) return;
  if (actor.scopePaths === null || actor.scopePaths.includes(branchPath)) return;
  throw forbidden();
}
