import { forbidden, notFound } from "../../lib/http-errors";
import { type Actor, isPathInScope } from "../auth/actor";

/**
 * The scope check of the audit log reader (审计日志), kept in this one file so that it moves to the
 * project's single access entry point as a whole; it uses the existing scope helper `isPathInScope`.
 * An entry belongs to the organization it names (`audit_log.organization_id`, where the write
 * happened); the reader sees the entries of organizations now in the subtree it reads. Entries with
 * no organization (a failed login under an unknown name, the CLI's password changes) are read by a
 * system administrator only.
 */

/**
 * Authorizes reading the audit log of the subtree at `organization` (审计日志): outside the actor's
 * subtree (or missing) → 404 "组织"; without audit:read → 403.
 */
export function authorizeAuditOrganization(
  actor: Actor,
  organization: { path: string } | undefined,
): asserts organization is { path: string } {
  if (!organization || !isPathInScope(actor, organization.path)) throw notFound("组织");
  if (!actor.permissions.has("audit:read")) throw forbidden();
}
