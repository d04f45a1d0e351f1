import { sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { intArray } from "../../lib/sql-arrays";
import { inSubtree } from "../../lib/tree-sql";
import { type CounterHolder, inHolderBuckets } from "./member-count.repository";

/**
 * 应录入数 (organization.reported_member_count, members an organization says it should have on record;
 * the denominator of 入团率) summed per subtree from the counter organization_reported_count (migration
 * 0033_reported_count, issue 18 part 1): one primary-key read per organization of the list; a branch
 * (no counter) from its own row. The value is null where no organization of the subtree reported a
 * count (as the scan sumReportedMemberCounts). Every organization of the list is in the map. The sums
 * lie at their holder's county bucket (migration snapshot_county): with every holder's `countyId` given
 * the read names the buckets (on Citus their shards only), else it reads every shard.
 */
export async function readReportedCounts(
  db: Executor,
  organizations: readonly (CounterHolder & { kind: string })[],
): Promise<Map<number, number | null>> {
  const result = new Map<number, number | null>(organizations.map((organization) => [organization.id, null]));
  if (organizations.length === 0) return result;
  const holders = organizations.filter((o) => o.kind !== "branch");
  const branches = organizations.filter((o) => o.kind === "branch").map((o) => o.id);
  const rows = await queryRows<{ id: number; reported: number; reporting: number }>(
    db,
    sql`select c.organization_id as id, c.reported, c.reporting from organization_reported_count c
         where c.organization_id = any(${intArray(holders.map((o) => o.id))}) and ${inHolderBuckets("c", holders)}
        union all
        select o.id, o.reported_member_count, 1 from organization o
         where o.id = any(${intArray(branches)}) and o.reported_member_count is not null`,
  );
  for (const row of rows) {
    if (Number(row.reporting) > 0) result.set(Number(row.id), Number(row.reported));
  }
  return result;
}

/**
 * The naive reference: 应录入数 of a subtree summed over its organizations (null: none reported). The
 * tests compare it with {@link readReportedCounts}; a province takes seconds.
 */
export async function recountReportedCount(db: Executor, rootPath: string): Promise<number | null> {
  const [row] = await queryRows<{ reported: number | null }>(
    db,
    sql`select sum(o.reported_member_count)::int as reported from organization o
         where ${inSubtree(sql`o.path`, rootPath)} and o.reported_member_count is not null`,
  );
  return row?.reported === null || row?.reported === undefined ? null : Number(row.reported);
}

/** Recounts organization_reported_count from the organizations (SQL organization_reported_count_rebuild). */
export async function runReportedCountRebuild(db: Executor): Promise<number> {
  const [row] = await queryRows<{ written: number }>(
    db,
    sql`select organization_reported_count_rebuild()::bigint as written`,
  );
  return Number(row?.written ?? 0);
}
