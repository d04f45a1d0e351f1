import { randomBytes } from "node:crypto";
import { DomainError, type Role } from "@tuanwu/domain";
import type { Database, Executor } from "../../db/database";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { deleteSessionsOfUser } from "../auth/auth.repository";
import { hashPassword } from "../auth/auth.service";
import { insertUserWithRole, updatePasswordHash } from "./user.repository";

/** Shortest password accepted, in characters. */
export const MINIMUM_PASSWORD_LENGTH = 8;

/** A random password of 16 URL-safe characters (about 96 bits). */
export function generatePassword(): string {
  return randomBytes(12).toString("base64url");
}

function assertPasswordAcceptable(password: string): void {
  if (password.length < MINIMUM_PASSWORD_LENGTH) {
    throw new DomainError("weak_password", `密码：至少 ${MINIMUM_PASSWORD_LENGTH} 个字符`, {
      field: "password",
      status: 400,
    });
  }
}

/**
 * Creates a user with one role at an organization (null for a system administrator), hashing the
 * password with argon2id. Audited (without the password). Errors: weak_password (400); duplicate
 * user name (409 from the unique index).
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
  },
): Promise<number> {
  assertPasswordAcceptable(input.password);
  const passwordHash = await hashPassword(input.password);
  const id = await insertUserWithRole(
    db,
    { username: input.username, displayName: input.displayName, passwordHash },
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
  assertPasswordAcceptable(password);
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
