import { and, asc, eq, inArray, or } from "drizzle-orm";
import { countyOfLedgerRecord } from "../../../db/county";
import type { Executor } from "../../../db/database";
import { organization, plan, planUnit } from "../../../db/schema";
import { inSubtree } from "../../../lib/tree-sql";

/**
 * The organizations of the subtree at `rootPath` whose name or short name is one of `names` (the
 * candidates of plan-unit matching), with the columns matching needs.
 */
export async function findSubtreeOrganizationsNamed(
  db: Executor,
  rootPath: string,
  names: readonly string[],
) {
  if (names.length === 0) return [];
  return db
    .select({ id: organization.id, name: organization.name, shortName: organization.shortName })
    .from(organization)
    .where(
      and(
        inSubtree(organization.path, rootPath),
        or(inArray(organization.name, [...names]), inArray(organization.shortName, [...names])),
      ),
    );
}

/** Inserts a plan's responsible units in the plan's county (call inside the import transaction). */
export async function insertPlanUnits(
  db: Executor,
  countyId: number,
  planId: number,
  units: readonly { name: string; organizationId: number | null }[],
): Promise<void> {
  for (let start = 0; start < units.length; start += 1_000) {
    const chunk = units.slice(start, start + 1_000);
    await db.insert(planUnit).values(chunk.map((unit) => ({ ...unit, countyId, planId })));
  }
}

/**
 * A plan's responsible units in the order they were found, with the mapped organization's name (the
 * plan's county named: one shard on Citus; organization is a reference table there).
 */
export async function findPlanUnits(db: Executor, countyId: number, planId: number) {
  return db
    .select({
      id: planUnit.id,
      planId: planUnit.planId,
      name: planUnit.name,
      organizationId: planUnit.organizationId,
      organizationName: organization.name,
    })
    .from(planUnit)
    .leftJoin(organization, eq(organization.id, planUnit.organizationId))
    .where(and(eq(planUnit.countyId, countyId), eq(planUnit.planId, planId)))
    .orderBy(asc(planUnit.id));
}

/**
 * One unit with its plan's organization (id and path), or undefined; `lock` takes a row lock on the
 * unit for an update. Its county is read first, so the read and the lock name it (one shard on Citus).
 */
export async function findPlanUnitWithPath(db: Executor, id: number, lock = false) {
  const countyId = await countyOfLedgerRecord(db, "plan_unit", id);
  const query = db
    .select({
      unit: planUnit,
      organizationId: plan.organizationId,
      organizationPath: organization.path,
    })
    .from(planUnit)
    .innerJoin(plan, and(eq(plan.countyId, planUnit.countyId), eq(plan.id, planUnit.planId)))
    .innerJoin(organization, eq(organization.id, plan.organizationId))
    .where(and(eq(planUnit.countyId, countyId), eq(planUnit.id, id)));
  const [row] = await (lock ? query.for("update", { of: planUnit }) : query);
  return row;
}

/** Maps a unit to an organization, or unmaps it with null (its county named); returns the row after. */
export async function updatePlanUnitOrganization(
  db: Executor,
  countyId: number,
  id: number,
  organizationId: number | null,
) {
  const [row] = await db
    .update(planUnit)
    .set({ organizationId })
    .where(and(eq(planUnit.countyId, countyId), eq(planUnit.id, id)))
    .returning();
  return row;
}
