import { assertPasswordAcceptable, assertRoleGrantAllowed, DomainError, type Role } from "@tuanwu/domain";
import type { Database } from "../../db/database";
import { HttpError } from "../../lib/http-errors";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { deleteSessionsOfUser } from "../auth/auth.repository";
import {
  deleteRoleGrant,
  findManagedUsers,
  findOrganizationForGrant,
  findUserView,
  insertRoleGrant,
  lockUser,
  type UserFilter,
  type UserView,
  updatePasswordHashById,
  updateUserActive,
} from "./user.repository";
import { createUser, generateOneTimePassword, hashOneTimePassword } from "./user.service";
import { authorizeManagedUser, authorizeUserOrganization } from "./user-access";

/** The organization an audit entry about `user` is filed under: their first role's (null: none). */
function homeOrganizationOf(user: UserView): number | null {
  return user.roles.find((role) => role.organizationId !== null)?.organizationId ?? null;
}

/** A user for the audit log: who, without any secret. */
function auditImageOf(user: UserView) {
  return {
    username: user.username,
    displayName: user.displayName,
    isActive: user.isActive,
    roles: user.roles.map(({ role, organizationId }) => ({ role, organizationId })),
  };
}

/** The user `userId` as the actor may see them; 404 outside the actor's subtree, 403 without user:manage. */
async function managedUser(db: Database, actor: Actor, userId: number): Promise<UserView> {
  const user = await findUserView(db, userId);
  authorizeManagedUser(actor, user);
  return user;
}

/**
 * One page of the accounts an administrator manages (账号管理), by user name: those holding a role in
 * `organizationId`'s subtree (user-access.ts: every role of theirs inside the actor's scope), filtered
 * by name, role and disabled. Errors: 404 organization outside the scope; 403 without user:manage.
 */
export async function listManagedUsers(
  db: Database,
  actor: Actor,
  query: Omit<UserFilter, "organizationPath"> & { organizationId: number; page: number; pageSize: number },
): Promise<{ items: UserView[]; total: number }> {
  const organization = await findOrganizationForGrant(db, query.organizationId);
  authorizeUserOrganization(actor, organization);
  return findManagedUsers(
    db,
    actor.scopePaths,
    { organizationPath: organization.path, q: query.q, role: query.role, disabled: query.disabled },
    { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
  );
}

/** One managed user with their roles. Errors: 404 outside the subtree; 403 without user:manage. */
export async function getManagedUser(db: Database, actor: Actor, userId: number): Promise<UserView> {
  return managedUser(db, actor, userId);
}

/**
 * Creates an account with one role at an organization of the actor's subtree and a one-time password
 * (一次性密码, 16 random characters) the user must change at the first login; the role follows
 * assertRoleGrantAllowed. Returns the user and the password, shown once. Audited as user.create
 * (never the password). Errors: 404 organization outside the scope; 403 without user:manage or
 * role_not_grantable; 422 role_kind_mismatch (field organizationId); 409 user name taken (field username).
 */
export async function createManagedUser(
  db: Database,
  actor: Actor,
  input: { username: string; displayName: string; role: Role; organizationId: number },
): Promise<{ user: UserView; oneTimePassword: string }> {
  const organization = await findOrganizationForGrant(db, input.organizationId);
  authorizeUserOrganization(actor, organization);
  assertRoleGrantAllowed(input.role, organization.kind);
  const oneTimePassword = generateOneTimePassword();
  const userId = await db.transaction((tx) =>
    createUser(tx, actor, { ...input, password: oneTimePassword, mustChangePassword: true }),
  );
  const user = await findUserView(db, userId);
  if (!user) throw new Error("created user not found");
  return { user, oneTimePassword };
}

/**
 * Disables (停用) or re-enables (启用) an account. Disabling ends every session of the user at once
 * and keeps them from logging in. Idempotent (no change, no audit entry). Audited as user.disable /
 * user.enable. Errors: 404 outside the subtree; 403 without user:manage; 422 own_account (one cannot
 * disable oneself).
 */
export async function setUserActive(
  db: Database,
  actor: Actor,
  userId: number,
  isActive: boolean,
): Promise<UserView> {
  const user = await managedUser(db, actor, userId);
  if (!isActive && user.id === actor.userId) {
    throw new DomainError("own_account", "不能停用自己的账号 / you cannot disable your own account", {
      field: "id",
    });
  }
  await db.transaction(async (tx) => {
    if (!(await updateUserActive(tx, userId, isActive))) return;
    if (!isActive) await deleteSessionsOfUser(tx, userId);
    await recordAudit(tx, actor, {
      action: isActive ? "user.enable" : "user.disable",
      entityType: "user",
      entityId: userId,
      organizationId: homeOrganizationOf(user),
      before: { isActive: user.isActive },
      after: { isActive },
    });
  });
  return managedUser(db, actor, userId);
}

/**
 * Resets a user's password to a new one-time password (重置密码) that they must change at the next
 * login, and ends their sessions. Returns the password, shown once. Audited as user.reset_password
 * (never the password). Errors: 404 outside the subtree; 403 without user:manage.
 */
export async function resetUserPassword(
  db: Database,
  actor: Actor,
  userId: number,
): Promise<{ user: UserView; oneTimePassword: string }> {
  const user = await managedUser(db, actor, userId);
  const oneTimePassword = generateOneTimePassword();
  const passwordHash = await hashOneTimePassword(oneTimePassword);
  await db.transaction(async (tx) => {
    await updatePasswordHashById(tx, userId, passwordHash, true);
    await deleteSessionsOfUser(tx, userId);
    await recordAudit(tx, actor, {
      action: "user.reset_password",
      entityType: "user",
      entityId: userId,
      organizationId: homeOrganizationOf(user),
    });
  });
  return { user: await managedUser(db, actor, userId), oneTimePassword };
}

/**
 * Grants a role on an organization (授予角色): the user and the organization must both lie in the
 * actor's subtree (404 otherwise: no grant ever reaches above the grantor's own place), and the role
 * must fit the organization (domain assertRoleGrantAllowed: 403 role_not_grantable, 422
 * role_kind_mismatch). 409 role_already_held when the user holds it there already. Audited as
 * user.grant_role, filed under the organization of the grant.
 */
export async function grantRole(
  db: Database,
  actor: Actor,
  userId: number,
  grant: { role: Role; organizationId: number },
): Promise<UserView> {
  const before = await managedUser(db, actor, userId);
  const organization = await findOrganizationForGrant(db, grant.organizationId);
  authorizeUserOrganization(actor, organization);
  assertRoleGrantAllowed(grant.role, organization.kind);
  await db.transaction(async (tx) => {
    if (!(await lockUser(tx, userId))) throw new HttpError(404, "not_found", "用户不存在 / not found");
    const grantId = await insertRoleGrant(tx, { userId, ...grant });
    if (grantId === null) {
      throw new DomainError(
        "role_already_held",
        "role：该用户已在此组织拥有此角色 / the user already holds this role there",
        {
          field: "role",
          status: 409,
        },
      );
    }
    await recordAudit(tx, actor, {
      action: "user.grant_role",
      entityType: "user",
      entityId: userId,
      organizationId: organization.id,
      before: auditImageOf(before),
      detail: { grantId, role: grant.role, organizationId: organization.id },
    });
  });
  return managedUser(db, actor, userId);
}

/**
 * Revokes one role grant (撤销角色) of a managed user. The last role cannot be revoked (422 last_role:
 * disable the account instead, so that no account is left outside every subtree), nor can an
 * administrator revoke their own roles (422 own_account). Audited as user.revoke_role, filed under
 * the grant's organization. Errors: 404 user or grant outside the subtree; 403 without user:manage.
 */
export async function revokeRole(
  db: Database,
  actor: Actor,
  userId: number,
  grantId: number,
): Promise<UserView> {
  const user = await managedUser(db, actor, userId);
  const grant = user.roles.find((role) => role.id === grantId);
  if (!grant) throw new HttpError(404, "not_found", "角色不存在 / no such role grant");
  if (user.id === actor.userId) {
    throw new DomainError("own_account", "不能撤销自己的角色 / you cannot revoke your own roles", {
      field: "roleId",
    });
  }
  await db.transaction(async (tx) => {
    await lockUser(tx, userId);
    const current = await findUserView(tx, userId);
    if ((current?.roles.length ?? 0) <= 1) {
      throw new DomainError(
        "last_role",
        "roleId：这是该用户唯一的角色，请改为停用账号 / the last role: disable the account instead",
        {
          field: "roleId",
        },
      );
    }
    if (!(await deleteRoleGrant(tx, userId, grantId))) {
      throw new HttpError(404, "not_found", "角色不存在 / no such role grant");
    }
    await recordAudit(tx, actor, {
      action: "user.revoke_role",
      entityType: "user",
      entityId: userId,
      organizationId: grant.organizationId,
      before: auditImageOf(user),
      detail: { grantId, role: grant.role, organizationId: grant.organizationId },
    });
  });
  return managedUser(db, actor, userId);
}

/** Checks the policy for a new password of `username` (field newPassword); see domain password-policy. */
export function assertNewPasswordAcceptable(newPassword: string, username: string): void {
  assertPasswordAcceptable(newPassword, username, "newPassword");
}
