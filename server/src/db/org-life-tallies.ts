import { sql } from "drizzle-orm";
import { intArray } from "../lib/sql-arrays";
import type { Executor } from "./database";

/**
 * On a Citus coordinator only (SQL function tuanwu_citus, migration 0030): recomputes the
 * organizational-life tallies (org_life_count, migrations 0026–0027) of `organizationIds` after a write
 * of their star ratings, education reviews or grades, in the writer's transaction. There those tables
 * are distributed by county (migration 0044_review_rating_county) and their tally triggers are not kept
 * (a trigger on a worker's shard cannot write the coordinator's tallies); the repositories that write
 * them call this instead, so the tallies stay exact in the same transaction as on PostgreSQL and PGlite,
 * where the triggers do it and this is a no-op (docs/SCALING.md "Reviews, recommendations and star
 * ratings on Citus").
 */
export async function refreshOrgLifeTalliesOnCitus(
  db: Executor,
  organizationIds: readonly number[],
): Promise<void> {
  if (organizationIds.length === 0) return;
  await db.execute(sql`select org_life_count_refresh(${intArray(organizationIds)}) where tuanwu_citus()`);
}
