import type { OrganizationKind } from "@tuanwu/domain";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { countyOfWorkflowRecord } from "../../db/county";
import type { Executor } from "../../db/database";
import { appUser, member, memberTransfer, organization, workflowInstance } from "../../db/schema";
import { queryRows } from "../../db/sql-result";
import { inSubtree } from "../../lib/tree-sql";
import type { InstanceKey } from "../workflow/workflow.repository";

/**
 * Reads and writes of transfers (组织关系转接, issue 11): the member_transfer row beside its workflow
 * instance, the member found by citizen ID for the receiving side, the member's own account.
 */

/** A member_transfer row as stored. */
export type TransferRow = typeof memberTransfer.$inferSelect;

const fromOrganization = alias(organization, "from_organization");
const toOrganization = alias(organization, "to_organization");
const assignedBranch = alias(organization, "assigned_branch");

/** A transfer with the names of its organizations. */
export interface TransferWithNames {
  transfer: TransferRow;
  fromOrganizationName: string | null;
  toOrganizationName: string | null;
  assignedBranchName: string | null;
}

/**
 * One transfer with its organizations' names, or undefined. Its county is read first without a lock
 * (countyOfWorkflowRecord), then the read names it (one shard on Citus).
 */
export async function findTransfer(db: Executor, id: number): Promise<TransferWithNames | undefined> {
  const countyId = await countyOfWorkflowRecord(db, "member_transfer", id);
  const rows = await db
    .select({
      transfer: memberTransfer,
      fromOrganizationName: fromOrganization.name,
      toOrganizationName: toOrganization.name,
      assignedBranchName: assignedBranch.name,
    })
    .from(memberTransfer)
    .leftJoin(fromOrganization, eq(fromOrganization.id, memberTransfer.fromOrganizationId))
    .leftJoin(toOrganization, eq(toOrganization.id, memberTransfer.toOrganizationId))
    .leftJoin(assignedBranch, eq(assignedBranch.id, memberTransfer.assignedBranchId))
    .where(and(eq(memberTransfer.countyId, countyId), eq(memberTransfer.id, id)))
    .limit(1);
  return rows[0];
}

/** The transfer of a workflow instance (the to-do inbox links by it), or undefined. */
export async function findTransferIdOfInstance(
  db: Executor,
  instance: InstanceKey,
): Promise<number | undefined> {
  const rows = await db
    .select({ id: memberTransfer.id })
    .from(memberTransfer)
    .where(and(eq(memberTransfer.countyId, instance.countyId), eq(memberTransfer.instanceId, instance.id)))
    .limit(1);
  return rows[0]?.id;
}

/** The open transfer of a member (closed_at null), or undefined. */
export async function findOpenTransferOfMember(db: Executor, memberId: number) {
  const rows = await db
    .select({ id: memberTransfer.id })
    .from(memberTransfer)
    .where(and(eq(memberTransfer.memberId, memberId), isNull(memberTransfer.closedAt)))
    .limit(1);
  return rows[0];
}

/**
 * Inserts a transfer (`countyId` its instance's: the sending side's); the one-open-per-member index
 * may refuse it (23505). Returns its id.
 */
export async function insertTransfer(
  db: Executor,
  values: Omit<typeof memberTransfer.$inferInsert, "id" | "createdAt" | "countyId"> & { countyId: number },
): Promise<number> {
  const [row] = await db.insert(memberTransfer).values(values).returning({ id: memberTransfer.id });
  if (!row) throw new Error("transfer not inserted");
  return row.id;
}

/** Updates a transfer's columns (assigned branch, completion, closing). */
export async function updateTransfer(
  db: Executor,
  transfer: Pick<TransferRow, "id" | "countyId">,
  values: Partial<Pick<TransferRow, "assignedBranchId" | "completedOn">> & { closed?: boolean },
): Promise<void> {
  const { closed, ...rest } = values;
  await db
    .update(memberTransfer)
    .set({ ...rest, ...(closed ? { closedAt: sql`now()` } : {}) })
    .where(and(eq(memberTransfer.countyId, transfer.countyId), eq(memberTransfer.id, transfer.id)));
}

/** Names the transfer on its instance (data.entityId for the inbox link) and the member it is about. */
export async function linkInstance(
  db: Executor,
  instance: InstanceKey,
  transferId: number,
  memberId: number,
): Promise<void> {
  await db
    .update(workflowInstance)
    .set({ data: { entityId: transferId }, subjectMemberId: memberId })
    .where(and(eq(workflowInstance.countyId, instance.countyId), eq(workflowInstance.id, instance.id)));
}

/** The member holding a citizen ID (any branch), or undefined. */
export async function findMemberIdByCitizenId(db: Executor, citizenId: string) {
  const rows = await db
    .select({ id: member.id, name: member.name })
    .from(member)
    .where(eq(member.citizenId, citizenId))
    .limit(1);
  return rows[0];
}

/**
 * The member holding a citizen ID who was transferred out of the installation (转出本系统), locked
 * FOR UPDATE (a letter bringing them back), or undefined. Found first without a lock (on Citus a read
 * of every shard), then locked by county and id (one shard: Citus refuses a row lock that does not
 * name the distribution column) and checked again under the lock.
 */
export async function findDepartedMember(db: Executor, citizenId: string) {
  const [found] = await db
    .select({ id: member.id, countyId: member.countyId })
    .from(member)
    .where(and(eq(member.citizenId, citizenId), eq(member.status, "transferred_out")))
    .limit(1);
  if (!found) return undefined;
  const rows = await db
    .select({ id: member.id, name: member.name, countyId: member.countyId })
    .from(member)
    .where(
      and(
        eq(member.countyId, found.countyId),
        eq(member.id, found.id),
        eq(member.citizenId, citizenId),
        eq(member.status, "transferred_out"),
      ),
    )
    .for("update");
  return rows[0];
}

/** The account of a member (app_user.member_id), or null. */
export async function findUserIdOfMember(db: Executor, memberId: number): Promise<number | null> {
  const rows = await db
    .select({ id: appUser.id })
    .from(appUser)
    .where(eq(appUser.memberId, memberId))
    .limit(1);
  return rows[0]?.id ?? null;
}

/** The organization with the given id (kind and path), or undefined. */
export async function findOrganizationPlace(db: Executor, id: number) {
  const rows = await db
    .select({
      id: organization.id,
      kind: organization.kind,
      path: organization.path,
      name: organization.name,
    })
    .from(organization)
    .where(eq(organization.id, id))
    .limit(1);
  return rows[0];
}

/** Whether some branch lies in the subtree at `path` (a committee that can assign a branch). */
export async function hasBranchBelow(db: Executor, path: string): Promise<boolean> {
  const rows = await db
    .select({ id: organization.id })
    .from(organization)
    .where(and(eq(organization.kind, "branch"), sql`${organization.path} like ${`${path}%`}`))
    .limit(1);
  return rows.length > 0;
}

/** The transfers of a member, newest first (ids). */
export async function findTransferIdsOfMember(db: Executor, memberId: number): Promise<number[]> {
  const rows = await db
    .select({ id: memberTransfer.id })
    .from(memberTransfer)
    .where(eq(memberTransfer.memberId, memberId))
    .orderBy(desc(memberTransfer.id))
    .limit(50);
  return rows.map((row) => row.id);
}

/** An organization that can receive a transfer, as the destination lookup answers it. */
export interface DestinationRow {
  id: number;
  name: string;
  kind: OrganizationKind;
  /** The names of its ancestors, root first (e.g. 团省委 … 团县委 … 团镇委). */
  ancestorNames: string[];
}

/**
 * Organizations of the whole installation that can receive a transfer — a branch, or an organization
 * with a branch below it — whose name contains `q` or whose pinyin initials start with it; shallowest
 * first, at most `limit`. Only id, name, kind and the ancestors' names are read.
 */
export async function findDestinations(db: Executor, q: string, limit: number): Promise<DestinationRow[]> {
  const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows = await queryRows<{
    id: number;
    name: string;
    kind: OrganizationKind;
    ancestor_names: string[] | null;
  }>(
    db,
    sql`select o.id, o.name, o.kind,
          array(select a.name from organization a
                 where a.id <> o.id
                   and a.id = any(string_to_array(rtrim(o.path, '/'), '/')::int[])
                 order by a.depth) as ancestor_names
        from organization o
        where (o.name like ${`%${escaped}%`} or o.name_initials like ${`${escaped.toLowerCase()}%`})
          and (o.kind = 'branch'
               or exists (select 1 from organization b
                           where b.kind = 'branch' and ${inSubtree(sql`b.path`, sql`o.path`)}))
        order by o.depth, o.name, o.id
        limit ${limit}`,
  );
  return rows.map((row) => ({
    id: Number(row.id),
    name: row.name,
    kind: row.kind,
    ancestorNames: row.ancestor_names ?? [],
  }));
}
