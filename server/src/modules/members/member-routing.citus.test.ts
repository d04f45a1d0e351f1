import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countyScopeOf } from "../../db/county";
import type { DatabaseHandle } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { citusRoutingSkipReason } from "../../test/citus-routing";
import { explainCitusTasks } from "../../test/citus-test-cluster";
import { createTestCounty } from "../../test/factories";
import { createTestDatabase } from "../../test/test-database";
import { memberPageStatement } from "./member.repository";

/**
 * Issue 19 part 2: a member list or search inside a county is ONE task on a Citus coordinator — the
 * `county_id = …` predicate (db/county.ts countyScopeOf) lets Citus route it to the county's shard.
 * Runs only when DATABASE_URL is a Citus coordinator; skipped otherwise, with the reason printed.
 */
const skipReason = await citusRoutingSkipReason("member-routing.citus.test.ts");

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

  const tasks = (statement: SQL) => explainCitusTasks(handle.db, statement);

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
