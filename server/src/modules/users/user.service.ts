import { randomBytes, randomInt } from "node:crypto";
import { assertPasswordAcceptable, DomainError, type Role } from "@tuanwu/domain";
import argon2 from "argon2";
import type { Database, Executor } from "../../db/database";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { deleteSessionsOfUser } from "../auth/auth.repository";
import { hashPassword } from "../auth/auth.service";
import { insertUserWithRole, updatePasswordHash } from "./user.repository";

/** A random password of 16 URL-safe characters (about 96 bits). */
export function generatePassword(): string {
  return randomBytes(12).toString("base64url");
}

/** Letters and digits that cannot be mistaken for each other on paper (no 0 O o 1 l I). */
const PRINTABLE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

/**
 * A one-time password (一次性密码) for a new account or a reset: 16 characters of
 * {@link PRINTABLE_ALPHABET} (about 92 bits), readable when printed and never starting with a
 * character a spreadsheet takes for a formula.
 */
export function generateOneTimePassword(): string {
  let password = "";
  for (let index = 0; index < 16; index += 1)
    password += PRINTABLE_ALPHABET[randomInt(PRINTABLE_ALPHABET.length)];
  return password;
}

/**
 * Hashes a generated one-time password (一次性密码) with argon2id at OWASP's minimum cost (19 MiB,
 * t=2, p=1) instead of the library's default (64 MiB, t=3, p=4): the secret is 96 random bits, so
 * the hash's cost adds nothing against guessing it, and creating the accounts of 350 branches at once
 * must not take minutes. argon2.verify reads the cost from the hash; the user's own password, set at
 * the first login, gets the full cost.
 */
export function hashOneTimePassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

/**
 * Creates a user with one role at an organization (null for a system administrator), hashing the
 * password with argon2id. For the CLI, the demo and tests: the caller has authorized it (the web's
 * accounts page goes through user-management.service createManagedUser). The password follows the
 * domain password policy (assertPasswordAcceptable). `mustChangePassword`: a one-time password.
 * Audited (without the password). Errors: weak_password (400, field password); duplicate user name
 * (409 from the unique index, field username).
 */
export async function createUser(
  db: Executor,
  actor: Actor,
  input: {
    username: string;
    displayName: string;
    password: string;
    role: Role;
    organizationId: number | null;
    mustChangePassword?: boolean;
  },
): Promise<number> {
  assertPasswordAcceptable(input.password, input.username);
  const passwordHash = input.mustChangePassword
    ? await hashOneTimePassword(input.password)
    : await hashPassword(input.password);
  return insertUserAudited(db, actor, input, passwordHash);
}

/**
 * createUser's insert and audit entry, for a password already checked against the policy and hashed.
 * Exported for the test factories (server/src/test/factories.ts), which hash their one test password
 * once per process instead of once per user (argon2id at 64 MiB, t=3 takes ≈ 0.2–1 s per hash).
 */
export async function insertUserAudited(
  db: Executor,
  actor: Actor,
  input: {
    username: string;
    displayName: string;
    role: Role;
    organizationId: number | null;
    mustChangePassword?: boolean;
  },
  passwordHash: string,
): Promise<number> {
  const id = await insertUserWithRole(
    db,
    {
      username: input.username,
      displayName: input.displayName,
      passwordHash,
      mustChangePassword: input.mustChangePassword ?? false,
    },
    { role: input.role, organizationId: input.organizationId },
  );
  await recordAudit(db, actor, {
    action: "user.create",
    entityType: "user",
    entityId: id,
    organizationId: input.organizationId,
    after: { username: input.username, displayName: input.displayName, role: input.role },
  });
  return id;
}

/**
 * Sets a user's password (`tuanwu user set-password`) and ends their sessions. Audited.
 * Errors: user_not_found (404); weak_password (400).
 */
export async function setUserPassword(
  db: Database,
  actor: Actor,
  username: string,
  password: string,
): Promise<void> {
  assertPasswordAcceptable(password, username);
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const id = await updatePasswordHash(tx, username, passwordHash);
    if (id === null) {
      throw new DomainError("user_not_found", `用户 ${username} 不存在`, { field: "username", status: 404 });
    }
    await deleteSessionsOfUser(tx, id);
    await recordAudit(tx, actor, {
      action: "user.set_password",
      entityType: "user",
      entityId: id,
      organizationId: null,
    });
  });
}
