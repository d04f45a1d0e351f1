import { isTaskAssignedTo, pathIds, roleHasPermission, sharedHeadingDepth } from "@tuanwu/domain";
import type { Database, Executor } from "../../db/database";
import { forbidden, notFound } from "../../lib/http-errors";
import { type Actor, isPathInScope } from "../auth/actor";
import { findOrganizationById } from "../organizations/organization.repository";
import { authorizePlan, type PlanAction } from "./plan.policy";
import { findPlanPhases, findPlanTasks, findTargetsOfTasks } from "./plan.repository";
import {
  findAssigneeOrganizations,
  findPlansOfAncestors,
  findUnitMapping,
} from "./plan-assignment.repository";
import { toTaskView } from "./plan-ledger";
import { findLatestReports } from "./plan-progress.repository";

/** A task's plan as authorization needs it (plan.repository findPlanTaskWithPath). */
interface TaskOfPlan {
  task: { planId: number; units: string[]; leadUnit: string | null };
  organizationPath: string;
}

/**
 * Whether `actor` holds, on an organization strictly below the task's plan organization that the
 * task names as a responsible unit (domain isTaskAssignedTo: a unit mapped to it, or 各乡镇 for a
 * township committee), a role granting `action`'s permission: such an organization reads the task and
 * reports progress and evidence on it, though the plan is outside its subtree (issue 17 part 5).
 */
async function isAssignedToActor(db: Executor, actor: Actor, found: TaskOfPlan, action: PlanAction) {
  if (action === "review") return false; // close-outs are decided by the plan's organization
  const permission = action === "read" ? "plan:read" : "plan:write";
  const grants = actor.roles.filter(
    (grant) =>
      grant.organizationId !== null &&
      grant.path?.startsWith(found.organizationPath) === true &&
      roleHasPermission(grant.role, permission),
  );
  if (grants.length === 0) return false;
  const organizations = await findAssigneeOrganizations(
    db,
    grants.map((grant) => grant.organizationId ?? 0),
    found.organizationPath,
  );
  if (organizations.length === 0) return false;
  const mapping = await findUnitMapping(db, found.task.planId);
  return organizations.some((organization) => isTaskAssignedTo(found.task, organization, mapping));
}

/**
 * Authorizes an action on a plan task: inside the actor's subtree as {@link authorizePlan} (404 / 403);
 * outside it, allowed when the task names one of the actor's organizations as a responsible unit and
 * the role there grants the permission ("read": plan:read, "write": plan:write — progress reports and
 * their files; never "review"), else 404 as for anything outside the scope. Returns the task.
 */
export async function authorizePlanTaskAccess<T extends TaskOfPlan>(
  db: Executor,
  actor: Actor,
  action: PlanAction,
  found: T | undefined,
  what = "任务",
): Promise<T> {
  if (found && !isPathInScope(actor, found.organizationPath)) {
    if (await isAssignedToActor(db, actor, found, action)) return found;
    throw notFound(what);
  }
  authorizePlan(actor, action, found, what);
  return found;
}

/**
 * The tasks of higher organizations' plans (e.g. the county's ledger) that name the organization
 * `organizationId` as a responsible unit (a unit mapped to it, or 各乡镇 for a township committee),
 * grouped by plan, each task as the ledger shows it (status as of `view.today`, latest percent). The
 * plans' other tasks are not shown. Errors: 404 organization missing or outside the scope; 403
 * without plan:read.
 */
export async function listAssignedPlanTasks(
  db: Database,
  actor: Actor,
  organizationId: number,
  view: { today: string; dueSoonDays: number },
) {
  const target = await findOrganizationById(db, organizationId);
  if (!target || !isPathInScope(actor, target.path)) throw notFound("组织");
  if (!actor.permissions.has("plan:read")) throw forbidden();
  const plans = await findPlansOfAncestors(db, pathIds(target.path).slice(0, -1));
  const items = [];
  for (const found of plans) {
    const mapping = await findUnitMapping(db, found.id);
    const tasks = (await findPlanTasks(db, found.id)).filter((task) =>
      isTaskAssignedTo(task, target, mapping),
    );
    if (tasks.length === 0) continue;
    const taskIds = tasks.map((task) => task.id);
    const [phases, targets, latestReports] = await Promise.all([
      findPlanPhases(db, found.id),
      findTargetsOfTasks(db, taskIds),
      findLatestReports(db, taskIds),
    ]);
    const sharedDepth = sharedHeadingDepth(tasks.map((task) => task.path));
    items.push({
      plan: {
        id: found.id,
        title: found.title,
        organizationId: found.organizationId,
        organizationName: found.organizationName,
      },
      tasks: tasks.map((task) =>
        toTaskView(
          task,
          targets.filter((candidate) => candidate.taskId === task.id),
          phases,
          view.today,
          view.dueSoonDays,
          latestReports.get(task.id)?.percent ?? null,
          sharedDepth,
        ),
      ),
    });
  }
  return { organizationId, items };
}
