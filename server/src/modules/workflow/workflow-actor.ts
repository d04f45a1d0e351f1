import {
  PERMISSIONS,
  type Permission,
  pathIds,
  ROLE_PERMISSIONS,
  rootPath,
  type WorkflowActor,
} from "@tuanwu/domain";
import type { Actor } from "../auth/actor";

/**
 * The signed-in user as the approval engine sees them (domain `WorkflowActor`), for one instance: for
 * each permission, the scope roots of the user's roles that grant it; a role held over the whole tree
 * (system administrator, path null) counts as held at the root of the instance's organization, which
 * is strictly above every branch. `isSubject`: the instance's subject account is the user
 * (instance.subject_user_id === user.id — an applicant acting on their own application).
 *
 * @param instance the instance's organization path ("1/23/45/") and subject account (null when none).
 */
export function workflowActorOf(
  actor: Actor,
  instance: { organizationPath: string; subjectUserId: number | null },
): WorkflowActor {
  const scopes: Partial<Record<Permission, string[]>> = {};
  const firstId = pathIds(instance.organizationPath)[0];
  const treeRoot = firstId === undefined ? instance.organizationPath : rootPath(firstId);
  for (const grant of actor.roles) {
    const path = grant.path ?? treeRoot;
    for (const permission of ROLE_PERMISSIONS[grant.role]) {
      const list = scopes[permission] ?? [];
      if (!list.includes(path)) list.push(path);
      scopes[permission] = list;
    }
  }
  // The CLI's system actor holds every permission over the whole tree without role grants.
  if (actor.roles.length === 0 && actor.scopePaths === null) {
    for (const permission of actor.permissions) {
      if (PERMISSIONS.includes(permission)) scopes[permission] = [treeRoot];
    }
  }
  return {
    scopePathsByPermission: scopes,
    isSubject: actor.userId !== null && instance.subjectUserId === actor.userId,
  };
}
