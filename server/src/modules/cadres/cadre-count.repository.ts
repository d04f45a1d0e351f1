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

/**
 * cadre_count beside a fresh recount from the records (cadre_count_recount): the rows that differ, and the
 * rows kept outside their holder's county bucket (kept_county ≠ organization.county_id, migration
 * 0051_cadre_distribution). Two reads compared here (on Citus a full join of the distributed tallies with
 * the recount is not planned), so it answers the same on every engine.
 */
export async function diffCadreCounts(db: Executor) {
  type Row = { organization_id: number; dimension: string; value: string; count: number };
  const kept = await queryRows<Row & { county_id: number; holder_county: number }>(
    db,
    sql`select k.organization_id, k.dimension, k.value, k.count, k.county_id, o.county_id as holder_county
          from cadre_count k left join organization o on o.id = k.organization_id
         where k.count <> 0`,
  );
  const recounted = await queryRows<Row>(db, sql`select * from cadre_count_recount()`);
  const key = (row: Row) => `${Number(row.organization_id)}|${row.dimension}|${row.value}`;
  const byKey = new Map<
    string,
    {
      organization_id: number;
      dimension: string;
      value: string;
      kept: number | null;
      recounted: number | null;
    }
  >();
  const entry = (row: Row) => {
    const found = byKey.get(key(row)) ?? {
      organization_id: Number(row.organization_id),
      dimension: row.dimension,
      value: row.value,
      kept: null,
      recounted: null,
    };
    byKey.set(key(row), found);
    return found;
  };
  for (const row of kept) entry(row).kept = (entry(row).kept ?? 0) + Number(row.count);
  for (const row of recounted) entry(row).recounted = Number(row.count);
  const wrongBucket = kept
    .filter((row) => Number(row.county_id) !== Number(row.holder_county))
    .map((row) => ({
      organization_id: Number(row.organization_id),
      dimension: `${row.dimension} (kept in county ${row.county_id}, holder's ${row.holder_county})`,
      value: row.value,
      kept: Number(row.count),
      recounted: null,
    }));
  return [...[...byKey.values()].filter((row) => row.kept !== row.recounted), ...wrongBucket].sort(
    (a, b) =>
      a.organization_id - b.organization_id ||
      a.dimension.localeCompare(b.dimension) ||
      a.value.localeCompare(b.value),
  );
}

/** Recounts every tally from the records (cadre_count_rebuild); returns the rows written. */
export async function rebuildCadreCounts(db: Executor): Promise<number> {
  const [row] = await queryRows<{ written: number }>(db, sql`select cadre_count_rebuild() as written`);
  return Number(row?.written ?? 0);
}
