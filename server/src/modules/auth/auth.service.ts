import { createHash, randomBytes } from "node:crypto";
import { type Permission, permissionsOfRoles } from "@tuanwu/domain";
import argon2 from "argon2";
import type { Database } from "../../db/database";
import { HttpError } from "../../lib/http-errors";
import { recordAudit } from "../audit/audit.service";
import type { Actor, RoleGrant } from "./actor";
import {
  deleteExpiredSessions,
  deleteSession,
  findFirstRootOrganization,
  findLiveSession,
  findRoleGrants,
  findUserById,
  findUserByUsername,
  insertSession,
} from "./auth.repository";

/** The generic refusal for a wrong user name or password: never says which one was wrong. */
export const INVALID_CREDENTIALS_MESSAGE = "用户名或密码错误 / wrong user name or password";

let dummyHash: Promise<string> | undefined;

/** Hashes a password with argon2id (the library's defaults: 64 MiB, t=3, p=4). */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

/** The SHA-256 of a session token, as stored in the database. */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Builds the acting identity from a user and their role grants. */
export function buildActor(
  user: { id: number; username: string; displayName: string },
  grants: RoleGrant[],
): Actor {
  const isSystemAdmin = grants.some((grant) => grant.role === "system_admin");
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: grants,
    permissions: new Set<Permission>(permissionsOfRoles(grants.map((grant) => grant.role))),
    scopePaths: isSystemAdmin ? null : grants.flatMap((grant) => (grant.path ? [grant.path] : [])),
  };
}

/**
 * Checks a user name and password and opens a session.
 * Result: the session token (for the cookie), its CSRF token and the actor.
 * Errors: 401 invalid_credentials with one generic message for an unknown user, an inactive user
 * or a wrong password (the same argon2 work is done in every case, so timing does not tell).
 */
export async function logIn(
  db: Database,
  credentials: { username: string; password: string },
  sessionHours: number,
  now = new Date(),
): Promise<{ token: string; csrfToken: string; actor: Actor }> {
  const user = await findUserByUsername(db, credentials.username);
  if (!user?.isActive) {
    dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
    await argon2.verify(await dummyHash, credentials.password).catch(() => false);
    throw new HttpError(401, "invalid_credentials", INVALID_CREDENTIALS_MESSAGE);
  }
  const valid = await argon2.verify(user.passwordHash, credentials.password).catch(() => false);
  if (!valid) throw new HttpError(401, "invalid_credentials", INVALID_CREDENTIALS_MESSAGE);
  const token = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  await deleteExpiredSessions(db, now);
  const actor = buildActor(user, await findRoleGrants(db, user.id));
  await db.transaction(async (tx) => {
    await insertSession(tx, {
      tokenHash: hashSessionToken(token),
      userId: user.id,
      csrfToken,
      expiresAt: new Date(now.getTime() + sessionHours * 3_600_000),
    });
    await recordAudit(tx, actor, {
      action: "auth.login",
      entityType: "user",
      entityId: user.id,
      organizationId: null,
    });
  });
  return { token, csrfToken, actor };
}

/** Ends a session (audited). Idempotent. */
export async function logOut(db: Database, actor: Actor, token: string): Promise<void> {
  await db.transaction(async (tx) => {
    await deleteSession(tx, hashSessionToken(token));
    await recordAudit(tx, actor, {
      action: "auth.logout",
      entityType: "user",
      entityId: actor.userId,
      organizationId: null,
    });
  });
}

/**
 * Resolves a session cookie to the actor and the session's CSRF token; undefined when the token is
 * unknown, expired, or its user was deactivated.
 */
export async function resolveSession(
  db: Database,
  token: string,
  now = new Date(),
): Promise<{ actor: Actor; csrfToken: string } | undefined> {
  const session = await findLiveSession(db, hashSessionToken(token), now);
  if (!session) return undefined;
  const user = await findUserById(db, session.userId);
  if (!user?.isActive) return undefined;
  return { actor: buildActor(user, await findRoleGrants(db, user.id)), csrfToken: session.csrfToken };
}

/**
 * The organization the user's view starts at: their first role's organization, or for a system
 * administrator the top of the tree. Null when the tree is empty.
 */
export async function findScopeRoot(
  db: Database,
  actor: Actor,
): Promise<{ id: number; name: string; path: string } | null> {
  const grant = actor.roles.find((candidate) => candidate.organizationId !== null);
  if (actor.scopePaths !== null && grant?.organizationId && grant.organizationName && grant.path) {
    return { id: grant.organizationId, name: grant.organizationName, path: grant.path };
  }
  return (await findFirstRootOrganization(db)) ?? null;
}
