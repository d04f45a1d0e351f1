import { and, eq } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { memberNumberRegistry } from "../../db/schema";

/**
 * The national member-number registration (团员编号登记, table member_number_registry, migration
 * member_number_registry): the one place where a member number is unique across counties on Citus
 * (docs/SCALING.md "Uniqueness across counties"), the twin of citizen_id_registry
 * (./citizen-id-registry.repository.ts). Written in the member's own transaction by the member
 * repositories — creation (one and in bulk: imports, development's admission, transfers in, the demo
 * seed) and a change of the number (an edit, an approved correction). Members without a number have no
 * registration.
 */

/** The name of the registry's unique key: a refused registration names it (the 409 of a duplicate). */
export const MEMBER_NUMBER_REGISTRY_KEY = "member_number_registry_pkey";

/** A member's registration. */
export interface MemberNumberRegistration {
  memberNumber: string;
  /** The member's county (the member family's distribution column). */
  countyId: number;
  memberId: number;
}

/**
 * Registers the member numbers of new members, 1,000 per statement; registrations without a number
 * (null) are skipped (an empty string is a number to the member's unique index too). A number already registered (by any county) is refused by the primary
 * key, error constraint {@link MEMBER_NUMBER_REGISTRY_KEY}; two transactions registering one number at
 * once: the second waits for the first and is refused if it commits.
 */
export async function registerMemberNumbers(
  db: Executor,
  registrations: readonly (Omit<MemberNumberRegistration, "memberNumber"> & {
    memberNumber: string | null | undefined;
  })[],
): Promise<void> {
  const numbered = registrations.filter(
    (registration): registration is MemberNumberRegistration => registration.memberNumber != null,
  );
  for (let start = 0; start < numbered.length; start += 1_000) {
    await db.insert(memberNumberRegistry).values(numbered.slice(start, start + 1_000));
  }
}

/**
 * Moves a member's registration from number `from` to `to` (null: no number): the old row deleted, the
 * new one inserted (on Citus the number is the distribution column: it cannot change in place).
 * Refused like {@link registerMemberNumbers} when another member holds `to`. Nothing when equal.
 */
export async function changeRegisteredMemberNumber(
  db: Executor,
  registration: { memberId: number; countyId: number; from: string | null; to: string | null },
): Promise<void> {
  const { memberId, countyId, from, to } = registration;
  if (from === to) return;
  if (from !== null) {
    await db
      .delete(memberNumberRegistry)
      .where(and(eq(memberNumberRegistry.memberNumber, from), eq(memberNumberRegistry.memberId, memberId)));
  }
  await registerMemberNumbers(db, [{ memberNumber: to, countyId, memberId }]);
}
