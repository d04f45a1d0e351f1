import { PERMISSIONS, ROLE_PERMISSIONS, ROLES } from "@tuanwu/domain";
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { DEFAULT_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE } from "../../config";
import { commonErrorResponses, errorResponseSchema } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { unauthorized } from "../../lib/http-errors";
import type { ZodApp } from "../../lib/zod-app";
import { SESSION_COOKIE } from "../../plugins/authentication";
import type { Actor } from "./actor";
import { findScopeRoot, logIn, logOut, recordRefusedLogin } from "./auth.service";

/** When each rate-limit key was last audited (ms): one auth.login_rate_limited entry per key and minute. */
const lastRateLimitAudit = new Map<string, number>();

/**
 * Audits a login refused by the rate limit (auth.login_rate_limited, no password), at most once per
 * key (address and user name) and minute so that a flood of refused attempts cannot flood the log.
 * Runs after the reply is decided; a failure to write is logged, never thrown.
 */
function auditRateLimitedLogin(context: AppContext, address: string, key: string): void {
  const now = Date.now();
  if ((lastRateLimitAudit.get(key) ?? 0) > now - 60_000) return;
  lastRateLimitAudit.set(key, now);
  if (lastRateLimitAudit.size > 10_000) {
    for (const [stale, at] of lastRateLimitAudit) if (at <= now - 60_000) lastRateLimitAudit.delete(stale);
  }
  const username = key.slice(key.indexOf("|") + 1);
  void recordRefusedLogin(context.db, username, "auth.login_rate_limited", {
    reason: "rate_limited",
    address,
  }).catch(() => undefined);
}

const meSchema = z
  .object({
    id: z.number().int().nullable(),
    username: z.string(),
    displayName: z.string(),
    roles: z.array(
      z.object({
        role: z.enum(ROLES),
        organizationId: z.number().int().nullable(),
        organizationName: z.string().nullable(),
        organizationPath: z
          .string()
          .nullable()
          .describe("materialized path of the role's organization (its scope root); null: the whole tree"),
        permissions: z
          .array(z.enum(PERMISSIONS))
          .describe("what this role may do inside its organization's subtree (the web hides the rest)"),
      }),
    ),
    scopeRoot: z.object({ id: z.number().int(), name: z.string(), path: z.string() }).nullable(),
    permissions: z.array(z.enum(PERMISSIONS)),
    csrfToken: z.string(),
    mustChangePassword: z
      .boolean()
      .describe(
        "logged in with a one-time password: only GET /me, POST /me/password and logout work until changed",
      ),
  })
  .meta({ id: "Me" });

const loginBodySchema = z.object({
  username: z.string().trim().min(1, "请输入用户名 / user name required").max(64),
  password: z.string().min(1, "请输入密码 / password required").max(256),
});

/**
 * Auth routes: POST /auth/login, POST /auth/logout, GET /me.
 * Login is public and rate limited twice: per client address and user name
 * (TUANWU_LOGIN_ATTEMPTS_PER_MINUTE), and per client address alone, whatever the user names
 * (TUANWU_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE), so one address cannot try password after password
 * across many accounts. Both answer 429 with the same generic message.
 */
export async function registerAuthRoutes(app: ZodApp, context: AppContext): Promise<void> {
  // A limiter of its own (not a second route rateLimit config: the plugin runs one limiter per request).
  const countAttemptFromAddress = app.createRateLimit({
    max: context.config.loginAttemptsPerAddressPerMinute ?? DEFAULT_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE,
    timeWindow: "1 minute",
    keyGenerator: (request) => `login-address|${request.ip}`,
  });
  const limitPerAddress = async (request: FastifyRequest, reply: FastifyReply) => {
    const limit = await countAttemptFromAddress(request);
    if (limit.isAllowed || !limit.isExceeded) return;
    reply.header("retry-after", limit.ttlInSeconds);
    // statusCode 429: the error handler answers its one generic "too many attempts" message.
    throw Object.assign(new Error("too many login attempts from this address"), { statusCode: 429 });
  };
  const describe = async (actor: Actor, csrfToken: string, mustChangePassword: boolean) => ({
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    roles: actor.roles.map(({ role, organizationId, organizationName, path }) => ({
      role,
      organizationId,
      organizationName,
      organizationPath: path,
      permissions: [...ROLE_PERMISSIONS[role]],
    })),
    scopeRoot: await findScopeRoot(context.db, actor),
    permissions: [...actor.permissions],
    csrfToken,
    mustChangePassword,
  });

  app.post(
    "/auth/login",
    {
      onRequest: limitPerAddress,
      config: {
        permission: "public",
        rateLimit: {
          max: context.config.loginAttemptsPerMinute,
          timeWindow: "1 minute",
          // The key reads the user name from the body, which is parsed only after onRequest (the
          // plugin's default hook): count in preValidation, or every login from one address (a whole
          // office behind one NAT) would share a single counter.
          hook: "preValidation",
          keyGenerator: (request) => {
            const username = (request.body as { username?: unknown } | undefined)?.username;
            return `${request.ip}|${typeof username === "string" ? username.trim() : ""}`;
          },
          onExceeded: (request, key) => auditRateLimitedLogin(context, request.ip, key),
        },
      },
      schema: {
        tags: ["auth"],
        summary: "登录 Log in",
        body: loginBodySchema,
        response: {
          200: meSchema,
          400: errorResponseSchema,
          401: errorResponseSchema,
          429: errorResponseSchema,
        },
      },
    },
    /** POST /api/v1/auth/login {username,password} → Me and a session cookie. 401 generic message; 429 when rate limited. */
    async (request, reply) => {
      const { token, csrfToken, actor, mustChangePassword } = await logIn(
        context.db,
        request.body,
        context.config.sessionHours,
        new Date(),
        request.ip,
      );
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: "lax",
        secure: context.config.cookieSecure,
        path: "/",
        maxAge: Math.round(context.config.sessionHours * 3600),
      });
      return describe(actor, csrfToken, mustChangePassword);
    },
  );

  app.post(
    "/auth/logout",
    {
      config: { permission: "public" },
      schema: {
        tags: ["auth"],
        summary: "退出 Log out",
        response: { 204: z.null(), 403: errorResponseSchema },
      },
    },
    /** POST /api/v1/auth/logout — ends the session (needs x-csrf-token when logged in). 204. */
    async (request, reply) => {
      if (request.sessionToken && request.actor)
        await logOut(context.db, request.actor, request.sessionToken);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/me",
    {
      config: { permission: "organization:read" },
      schema: {
        tags: ["auth"],
        summary: "当前用户 The current user",
        response: { 200: meSchema, ...commonErrorResponses },
      },
    },
    /**
     * GET /api/v1/me — the user, roles (each with its organization's path and the permissions it grants
     * there: the abilities the web hides buttons by), permissions, scope root and CSRF token. 401 when not logged in.
     */
    async (request) => {
      if (!request.actor || !request.csrfToken) throw unauthorized();
      return describe(request.actor, request.csrfToken, request.mustChangePassword);
    },
  );
}
