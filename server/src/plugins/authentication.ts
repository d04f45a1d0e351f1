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
    /** The user logged in with a one-time password and must change it before anything else. */
    mustChangePassword: boolean;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * What a user holding a one-time password may still call (issue 17 part 1): who they are, change the
 * password, log out. Every other API route answers 403 password_change_required.
 */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set([
  "GET /api/v1/me",
  "POST /api/v1/me/password",
  "POST /api/v1/auth/logout",
]);

/**
 * Resolves the session cookie to `request.actor` on every request, and refuses a cookie-authenticated
 * write whose `x-csrf-token` header does not match the session (403 csrf_mismatch): a page on another
 * site can make the browser send the cookie, but cannot read the token. A user still holding a
 * one-time password may only read /me, change the password and log out (403 password_change_required).
 */
export const authenticationPlugin = fp(async (app: FastifyInstance, options: { db: Database }) => {
  app.decorateRequest("actor", null);
  app.decorateRequest("csrfToken", null);
  app.decorateRequest("sessionToken", null);
  app.decorateRequest("mustChangePassword", false);
  app.addHook("onRequest", async (request: FastifyRequest) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await resolveSession(options.db, token);
    if (!session) return;
    request.actor = session.actor;
    request.csrfToken = session.csrfToken;
    request.sessionToken = token;
    request.mustChangePassword = session.mustChangePassword;
    if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== session.csrfToken) {
      throw new HttpError(
        403,
        "csrf_mismatch",
        "请求缺少有效的 x-csrf-token 请求头，请刷新页面后重试 / missing or wrong x-csrf-token header",
        CSRF_HEADER,
      );
    }
    const pathname = request.url.split("?")[0] ?? "";
    if (
      session.mustChangePassword &&
      pathname.startsWith("/api/") &&
      !ALLOWED_BEFORE_PASSWORD_CHANGE.has(`${request.method} ${pathname}`)
    ) {
      throw new HttpError(
        403,
        "password_change_required",
        "请先修改一次性密码 / change your one-time password first",
        "newPassword",
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
