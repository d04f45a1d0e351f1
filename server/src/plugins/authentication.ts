import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { Database } from "../db/database";
import { HttpError, unauthorized } from "../lib/http-errors";
import type { Actor } from "../modules/auth/actor";
import { resolveSession } from "../modules/auth/auth.service";

/** Name of the httpOnly session cookie. */
export const SESSION_COOKIE = "tuanwu_session";
/** Header that must carry the session's CSRF token on cookie-authenticated writes. */
export const CSRF_HEADER = "x-csrf-token";

declare module "fastify" {
  interface FastifyRequest {
    /** The logged-in actor, or null for an anonymous request. */
    actor: Actor | null;
    /** The session's CSRF token, when logged in. */
    csrfToken: string | null;
    /** The raw session token from the cookie, when logged in. */
    sessionToken: string | null;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Resolves the session cookie to `request.actor` on every request, and refuses a cookie-authenticated
 * write whose `x-csrf-token` header does not match the session (403 csrf_mismatch): a page on another
 * site can make the browser send the cookie, but cannot read the token.
 */
export const authenticationPlugin = fp(async (app: FastifyInstance, options: { db: Database }) => {
  app.decorateRequest("actor", null);
  app.decorateRequest("csrfToken", null);
  app.decorateRequest("sessionToken", null);
  app.addHook("onRequest", async (request: FastifyRequest) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await resolveSession(options.db, token);
    if (!session) return;
    request.actor = session.actor;
    request.csrfToken = session.csrfToken;
    request.sessionToken = token;
    if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== session.csrfToken) {
      throw new HttpError(
        403,
        "csrf_mismatch",
        "请求缺少有效的 x-csrf-token 请求头，请刷新页面后重试 / missing or wrong x-csrf-token header",
        CSRF_HEADER,
      );
    }
  });
});

/**
 * The actor of a request whose route declared a permission (the permission hook has already
 * refused anonymous requests with 401; this narrows the type and guards against misuse).
 */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthorized();
  return request.actor;
}
