import { type SQL, sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countyScopeOf } from "../../db/county";
import type { DatabaseHandle } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { createTestCounty } from "../../test/factories";
import { createTestDatabase } from "../../test/test-database";
import { memberPageStatement } from "./member.repository";

/**
 * Issue 19 part 2: a member list or search inside a county is ONE task on a Citus coordinator — the
 * `county_id = …` predicate (db/county.ts countyScopeOf) lets Citus route it to the county's shard.
 * Runs only when DATABASE_URL is a Citus coordinator; skipped otherwise, with the reason printed.
 */
async function citusReason(): Promise<string | null> {
  const url = process.env.DATABASE_URL;
  if (!url) return "DATABASE_URL is not set (PGlite)";
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ present: boolean }>(
      "select exists (select 1 from pg_extension where extname = 'citus') as present",
    );
    return rows[0]?.present ? null : "DATABASE_URL is not a Citus coordinator (no citus extension)";
  } finally {
    await client.end();
  }
}

const skipReason = await citusReason();
if (skipReason) console.log(`member-routing.citus.test.ts skipped: ${skipReason}`);

/** Task counts of every Citus scan in an EXPLAIN (format json) plan. */
function taskCounts(node: unknown, into: number[] = []): number[] {
  if (Array.isArray(node)) {
    for (const item of node) taskCounts(item, into);
  } else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "Task Count") into.push(Number(value));
      else taskCounts(value, into);
    }
  }
  return into;
}

describe.skipIf(skipReason !== null)("member reads inside a county are single-shard on Citus", () => {
  let handle: DatabaseHandle;
  let tree: Awaited<ReturnType<typeof createTestCounty>>;
  let county: { id: number; path: string; level: string; countyId: number };

  beforeAll(async () => {
    handle = await createTestDatabase();
    tree = await createTestCounty(handle.db);
    const [row] = await queryRows<{ id: number; path: string; level: string; county_id: number }>(
      handle.db,
      sql`select id, path, level, county_id from organization where id = ${tree.county.id}`,
    );
    if (!row) throw new Error("no county");
    county = { id: Number(row.id), path: row.path, level: row.level, countyId: Number(row.county_id) };
  }, 120_000);
  afterAll(async () => handle?.close());

  async function tasks(statement: SQL): Promise<number[]> {
    const rows = await queryRows<{ "QUERY PLAN": unknown }>(
      handle.db,
      sql`explain (format json) ${statement}`,
    );
    const raw = rows[0]?.["QUERY PLAN"];
    return taskCounts(typeof raw === "string" ? JSON.parse(raw) : raw);
  }

  it("the county is its own bucket and every member row carries it", async () => {
    expect(countyScopeOf(county)).toBe(county.id);
    const [row] = await queryRows<{ wrong: number }>(
      handle.db,
      sql`select count(*) filter (where county_id <> ${county.id})::int as wrong from member`,
    );
    expect(row?.wrong).toBe(0);
  });

  for (const plan of ["walk", "branches"] as const) {
    it(`member list (${plan}) of the county and of a township: one task`, async () => {
      const page = { offset: 0, limit: 20, plan };
      for (const root of [county.path, `${county.path}${tree.east.id}/`]) {
        const counts = await tasks(memberPageStatement(root, { countyId: county.id }, page));
        expect(counts.length, `a Citus scan in the plan of ${root}`).toBeGreaterThan(0);
        expect(counts, `${plan} of ${root}`).toEqual(counts.map(() => 1));
      }
      if (plan === "walk") {
        // Without the county the same read asks every shard (what a city or province list does; the
        // "branches" plan, a lateral join per organization, cannot be planned by Citus across shards:
        // docs/SCALING.md "What runs on Citus now").
        const fanOut = await tasks(memberPageStatement(county.path, {}, page));
        expect(Math.max(...fanOut)).toBeGreaterThan(1);
      }
    });

    it(`member search by initials and by name (${plan}) in the county: one task`, async () => {
      for (const q of ["zs", "张"]) {
        const counts = await tasks(
          memberPageStatement(county.path, { countyId: county.id, q }, { offset: 0, limit: 20, plan }),
        );
        expect(counts.length).toBeGreaterThan(0);
        expect(counts, `${plan} search ${q}`).toEqual(counts.map(() => 1));
      }
    });
  }
});
