import { type OrganizationalLifeTally, organizationalLifePeriods } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import { orgLifeHolderBuckets } from "../../db/county";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { intArray } from "../../lib/sql-arrays";
import type { DuesAndRatingTally } from "./dues-and-rating.repository";

/**
 * Reads of the organizational-life subtree tallies (org_life_count, kept by the triggers of migration
 * 0026; dimensions on the table in db/schema/organizational-life.ts): a primary-key range per
 * organization, never the subtree's records, naming the holders' buckets (orgLifeHolderBuckets; on Citus
 * the tallies are distributed by them, migration 0056_org_life_tally_county: a county's read is one shard). Same figures as organizational-life.repository.ts and
 * dues-and-rating.repository.ts (the record reads, kept for the org-life figures of a past date).
 */

interface CountRow {
  organization_id: number;
  dimension: string;
  value: string;
  amount: number | string;
}

/** "YYYY-MM" → months since year 0 (for member-month arithmetic). */
function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

/**
 * The org-life tallies of several subtrees as of `asOf` from org_life_count — or null when a meeting
 * is dated after `asOf` (then "branches by the day of their last meeting" no longer says which
 * branches met in the 3 months up to asOf: a past date; the caller reads the records). Meetings and
 * 团课 person-hours by month (the quarter and the year start on a month's first day and nothing is
 * held after asOf); active branches = branches whose last meeting is after the 3-month cutoff.
 */
export async function readOrganizationalLifeCounts(
  db: Executor,
  organizationIds: readonly number[],
  asOf: string,
): Promise<Map<number, OrganizationalLifeTally> | null> {
  if (organizationIds.length === 0) return new Map();
  const { quarterStart, yearStart, activeAfter } = organizationalLifePeriods(asOf);
  const through = asOf.slice(0, 7);
  // Whether a meeting was held after asOf: a statement of its own (on Citus `meeting` is distributed,
  // migration 0053_meeting_county, and org_life_count a coordinator table).
  const [later] = await queryRows<{ later: boolean }>(
    db,
    sql`select exists (select 1 from meeting m where m.held_on > ${asOf}::date) as later`,
  );
  if (later?.later) return null;
  // The holders' buckets named (migration 0056_org_life_tally_county): on Citus the shards holding them only.
  const buckets = await orgLifeHolderBuckets(db, organizationIds);
  const rows = await queryRows<CountRow>(
    db,
    sql`select c.organization_id, c.dimension, c.value, c.amount
          from org_life_count c
          where c.county_id = any(${intArray(buckets)})
           and c.organization_id = any(${intArray(organizationIds)})
           and c.amount <> 0
           and (c.dimension = 'branches'
             or (c.dimension = 'meetings' and c.value between ${quarterStart.slice(0, 7)} and ${through})
             or (c.dimension = 'class_person_hours' and c.value between ${yearStart.slice(0, 7)} and ${through})
             or (c.dimension = 'last_meeting' and c.value > ${activeAfter}))`,
  );
  const tallies = new Map<number, OrganizationalLifeTally & { hours: number }>(
    organizationIds.map((id) => [
      id,
      { branches: 0, meetingsInQuarter: 0, activeBranches: 0, leagueClassPersonHours: 0, hours: 0 },
    ]),
  );
  for (const row of rows) {
    if (row.organization_id === null) continue;
    const tally = tallies.get(Number(row.organization_id));
    if (!tally) continue;
    const amount = Number(row.amount);
    if (row.dimension === "branches") tally.branches += amount;
    else if (row.dimension === "meetings") tally.meetingsInQuarter += amount;
    else if (row.dimension === "last_meeting") tally.activeBranches += amount;
    else if (row.dimension === "class_person_hours") tally.hours += amount;
  }
  return new Map(
    [...tallies].map(([id, { hours, ...tally }]) => [
      id,
      { ...tally, leagueClassPersonHours: Math.round(hours * 10) / 10 },
    ]),
  );
}

/**
 * The dues and star-rating tallies of several subtrees as of `asOf` from org_life_count (exact for any
 * date, as the record read in dues-and-rating.repository.ts: current members): owed member-months =
 * Σ over the `joined` months v ≤ asOf's month of members × (asOf's month − max(v, January) + 1); paid =
 * Σ `paid` from January to asOf's month (payments not before the member's joined month); the year's
 * `star` rows: rated = decided and not exempt, five stars, weak = 0 stars.
 */
export async function readDuesAndRatingCounts(
  db: Executor,
  organizationIds: readonly number[],
  asOf: string,
): Promise<Map<number, DuesAndRatingTally>> {
  if (organizationIds.length === 0) return new Map();
  const year = asOf.slice(0, 4);
  const january = `${year}-01`;
  const through = asOf.slice(0, 7);
  const buckets = await orgLifeHolderBuckets(db, organizationIds);
  const rows = await queryRows<CountRow>(
    db,
    sql`select c.organization_id, c.dimension, c.value, c.amount
          from org_life_count c
         where c.county_id = any(${intArray(buckets)})
           and c.organization_id = any(${intArray(organizationIds)})
           and c.amount <> 0
           and ((c.dimension = 'joined' and c.value <= ${through})
             or (c.dimension = 'paid' and c.value between ${january} and ${through})
             or (c.dimension = 'star' and c.value like ${`${year}:%`}))`,
  );
  const tallies = new Map<number, DuesAndRatingTally>(
    organizationIds.map((id) => [
      id,
      { expectedMemberMonths: 0, paidMemberMonths: 0, ratedBranches: 0, fiveStar: 0, weak: 0 },
    ]),
  );
  const last = monthIndex(through);
  const first = monthIndex(january);
  for (const row of rows) {
    const tally = tallies.get(Number(row.organization_id));
    if (!tally) continue;
    const amount = Number(row.amount);
    if (row.dimension === "joined") {
      tally.expectedMemberMonths += amount * (last - Math.max(monthIndex(row.value), first) + 1);
    } else if (row.dimension === "paid") {
      tally.paidMemberMonths += amount;
    } else {
      const [, stars, exempt] = row.value.split(":");
      if (stars !== "" && exempt === "false") tally.ratedBranches += amount;
      if (stars === "5") tally.fiveStar += amount;
      if (stars === "0") tally.weak += amount;
    }
  }
  return tallies;
}
