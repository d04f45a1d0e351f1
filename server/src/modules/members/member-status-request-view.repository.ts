import { and, desc, eq, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "../../db/database";
import { member, memberStatusRequest, organization } from "../../db/schema";

/*
 * Status requests (团籍状态变更申请) as the API shows them: read by the member detail (its pending request)
 * and by the member-status workflow (its lists and answers). Here, in members, so that members never
 * imports member-status (the workflow built on members).
 */

/** The target branch of a restore, joined under this alias. */
export const target = alias(organization, "target_organization");

/** The columns of a status request as the API shows it: with the member's and the target branch's names. */
const viewColumns = {
  id: memberStatusRequest.id,
  memberId: memberStatusRequest.memberId,
  memberName: member.name,
  organizationId: member.organizationId,
  organizationName: organization.name,
  fromStatus: memberStatusRequest.fromStatus,
  toStatus: memberStatusRequest.toStatus,
  targetOrganizationId: memberStatusRequest.targetOrganizationId,
  targetOrganizationName: target.name,
  reason: memberStatusRequest.reason,
  effectiveOn: memberStatusRequest.effectiveOn,
  state: memberStatusRequest.state,
  requestedByName: memberStatusRequest.requestedByName,
  requestedAt: memberStatusRequest.requestedAt,
  decidedByName: memberStatusRequest.decidedByName,
  decidedAt: memberStatusRequest.decidedAt,
  decisionNote: memberStatusRequest.decisionNote,
};

/**
 * The join of a request to its member on the county too: co-located on Citus (the distribution column
 * in the join), which Citus requires of a join between two distributed tables.
 */
export const memberOfRequest = and(
  eq(member.countyId, memberStatusRequest.countyId),
  eq(member.id, memberStatusRequest.memberId),
) as SQL;

/** A status request with the names the API shows. */
export type StatusRequestView = Awaited<ReturnType<typeof findStatusRequestViews>>[number];

export async function findStatusRequestViews(
  db: Executor,
  where: SQL,
  page?: { offset: number; limit: number },
) {
  const query = db
    .select(viewColumns)
    .from(memberStatusRequest)
    .innerJoin(member, memberOfRequest)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .leftJoin(target, eq(target.id, memberStatusRequest.targetOrganizationId))
    .where(where)
    .orderBy(desc(memberStatusRequest.requestedAt), desc(memberStatusRequest.id));
  return page ? query.offset(page.offset).limit(page.limit) : query;
}

/** One status request as the API shows it; `countyId` (its member's, when known) makes it one shard. */
export async function findStatusRequestView(
  db: Executor,
  id: number,
  countyId?: number,
): Promise<StatusRequestView | undefined> {
  const byId = eq(memberStatusRequest.id, id);
  const where =
    countyId === undefined ? byId : (and(eq(memberStatusRequest.countyId, countyId), byId) as SQL);
  return (await findStatusRequestViews(db, where))[0];
}

/** The member's pending status request as the API shows it, if any (`countyId`: the member's, when known). */
export async function findPendingStatusRequestView(db: Executor, memberId: number, countyId?: number) {
  const conditions = [eq(memberStatusRequest.memberId, memberId), eq(memberStatusRequest.state, "pending")];
  if (countyId !== undefined) conditions.unshift(eq(memberStatusRequest.countyId, countyId));
  const rows = await findStatusRequestViews(db, and(...conditions) as SQL);
  return rows[0];
}
