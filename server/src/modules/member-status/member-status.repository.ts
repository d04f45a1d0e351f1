import type { MemberStatus } from "@tuanwu/domain";
import { and, count, eq, type SQL, sql } from "drizzle-orm";
import { countyOfMember, countyOfMemberRecord, locateInCounty } from "../../db/county";
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
  const countyId = await countyOfMemberRecord(db, "member_status_request", id);
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

/** What the immediate status change reads before writing (no lock): the state its checks rely on. */
export interface StatusChangeState {
  status: MemberStatus;
  statusSince: string;
  organizationId: number;
  /** The member's county (the distribution column on Citus: routes the change to one shard). */
  countyId: number;
  branchPath: string;
  /** valid_from of the open member_history period, null when there is none. */
  openPeriodFrom: string | null;
}

/**
 * The statement of {@link findStatusChangeState}: the member by id, and with `countyId` given also by
 * county — then every distributed table in it is pinned to that county (the open period's subquery
 * too, not only `h.county_id = m.county_id`), which Citus needs to route it to one shard.
 */
export function statusChangeStateStatement(memberId: number, countyId: number | null): SQL {
  const county = countyId === null ? sql`m.county_id` : sql`${countyId}`;
  return sql`select m.status, m.status_since::text as "statusSince",
               m.organization_id::int as "organizationId", m.county_id::int as "countyId",
               o.path as "branchPath",
               (select h.valid_from::text from member_history h
                 where h.county_id = ${county} and h.member_id = m.id and h.valid_to is null limit 1)
                 as "openPeriodFrom"
          from member m join organization o on o.id = m.organization_id
         where m.id = ${memberId}${countyId === null ? sql`` : sql` and m.county_id = ${countyId}`}`;
}

/**
 * The member's status, branch and open history period, or undefined when unknown: the member's county
 * from county_locator (db/county.ts countyOfMember: a primary-key read, one shard on Citus), then one read
 * pinned to it (member, its branch and its open history period all named by county: one task on the
 * county's shard on Citus; the member read by id elsewhere). The same two statements on every engine
 * (issue 19 part 5: before, only Citus read the locator; on PostgreSQL the extra primary-key read costs
 * no measurable throughput, bench/RESULTS.md "Status changes on Citus: the audit log by county"). A
 * named prepared statement on PostgreSQL (parsed and planned once per connection), like the write below.
 */
export async function findStatusChangeState(
  db: Executor,
  memberId: number,
): Promise<StatusChangeState | undefined> {
  const countyId = await countyOfMember(db, memberId);
  if (countyId === 0) return undefined;
  const [row] = await queryPrepared<StatusChangeState>(
    db,
    "member_status_change_state_in_county",
    statusChangeStateStatement(memberId, countyId),
  );
  return row;
}

/**
 * An immediate status change (flowing ↔ active) in ONE call without a transaction block (issue 18 part 5):
 * the SQL function `member_status_change_apply` (migration 0040_audit_county) locks and updates the member
 * only while it still holds `expected` (status, its start, branch) and no open history period begins after
 * `effectiveOn` — the state the caller checked — then rewrites the open member_history period (it began on
 * `effectiveOn`) or closes it and opens a new one (also when there was none), and writes the archive entry
 * and the audit entry (county_id: the member's). Row-level triggers and the statement-level counter capture
 * run as for separate statements. On Citus the function is distributed by its county argument, co-located
 * with member: the call runs whole on the worker of the county's shard group (one round trip, a one-phase
 * commit; before, one statement of data-modifying CTEs that Citus split into subplans, plus the coordinator's
 * audit_log: a two-node 2PC). Returns false, with nothing written, when the member changed meanwhile (the
 * caller then takes the locking path). A named prepared statement on PostgreSQL.
 */
export async function applyImmediateStatusChange(
  db: Executor,
  change: {
    memberId: number;
    expected: { status: MemberStatus; statusSince: string; organizationId: number; countyId: number };
    toStatus: MemberStatus;
    effectiveOn: string;
    event: { kind: string; summary: string; detail: unknown };
    actor: { userId: number | null; username: string };
    audit: { action: string; before: unknown; after: unknown };
  },
): Promise<boolean> {
  const { memberId, expected, effectiveOn, toStatus } = change;
  const county = expected.countyId;
  const [row] = await queryPrepared<{ changed: number; periods: number; archived: number; audited: number }>(
    db,
    "member_status_change_apply",
    sql`select changed, periods, archived, audited from member_status_change_apply(
          ${county}::int, ${memberId}::bigint, ${expected.status}::text, ${expected.statusSince}::date,
          ${expected.organizationId}::int, ${toStatus}::text, ${effectiveOn}::date, ${change.event.kind}::text,
          ${change.event.summary}::text, ${JSON.stringify(change.event.detail)}::jsonb, ${change.actor.userId}::int,
          ${change.actor.username}::text, ${change.audit.action}::text, ${JSON.stringify(change.audit.before)}::jsonb,
          ${JSON.stringify(change.audit.after)}::jsonb)`,
  );
  if (!row || row.changed === 0) return false;
  if (row.periods !== 1 || row.archived !== 1 || row.audited !== 1) {
    throw new Error(`status change of member ${memberId} wrote ${JSON.stringify(row)}`);
  }
  return true;
}
