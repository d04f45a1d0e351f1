import type { OrganizationKind, Role } from "@tuanwu/domain";
import { and, eq, inArray, ne, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { appUser, userRole, userSession } from "../../db/schema";
import { executeWrite, queryRows } from "../../db/sql-result";
import { inScope, inSubtree } from "../../lib/tree-sql";

/** Inserts a user with one role; returns the user id. */
export async function insertUserWithRole(
  db: Executor,
  user: { username: string; displayName: string; passwordHash: string; mustChangePassword?: boolean },
  role: { role: Role; organizationId: number | null },
): Promise<number> {
  const [row] = await db.insert(appUser).values(user).returning({ id: appUser.id });
  if (!row) throw new Error("user not inserted");
  await db.insert(userRole).values({ userId: row.id, ...role });
  return row.id;
}

/** Replaces a user's password hash; returns the user's id, or null when there is no such user. */
export async function updatePasswordHash(
  db: Executor,
  username: string,
  passwordHash: string,
): Promise<number | null> {
  const rows = await db
    .update(appUser)
    .set({ passwordHash, passwordChangedAt: new Date(), mustChangePassword: false })
    .where(eq(appUser.username, username))
    .returning({ id: appUser.id });
  return rows[0]?.id ?? null;
}

/** Sets a user's password hash by id and whether it is a one-time password (must be changed). */
export async function updatePasswordHashById(
  db: Executor,
  userId: number,
  passwordHash: string,
  mustChangePassword: boolean,
): Promise<void> {
  await db
    .update(appUser)
    .set({ passwordHash, passwordChangedAt: new Date(), mustChangePassword })
    .where(eq(appUser.id, userId));
}

/** Enables or disables an account; returns whether the row changed (false: it already was). */
export async function updateUserActive(db: Executor, userId: number, isActive: boolean): Promise<boolean> {
  const changed = await executeWrite(
    db,
    sql`update app_user set is_active = ${isActive} where id = ${userId} and is_active <> ${isActive}`,
  );
  return changed > 0;
}

/** A role as listed with a user: the grant's id, the role, its organization (null: the whole tree). */
export interface UserRoleView {
  id: number;
  role: Role;
  organizationId: number | null;
  organizationName: string | null;
  organizationPath: string | null;
}

/** A user as the accounts page shows them (never the password hash). */
export interface UserView {
  id: number;
  username: string;
  displayName: string;
  isActive: boolean;
  mustChangePassword: boolean;
  createdAt: Date;
  roles: UserRoleView[];
}

/** A filter over the accounts an administrator manages. */
export interface UserFilter {
  /** Only users holding a role in this organization's subtree (its path). */
  organizationPath?: string | undefined;
  /** User name or display name contains this text. */
  q?: string | undefined;
  /** Only users holding this role (inside `organizationPath` when given). */
  role?: Role | undefined;
  /** true: only disabled accounts; false: only enabled ones. */
  disabled?: boolean | undefined;
}

/**
 * The users an actor with scope roots `scopePaths` manages: every role they hold lies on an
 * organization inside the scope (and they hold at least one). null: every user (system administrator).
 */
function managedBy(scopePaths: readonly string[] | null): SQL {
  if (scopePaths === null) return sql`true`;
  return sql`exists (select 1 from user_role r join organization o on o.id = r.organization_id
      where r.user_id = u.id and ${inScope(sql`o.path`, scopePaths)})
    and not exists (select 1 from user_role r left join organization o on o.id = r.organization_id
      where r.user_id = u.id and (o.id is null or not (${inScope(sql`o.path`, scopePaths)})))`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function userConditions(scopePaths: readonly string[] | null, filter: UserFilter): SQL {
  const conditions: SQL[] = [managedBy(scopePaths)];
  if (filter.organizationPath || filter.role) {
    const place = filter.organizationPath ? inSubtree(sql`o.path`, filter.organizationPath) : sql`true`;
    const role = filter.role ? sql`r.role = ${filter.role}` : sql`true`;
    conditions.push(sql`exists (select 1 from user_role r left join organization o on o.id = r.organization_id
      where r.user_id = u.id and ${place} and ${role})`);
  }
  const q = filter.q?.trim();
  if (q) {
    const pattern = `%${escapeLike(q)}%`;
    conditions.push(sql`(u.username ilike ${pattern} or u.display_name ilike ${pattern})`);
  }
  if (filter.disabled !== undefined) conditions.push(sql`u.is_active = ${!filter.disabled}`);
  return sql.join(conditions, sql` and `);
}

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  is_active: boolean;
  must_change_password: boolean;
  created_at: Date | string;
  roles: UserRoleView[] | null;
}

const USER_COLUMNS = sql`u.id, u.username, u.display_name, u.is_active, u.must_change_password, u.created_at,
  (select coalesce(json_agg(json_build_object('id', r.id, 'role', r.role, 'organizationId', r.organization_id,
      'organizationName', o.name, 'organizationPath', o.path) order by r.id), '[]'::json)
    from user_role r left join organization o on o.id = r.organization_id where r.user_id = u.id) as roles`;

function toUserView(row: UserRow): UserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    isActive: row.is_active,
    mustChangePassword: row.must_change_password,
    createdAt: new Date(row.created_at),
    roles: row.roles ?? [],
  };
}

/** One page of the users an actor manages, by user name, and how many match in all. */
export async function findManagedUsers(
  db: Executor,
  scopePaths: readonly string[] | null,
  filter: UserFilter,
  page: { limit: number; offset: number },
): Promise<{ items: UserView[]; total: number }> {
  const where = userConditions(scopePaths, filter);
  const [rows, totals] = await Promise.all([
    queryRows<UserRow>(
      db,
      sql`select ${USER_COLUMNS} from app_user u where ${where}
        order by u.username limit ${page.limit} offset ${page.offset}`,
    ),
    queryRows<{ total: number }>(db, sql`select count(*)::int as total from app_user u where ${where}`),
  ]);
  return { items: rows.map(toUserView), total: Number(totals[0]?.total ?? 0) };
}

/** One user with their roles (each with its organization's path), or undefined. */
export async function findUserView(db: Executor, userId: number): Promise<UserView | undefined> {
  const rows = await queryRows<UserRow>(
    db,
    sql`select ${USER_COLUMNS} from app_user u where u.id = ${userId}`,
  );
  return rows[0] && toUserView(rows[0]);
}

/** Locks a user's row for the length of the transaction (role grants and revokes of one user queue). */
export async function lockUser(db: Executor, userId: number): Promise<boolean> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`select id from app_user where id = ${userId} for update`,
  );
  return rows.length > 0;
}

/** Adds a role grant; returns its id, or null when the user already holds that role there. */
export async function insertRoleGrant(
  db: Executor,
  grant: { userId: number; role: Role; organizationId: number },
): Promise<number | null> {
  const rows = await db
    .insert(userRole)
    .values(grant)
    .onConflictDoNothing({ target: [userRole.userId, userRole.role, userRole.organizationId] })
    .returning({ id: userRole.id });
  return rows[0]?.id ?? null;
}

/** Removes one role grant of a user; returns whether it existed. */
export async function deleteRoleGrant(db: Executor, userId: number, grantId: number): Promise<boolean> {
  const rows = await db
    .delete(userRole)
    .where(and(eq(userRole.id, grantId), eq(userRole.userId, userId)))
    .returning({ id: userRole.id });
  return rows.length > 0;
}

/** An organization's id, name, path and kind (for role grants), or undefined. */
export async function findOrganizationForGrant(
  db: Executor,
  organizationId: number,
): Promise<{ id: number; name: string; path: string; kind: OrganizationKind } | undefined> {
  const rows = await queryRows<{ id: number; name: string; path: string; kind: OrganizationKind }>(
    db,
    sql`select id, name, path, kind from organization where id = ${organizationId}`,
  );
  return rows[0];
}

/**
 * The branches (团支部) of the subtree at `rootPath` where no user holds the branch_secretary role,
 * in code order, locked against a concurrent bulk creation (the second one then finds none left).
 */
export async function lockBranchesWithoutSecretary(
  db: Executor,
  rootPath: string,
): Promise<Array<{ id: number; name: string; shortName: string | null; code: string }>> {
  return queryRows(
    db,
    sql`select o.id, o.name, o.short_name as "shortName", o.code from organization o
      where ${inSubtree(sql`o.path`, rootPath)} and o.kind = 'branch'
        and not exists (select 1 from user_role r where r.organization_id = o.id and r.role = 'branch_secretary')
      order by o.code, o.id for update of o`,
  );
}

/** Which of `usernames` are taken already. */
export async function findTakenUsernames(db: Executor, usernames: readonly string[]): Promise<Set<string>> {
  if (usernames.length === 0) return new Set();
  const rows = await db
    .select({ username: appUser.username })
    .from(appUser)
    .where(inArray(appUser.username, [...usernames]));
  return new Set(rows.map((row) => row.username));
}

/** Deletes every session of a user except the one with `keptTokenHash` (after a password change). */
export async function deleteOtherSessionsOfUser(
  db: Executor,
  userId: number,
  keptTokenHash: string,
): Promise<void> {
  await db
    .delete(userSession)
    .where(and(eq(userSession.userId, userId), ne(userSession.tokenHash, keptTokenHash)));
}
