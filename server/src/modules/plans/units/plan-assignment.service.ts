import { isTaskAssignedTo, pathIds, roleHasPermission, sharedHeadingDepth } from "@tuanwu/domain";
import type { Database, Executor } from "../../../db/database";
import { requireAccess, requireFound, requireLoadedAccess } from "../../access/access.service";
import { type Actor, isPathInScope } from "../../auth/actor";
import { findOrganizationById } from "../../organizations/organization.repository";
import { findPlanPhases, findPlanTasks, findTargetsOfTasks } from "../ledger/plan.repository";
import { toTaskView } from "../ledger/plan-ledger";
import { findLatestReports } from "../progress/plan-progress.repository";
import {
  findAssigneeOrganizations,
  findPlansOfAncestors,
  findUnitMapping,
} from "./plan-assignment.repository";

/** A task's plan as authorization needs it (plan.repository findPlanTaskWithPath). */
interface TaskOfPlan {
  task: { id: number; countyId: number; planId: number; units: string[]; leadUnit: string | null };
  organizationPath: string;
}

/**
 * Whether `actor` holds, on an organization strictly below the task's plan organization that the
 * task names as a responsible unit (domain isTaskAssignedTo: a unit mapped to it, or 各乡镇 for a
 * township committee), a role granting `action`'s permission: such an organization reads the task and
 * reports progress and evidence on it, though the plan is outside its subtree (issue 17 part 5).
 */
async function isAssignedToActor(db: Executor, actor: Actor, found: TaskOfPlan, action: "read" | "write") {
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
  const mapping = await findUnitMapping(db, found.task.countyId, found.task.planId);
  return organizations.some((organization) => isTaskAssignedTo(found.task, organization, mapping));
}

/**
 * The access check of an action on a plan task, for the services that a responsible unit may use:
 * inside the actor's subtree it is the one access entry point's (requireLoadedAccess: 404 outside,
 * 403 without the permission); outside it, allowed when the task names one of the actor's
 * organizations as a responsible unit and the role there grants the permission ("read": plan:read,
 * "write": plan:write — progress reports and their files; close-outs stay with the plan's
 * organization), else 404 as for anything outside the scope. Returns the task (issue 17 part 5).
 * @throws HttpError 404 not_found, 403 forbidden.
 */
export async function requirePlanTaskAccess<T extends TaskOfPlan>(
  db: Executor,
  actor: Actor,
  action: "read" | "write",
  found: T | undefined,
): Promise<T> {
  const task = requireFound(found, "plan_task");
  if (!isPathInScope(actor, task.organizationPath) && (await isAssignedToActor(db, actor, task, action))) {
    return task;
  }
  requireLoadedAccess(
    actor,
    { permission: action === "read" ? "plan:read" : "plan:write", kind: "plan_task", ids: [task.task.id] },
    () => ({ id: task.task.id, path: task.organizationPath }),
  );
  return task;
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
  await requireAccess(db, actor, { permission: "plan:read", kind: "organization", ids: [organizationId] });
  const target = requireFound(await findOrganizationById(db, organizationId), "organization");
  const plans = await findPlansOfAncestors(db, pathIds(target.path).slice(0, -1));
  const items = [];
  for (const found of plans) {
    const mapping = await findUnitMapping(db, found.countyId, found.id);
    const tasks = (await findPlanTasks(db, found.countyId, found.id)).filter((task) =>
      isTaskAssignedTo(task, target, mapping),
    );
    if (tasks.length === 0) continue;
    const taskIds = tasks.map((task) => task.id);
    const [phases, targets, latestReports] = await Promise.all([
      findPlanPhases(db, found.countyId, found.id),
      findTargetsOfTasks(db, found.countyId, taskIds),
      findLatestReports(db, found.countyId, taskIds),
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
