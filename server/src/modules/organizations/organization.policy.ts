import type { Permission } from "@tuanwu/domain";
import { forbidden, notFound } from "../../lib/http-errors";
import { type Actor, isPathInScope } from "../auth/actor";

/** What may be done to an organization. */
export type OrganizationAction = "read" | "create_child" | "update" | "move" | "move_into";

const REQUIRED_PERMISSION: Record<OrganizationAction, Permission> = {
  read: "organization:read",
  create_child: "organization:write",
  update: "organization:write",
  move: "organization:write",
  move_into: "organization:write",
};

/**
 * Authorizes an action on an organization (团组织): outside the actor's subtree → 404 (existence is
 * not revealed); inside but without the permission → 403; moving the root of one's own scope → 403
 * (it would leave the scope).
 */
export function authorizeOrganization(
  actor: Actor,
  action: OrganizationAction,
  target: { path: string } | undefined,
): asserts target is { path: string } {
  if (!target || !isPathInScope(actor, target.path)) throw notFound("组织");
  if (!actor.permissions.has(REQUIRED_PERMISSION[action])) throw forbidden();
  if (action === "move" && actor.scopePaths?.includes(target.path)) throw forbidden();
}
