import type { MemberStatus } from "@tuanwu/domain";
import { and, count, eq, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { member, memberStatusRequest, organization } from "../../db/schema";
import { inSubtree } from "../../lib/tree-sql";
import { findStatusRequestViews, target } from "../members/member-status-request-view.repository";

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
      .innerJoin(member, eq(member.id, memberStatusRequest.memberId))
      .innerJoin(organization, eq(organization.id, member.organizationId))
      .leftJoin(target, eq(target.id, memberStatusRequest.targetOrganizationId))
      .where(where),
  ]);
  return { items, total: Number(totals[0]?.total ?? 0) };
}

/** One status request row, optionally locked for update (decisions). */
export async function findStatusRequest(db: Executor, id: number, lock?: "update") {
  const query = db.select().from(memberStatusRequest).where(eq(memberStatusRequest.id, id)).limit(1);
  const rows = lock ? await query.for("update") : await query;
  return rows[0];
}

/** Whether the member has a pending status request. */
export async function hasPendingStatusRequest(db: Executor, memberId: number): Promise<boolean> {
  const rows = await db
    .select({ id: memberStatusRequest.id })
    .from(memberStatusRequest)
    .where(and(eq(memberStatusRequest.memberId, memberId), eq(memberStatusRequest.state, "pending")))
    .limit(1);
  return rows.length > 0;
}

/** Inserts a pending status request; the one-pending-per-member index may refuse it. Returns its id. */
export async function insertStatusRequest(
  db: Executor,
  values: {
    memberId: number;
    fromStatus: MemberStatus;
    toStatus: MemberStatus;
    targetOrganizationId: number | null;
    reason: string;
    effectiveOn: string;
    requestedBy: number | null;
    requestedByName: string;
  },
): Promise<number> {
  const rows = await db.insert(memberStatusRequest).values(values).returning({ id: memberStatusRequest.id });
  const row = rows[0];
  if (!row) throw new Error("status request not inserted");
  return row.id;
}

/** Records the decision on a status request. */
export async function updateStatusRequestDecision(
  db: Executor,
  id: number,
  values: { state: string; decidedBy: number | null; decidedByName: string; decisionNote: string | null },
): Promise<void> {
  await db
    .update(memberStatusRequest)
    .set({ ...values, decidedAt: new Date() })
    .where(eq(memberStatusRequest.id, id));
}
