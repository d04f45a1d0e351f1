import type { Role } from "@tuanwu/domain";
import { and, asc, eq, gt, isNull, lt } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { appUser, organization, userRole, userSession } from "../../db/schema";
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

/** The unexpired session with this token hash, if any. */
export async function findLiveSession(db: Executor, tokenHash: string, now: Date) {
  const rows = await db
    .select()
    .from(userSession)
    .where(and(eq(userSession.tokenHash, tokenHash), gt(userSession.expiresAt, now)))
    .limit(1);
  return rows[0];
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
