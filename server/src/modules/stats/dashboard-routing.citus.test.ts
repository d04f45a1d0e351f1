import { CURRENT_MEMBER_STATUSES, MEMBER_STATUSES } from "@tuanwu/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/database";
import { explainCitusTasks, findCitusClusterOfRun } from "../../test/citus-test-cluster";
import { createOrganizationRow, createTestCounty } from "../../test/factories";
import { createTestDatabase } from "../../test/test-database";
import { liveDashboardStatement } from "./member-count.repository";

/**
 * Issue 19 ("counters distributed"): with member_count and organization_count distributed by the
 * holder's county and co-located with member (migration member_count_county), the live dashboard of a
 * county or a township — its counters, its pending deltas, its children's counters and members — is ONE
 * task on a Citus coordinator: the whole statement goes to the county's shard. Above the county (a city)
 * the pending deltas are read on every shard. EXPLAINs the statement of readLiveDashboard on the
 * coordinator; runs only on a Citus coordinator, skipped otherwise with the reason printed.
 */
const citus = await findCitusClusterOfRun();
if (!citus) console.log("dashboard-routing.citus.test.ts skipped: DATABASE_URL is not a Citus coordinator");

describe.skipIf(citus === null)("the live dashboard inside a county is single-shard on Citus", () => {
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

  it("a city's dashboard reads the pending deltas on every shard, its children in their buckets only", async () => {
    const city = await createOrganizationRow(handle.db, { name: "团测试市委", level: "city", sector: null });
    const county = await createOrganizationRow(handle.db, {
      parent: city,
      name: "团测试二县委",
      level: "county",
      sector: null,
    });
    await createOrganizationRow(handle.db, { parent: county, kind: "branch", name: "测试二县团支部" });
    const counts = await tasks(city.id);
    console.log(`city dashboard: tasks per distributed step ${JSON.stringify(counts)}`);
    // One pass over every shard (the pending deltas); the child county's counters, organization
    // counts and members each one task (before: the children's reads asked every shard too).
    expect(counts.filter((n) => n > 1)).toHaveLength(1);
    expect(Math.max(...counts)).toBeGreaterThan(1);
  });
});
