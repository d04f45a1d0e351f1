import { and, asc, eq, inArray, or } from "drizzle-orm";
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

/** Inserts a plan's responsible units (call inside the import transaction). */
export async function insertPlanUnits(
  db: Executor,
  planId: number,
  units: readonly { name: string; organizationId: number | null }[],
): Promise<void> {
  for (let start = 0; start < units.length; start += 1_000) {
    const chunk = units.slice(start, start + 1_000);
    await db.insert(planUnit).values(chunk.map((unit) => ({ ...unit, planId })));
  }
}

/** A plan's responsible units in the order they were found, with the mapped organization's name. */
export async function findPlanUnits(db: Executor, planId: number) {
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
    .where(eq(planUnit.planId, planId))
    .orderBy(asc(planUnit.id));
}

/**
 * One unit with its plan's organization (id and path), or undefined; `lock` takes a row lock on the
 * unit for an update.
 */
export async function findPlanUnitWithPath(db: Executor, id: number, lock = false) {
  const query = db
    .select({
      unit: planUnit,
      organizationId: plan.organizationId,
      organizationPath: organization.path,
    })
    .from(planUnit)
    .innerJoin(plan, eq(plan.id, planUnit.planId))
    .innerJoin(organization, eq(organization.id, plan.organizationId))
    .where(eq(planUnit.id, id));
  const [row] = await (lock ? query.for("update", { of: planUnit }) : query);
  return row;
}

/** Maps a unit to an organization, or unmaps it with null; returns the row after. */
export async function updatePlanUnitOrganization(db: Executor, id: number, organizationId: number | null) {
  const [row] = await db.update(planUnit).set({ organizationId }).where(eq(planUnit.id, id)).returning();
  return row;
}
