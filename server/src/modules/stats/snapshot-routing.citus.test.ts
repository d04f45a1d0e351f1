import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import {
  expectEachOneTaskOn,
  poolOf,
  statementLoggingDatabase,
  workerOfCounty,
} from "../../test/citus-routing";
import { explainCitusTasks, findCitusClusterOfRun } from "../../test/citus-test-cluster";
import { createOrganizationRow, createTestCounty } from "../../test/factories";
import { createTestDatabase } from "../../test/test-database";
import {
  readSnapshotOrganizationFigures,
  readSnapshotTotals,
  snapshotMemberFiguresStatement,
  snapshotTotalsStatement,
  snapshotTrendStatement,
} from "./member-count-snapshot.repository";
import { getMemberCountTrend } from "./member-count-snapshot.service";
import { copyStatements } from "./member-count-snapshot-build.repository";

/**
 * Issue 19 part 1 (migration snapshot_county): with the month-end snapshots distributed by the holder's
 * county, co-located with member and the counters, on a Citus coordinator
 * - a county's or a township's trend and as-of figures are ONE task (the county's shard), and so are a
 *   city's (its own bucket): one pass above the county, not every shard;
 * - a city's children's snapshot totals ask only the children's buckets;
 * - the month-end copy of the counters and of the organization counts is an INSERT … SELECT Citus pushes
 *   down: one task per shard, each copying its own rows, nothing pulled to the coordinator.
 * EXPLAINs the statements of the repositories on the coordinator; runs only on Citus, skipped otherwise
 * with the reason printed. The figures themselves: snapshot-above-county.test.ts (every engine).
 */
const citus = await findCitusClusterOfRun();
if (!citus) console.log("snapshot-routing.citus.test.ts skipped: DATABASE_URL is not a Citus coordinator");

/** Every key of an EXPLAIN (format json) plan, anywhere in it, with its value. */
function planEntries(node: unknown, into: [string, unknown][] = []): [string, unknown][] {
  if (Array.isArray(node)) for (const item of node) planEntries(item, into);
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      into.push([key, value]);
      planEntries(value, into);
    }
  }
  return into;
}

describe.skipIf(citus === null)("snapshots by county are routed on Citus", () => {
  let handle: DatabaseHandle;
  let tree: Awaited<ReturnType<typeof createTestCounty>>;
  let city: Awaited<ReturnType<typeof createOrganizationRow>>;
  let second: Awaited<ReturnType<typeof createOrganizationRow>>;
  let shards = 0;

  beforeAll(async () => {
    handle = await createTestDatabase();
    tree = await createTestCounty(handle.db);
    city = await createOrganizationRow(handle.db, { name: "团测试市委", level: "city", sector: null });
    second = await createOrganizationRow(handle.db, {
      parent: city,
      name: "团测试二县委",
      level: "county",
      sector: null,
    });
    const [row] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from pg_dist_shard where logicalrelid = 'member_count_snapshot'::regclass`,
    );
    shards = Number(row?.n);
  }, 120_000);
  afterAll(async () => handle?.close());

  it("a county's, a township's and a city's trend and as-of figures: one task", async () => {
    for (const holder of [tree.county, tree.east, city]) {
      const trend = await explainCitusTasks(
        handle.db,
        snapshotTrendStatement(holder, "total", "2022-01-31", "2025-05-31"),
      );
      expect(trend, `${holder.name} trend`).toEqual([1]);
      const figures = await explainCitusTasks(
        handle.db,
        snapshotMemberFiguresStatement(holder, "2025-05-31"),
      );
      expect(figures, `${holder.name} as of`).toEqual([1]);
    }
    // Without the bucket (what the reads did before): every shard.
    const unnamed = await explainCitusTasks(
      handle.db,
      snapshotTrendStatement({ id: tree.county.id }, "total", "2022-01-31", "2025-05-31"),
    );
    expect(unnamed).toEqual([shards]);
  });

  it("inside a county, every snapshot read the service sends is one task on the county's worker", async () => {
    const { logged, statements } = statementLoggingDatabase(handle.db);
    await getMemberCountTrend(logged, tree.county.id, "total", "2022-01-31", "2025-05-31");
    await getMemberCountTrend(logged, tree.east.id, "sector", "2022-01-31", "2025-05-31");
    await readSnapshotTotals(logged, [tree.east, tree.west], "2025-05-31");
    await readSnapshotOrganizationFigures(logged, tree.county, "2025-05-31");
    const snapshotReads = statements.filter((statement) => /_snapshot\b/.test(statement.query));
    expect(snapshotReads).toHaveLength(4);
    const worker = await workerOfCounty(handle.db, tree.county.countyId, "member_count_snapshot");
    expect(await expectEachOneTaskOn(poolOf(handle.db), snapshotReads, worker)).toBe(4);
  });

  it("a city's children's totals: their buckets only", async () => {
    const counts = await explainCitusTasks(
      handle.db,
      snapshotTotalsStatement([tree.county, second], "2025-05-31"),
    );
    expect(counts).toHaveLength(1);
    expect(counts[0]).toBeLessThanOrEqual(2);
  });

  it("the month-end copy is pushed down: one task per shard, nothing through the coordinator", async () => {
    const { counters, organizationCounts } = copyStatements("2025-05-31");
    for (const statement of [counters, organizationCounts]) {
      const rows = await queryRows<{ "QUERY PLAN": unknown }>(
        handle.db,
        sql`explain (format json) ${statement}`,
      );
      const raw = rows[0]?.["QUERY PLAN"];
      const entries = planEntries(typeof raw === "string" ? JSON.parse(raw) : raw);
      const methods = entries.filter(([key]) => key === "INSERT/SELECT method").map(([, value]) => value);
      expect(methods, JSON.stringify(raw)).not.toContain("pull to coordinator");
      expect(methods).not.toContain("repartition");
      const tasks = entries.filter(([key]) => key === "Task Count").map(([, value]) => Number(value));
      expect(tasks, JSON.stringify(raw)).toEqual([shards]);
    }
  });
});
