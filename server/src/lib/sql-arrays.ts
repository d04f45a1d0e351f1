import { type SQL, sql } from "drizzle-orm";

/**
 * Arrays as one bound parameter (a PostgreSQL array literal), for `= any(…)` in repositories: one
 * parameter whatever the length, so a statement stays the same (and preparable) for 1 or 10,000 ids.
 */

/** `ids` as an int[] parameter: `{1,2,3}`::int[]. */
export function intArray(ids: readonly number[]): SQL {
  return sql`${`{${ids.join(",")}}`}::int[]`;
}

/** `ids` as a bigint[] parameter (ids of bigint columns: members, requests): `{1,2,3}`::bigint[]. */
export function bigintArray(ids: readonly number[]): SQL {
  return sql`${`{${ids.join(",")}}`}::bigint[]`;
}

/**
 * `values` as a text[] parameter: `{a,b}`::text[]. For codes (statuses, dimensions, sectors): the
 * values must not contain commas, braces, quotes or backslashes.
 */
export function textArray(values: readonly string[]): SQL {
  return sql`${`{${values.join(",")}}`}::text[]`;
}
