import { and, eq, isNull, sql } from "drizzle-orm";
import { countyOfLocatedRow, countyOfMember, countyOfOrganization, locateInCounty } from "../../db/county";
import type { Executor } from "../../db/database";
import { member, memberCorrectionRequest, memberHistory, organization } from "../../db/schema";
import { executeWrite } from "../../db/sql-result";
import { changeRegisteredCitizenId, registerCitizenIds } from "./citizen-id-registry.repository";
import { changeRegisteredMemberNumber, registerMemberNumbers } from "./member-number-registry.repository";

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
 *
 * The member's county is looked up first (db/county.ts countyOfMember: county_locator, no lock) and named in the lock
 * and the read, which makes both single-shard statements on Citus (a row lock without the distribution
 * column is refused there: "could not run distributed query with FOR UPDATE/SHARE commands"). A member
 * whose county changed between the lookup and the lock (a move on PostgreSQL) is looked up again.
 */
export async function findMemberWithBranch(
  db: Executor,
  id: number,
  lock?: "update",
): Promise<MemberWithBranch | undefined> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const countyId = await countyOfMember(db, id);
    if (countyId === 0) return undefined;
    const here = and(eq(member.countyId, countyId), eq(member.id, id));
    if (lock) {
      const locked = await db.select({ id: member.id }).from(member).where(here).for("update");
      if (locked.length === 0) continue;
    }
    const rows = await db
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
      .where(here)
      .limit(1);
    if (rows[0]) return rows[0];
  }
  return undefined;
}

/**
 * Inserts a member with its county (the branch's), registers its citizen ID and member number (when
 * it has one) nationally (citizen_id_registry, member_number_registry) and records its county by id
 * (county_locator: db/county.ts locateInCounty), in the caller's transaction; returns its id. Unique
 * violations propagate: the citizen ID (member_citizen_id_key in the county, citizen_id_registry_pkey
 * across counties) and the member number (member_member_number_key in the county,
 * member_number_registry_pkey across counties).
 */
export async function insertMember(db: Executor, values: NewMember): Promise<number> {
  const countyId = values.countyId || (await countyOfOrganization(db, values.organizationId));
  const rows = await db
    .insert(member)
    .values({ ...values, countyId })
    .returning({ id: member.id });
  const row = rows[0];
  if (!row) throw new Error("member not inserted");
  await registerCitizenIds(db, [{ citizenId: values.citizenId, countyId, memberId: row.id }]);
  await registerMemberNumbers(db, [{ memberNumber: values.memberNumber, countyId, memberId: row.id }]);
  await locateInCounty(db, "member", [{ id: row.id, countyId }]);
  return row.id;
}

/**
 * Sets columns of a member (and updated_at); returns the row after the change. `countyId`, the member's
 * county when the caller has it (the row it locked), routes the write to one shard on Citus; without
 * it the county is looked up. A new citizen ID or member number moves the member's national
 * registration (citizen_id_registry, member_number_registry) in the same transaction, the citizen ID's
 * first (one order of locks for every writer); a held one is refused (citizen_id_registry_pkey,
 * member_number_registry_pkey).
 */
export async function updateMemberColumns(
  db: Executor,
  id: number,
  values: Partial<NewMember> & { verifiedAt?: Date | null },
  countyId?: number,
): Promise<MemberRow> {
  const county = countyId ?? (await countyOfMember(db, id));
  const here = and(eq(member.countyId, county), eq(member.id, id));
  if (values.citizenId !== undefined || values.memberNumber !== undefined) {
    const [current] = await db
      .select({ citizenId: member.citizenId, memberNumber: member.memberNumber })
      .from(member)
      .where(here);
    if (current && values.citizenId !== undefined && current.citizenId !== values.citizenId) {
      await changeRegisteredCitizenId(db, {
        memberId: id,
        countyId: county,
        from: current.citizenId,
        to: values.citizenId,
      });
    }
    if (current && values.memberNumber !== undefined) {
      await changeRegisteredMemberNumber(db, {
        memberId: id,
        countyId: county,
        from: current.memberNumber,
        to: values.memberNumber,
      });
    }
  }
  const rows = await db
    .update(member)
    .set({ ...values, updatedAt: new Date() })
    .where(here)
    .returning();
  const row = rows[0];
  if (!row) throw new Error(`member ${id} vanished during update`);
  return row;
}

/**
 * The member's open history period (valid_to null), locked for update; undefined if there is none.
 * `countyId`: the member's county (looked up when not given): the lock names it (one shard on Citus).
 */
export async function findOpenHistoryPeriod(db: Executor, memberId: number, countyId?: number) {
  const county = countyId ?? (await countyOfMember(db, memberId));
  const rows = await db
    .select()
    .from(memberHistory)
    .where(
      and(
        eq(memberHistory.countyId, county),
        eq(memberHistory.memberId, memberId),
        isNull(memberHistory.validTo),
      ),
    )
    .limit(1)
    .for("update");
  return rows[0];
}

/** Ends a history period (`countyId`: its member's county) on `validTo` (exclusive). */
export async function closeHistoryPeriod(
  db: Executor,
  period: { id: number; countyId: number },
  validTo: string,
): Promise<void> {
  await db
    .update(memberHistory)
    .set({ validTo })
    .where(and(eq(memberHistory.countyId, period.countyId), eq(memberHistory.id, period.id)));
}

/** Changes the branch and status of a history period in place (a change on the day the period began). */
export async function rewriteHistoryPeriod(
  db: Executor,
  period: { id: number; countyId: number },
  values: { organizationId: number; status: MemberRow["status"] },
): Promise<void> {
  await db
    .update(memberHistory)
    .set(values)
    .where(and(eq(memberHistory.countyId, period.countyId), eq(memberHistory.id, period.id)));
}

/** Opens a history period from `validFrom` (open-ended); `countyId`, the member's, looked up when not given. */
export async function insertHistoryPeriod(
  db: Executor,
  values: {
    memberId: number;
    organizationId: number;
    status: MemberRow["status"];
    validFrom: string;
    countyId?: number | undefined;
  },
): Promise<void> {
  const countyId = values.countyId ?? (await countyOfMember(db, values.memberId));
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
  const countyId = await countyOfMember(db, memberId);
  return executeWrite(
    db,
    sql`update member_history set valid_from = ${newJoinedOn}
      where county_id = ${countyId} and member_id = ${memberId} and valid_from = ${oldJoinedOn}
        and (valid_to is null or valid_to > ${newJoinedOn})`,
  );
}

/** A correction request row as stored. */
export type CorrectionRequestRow = typeof memberCorrectionRequest.$inferSelect;

/** The changes a correction request carries: field → { from, to }. */
export type CorrectionChanges = Record<string, { from: unknown; to: unknown }>;

/**
 * Inserts a pending correction request with its member's county, and records that county by the
 * request's id (county_locator); the one-pending-per-member index may refuse it.
 */
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
  await locateInCounty(db, "member_correction_request", [{ id: row.id, countyId }]);
  return row;
}

/**
 * One correction request, optionally locked for update. Its county is looked up first and named in the
 * read (one shard on Citus, where a lock without it is refused).
 */
export async function findCorrectionRequest(db: Executor, id: number, lock?: "update") {
  const countyId = await countyOfLocatedRow(db, "member_correction_request", id);
  const query = db
    .select()
    .from(memberCorrectionRequest)
    .where(and(eq(memberCorrectionRequest.countyId, countyId), eq(memberCorrectionRequest.id, id)))
    .limit(1);
  const rows = lock ? await query.for("update") : await query;
  return rows[0];
}

/** The member's pending correction request, if any (`countyId`: the member's, one shard on Citus). */
export async function findPendingCorrectionRequest(db: Executor, memberId: number, countyId?: number) {
  const county = countyId ?? (await countyOfMember(db, memberId));
  const rows = await db
    .select()
    .from(memberCorrectionRequest)
    .where(
      and(
        eq(memberCorrectionRequest.countyId, county),
        eq(memberCorrectionRequest.memberId, memberId),
        eq(memberCorrectionRequest.state, "pending"),
      ),
    )
    .limit(1);
  return rows[0];
}

/** Records the decision on a correction request (`request`: its id and county, as read). */
export async function decideCorrectionRequest(
  db: Executor,
  request: { id: number; countyId: number },
  values: { state: string; decidedBy: number | null; decidedByName: string; decisionNote: string | null },
): Promise<CorrectionRequestRow> {
  const { id } = request;
  const rows = await db
    .update(memberCorrectionRequest)
    .set({ ...values, decidedAt: new Date() })
    .where(and(eq(memberCorrectionRequest.countyId, request.countyId), eq(memberCorrectionRequest.id, id)))
    .returning();
  const row = rows[0];
  if (!row) throw new Error(`correction request ${id} vanished`);
  return row;
}
