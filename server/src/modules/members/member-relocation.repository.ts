import { and, eq, getTableName, type SQL, sql } from "drizzle-orm";
import { countyOfOrganization, type MemberRecordTable } from "../../db/county";
import type { Executor } from "../../db/database";
import { isDistributed } from "../../db/distributed";
import {
  citizenIdRegistry,
  countyLocator,
  duesPayment,
  member,
  memberAttachment,
  memberAward,
  memberCorrectionRequest,
  memberEvent,
  memberHistory,
  memberNumberRegistry,
  memberRegistration,
  memberStatusRequest,
} from "../../db/schema";
import { executeWrite, queryRows } from "../../db/sql-result";
import { type MemberRow, updateMemberColumns } from "./member-record.repository";

/**
 * Landing a member in a branch, possibly of another county (组织关系转接 completed, a departed member
 * brought back by a letter; issue 19, docs/SCALING.md "Workflows on Citus").
 */

/** Where and how the member lands: the branch and the member's new status columns. */
export interface MemberLanding {
  memberId: number;
  /** The member's county now (member.county_id, the caller has locked the row in it). */
  fromCountyId: number;
  /** The receiving branch (团支部). */
  organizationId: number;
  status: MemberRow["status"];
  /** The date of the new status (YYYY-MM-DD, China date). */
  statusSince: string;
}

/**
 * The member-family tables moved with a member between shard groups on Citus, parents first (an award
 * references its attachment): every table migration 0030 distributes by county_id besides member
 * itself and member_count_delta (the deltas belong to organizations, not to the member: a pending
 * delta of the sending branch stays in the sending county, where that branch is).
 */
const FAMILY = [
  // A member's dues payments and registrations (migration 0043_org_life_county: distributed by the
  // member's county on Citus, keys (county_id, member_id) → member).
  duesPayment,
  memberRegistration,
  memberAttachment,
  memberAward,
  memberHistory,
  memberEvent,
  memberStatusRequest,
  memberCorrectionRequest,
] as const;

/**
 * Lands the member in `organizationId` with the given status (one repository function for every
 * engine; the caller has locked the member, e.g. findMemberWithBranch(…, "update")). Returns the
 * member's row as it is now.
 *
 * - The branch in the member's county, or PostgreSQL / PGlite (any county): one UPDATE of member
 *   (organization_id, status, status_since). On PostgreSQL and PGlite a change of county is then
 *   carried by the triggers of migrations 0030/0032/0036/0037 (member_county_fill,
 *   member_family_follow_county: the records, both registries and county_locator follow); the counter
 *   capture moves the member once.
 * - A branch of another county on a Citus coordinator (tuanwu_citus()): the distribution column cannot
 *   change in place, so the member's rows move between shard groups in the caller's transaction (a
 *   two-phase commit across the two workers): the member row and every row of its family are inserted
 *   with county_id = the receiving county and the same ids (member first, then attachments before
 *   awards), then the old rows are deleted (awards before attachments, member last); county_locator
 *   (the member, its status and correction requests and its attachments) and the two registries
 *   (citizen ID, member number) are pointed at the new county. The counter capture sees an insert (+1 in the receiving
 *   branch, with the new status) and a delete (−1 in the sending branch, with the old status): the
 *   figures stay exact without an adjustment. Ids stay the same, so the coordinator's tables that name
 *   the member by id (transfers, workflow instances, accounts, cadres) need nothing. Not done by
 *   PostgreSQL's path because foreign keys of some 19 tables to member(id) (NO ACTION) forbid the
 *   delete there; on Citus those keys were dropped by migration 0030.
 *
 * Errors: a failure of any statement (the receiving branch unknown: county 0, refused by
 * member_county_fill; a duplicate citizen ID or member number in the receiving county's unique
 * indexes) aborts the caller's transaction — nothing half-written.
 */
export async function relocateMemberToBranch(db: Executor, landing: MemberLanding): Promise<MemberRow> {
  const { memberId, fromCountyId, organizationId, status, statusSince } = landing;
  const values = { organizationId, status, statusSince };
  const toCountyId = await countyOfOrganization(db, organizationId);
  if (toCountyId === fromCountyId || !(await isDistributed(db))) {
    return updateMemberColumns(db, memberId, values, fromCountyId);
  }
  const [current] = await db
    .select({ citizenId: member.citizenId, memberNumber: member.memberNumber })
    .from(member)
    .where(and(eq(member.countyId, fromCountyId), eq(member.id, memberId)));
  if (!current) throw new Error(`member ${memberId} not found in county ${fromCountyId}`);
  await copyRows(db, "member", sql`county_id = ${fromCountyId} and id = ${memberId}`, {
    county_id: toCountyId,
    organization_id: organizationId,
    status,
    status_since: statusSince,
    updated_at: new Date().toISOString(),
  });
  const requestIds = new Map<MemberRecordTable, number[]>();
  for (const table of FAMILY) {
    const name = getTableName(table);
    const ids = await copyRows(db, name, sql`county_id = ${fromCountyId} and member_id = ${memberId}`, {
      county_id: toCountyId,
    });
    if (
      name === "member_status_request" ||
      name === "member_correction_request" ||
      name === "member_attachment"
    ) {
      requestIds.set(name, ids);
    }
  }
  for (const table of [...FAMILY].reverse()) {
    await db.delete(table).where(and(eq(table.countyId, fromCountyId), eq(table.memberId, memberId)));
  }
  await db.delete(member).where(and(eq(member.countyId, fromCountyId), eq(member.id, memberId)));
  await db
    .update(countyLocator)
    .set({ countyId: toCountyId })
    .where(and(eq(countyLocator.id, memberId), eq(countyLocator.kind, "member")));
  // One statement per request or attachment (county_locator is distributed by id on Citus: each is one shard).
  for (const [kind, ids] of requestIds) {
    for (const id of ids) {
      await db
        .update(countyLocator)
        .set({ countyId: toCountyId })
        .where(and(eq(countyLocator.id, id), eq(countyLocator.kind, kind)));
    }
  }
  await db
    .update(citizenIdRegistry)
    .set({ countyId: toCountyId })
    .where(and(eq(citizenIdRegistry.citizenId, current.citizenId), eq(citizenIdRegistry.memberId, memberId)));
  if (current.memberNumber !== null) {
    await db
      .update(memberNumberRegistry)
      .set({ countyId: toCountyId })
      .where(
        and(
          eq(memberNumberRegistry.memberNumber, current.memberNumber),
          eq(memberNumberRegistry.memberId, memberId),
        ),
      );
  }
  const [moved] = await db
    .select()
    .from(member)
    .where(and(eq(member.countyId, toCountyId), eq(member.id, memberId)));
  if (!moved) throw new Error(`member ${memberId} not moved to county ${toCountyId}`);
  return moved;
}

/**
 * Copies the rows of `table` matching `where` (SQL on the table's own columns) with the columns of
 * `overrides` replaced, keeping every other column exactly (ids, timestamps to the microsecond, columns
 * the Drizzle schema may not name): each row is read as jsonb and inserted back through
 * jsonb_populate_recordset (on Citus an INSERT … SELECT through the coordinator, routed by the new
 * county_id). Returns the copied rows' ids.
 */
async function copyRows(
  db: Executor,
  table: string,
  where: SQL,
  overrides: Record<string, unknown>,
): Promise<number[]> {
  const rows = await queryRows<{ row: Record<string, unknown> }>(
    db,
    sql`select to_jsonb(t) as row from ${sql.identifier(table)} t where ${where} order by t.id`,
  );
  if (rows.length === 0) return [];
  const copies = rows.map((row) => ({ ...row.row, ...overrides }));
  await executeWrite(
    db,
    sql`insert into ${sql.identifier(table)}
        select * from jsonb_populate_recordset(null::${sql.identifier(table)}, ${JSON.stringify(copies)}::jsonb)`,
  );
  return rows.map((row) => Number(row.row.id));
}
