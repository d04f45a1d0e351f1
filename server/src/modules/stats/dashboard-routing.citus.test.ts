import { CURRENT_MEMBER_STATUSES, MEMBER_STATUSES } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { citusRoutingSkipReason } from "../../test/citus-routing";
import { explainCitusTasks } from "../../test/citus-test-cluster";
import { createOrganizationRow, createTestCounty } from "../../test/factories";
import { createTestDatabase } from "../../test/test-database";
import { pendingDeltasPassStatement } from "./dashboard-above-county.repository";
import { liveDashboardStatement } from "./member-count.repository";

/**
 * Issue 19 ("counters distributed"): with member_count and organization_count distributed by the
 * holder's county and co-located with member (migration member_count_county), the live dashboard of a
 * county or a township — its counters, its pending deltas, its children's counters and members — is ONE
 * task on a Citus coordinator: the whole statement goes to the county's shard. Above the county (a city,
 * a province) the dashboard's counters, members and organization counts are ONE pass over the holders'
 * buckets, and the raw pending deltas one read of every shard (issue 19 part 5:
 * dashboard-above-county.repository). Since migration 0057_above_county_bucket every holder above the
 * county keeps its rows in ONE bucket, so a province's counters' read (its own and its cities') is ONE
 * task. EXPLAINs the statements of readLiveDashboard on the coordinator; runs only on a Citus coordinator,
 * skipped otherwise with the reason printed.
 */
const skipReason = await citusRoutingSkipReason("dashboard-routing.citus.test.ts");

describe.skipIf(skipReason !== null)("the live dashboard inside a county is single-shard on Citus", () => {
  let handle: DatabaseHandle;
  let tree: Awaited<ReturnType<typeof createTestCounty>>;

  beforeAll(async () => {
    handle = await createTestDatabase();
    tree = await createTestCounty(handle.db);
  }, 120_000);
  afterAll(async () => handle?.close());

  const statuses = { all: MEMBER_STATUSES, current: CURRENT_MEMBER_STATUSES };
  const bands = [{ band: "26-28", month: "1999-06" }];
  const tasks = async (organizationId: number) => {
    const { statement } = await liveDashboardStatement(handle.db, organizationId, statuses, bands, "14-17");
    return explainCitusTasks(handle.db, statement);
  };

  it("a county's and a township's dashboard: one task (the whole statement on the county's shard)", async () => {
    for (const organization of [tree.county, tree.east]) {
      const counts = await tasks(organization.id);
      expect(counts, organization.name).toEqual([1]);
    }
  });

  it("a province of cities: its dashboard's counters are ONE task (the above-county bucket)", async () => {
    const province = await createOrganizationRow(handle.db, {
      name: "团测试二省委",
      level: "province",
      sector: null,
    });
    for (const name of ["团测试甲市委", "团测试乙市委"]) {
      const city = await createOrganizationRow(handle.db, {
        parent: province,
        name,
        level: "city",
        sector: null,
      });
      const county = await createOrganizationRow(handle.db, {
        parent: city,
        name: `${name}县委`,
        level: "county",
        sector: null,
      });
      await createOrganizationRow(handle.db, { parent: county, kind: "branch", name: `${name}团支部` });
    }
    const counts = await tasks(province.id);
    console.log(`province of cities, counters: tasks per distributed step ${JSON.stringify(counts)}`);
    // Before migration 0057: [32] (the deltas in the same pass) — the province's and each city's own bucket.
    expect(counts).toEqual([1]);
    const shards = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from pg_dist_shard where logicalrelid = 'member_count_delta'::regclass`,
    );
    // The pending deltas, raw: the one read of every shard.
    expect(await explainCitusTasks(handle.db, pendingDeltasPassStatement())).toEqual([Number(shards[0]?.n)]);
  });

  it("a city's and a province's dashboard: ONE distributed step, each shard asked at most once", async () => {
    const shards = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from pg_dist_shard where logicalrelid = 'member_count_delta'::regclass`,
    );
    const province = await createOrganizationRow(handle.db, {
      name: "团测试省委",
      level: "province",
      sector: null,
    });
    const city = await createOrganizationRow(handle.db, {
      parent: province,
      name: "团测试市委",
      level: "city",
      sector: null,
    });
    for (const name of ["团测试二县委", "团测试三县委"]) {
      const county = await createOrganizationRow(handle.db, {
        parent: city,
        name,
        level: "county",
        sector: null,
      });
      await createOrganizationRow(handle.db, { parent: county, kind: "branch", name: `${name}团支部` });
    }
    const direct = await createOrganizationRow(handle.db, {
      parent: province,
      name: "团测试直管县委",
      level: "county",
      sector: null,
    });
    await createOrganizationRow(handle.db, { parent: direct, kind: "branch", name: "直管县团支部" });
    // A branch held by the city itself (the city's bucket): its members are read in the same pass.
    await createOrganizationRow(handle.db, {
      parent: city,
      kind: "branch",
      name: "市直机关团支部",
      sector: "agency",
    });
    for (const organization of [city, province]) {
      const counts = await tasks(organization.id);
      console.log(`${organization.name} dashboard: tasks per distributed step ${JSON.stringify(counts)}`);
      // Only the shards of the buckets read: the above-county bucket and the counties held directly (the
      // city's two, the province's direct county; the city's own branch in the city's bucket).
      // Before the one pass: [1,32,1,1,1,1,1,1,n,n,1,n,1,1] — own counters, deltas and children apart.
      expect(counts, organization.name).toHaveLength(1);
      expect(counts[0], organization.name).toBeLessThanOrEqual(Math.min(4, Number(shards[0]?.n)));
      expect(counts[0], organization.name).toBeGreaterThanOrEqual(1);
    }
  });
});
