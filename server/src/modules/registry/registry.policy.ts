import type { Permission } from "@tuanwu/domain";
import { forbidden, notFound } from "../../lib/http-errors";
import { type Actor, isPathInScope } from "../auth/actor";

/** What may be done with the registry spreadsheets of an organization's subtree. */
export type RegistryAction = "import" | "export" | "export_full";

const REQUIRED_PERMISSIONS: Record<RegistryAction, readonly Permission[]> = {
  import: ["member:write"],
  export: ["member:read"],
  export_full: ["member:read", "member:export_full"],
};

/**
 * Authorizes an Excel import into, or an export of, an organization's subtree: outside the actor's
 * scope → 404; an import needs member:write; an export member:read, and a full export (unmasked
 * citizen ID and phone, domain.md §2) member:export_full as well; otherwise 403.
 */
export function authorizeRegistry(
  actor: Actor,
  action: RegistryAction,
  target: { path: string } | undefined,
): asserts target is { path: string } {
  if (!target || !isPathInScope(actor, target.path)) throw notFound("组织");
  if (!REQUIRED_PERMISSIONS[action].every((permission) => actor.permissions.has(permission)))
    throw forbidden();
}
