import { assertPasswordAcceptable, DomainError } from "@tuanwu/domain";
import argon2 from "argon2";
import type { Database } from "../../db/database";
import { unauthorized } from "../../lib/http-errors";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { findUserById } from "../auth/auth.repository";
import { hashPassword, hashSessionToken } from "../auth/auth.service";
import { deleteOtherSessionsOfUser, updatePasswordHashById } from "./user.repository";

/**
 * A user changes their own password (修改密码): the current password is required (400
 * wrong_current_password, field currentPassword — not 401, the session stays valid), the new one
 * follows the password policy (400 weak_password, field newPassword) and differs from the current one
 * (400 password_unchanged). Clears the one-time-password flag, ends the user's other sessions, keeps
 * this one. Audited as user.change_password (no password). Errors: 401 for the CLI's system actor.
 */
export async function changeOwnPassword(
  db: Database,
  actor: Actor,
  sessionToken: string,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const user = actor.userId === null ? undefined : await findUserById(db, actor.userId);
  if (!user) throw unauthorized();
  const valid = await argon2.verify(user.passwordHash, input.currentPassword).catch(() => false);
  if (!valid) {
    throw new DomainError(
      "wrong_current_password",
      "currentPassword：当前密码不正确 / the current password is wrong",
      {
        field: "currentPassword",
        status: 400,
      },
    );
  }
  assertPasswordAcceptable(input.newPassword, user.username, "newPassword");
  if (input.newPassword === input.currentPassword) {
    throw new DomainError(
      "password_unchanged",
      "newPassword：新密码不能与当前密码相同 / choose a different password",
      {
        field: "newPassword",
        status: 400,
      },
    );
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await updatePasswordHashById(tx, user.id, passwordHash, false);
    await deleteOtherSessionsOfUser(tx, user.id, hashSessionToken(sessionToken));
    await recordAudit(tx, actor, {
      action: "user.change_password",
      entityType: "user",
      entityId: user.id,
      organizationId: actor.roles.find((role) => role.organizationId !== null)?.organizationId ?? null,
    });
  });
}
