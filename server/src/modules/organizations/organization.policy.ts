import { forbidden } from "../../lib/http-errors";
import type { Actor } from "../auth/actor";

/**
 * What the access entry point (access.service requireAccess: scope and permission) does not decide
 * about organizations: the root of one's own scope cannot be moved — it would leave the scope.
 * @throws HttpError 403 forbidden.
 */
export function assertNotOwnScopeRoot(actor: Actor, path: string): void {
  if (actor.scopePaths?.includes(path)) throw forbidden();
}
