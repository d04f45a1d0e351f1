import type { MemberStatus, Sex } from "@tuanwu/domain";
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { member, organization } from "../../db/schema";
import { inSubtree } from "../../lib/tree-sql";
import { insertMembersWithHistory } from "../members/member-bulk.repository";

/** Rows per INSERT (multi-VALUES; ~32 columns × 1,000 rows stays under PostgreSQL's 65,535 parameters). */
/** Values per `= any(array)` lookup. */
const LOOKUP_BATCH = 5_000;

/** The branches (团支部) of a subtree, for resolving the 所在团支部 column by name or code. */
export async function findSubtreeBranches(db: Executor, rootPath: string) {
  return db
    .select({
      id: organization.id,
      name: organization.name,
      shortName: organization.shortName,
      code: organization.code,
    })
    .from(organization)
    .where(and(inSubtree(organization.path, rootPath), eq(organization.kind, "branch")));
}

/** Of `citizenIds`, those already recorded, with the name of the organization holding each. */
export async function findRecordedCitizenIds(
  db: Executor,
  citizenIds: readonly string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let start = 0; start < citizenIds.length; start += LOOKUP_BATCH) {
    const slice = citizenIds.slice(start, start + LOOKUP_BATCH);
    const rows = await db
      .select({ citizenId: member.citizenId, organizationName: organization.name })
      .from(member)
      .innerJoin(organization, eq(organization.id, member.organizationId))
      .where(inArray(member.citizenId, slice));
    for (const row of rows) found.set(row.citizenId, row.organizationName);
  }
  return found;
}

/** Of `memberNumbers`, those already given to a member. */
export async function findUsedMemberNumbers(
  db: Executor,
  memberNumbers: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (let start = 0; start < memberNumbers.length; start += LOOKUP_BATCH) {
    const rows = await db
      .select({ memberNumber: member.memberNumber })
      .from(member)
      .where(inArray(member.memberNumber, memberNumbers.slice(start, start + LOOKUP_BATCH)));
    for (const row of rows) if (row.memberNumber !== null) found.add(row.memberNumber);
  }
  return found;
}

/** A member with the national registry's full record, to insert (status active since the join date). */
export type RegistryMemberInsert = Omit<
  typeof member.$inferInsert,
  "id" | "status" | "statusSince" | "createdAt" | "updatedAt" | "verifiedAt"
> & { sex: Sex };

/**
 * Inserts imported members with every registry column, each `active` since the join date with one
 * member_history period (insertMembersWithHistory: 1,000-row batches). Returns the ids in input order.
 */
export async function insertRegistryMembers(
  db: Executor,
  members: readonly RegistryMemberInsert[],
): Promise<number[]> {
  return insertMembersWithHistory(
    db,
    members.map((row) => ({ ...row, status: "active" as const, statusSince: row.joinedOn })),
  );
}

/** Statuses of members who are counted as current and exported (在册: 正常, 转接中, 流动). */
export const EXPORTED_STATUSES: MemberStatus[] = ["active", "transferring", "flowing"];

/**
 * One page of a subtree's current members for an export, by id after `afterId` (keyset paging, so a
 * county of 60,000 is read in pages without OFFSET), with the branch's name.
 */
export async function findExportPage(db: Executor, rootPath: string, afterId: number, limit: number) {
  return db
    .select({ member, branchName: organization.name })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(
      and(
        inSubtree(organization.path, rootPath),
        inArray(member.status, EXPORTED_STATUSES),
        gt(member.id, afterId),
      ),
    )
    .orderBy(asc(member.id))
    .limit(limit);
}
