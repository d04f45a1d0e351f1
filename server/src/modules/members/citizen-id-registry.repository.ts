import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { citizenIdRegistry, member, organization } from "../../db/schema";
import { queryRows } from "../../db/sql-result";

/**
 * The national citizen-ID registration (公民身份号码登记, table citizen_id_registry, migration 0032): the
 * one place where a citizen ID is unique across counties on Citus (docs/SCALING.md "Uniqueness across
 * counties"). Written in the member's own transaction by the member repositories — creation (one and
 * in bulk: imports, development, transfers in), a change of the ID (edit before verification, an
 * approved correction). A member who leaves keeps the ID (domain.md: nothing is deleted).
 */

/** The name of the registry's unique key: a refused registration names it (the 409 of a duplicate). */
export const CITIZEN_ID_REGISTRY_KEY = "citizen_id_registry_pkey";

/** A member's registration. */
export interface CitizenIdRegistration {
  citizenId: string;
  /** The member's county (the member family's distribution column). */
  countyId: number;
  memberId: number;
}

/**
 * Registers the citizen IDs of new members, 1,000 per statement. A citizen ID already registered (by
 * any county) is refused by the primary key, error constraint {@link CITIZEN_ID_REGISTRY_KEY}; two
 * transactions registering one ID at once: the second waits for the first and is refused if it
 * commits.
 */
export async function registerCitizenIds(
  db: Executor,
  registrations: readonly CitizenIdRegistration[],
): Promise<void> {
  for (let start = 0; start < registrations.length; start += 1_000) {
    await db.insert(citizenIdRegistry).values(registrations.slice(start, start + 1_000));
  }
}

/**
 * Moves a member's registration from citizen ID `from` to `to` (a corrected or edited ID): the old row
 * deleted, the new one inserted (on Citus the ID is the distribution column: it cannot change in
 * place). Refused like {@link registerCitizenIds} when another member holds `to`. Nothing when equal.
 */
export async function changeRegisteredCitizenId(
  db: Executor,
  registration: { memberId: number; countyId: number; from: string; to: string },
): Promise<void> {
  const { memberId, countyId, from, to } = registration;
  if (from === to) return;
  await db
    .delete(citizenIdRegistry)
    .where(and(eq(citizenIdRegistry.citizenId, from), eq(citizenIdRegistry.memberId, memberId)));
  await registerCitizenIds(db, [{ citizenId: to, countyId, memberId }]);
}

/**
 * The member holding a citizen ID and their branch (for the 409 of a duplicate): the registration (one
 * shard on Citus) and then the member by county and id (one shard). A member not registered (rows
 * written around the repositories, e.g. by a bulk loader) is still found, by a read of every shard.
 */
export async function findCitizenIdHolder(
  db: Executor,
  citizenId: string,
): Promise<{ memberId: number; organizationId: number; organizationName: string } | undefined> {
  const [registered] = await db
    .select({ countyId: citizenIdRegistry.countyId, memberId: citizenIdRegistry.memberId })
    .from(citizenIdRegistry)
    .where(eq(citizenIdRegistry.citizenId, citizenId))
    .limit(1);
  const where = registered
    ? sql`m.county_id = ${registered.countyId} and m.id = ${registered.memberId}`
    : sql`m.citizen_id = ${citizenId}`;
  const [row] = await queryRows<{ memberId: number; organizationId: number; organizationName: string }>(
    db,
    sql`select m.id as "memberId", o.id as "organizationId", o.name as "organizationName"
          from ${member} m join ${organization} o on o.id = m.organization_id
         where ${where} limit 1`,
  );
  return row
    ? { ...row, memberId: Number(row.memberId), organizationId: Number(row.organizationId) }
    : undefined;
}
