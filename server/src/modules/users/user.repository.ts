import type { Role } from "@tuanwu/domain";
import { eq } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { appUser, userRole } from "../../db/schema";

/** Inserts a user with one role; returns the user id. */
export async function insertUserWithRole(
  db: Executor,
  user: { username: string; displayName: string; passwordHash: string },
  role: { role: Role; organizationId: number | null },
): Promise<number> {
  const [row] = await db.insert(appUser).values(user).returning({ id: appUser.id });
  if (!row) throw new Error("user not inserted");
  await db.insert(userRole).values({ userId: row.id, ...role });
  return row.id;
}

/** Replaces a user's password hash; returns whether the user exists. */
export async function updatePasswordHash(
  db: Executor,
  username: string,
  passwordHash: string,
): Promise<number | null> {
  const rows = await db
    .update(appUser)
    .set({ passwordHash, passwordChangedAt: new Date() })
    .where(eq(appUser.username, username))
    .returning({ id: appUser.id });
  return rows[0]?.id ?? null;
}
