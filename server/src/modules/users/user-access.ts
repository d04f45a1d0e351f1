import { forbidden, notFound } from "../../lib/http-errors";
import { type Actor, isPathInScope } from "../auth/actor";

/**
 * The scope checks of the accounts module (账号管理), kept in this one file so that they move to the
 * project's single access entry point as a whole. They use the existing scope helpers
 * (`isPathInScope`, the actor's `scopePaths`).
 *
 * The rule: a user lies in an administrator's subtree when every role the user holds is on an
 * organization inside the administrator's scope (and they hold at least one). A user who also holds a
 * role higher up (or is a system administrator) is outside — so a township administrator can neither
 * see, disable nor reset the password of the county administrator who happens to hold a township
 * role too. A system administrator manages every user.
 */

/** An organization the accounts module acts at (listing its users, granting a role there). */
export interface PlaceInTree {
  path: string;
}

/**
 * Authorizes managing users at an organization: outside the actor's subtree (or missing) → 404
 * "组织"; without user:manage → 403.
 */
export function authorizeUserOrganization(
  actor: Actor,
  organization: PlaceInTree | undefined,
): asserts organization is PlaceInTree {
  if (!organization || !isPathInScope(actor, organization.path)) throw notFound("组织");
  if (!actor.permissions.has("user:manage")) throw forbidden();
}

/** Whether every role of the user lies in the actor's scope (see the rule above). */
export function isUserInScope(
  actor: Actor,
  user: { roles: ReadonlyArray<{ organizationPath: string | null }> },
): boolean {
  if (actor.scopePaths === null) return true;
  if (user.roles.length === 0) return false;
  return user.roles.every(
    (role) => role.organizationPath !== null && isPathInScope(actor, role.organizationPath),
  );
}

/**
 * Authorizes managing one user (read, disable, enable, reset password, grant, revoke): a missing user
 * or one outside the actor's subtree → 404 "用户"; without user:manage → 403.
 */
export function authorizeManagedUser<
  User extends { roles: ReadonlyArray<{ organizationPath: string | null }> },
>(actor: Actor, user: User | undefined): asserts user is User {
  if (!user || !isUserInScope(actor, user)) throw notFound("用户");
  if (!actor.permissions.has("user:manage")) throw forbidden();
}
