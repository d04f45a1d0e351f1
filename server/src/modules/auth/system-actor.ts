import { PERMISSIONS } from "@tuanwu/domain";
import type { Actor } from "./actor";

/**
 * The actor the CLI and start-up jobs act as: the system administrator (系统管理员), with every
 * permission and the whole tree in scope. `name` appears in the audit log.
 */
export function systemActor(name = "cli"): Actor {
  return {
    userId: null,
    username: name,
    displayName: "系统 System",
    roles: [{ role: "system_admin", organizationId: null, organizationName: null, path: null }],
    permissions: new Set(PERMISSIONS),
    scopePaths: null,
  };
}
