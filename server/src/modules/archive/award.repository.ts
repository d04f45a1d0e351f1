import { and, desc, eq } from "drizzle-orm";
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

/**
 * A member's awards and punishments, the most recent first. `countyId`: the member's county
 * (countyOfMember), named so that the read is one shard on Citus.
 */
export async function findAwardsOfMember(
  db: Executor,
  memberId: number,
  countyId: number,
): Promise<AwardRecord[]> {
  return db
    .select()
    .from(memberAward)
    .where(and(eq(memberAward.countyId, countyId), eq(memberAward.memberId, memberId)))
    .orderBy(desc(memberAward.grantedOn), desc(memberAward.id));
}

/**
 * Whose attachment this is, and of which kind (for linking a certificate), or undefined. `countyId`: the
 * county of the member the award is for — an attachment of another county's member is not found, as an
 * attachment of another member is refused by the caller.
 */
export async function findAttachmentOwner(db: Executor, attachmentId: number, countyId: number) {
  const rows = await db
    .select({ memberId: memberAttachment.memberId, kind: memberAttachment.kind })
    .from(memberAttachment)
    .where(and(eq(memberAttachment.countyId, countyId), eq(memberAttachment.id, attachmentId)))
    .limit(1);
  return rows[0];
}
