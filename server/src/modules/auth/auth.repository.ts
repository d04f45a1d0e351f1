import type { Role } from "@tuanwu/domain";
import { asc, eq, isNull, lt, sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { appUser, organization, userRole, userSession } from "../../db/schema";
import { queryPrepared } from "../../db/sql-result";
import type { RoleGrant } from "./actor";

/** A user row with the password hash (never leaves the auth module). */
export type UserRecord = typeof appUser.$inferSelect;

/** Finds an active or inactive user by exact username. */
export async function findUserByUsername(db: Executor, username: string): Promise<UserRecord | undefined> {
  const rows = await db.select().from(appUser).where(eq(appUser.username, username)).limit(1);
  return rows[0];
}

/** Finds a user by id. */
export async function findUserById(db: Executor, userId: number): Promise<UserRecord | undefined> {
  const rows = await db.select().from(appUser).where(eq(appUser.id, userId)).limit(1);
  return rows[0];
}

/** The roles a user holds, each with its organization's name and path. */
export async function findRoleGrants(db: Executor, userId: number): Promise<RoleGrant[]> {
  const rows = await db
    .select({
      role: userRole.role,
      organizationId: userRole.organizationId,
      organizationName: organization.name,
      path: organization.path,
    })
    .from(userRole)
    .leftJoin(organization, eq(organization.id, userRole.organizationId))
    .where(eq(userRole.userId, userId))
    .orderBy(asc(userRole.id));
  return rows.map((row) => ({ ...row, role: row.role as Role }));
}

/** Stores a new session (the token's hash only). */
export async function insertSession(
  db: Executor,
  session: { tokenHash: string; userId: number; csrfToken: string; expiresAt: Date },
): Promise<void> {
  await db.insert(userSession).values(session);
}

/** What a request's session resolves to: the session's CSRF token, its user and the user's roles. */
export interface LiveSessionUser {
  csrfToken: string;
  id: number;
  username: string;
  displayName: string;
  isActive: boolean;
  mustChangePassword: boolean;
  /** As findRoleGrants answers them (in role id order). */
  grants: RoleGrant[];
}

/**
 * The unexpired session with this token hash, its user and the user's role grants in ONE statement (a
 * named prepared statement on PostgreSQL) — run on every authenticated request, where the three reads
 * apart (session, user, grants) were three round trips (issue 18 part 5).
 */
export async function findLiveSessionUser(
  db: Executor,
  tokenHash: string,
  now: Date,
): Promise<LiveSessionUser | undefined> {
  const [row] = await queryPrepared<LiveSessionUser>(
    db,
    "auth_live_session_user",
    sql`select s.csrf_token as "csrfToken", u.id, u.username, u.display_name as "displayName",
               u.is_active as "isActive", u.must_change_password as "mustChangePassword",
               coalesce((select json_agg(json_build_object('role', r.role, 'organizationId', r.organization_id,
                                                           'organizationName', o.name, 'path', o.path)
                                         order by r.id)
                           from user_role r left join organization o on o.id = r.organization_id
                          where r.user_id = u.id), '[]'::json) as grants
          from user_session s join app_user u on u.id = s.user_id
         where s.token_hash = ${tokenHash} and s.expires_at > ${now.toISOString()}::timestamptz`,
  );
  return row;
}

/** Deletes one session (logout). */
export async function deleteSession(db: Executor, tokenHash: string): Promise<void> {
  await db.delete(userSession).where(eq(userSession.tokenHash, tokenHash));
}

/** Deletes every session of a user (after a password change). */
export async function deleteSessionsOfUser(db: Executor, userId: number): Promise<void> {
  await db.delete(userSession).where(eq(userSession.userId, userId));
}

/** Deletes expired sessions. */
export async function deleteExpiredSessions(db: Executor, now: Date): Promise<void> {
  await db.delete(userSession).where(lt(userSession.expiresAt, now));
}

/** The root organization with the lowest id (the top of the tree), for a system administrator's view. */
export async function findFirstRootOrganization(db: Executor) {
  const rows = await db
    .select({ id: organization.id, name: organization.name, path: organization.path })
    .from(organization)
    .where(isNull(organization.parentId))
    .orderBy(asc(organization.id))
    .limit(1);
  return rows[0];
}
