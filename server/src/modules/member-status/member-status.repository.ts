import type { MemberStatus } from "@tuanwu/domain";
import { and, count, eq, type SQL, sql } from "drizzle-orm";
import { countyOfLocatedRow, countyOfMember, locateInCounty } from "../../db/county";
import type { Executor } from "../../db/database";
import { member, memberStatusRequest, organization } from "../../db/schema";
import { queryPrepared } from "../../db/sql-result";
import { inSubtree } from "../../lib/tree-sql";
import {
  findStatusRequestViews,
  memberOfRequest,
  target,
} from "../members/member-status-request-view.repository";

/** A status request row as stored. */
export type StatusRequestRow = typeof memberStatusRequest.$inferSelect;

/** Requests about members of the subtree, or restoring members into it; optionally in one state. */
function subtreeRequests(rootPath: string, state: string | undefined): SQL {
  const inTree = sql`(${inSubtree(organization.path, rootPath)} or (${target.path} is not null and ${inSubtree(target.path, rootPath)}))`;
  return state ? (and(inTree, eq(memberStatusRequest.state, state)) as SQL) : inTree;
}

/** One page of the status requests of a subtree, newest first, and how many there are in all. */
export async function findStatusRequestPage(
  db: Executor,
  rootPath: string,
  state: string | undefined,
  page: { offset: number; limit: number },
) {
  const where = subtreeRequests(rootPath, state);
  const [items, totals] = await Promise.all([
    findStatusRequestViews(db, where, page),
    db
      .select({ total: count() })
      .from(memberStatusRequest)
      .innerJoin(member, memberOfRequest)
      .innerJoin(organization, eq(organization.id, member.organizationId))
      .leftJoin(target, eq(target.id, memberStatusRequest.targetOrganizationId))
      .where(where),
  ]);
  return { items, total: Number(totals[0]?.total ?? 0) };
}

/**
 * One status request row, optionally locked for update (decisions). Its county is looked up first and
 * named in the read (one shard on Citus, where a lock without it is refused).
 */
export async function findStatusRequest(db: Executor, id: number, lock?: "update") {
  const countyId = await countyOfLocatedRow(db, "member_status_request", id);
  const query = db
    .select()
    .from(memberStatusRequest)
    .where(and(eq(memberStatusRequest.countyId, countyId), eq(memberStatusRequest.id, id)))
    .limit(1);
  const rows = lock ? await query.for("update") : await query;
  return rows[0];
}

/** Whether the member (of county `countyId`) has a pending status request. */
export async function hasPendingStatusRequest(
  db: Executor,
  memberId: number,
  countyId: number,
): Promise<boolean> {
  const rows = await db
    .select({ id: memberStatusRequest.id })
    .from(memberStatusRequest)
    .where(
      and(
        eq(memberStatusRequest.countyId, countyId),
        eq(memberStatusRequest.memberId, memberId),
        eq(memberStatusRequest.state, "pending"),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/**
 * Inserts a pending status request and, unless `locate` is false, records its county by its id
 * (county_locator) in the same transaction; the one-pending-per-member index may refuse it. Returns its
 * id. `countyId`: the member's (looked up when not given). With `locate: false` the caller records the
 * location after its commit (member-status.service requestStatusChange: on Citus the locator row may
 * lie on another worker, which would make the request's transaction a two-worker 2PC).
 */
export async function insertStatusRequest(
  db: Executor,
  values: {
    countyId?: number | undefined;
    memberId: number;
    fromStatus: MemberStatus;
    toStatus: MemberStatus;
    targetOrganizationId: number | null;
    reason: string;
    effectiveOn: string;
    requestedBy: number | null;
    requestedByName: string;
  },
  locate = true,
): Promise<number> {
  const countyId = values.countyId ?? (await countyOfMember(db, values.memberId));
  const rows = await db
    .insert(memberStatusRequest)
    .values({ ...values, countyId })
    .returning({ id: memberStatusRequest.id });
  const row = rows[0];
  if (!row) throw new Error("status request not inserted");
  if (locate) await locateInCounty(db, "member_status_request", [{ id: row.id, countyId }]);
  return row.id;
}

/** Records the decision on a status request (`request`: its id and county, as read). */
export async function updateStatusRequestDecision(
  db: Executor,
  request: { id: number; countyId: number },
  values: { state: string; decidedBy: number | null; decidedByName: string; decisionNote: string | null },
): Promise<void> {
  await db
    .update(memberStatusRequest)
    .set({ ...values, decidedAt: new Date() })
    .where(and(eq(memberStatusRequest.countyId, request.countyId), eq(memberStatusRequest.id, request.id)));
}

/**
 * An immediate status change (flowing ↔ active) in ONE call without a transaction block (issue 18 part 5; issue 19
 * part 5): the SQL function `member_status_change_try` (migration 0047_status_change_one_call) locks the member
 * and writes only while it holds `fromStatus` (the one status a user changes from at once into `toStatus`,
 * domain immediateTransitionInto), that status began on or before `effectiveOn`, its branch lies under one of
 * `scopePaths` (the actor's scope roots, null for the whole tree: access.service's rule for a member) and no open
 * history period begins after `effectiveOn`; then it updates the member, rewrites the open member_history period
 * (it began on `effectiveOn`) or closes it and opens a new one (also when there was none), and writes the archive
 * entry and the audit entry (county_id: the member's; before: the status and its start as found). Row-level
 * triggers and the statement-level counter capture run as for separate statements. On Citus the function is
 * distributed by its county argument, co-located with member: the call runs whole on the worker of the county's
 * shard group (one round trip, a one-phase commit). Before, a read of the member's state came first (a second
 * round trip; on Citus a router query planned on the coordinator and run on the worker). Returns false, with
 * nothing written, when any check fails (the caller then takes the locking path, which answers with the
 * refusal). A named prepared statement on PostgreSQL.
 */
export async function applyImmediateStatusChange(
  db: Executor,
  change: {
    memberId: number;
    /** The member's county (county_locator): the distribution column that routes the call. */
    countyId: number;
    fromStatus: MemberStatus;
    toStatus: MemberStatus;
    effectiveOn: string;
    scopePaths: readonly string[] | null;
    event: { kind: string; summary: string; detail: unknown };
    actor: { userId: number | null; username: string };
    audit: { action: string; after: unknown };
  },
): Promise<boolean> {
  const { memberId, countyId, effectiveOn, fromStatus, toStatus, scopePaths } = change;
  // One text[] parameter (a quoted array literal), null for the whole tree: the statement text never changes.
  const quoted = (root: string) => `"${root.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
  const roots = scopePaths === null ? null : `{${scopePaths.map(quoted).join(",")}}`;
  const [row] = await queryPrepared<{ changed: number; periods: number; archived: number; audited: number }>(
    db,
    "member_status_change_try",
    sql`select changed, periods, archived, audited from member_status_change_try(
          ${countyId}::int, ${memberId}::bigint, ${fromStatus}::text, ${roots}::text[], ${toStatus}::text,
          ${effectiveOn}::date, ${change.event.kind}::text, ${change.event.summary}::text,
          ${JSON.stringify(change.event.detail)}::jsonb, ${change.actor.userId}::int, ${change.actor.username}::text,
          ${change.audit.action}::text, ${JSON.stringify(change.audit.after)}::jsonb)`,
  );
  if (!row || row.changed === 0) return false;
  if (row.periods !== 1 || row.archived !== 1 || row.audited !== 1) {
    throw new Error(`status change of member ${memberId} wrote ${JSON.stringify(row)}`);
  }
  return true;
}
