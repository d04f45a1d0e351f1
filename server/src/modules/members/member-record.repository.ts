import { and, eq, isNull, sql } from "drizzle-orm";
import { countyOfMember, countyOfOrganization } from "../../db/county";
import type { Executor } from "../../db/database";
import { member, memberCorrectionRequest, memberHistory, organization } from "../../db/schema";
import { executeWrite } from "../../db/sql-result";

/** A member row as stored. */
export type MemberRow = typeof member.$inferSelect;
/** The columns of a new member (id and timestamps are filled in by the database). */
export type NewMember = Omit<typeof member.$inferInsert, "id" | "createdAt" | "updatedAt">;
/** A member with the branch it belongs to (for the scope check and the detail view). */
export interface MemberWithBranch {
  record: MemberRow;
  branch: { id: number; name: string; path: string; kind: string };
}

/**
 * One member with its branch, or undefined. `lock` "update" (inside a transaction) locks the member
 * row until the transaction ends, so that two changes of one member (a status change and a
 * correction, say) apply one after the other, each seeing the other's result. The row is locked by a
 * statement of its own and the branch read after it: locking through the join (`FOR UPDATE OF member`)
 * made PostgreSQL re-check a member moved meanwhile against its old branch and return no row — a false
 * 404 "not in your scope" under concurrent moves (issue 17).
 */
export async function findMemberWithBranch(
  db: Executor,
  id: number,
  lock?: "update",
): Promise<MemberWithBranch | undefined> {
  if (lock) {
    const locked = await db.select({ id: member.id }).from(member).where(eq(member.id, id)).for("update");
    if (locked.length === 0) return undefined;
  }
  const query = db
    .select({
      record: member,
      branch: {
        id: organization.id,
        name: organization.name,
        path: organization.path,
        kind: organization.kind,
      },
    })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(eq(member.id, id))
    .limit(1);
  const rows = await query;
  return rows[0];
}

/** The member holding a citizen ID and the name of their branch (for the 409 of a duplicate). */
export async function findCitizenIdHolder(db: Executor, citizenId: string) {
  const rows = await db
    .select({ memberId: member.id, organizationId: organization.id, organizationName: organization.name })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(eq(member.citizenId, citizenId))
    .limit(1);
  return rows[0];
}

/** Inserts a member and returns its id. Unique violations (citizen ID, member number) propagate. */
export async function insertMember(db: Executor, values: NewMember): Promise<number> {
  const countyId = values.countyId || (await countyOfOrganization(db, values.organizationId));
  const rows = await db
    .insert(member)
    .values({ ...values, countyId })
    .returning({ id: member.id });
  const row = rows[0];
  if (!row) throw new Error("member not inserted");
  return row.id;
}

/** Sets columns of a member (and updated_at); returns the row after the change. */
export async function updateMemberColumns(
  db: Executor,
  id: number,
  values: Partial<NewMember> & { verifiedAt?: Date | null },
): Promise<MemberRow> {
  const rows = await db
    .update(member)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(member.id, id))
    .returning();
  const row = rows[0];
  if (!row) throw new Error(`member ${id} vanished during update`);
  return row;
}

/** The member's open history period (valid_to null), locked for update; undefined if there is none. */
export async function findOpenHistoryPeriod(db: Executor, memberId: number) {
  const rows = await db
    .select()
    .from(memberHistory)
    .where(and(eq(memberHistory.memberId, memberId), isNull(memberHistory.validTo)))
    .limit(1)
    .for("update");
  return rows[0];
}

/** Ends a history period on `validTo` (exclusive). */
export async function closeHistoryPeriod(db: Executor, periodId: number, validTo: string): Promise<void> {
  await db.update(memberHistory).set({ validTo }).where(eq(memberHistory.id, periodId));
}

/** Changes the branch and status of a history period in place (a change on the day the period began). */
export async function rewriteHistoryPeriod(
  db: Executor,
  periodId: number,
  values: { organizationId: number; status: MemberRow["status"] },
): Promise<void> {
  await db.update(memberHistory).set(values).where(eq(memberHistory.id, periodId));
}

/** Opens a history period from `validFrom` (open-ended). */
export async function insertHistoryPeriod(
  db: Executor,
  values: { memberId: number; organizationId: number; status: MemberRow["status"]; validFrom: string },
): Promise<void> {
  const countyId = await countyOfMember(db, values.memberId);
  await db.insert(memberHistory).values({ ...values, countyId, validTo: null });
}

/**
 * Moves the start of a member's first history period (the one beginning on the old join date) to the
 * new join date, unless that period ends on or before it. Returns the number of periods moved (0 or 1).
 */
export async function moveFirstHistoryPeriodStart(
  db: Executor,
  memberId: number,
  oldJoinedOn: string,
  newJoinedOn: string,
): Promise<number> {
  return executeWrite(
    db,
    sql`update member_history set valid_from = ${newJoinedOn}
      where member_id = ${memberId} and valid_from = ${oldJoinedOn}
        and (valid_to is null or valid_to > ${newJoinedOn})`,
  );
}

/** A correction request row as stored. */
export type CorrectionRequestRow = typeof memberCorrectionRequest.$inferSelect;

/** The changes a correction request carries: field → { from, to }. */
export type CorrectionChanges = Record<string, { from: unknown; to: unknown }>;

/** Inserts a pending correction request; the one-pending-per-member index may refuse it. */
export async function insertCorrectionRequest(
  db: Executor,
  values: {
    memberId: number;
    changes: CorrectionChanges;
    reason: string;
    requestedBy: number | null;
    requestedByName: string;
  },
): Promise<CorrectionRequestRow> {
  const countyId = await countyOfMember(db, values.memberId);
  const rows = await db
    .insert(memberCorrectionRequest)
    .values({ ...values, countyId })
    .returning();
  const row = rows[0];
  if (!row) throw new Error("correction request not inserted");
  return row;
}

/** One correction request, optionally locked for update. */
export async function findCorrectionRequest(db: Executor, id: number, lock?: "update") {
  const query = db.select().from(memberCorrectionRequest).where(eq(memberCorrectionRequest.id, id)).limit(1);
  const rows = lock ? await query.for("update") : await query;
  return rows[0];
}

/** The member's pending correction request, if any. */
export async function findPendingCorrectionRequest(db: Executor, memberId: number) {
  const rows = await db
    .select()
    .from(memberCorrectionRequest)
    .where(and(eq(memberCorrectionRequest.memberId, memberId), eq(memberCorrectionRequest.state, "pending")))
    .limit(1);
  return rows[0];
}

/** Records the decision on a correction request. */
export async function decideCorrectionRequest(
  db: Executor,
  id: number,
  values: { state: string; decidedBy: number | null; decidedByName: string; decisionNote: string | null },
): Promise<CorrectionRequestRow> {
  const rows = await db
    .update(memberCorrectionRequest)
    .set({ ...values, decidedAt: new Date() })
    .where(eq(memberCorrectionRequest.id, id))
    .returning();
  const row = rows[0];
  if (!row) throw new Error(`correction request ${id} vanished`);
  return row;
}
