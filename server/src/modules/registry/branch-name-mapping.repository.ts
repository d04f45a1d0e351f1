import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "../../db/database";
import { branchNameMapping, organization } from "../../db/schema";

const branch = alias(organization, "mapped_branch");
const createUnder = alias(organization, "create_under");

/** The name mapping remembered for an organization, by written name, with the organizations named. */
export async function findBranchNameMappings(db: Executor, organizationId: number) {
  return db
    .select({
      id: branchNameMapping.id,
      sourceName: branchNameMapping.sourceName,
      sourceKey: branchNameMapping.sourceKey,
      branchId: branchNameMapping.branchId,
      branchName: branch.name,
      branchCode: branch.code,
      branchPath: branch.path,
      createUnderId: branchNameMapping.createUnderId,
      createUnderName: createUnder.name,
      createUnderCode: createUnder.code,
      createUnderPath: createUnder.path,
      createUnderDepth: createUnder.depth,
      updatedAt: branchNameMapping.updatedAt,
    })
    .from(branchNameMapping)
    .leftJoin(branch, eq(branch.id, branchNameMapping.branchId))
    .leftJoin(createUnder, eq(createUnder.id, branchNameMapping.createUnderId))
    .where(eq(branchNameMapping.organizationId, organizationId))
    .orderBy(asc(branchNameMapping.sourceName));
}

/** Organizations by id with their kind and path (to check mapping targets against a subtree). */
export async function findMappingTargets(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: organization.id, kind: organization.kind, path: organization.path })
    .from(organization)
    .where(inArray(organization.id, [...ids]));
}

/** Inserts or replaces mappings by (organization, source key); the row keeps its id when replaced. */
export async function upsertBranchNameMappings(
  db: Executor,
  rows: (typeof branchNameMapping.$inferInsert)[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(branchNameMapping)
    .values(rows)
    .onConflictDoUpdate({
      target: [branchNameMapping.organizationId, branchNameMapping.sourceKey],
      set: {
        sourceName: sql`excluded.source_name`,
        branchId: sql`excluded.branch_id`,
        createUnderId: sql`excluded.create_under_id`,
        updatedBy: sql`excluded.updated_by`,
        updatedAt: sql`now()`,
      },
    });
}

/** Deletes one mapping of an organization; returns the deleted row (undefined when none). */
export async function deleteBranchNameMapping(db: Executor, organizationId: number, id: number) {
  const rows = await db
    .delete(branchNameMapping)
    .where(and(eq(branchNameMapping.organizationId, organizationId), eq(branchNameMapping.id, id)))
    .returning();
  return rows[0];
}

/**
 * Locks mappings (FOR UPDATE, inside a transaction) and returns their current branch: a concurrent
 * import that created the branch first has set it, and the second then uses that branch.
 */
export async function lockBranchNameMappings(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: branchNameMapping.id, branchId: branchNameMapping.branchId })
    .from(branchNameMapping)
    .where(inArray(branchNameMapping.id, [...ids]))
    .for("update");
}

/** Points a "create it under …" mapping at the branch just created. */
export async function resolveCreatedMapping(db: Executor, id: number, branchId: number): Promise<void> {
  await db
    .update(branchNameMapping)
    .set({ branchId, createUnderId: null, updatedAt: sql`now()` })
    .where(eq(branchNameMapping.id, id));
}
