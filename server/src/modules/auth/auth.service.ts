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
  findLiveSessionUser,
  findRoleGrants,
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

/** The organization an audit entry about a user's session is filed under: their first role's. */
function homeOrganizationId(grants: readonly RoleGrant[]): number | null {
  return grants.find((grant) => grant.organizationId !== null)?.organizationId ?? null;
}

/**
 * A user name as the audit log records a failed login: as typed when it names an account; masked
 * (its first two characters and "***") when it names none, since that is often a password typed
 * into the wrong field.
 */
export function attemptedUsernameForAudit(username: string, exists: boolean): string {
  return exists ? username : `${[...username].slice(0, 2).join("")}***`;
}

/**
 * Records a refused login (auth.login_failed, or auth.login_rate_limited) in the audit log, never the
 * attempted password: the account's id and first role's organization when the name is an account's
 * (so its administrator reads it), the masked name otherwise (system administrators only).
 */
export async function recordRefusedLogin(
  db: Database,
  username: string,
  action: "auth.login_failed" | "auth.login_rate_limited",
  detail: { reason: string; address: string },
): Promise<void> {
  const user = username ? await findUserByUsername(db, username) : undefined;
  const grants = user ? await findRoleGrants(db, user.id) : [];
  const attempt: Actor = {
    userId: user?.id ?? null,
    username: attemptedUsernameForAudit(username, user !== undefined),
    displayName: "",
    roles: [],
    permissions: new Set(),
    scopePaths: [],
  };
  await recordAudit(db, attempt, {
    action,
    entityType: "user",
    entityId: user?.id ?? null,
    organizationId: homeOrganizationId(grants),
    detail,
  });
}

/**
 * Checks a user name and password and opens a session.
 * Result: the session token (for the cookie), its CSRF token, the actor, and whether the password is
 * a one-time password that must be changed first (the web then shows only the change-password page,
 * and every other route answers 403 password_change_required).
 * Errors: 401 invalid_credentials with one generic message for an unknown user, an inactive user
 * or a wrong password (the same argon2 work is done in every case, so timing does not tell); each
 * refusal is audited (auth.login_failed, without the password; `address` is the client's).
 */
export async function logIn(
  db: Database,
  credentials: { username: string; password: string },
  sessionHours: number,
  now = new Date(),
  address = "",
): Promise<{ token: string; csrfToken: string; actor: Actor; mustChangePassword: boolean }> {
  const user = await findUserByUsername(db, credentials.username);
  if (!user?.isActive) {
    dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
    await argon2.verify(await dummyHash, credentials.password).catch(() => false);
    await recordRefusedLogin(db, credentials.username, "auth.login_failed", {
      reason: user ? "disabled" : "unknown_user",
      address,
    });
    throw new HttpError(401, "invalid_credentials", INVALID_CREDENTIALS_MESSAGE);
  }
  const valid = await argon2.verify(user.passwordHash, credentials.password).catch(() => false);
  if (!valid) {
    await recordRefusedLogin(db, credentials.username, "auth.login_failed", {
      reason: "wrong_password",
      address,
    });
    throw new HttpError(401, "invalid_credentials", INVALID_CREDENTIALS_MESSAGE);
  }
  const token = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  await deleteExpiredSessions(db, now);
  const grants = await findRoleGrants(db, user.id);
  const actor = buildActor(user, grants);
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
      organizationId: homeOrganizationId(grants),
    });
  });
  return { token, csrfToken, actor, mustChangePassword: user.mustChangePassword };
}

/** Ends a session (audited). Idempotent. */
export async function logOut(db: Database, actor: Actor, token: string): Promise<void> {
  await db.transaction(async (tx) => {
    await deleteSession(tx, hashSessionToken(token));
    await recordAudit(tx, actor, {
      action: "auth.logout",
      entityType: "user",
      entityId: actor.userId,
      organizationId: homeOrganizationId(actor.roles),
    });
  });
}

/**
 * Resolves a session cookie to the actor, the session's CSRF token and whether the user must change a
 * one-time password first; undefined when the token is unknown, expired, or its user was deactivated.
 */
export async function resolveSession(
  db: Database,
  token: string,
  now = new Date(),
): Promise<{ actor: Actor; csrfToken: string; mustChangePassword: boolean } | undefined> {
  const session = await findLiveSessionUser(db, hashSessionToken(token), now);
  if (!session?.isActive) return undefined;
  return {
    actor: buildActor(session, session.grants),
    csrfToken: session.csrfToken,
    mustChangePassword: session.mustChangePassword,
  };
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
