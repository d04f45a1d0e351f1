import { sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { isDistributed } from "../../db/distributed";
import { queryRows } from "../../db/sql-result";

/**
 * The upkeep of the cadre records on Citus (migration 0051_cadre_distribution; docs/SCALING.md "Cadres
 * and training by county"). On PostgreSQL and PGlite statement triggers on cadre keep, in the writing
 * transaction, the subtree tallies (cadre_count, for every organization on the post's path — city,
 * province and national buckets included), the member's cadre fields (the member may sit in another
 * county than the post) and the empty posts. On Citus cadre is distributed by county and those
 * triggers are kept out (a trigger on a worker's shard can write neither): every repository function
 * that writes cadre rows calls {@link cadreUpkeep} with the rows before and after, in the same
 * transaction — one call of the SQL function `cadre_upkeep` on the coordinator. Elsewhere these do
 * nothing, so the figures are the triggers' on PostgreSQL and PGlite and the same function's on Citus.
 */

/** A cadre row as `to_jsonb(cadre)` answers it (snake_case columns). */
export type CadreJson = Record<string, unknown>;

/**
 * On Citus, the tallies, member fields and empty posts for cadre rows changed by one write: `before`
 * the rows as they were ([] for an insert), `after` as they are ([] for a delete). Nothing elsewhere.
 */
export async function cadreUpkeep(
  db: Executor,
  before: readonly CadreJson[],
  after: readonly CadreJson[],
): Promise<void> {
  if (!(await isDistributed(db))) return;
  if (before.length === 0 && after.length === 0) return;
  await queryRows(
    db,
    sql`select cadre_upkeep(${JSON.stringify(before)}::jsonb, ${JSON.stringify(after)}::jsonb) as done`,
  );
}

/**
 * On Citus, after a round's attendance changed: each cadre's training_rounds moved by `n` (rows added −
 * removed) on its county's shard, then {@link cadreUpkeep} of those cadres ("trained" in the tallies).
 * The caller has locked the cadres. Nothing elsewhere (0019's attendance trigger does it).
 */
export async function cadreAttendanceUpkeep(
  db: Executor,
  attended: readonly { countyId: number; cadreId: number; n: number }[],
): Promise<void> {
  if (!(await isDistributed(db))) return;
  const moved = attended.filter((row) => row.n !== 0);
  if (moved.length === 0) return;
  const json = moved.map((row) => ({ county_id: row.countyId, cadre_id: row.cadreId, n: row.n }));
  await queryRows(db, sql`select cadre_attendance_upkeep(${JSON.stringify(json)}::jsonb) as done`);
}

/**
 * The cadre rows matching `where` (a condition on `c`) as `to_jsonb`, when on Citus; [] elsewhere. Read
 * before a write (the rows as they were) and after it by id (as they are: Citus refuses `to_jsonb`, a
 * non-immutable function, in a distributed write's RETURNING).
 */
export async function cadreRowsForUpkeep(db: Executor, where: ReturnType<typeof sql>): Promise<CadreJson[]> {
  if (!(await isDistributed(db))) return [];
  const rows = await queryRows<{ row: CadreJson }>(
    db,
    sql`select to_jsonb(c) as row from cadre c where ${where}`,
  );
  return rows.map((row) => row.row);
}
