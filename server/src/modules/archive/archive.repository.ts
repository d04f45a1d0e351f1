import { and, eq } from "drizzle-orm";
import { countyOfMember } from "../../db/county";
import type { Executor } from "../../db/database";
import { member, organization } from "../../db/schema";

/** A member as the archive's authorization needs it: the branch and its path. */
export interface ArchiveMember {
  id: number;
  /** The member's county (the member family's distribution column): named by the reads that follow. */
  countyId: number;
  name: string;
  organizationId: number;
  branchPath: string;
}

/**
 * One member with the path of their branch, or undefined.
 * `lock` "update" (inside a transaction) serializes writes that must see each other, such as two
 * uploads of an application form for the same member. The member's county is read first
 * (county_locator) and named, so the read — and the lock — is one shard on Citus (a row lock without
 * the distribution column is "could not run distributed query with FOR UPDATE/SHARE commands").
 */
export async function findArchiveMember(
  db: Executor,
  memberId: number,
  lock?: "update",
): Promise<ArchiveMember | undefined> {
  const county = await countyOfMember(db, memberId);
  if (county === 0) return undefined;
  const query = db
    .select({
      id: member.id,
      countyId: member.countyId,
      name: member.name,
      organizationId: member.organizationId,
      branchPath: organization.path,
    })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(and(eq(member.countyId, county), eq(member.id, memberId)))
    .limit(1);
  const rows = lock ? await query.for("update", { of: member }) : await query;
  return rows[0];
}
