import type { Permission } from "@tuanwu/domain";
import { forbidden, notFound } from "../../../lib/http-errors";
import type { Actor } from "../../auth/actor";

/** What may be done with an evaluation round (评估轮次): read it and its results, or score in it. */
export type EvaluationAction = "read" | "score";

const REQUIRED_PERMISSION: Record<EvaluationAction, Permission> = {
  read: "plan:read",
  score: "plan:evaluate",
};

/**
 * Whether the actor's scope overlaps the subtree rooted at `rootPath`: the root lies in the scope, or
 * one of the actor's scope roots lies inside the subtree (e.g. a county's evaluator and the city's
 * round, which covers the county).
 */
export function overlapsScope(actor: Actor, rootPath: string): boolean {
  if (actor.scopePaths === null) return true;
  return actor.scopePaths.some((root) => rootPath.startsWith(root) || root.startsWith(rootPath));
}

/**
 * Authorizes an action on an evaluation round by the path of the organization it is held at: a round
 * whose subtree does not overlap the actor's scope (or a missing one) → 404; otherwise without
 * plan:read (read) or plan:evaluate (score) → 403. What the actor then sees or scores is still
 * narrowed to their scope. Creating a round is authorized as a plan write on its organization
 * (plan.policy authorizePlan). Source: issue 5 part 5.
 */
export function authorizeEvaluationRound(
  actor: Actor,
  action: EvaluationAction,
  round: { organizationPath: string } | undefined,
): asserts round is { organizationPath: string } {
  if (!round || !overlapsScope(actor, round.organizationPath)) throw notFound("评估轮次");
  if (!actor.permissions.has(REQUIRED_PERMISSION[action])) throw forbidden();
}
