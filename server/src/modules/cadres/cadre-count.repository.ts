import { sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { intArray, textArray } from "../../lib/sql-arrays";
import type { CadreCountRow } from "./cadre-tally";

/**
 * Reads of the subtree tallies of the cadre records (cadre_count, kept by the triggers of migration
 * 0019): a primary-key range per organization, never the subtree's cadres. The only place with their
 * SQL.
 */

/** Which dimensions to read: the profile's, 配备率's, or both; birth dates (many rows) only on request. */
export interface CadreCountSelection {
  profile: boolean;
  staffing: boolean;
  birthDates: boolean;
}

const PROFILE_DIMENSIONS = [
  "total",
  "kind",
  "source_channel",
  "education",
  "party_member",
  "from_grassroots",
  "trained",
];
const STAFFING_DIMENSIONS = ["organizations", "post_open"];

/** The cadre_count rows (count ≠ 0) of each organization asked for, limited to `selection`. */
export async function readCadreCounts(
  db: Executor,
  organizationIds: readonly number[],
  selection: CadreCountSelection,
): Promise<CadreCountRow[]> {
  if (organizationIds.length === 0) return [];
  const dimensions = [
    ...(selection.profile ? PROFILE_DIMENSIONS : []),
    ...(selection.staffing ? STAFFING_DIMENSIONS : []),
    ...(selection.birthDates ? ["birth_date"] : []),
  ];
  const rows = await queryRows<{ organization_id: number; dimension: string; value: string; count: number }>(
    db,
    sql`select organization_id, dimension, value, count from cadre_count
         where organization_id = any(${intArray(organizationIds)})
           and dimension = any(${textArray(dimensions)})
           and count <> 0`,
  );
  return rows.map((row) => ({
    organizationId: Number(row.organization_id),
    dimension: row.dimension,
    value: row.value,
    count: Number(row.count),
  }));
}

/**
 * The open posts of one subtree by profile dimension plus, from its birth_date rows summed in
 * PostgreSQL, the sum of ages in full years on `asOf` (as domain ageOn; a birth date after asOf counts
 * 0) and how many are at most `youngAge`. ONE statement, one index range.
 */
export async function readCadreProfileCounts(
  db: Executor,
  organizationId: number,
  asOf: string,
  youngAge: number,
): Promise<{ rows: CadreCountRow[]; ageSum: number; young: number }> {
  const rows = await queryRows<{ dimension: string; value: string; count: number }>(
    db,
    sql`with b as (
        select count, greatest(0, extract(year from ${asOf}::date)::int - extract(year from value::date)::int
                 - case when substr(value, 6) > to_char(${asOf}::date, 'MM-DD') then 1 else 0 end) as age
          from cadre_count where organization_id = ${organizationId} and dimension = 'birth_date' and count <> 0)
      select dimension, value, count from cadre_count
       where organization_id = ${organizationId}
         and dimension in ('total', 'kind', 'source_channel', 'education', 'party_member', 'from_grassroots', 'trained')
         and count <> 0
      union all
      select 'age_sum', '', coalesce(sum(count::bigint * age), 0) from b
      union all
      select 'young', '', coalesce(sum(count) filter (where age <= ${youngAge}), 0) from b`,
  );
  let ageSum = 0;
  let young = 0;
  const counts: CadreCountRow[] = [];
  for (const row of rows) {
    if (row.dimension === "age_sum") ageSum = Number(row.count);
    else if (row.dimension === "young") young = Number(row.count);
    else
      counts.push({ organizationId, dimension: row.dimension, value: row.value, count: Number(row.count) });
  }
  return { rows: counts, ageSum, young };
}

/** cadre_count beside a fresh recount from the records (cadre_count_recount): the rows that differ. */
export async function diffCadreCounts(db: Executor) {
  return queryRows<{
    organization_id: number;
    dimension: string;
    value: string;
    kept: number | null;
    recounted: number | null;
  }>(
    db,
    sql`select coalesce(k.organization_id, r.organization_id) as organization_id,
               coalesce(k.dimension, r.dimension) as dimension, coalesce(k.value, r.value) as value,
               k.count as kept, r.count as recounted
          from (select * from cadre_count where count <> 0) k
          full join cadre_count_recount() r
            on r.organization_id = k.organization_id and r.dimension = k.dimension and r.value = k.value
         where k.count is distinct from r.count
         order by 1, 2, 3`,
  );
}

/** Recounts every tally from the records (cadre_count_rebuild); returns the rows written. */
export async function rebuildCadreCounts(db: Executor): Promise<number> {
  const [row] = await queryRows<{ written: number }>(db, sql`select cadre_count_rebuild() as written`);
  return Number(row?.written ?? 0);
}
