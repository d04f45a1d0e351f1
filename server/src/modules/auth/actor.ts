import type { Permission, Role } from "@tuanwu/domain";

/** A role held at an organization; `path` is that organization's materialized path (null: whole tree). */
export interface RoleGrant {
  role: Role;
  organizationId: number | null;
  organizationName: string | null;
  path: string | null;
}

/**
 * Who is acting: the logged-in user with roles and permissions, or the CLI acting as the system
 * administrator. `scopePaths` are the subtree roots the actor may see; null means the whole tree.
 */
export interface Actor {
  userId: number | null;
  username: string;
  displayName: string;
  roles: RoleGrant[];
  permissions: ReadonlySet<Permission>;
  scopePaths: readonly string[] | null;
}

/** Whether an organization (by its path) lies inside the actor's subtree scope. */
export function isPathInScope(actor: Actor, path: string): boolean {
  if (actor.scopePaths === null) return true;
  return actor.scopePaths.some((root) => path.startsWith(root));
}
