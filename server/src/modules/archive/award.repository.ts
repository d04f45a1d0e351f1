import { desc, eq } from "drizzle-orm";
import { countyOfMember } from "../../db/county";
import type { Executor } from "../../db/database";
import { memberAttachment, memberAward } from "../../db/schema";

/** An award or punishment row as stored. */
export type AwardRecord = typeof memberAward.$inferSelect;

/** Inserts an award or punishment and returns it. */
export async function insertAward(
  db: Executor,
  values: typeof memberAward.$inferInsert,
): Promise<AwardRecord> {
  const countyId = values.countyId || (await countyOfMember(db, values.memberId));
  const [row] = await db
    .insert(memberAward)
    .values({ ...values, countyId })
    .returning();
  if (!row) throw new Error("award not inserted");
  return row;
}

/** A member's awards and punishments, the most recent first. */
export async function findAwardsOfMember(db: Executor, memberId: number): Promise<AwardRecord[]> {
  return db
    .select()
    .from(memberAward)
    .where(eq(memberAward.memberId, memberId))
    .orderBy(desc(memberAward.grantedOn), desc(memberAward.id));
}

/** Whose attachment this is, and of which kind (for linking a certificate), or undefined. */
export async function findAttachmentOwner(db: Executor, attachmentId: number) {
  const rows = await db
    .select({ memberId: memberAttachment.memberId, kind: memberAttachment.kind })
    .from(memberAttachment)
    .where(eq(memberAttachment.id, attachmentId))
    .limit(1);
  return rows[0];
}
