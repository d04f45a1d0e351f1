import { and, asc, desc, eq, ne } from "drizzle-orm";
import { countiesOfRows, countyOfMember, locateInCounty } from "../../db/county";
import type { Executor } from "../../db/database";
import { member, memberAttachment, organization, planAttachment } from "../../db/schema";

/** An attachment row as stored. */
export type AttachmentRecord = typeof memberAttachment.$inferSelect;

/**
 * Inserts an attachment row and returns it; records its county in county_locator (db/county.ts) in the
 * same statement sequence, so that a later read by the attachment's id alone (a download, a decision)
 * names the county. Call inside the upload's transaction: a failed upload leaves no location.
 */
export async function insertAttachment(
  db: Executor,
  values: typeof memberAttachment.$inferInsert,
): Promise<AttachmentRecord> {
  const countyId = values.countyId || (await countyOfMember(db, values.memberId));
  const [row] = await db
    .insert(memberAttachment)
    .values({ ...values, countyId })
    .returning();
  if (!row) throw new Error("attachment not inserted");
  await locateInCounty(db, "member_attachment", [{ id: row.id, countyId: row.countyId }]);
  return row;
}

/**
 * The county of an attachment by its id (0 when there is no such attachment): county_locator, one
 * single-shard read on Citus (rows written around the repository are read by id, every shard).
 */
export async function countyOfAttachment(db: Executor, attachmentId: number): Promise<number> {
  return (await countiesOfRows(db, "member_attachment", [attachmentId])).get(attachmentId) ?? 0;
}

/**
 * One attachment with its member's branch (for authorization), or undefined. The county is read first
 * ({@link countyOfAttachment}) and named, so on Citus each read is one shard.
 */
export async function findAttachmentWithBranch(db: Executor, attachmentId: number) {
  const countyId = await countyOfAttachment(db, attachmentId);
  if (countyId === 0) return undefined;
  const rows = await db
    .select({
      attachment: memberAttachment,
      organizationId: member.organizationId,
      branchPath: organization.path,
    })
    .from(memberAttachment)
    // On (county_id, member_id): the co-location key, which Citus needs to join the two shards.
    .innerJoin(
      member,
      and(eq(member.countyId, memberAttachment.countyId), eq(member.id, memberAttachment.memberId)),
    )
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(and(eq(memberAttachment.countyId, countyId), eq(memberAttachment.id, attachmentId)))
    .limit(1);
  return rows[0];
}

/**
 * A member's attachments, oldest first. `countyId`: the member's county (countyOfMember), named so that
 * the read is one shard on Citus.
 */
export async function findAttachmentsOfMember(
  db: Executor,
  memberId: number,
  countyId: number,
): Promise<AttachmentRecord[]> {
  return db
    .select()
    .from(memberAttachment)
    .where(and(eq(memberAttachment.countyId, countyId), eq(memberAttachment.memberId, memberId)))
    .orderBy(asc(memberAttachment.uploadedAt), asc(memberAttachment.id));
}

/** The member's application form that still counts (pending or verified), if any; `countyId` the member's. */
export async function findCurrentApplicationForm(
  db: Executor,
  memberId: number,
  countyId: number,
): Promise<AttachmentRecord | undefined> {
  const rows = await db
    .select()
    .from(memberAttachment)
    .where(
      and(
        eq(memberAttachment.countyId, countyId),
        eq(memberAttachment.memberId, memberId),
        eq(memberAttachment.kind, "application_form"),
        ne(memberAttachment.verification, "returned"),
      ),
    )
    .limit(1);
  return rows[0];
}

/**
 * The id of the member's latest returned application form (the one a new upload replaces), if any;
 * `countyId` the member's.
 */
export async function findLatestReturnedApplicationFormId(
  db: Executor,
  memberId: number,
  countyId: number,
): Promise<number | undefined> {
  const rows = await db
    .select({ id: memberAttachment.id })
    .from(memberAttachment)
    .where(
      and(
        eq(memberAttachment.countyId, countyId),
        eq(memberAttachment.memberId, memberId),
        eq(memberAttachment.kind, "application_form"),
        eq(memberAttachment.verification, "returned"),
      ),
    )
    .orderBy(desc(memberAttachment.id))
    .limit(1);
  return rows[0]?.id;
}

/**
 * Moves a pending attachment to `verification` in one statement (so two deciders cannot both
 * succeed); returns the updated row, or undefined when it was no longer pending. `countyId`: the
 * attachment's (a single-shard update on Citus).
 */
export async function decidePendingAttachment(
  db: Executor,
  attachmentId: number,
  countyId: number,
  decision: { verification: "verified" | "returned"; decidedByName: string; note: string | null },
): Promise<AttachmentRecord | undefined> {
  const rows = await db
    .update(memberAttachment)
    .set({
      verification: decision.verification,
      decidedByName: decision.decidedByName,
      decidedAt: new Date(),
      decisionNote: decision.note,
    })
    .where(
      and(
        eq(memberAttachment.countyId, countyId),
        eq(memberAttachment.id, attachmentId),
        eq(memberAttachment.verification, "pending"),
      ),
    )
    .returning();
  return rows[0];
}

/**
 * Whether any attachment row — of a member's archive or of a reform-ledger task — refers to the file
 * with this hash (the file store is shared, so a file may be removed only when neither does).
 */
export async function isFileReferenced(db: Executor, sha256: string): Promise<boolean> {
  const rows = await db
    .select({ id: memberAttachment.id })
    .from(memberAttachment)
    .where(eq(memberAttachment.sha256, sha256))
    .limit(1);
  if (rows.length > 0) return true;
  const planRows = await db
    .select({ id: planAttachment.id })
    .from(planAttachment)
    .where(eq(planAttachment.sha256, sha256))
    .limit(1);
  return planRows.length > 0;
}
