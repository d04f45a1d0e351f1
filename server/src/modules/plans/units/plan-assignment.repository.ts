import { and, asc, eq, inArray, ne } from "drizzle-orm";
import type { Executor } from "../../../db/database";
import { organization } from "../../../db/schema/organization";
import { plan, planUnit } from "../../../db/schema/plan";

/**
 * The plans of the organizations `ancestorIds` (an organization's strict ancestors, from its path),
 * oldest organization first, then newest plan first: the plans whose tasks may name it. Each lies in its
 * organization's county bucket (the county's, the city's, the province's…): on Citus a read of the few
 * shards of those buckets' ids, not routed to one.
 */
export async function findPlansOfAncestors(db: Executor, ancestorIds: readonly number[]) {
  if (ancestorIds.length === 0) return [];
  return db
    .select({
      id: plan.id,
      countyId: plan.countyId,
      title: plan.title,
      organizationId: plan.organizationId,
      organizationName: organization.name,
      organizationPath: organization.path,
    })
    .from(plan)
    .innerJoin(organization, eq(organization.id, plan.organizationId))
    .where(inArray(plan.organizationId, [...ancestorIds]))
    .orderBy(asc(organization.path), asc(plan.id));
}

/** The plan's responsible units (name → mapped organization id, or null for free text); its county named. */
export async function findUnitMapping(
  db: Executor,
  countyId: number,
  planId: number,
): Promise<Map<string, number | null>> {
  const rows = await db
    .select({ name: planUnit.name, organizationId: planUnit.organizationId })
    .from(planUnit)
    .where(and(eq(planUnit.countyId, countyId), eq(planUnit.planId, planId)));
  return new Map(rows.map((row) => [row.name, row.organizationId]));
}

/** The organizations `ids` with what assignment reads (kind, level, path); `exceptPath` left out. */
export async function findAssigneeOrganizations(db: Executor, ids: readonly number[], exceptPath: string) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: organization.id,
      kind: organization.kind,
      level: organization.level,
      path: organization.path,
    })
    .from(organization)
    .where(and(inArray(organization.id, [...ids]), ne(organization.path, exceptPath)));
}
