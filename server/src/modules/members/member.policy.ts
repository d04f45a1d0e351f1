import {
  assertCanHoldMembers,
  assertStatusDecisionAllowed,
  isHigherCommitteeScope,
  type OrganizationKind,
  parentPathOf,
} from "@tuanwu/domain";
import type { Executor } from "../../db/database";
import { forbidden } from "../../lib/http-errors";
import { assertHigherCommittee, requireAccess, requireFound } from "../access/access.service";
import { type Actor, isPathInScope } from "../auth/actor";
import { findOrganizationById } from "../organizations/organization.repository";

/*
 * What the access entry point (access.service requireAccess: scope and permission) does not decide
 * about members: who decides a reviewed step, who withdraws a request, where members may be placed,
 * and who sees personal data unmasked. Call these after requireAccess.
 */

/** Whether the actor may see a member's citizen ID and phone unmasked (without throwing). */
export function maySeePersonalData(actor: Actor, branchPath: string): boolean {
  return isPathInScope(actor, branchPath) && actor.permissions.has("member:read_personal");
}

/**
 * Approving or returning a reviewed request (status change, correction) about a member of the branch
 * at `branchPath`: the higher committee decides (access.service assertHigherCommittee), and never the user
 * who made the request (domain assertStatusDecisionAllowed: 403 reviewer_is_requester). Call after
 * requireAccess with member:write.
 */
export function assertMayDecideReview(
  actor: Actor,
  branchPath: string,
  requesterUserId: number | null,
): void {
  assertHigherCommittee(actor, branchPath);
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
 * Withdrawing a pending request: the requester's side — the user who made it, a user whose scope
 * root is the branch itself (its secretary) or a system administrator. The higher committee answers a
 * request by returning it, not withdrawing it. Call after requireAccess with member:write.
 * @throws HttpError 403 forbidden.
 */
export function assertMayWithdraw(actor: Actor, branchPath: string, requesterUserId: number | null): void {
  if (requesterUserId !== null && requesterUserId === actor.userId) return;
  if (actor.scopePaths === null || actor.scopePaths.includes(branchPath)) return;
  throw forbidden();
}

/**
 * The branch a member is placed in (created there, moved into it, restored into it), read with a
 * share lock: in the actor's subtree (404 "组织" otherwise) with member:write (403), and a branch
 * (团员只编入团支部, domain.md §2: 422 members_only_in_branch, field organizationId).
 */
export async function requireMemberBranch(tx: Executor, actor: Actor, branchId: number) {
  // FOR KEY SHARE, not FOR SHARE: it still keeps the branch from being deleted or moved (a move
  // rewrites `path`, a key of organization_path_key, so it needs FOR UPDATE), but it does not conflict
  // with the FOR NO KEY UPDATE the org_life_count trigger takes on the same branch when the member row
  // is written — two members moved into one branch at once deadlocked on that upgrade.
  const branch = requireFound(await findOrganizationById(tx, branchId, "key share"), "organization");
  await requireAccess(tx, actor, { permission: "member:write", kind: "organization", ids: [branchId] });
  assertCanHoldMembers(branch.kind as OrganizationKind);
  return branch;
}
