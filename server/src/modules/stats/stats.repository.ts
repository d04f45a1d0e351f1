import { CURRENT_MEMBER_STATUSES } from "@tuanwu/domain";
import { and, count, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { member, organization } from "../../db/schema";
import { inSubtree } from "../../lib/tree-sql";

/** Every organization of a subtree with the columns the statistics need. */
export async function findSubtreeOrganizations(db: Executor, rootPath: string) {
  return db
    .select({
      id: organization.id,
      parentId: organization.parentId,
      path: organization.path,
      kind: organization.kind,
      sector: organization.sector,
      name: organization.name,
    })
    .from(organization)
    .where(inSubtree(organization.path, rootPath));
}

/** Member counts per branch and status for a subtree (all statuses). */
export async function countMembersByOrganizationAndStatus(db: Executor, rootPath: string) {
  const rows = await db
    .select({ organizationId: member.organizationId, status: member.status, count: count() })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(inSubtree(organization.path, rootPath))
    .groupBy(member.organizationId, member.status);
  return rows.map((row) => ({ ...row, count: Number(row.count) }));
}

/**
 * Current members of a subtree counted by a column (sex, occupation, education), or by sex and age
 * in whole years on `today` (age bands are applied by the caller, since they move as people age).
 */
export async function countCurrentMembersBy(
  db: Executor,
  rootPath: string,
  dimension: "occupation" | "education",
) {
  const column = dimension === "occupation" ? member.occupation : member.education;
  const rows = await db
    .select({ key: column, count: count() })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(and(inSubtree(organization.path, rootPath), inArray(member.status, [...CURRENT_MEMBER_STATUSES])))
    .groupBy(column);
  return rows.map((row) => ({ key: row.key ?? "unknown", count: Number(row.count) }));
}

/** Current members of a subtree counted by sex and age in whole years on `today` (YYYY-MM-DD). */
export async function countCurrentMembersBySexAndAge(db: Executor, rootPath: string, today: string) {
  const age = sql<number>`extract(year from age(${today}::date, ${member.birthDate}))::int`;
  const rows = await db
    .select({ sex: member.sex, age, count: count() })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(and(inSubtree(organization.path, rootPath), inArray(member.status, [...CURRENT_MEMBER_STATUSES])))
    .groupBy(sql.raw("1"), sql.raw("2"));
  return rows.map((row) => ({ sex: row.sex, age: Number(row.age), count: Number(row.count) }));
}
