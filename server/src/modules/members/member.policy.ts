import { isHigherCommitteeScope } from "@tuanwu/domain";
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
