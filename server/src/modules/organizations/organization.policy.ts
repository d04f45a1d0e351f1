import { forbidden, notFound } from "../../lib/http-errors";
import { type Actor, isPathInScope } from "../auth/actor";

/**
 * What the access entry point (access.service requireAccess: scope and permission) does not decide
 * about organizations: the root of one's own scope cannot be moved — it would leave the scope.
 * @throws HttpError 403 forbidden.
 */
export function assertNotOwnScopeRoot(actor: Actor, path: string): void {
  if (actor.scopePaths?.includes(path)) throw forbidden();
}

/** What may be done to an organization (the call shape before requireAccess; removed once no module uses it). */
export type OrganizationAction = "read" | "create_child" | "update" | "move" | "move_into";

/**
 * Authorizes an action on an organization: outside the actor's subtree → 404; without the permission
 * → 403. Kept only until the members, member-status and indicators modules call requireAccess.
 */
export function authorizeOrganization(
  actor: Actor,
  action: OrganizationAction,
  target: { path: string } | undefined,
): asserts target is { path: string } {
  if (!target || !isPathInScope(actor, target.path)) throw notFound("组织");
  if (!actor.permissions.has(action === "read" ? "organization:read" : "organization:write"))
    throw forbidden();
  if (action === "move" && actor.scopePaths?.includes(target.path)) throw forbidden();
}
