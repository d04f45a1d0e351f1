import type { Permission } from "@tuanwu/domain";
import { forbidden, notFound } from "../../../lib/http-errors";
import { type Actor, isPathInScope } from "../../auth/actor";

/** What may be done to a plan (实施方案) or its tasks; "review" is deciding close-outs (销号). */
export type PlanAction = "read" | "write" | "review";

const REQUIRED_PERMISSION: Record<PlanAction, Permission> = {
  read: "plan:read",
  write: "plan:write",
  review: "plan:review",
};

/**
 * Authorizes an action on a plan, a task, or the plans of an organization, by the path of the
 * organization the plan belongs to: outside the actor's subtree (or missing) → 404; inside but without
 * plan:read / plan:write / plan:review → 403.
 */
export function authorizePlan(
  actor: Actor,
  action: PlanAction,
  target: { organizationPath: string } | undefined,
  what = "实施方案",
): asserts target is { organizationPath: string } {
  if (!target || !isPathInScope(actor, target.organizationPath)) throw notFound(what);
  if (!actor.permissions.has(REQUIRED_PERMISSION[action])) throw forbidden();
}
