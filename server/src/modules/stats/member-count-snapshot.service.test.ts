import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/database";
import { isDistributed } from "../../db/distributed";
import { queryRows } from "../../db/sql-result";
import { createTestCounty } from "../../test/factories";
import { createTestDatabase } from "../../test/test-database";
import { lockMemberCounters } from "./member-count.repository";
import { takeMonthEndSnapshot } from "./member-count-snapshot.service";

/**
 * The month-end job must not hold the counter fold's lock (issue 18 part 4: at the province its
 * history recount ran ≈ 90 s while the fold waited): neither the recount nor the counters copy takes it
 * — except the counters copy on Citus, which takes it in SHARE mode (each shard answers from its own
 * snapshot: a fold must be seen on every shard or none; migration snapshot_county), so it waits for a
 * fold in progress and then completes. Two connections are needed, so the waiting part runs on
 * PostgreSQL and Citus only (DATABASE_URL); PGlite has one connection.
 */

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
  await createTestCounty(handle.db);
});
afterAll(async () => handle.close());

async function snapshotMonths(): Promise<string[]> {
  const rows = await queryRows<{ month: string }>(
    handle.db,
    sql`select to_char(month, 'YYYY-MM-DD') as month from member_count_snapshot_month order by month`,
  );
  return rows.map((row) => row.month);
}

describe("takeMonthEndSnapshot", () => {
  it.skipIf(!process.env.DATABASE_URL).each([
    ["history", "2025-06-30"],
    ["counters", "2025-07-31"],
  ] as const)(
    "takes a month from %s while another transaction holds the counter lock",
    async (source, month) => {
      let release: () => void = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked: () => void = () => {};
      const lockTaken = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const holder = handle.db.transaction(async (tx) => {
        await lockMemberCounters(tx);
        locked();
        await released;
      });
      await lockTaken;
      const take = takeMonthEndSnapshot(handle.db, month, source);
      const first = await Promise.race([
        take,
        new Promise<"waited">((resolve) => setTimeout(() => resolve("waited"), 10_000)),
      ]);
      release();
      await holder;
      const waits = source === "counters" && (await isDistributed(handle.db));
      expect(first).toBe(waits ? "waited" : true);
      expect(await take).toBe(true);
      expect(await snapshotMonths()).toContain(month);
    },
  );

  it("takes a month once: a second taker finds it and writes nothing", async () => {
    expect(await takeMonthEndSnapshot(handle.db, "2025-05-31", "history")).toBe(true);
    const [before] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from member_count_snapshot`,
    );
    expect(await takeMonthEndSnapshot(handle.db, "2025-05-31", "history")).toBe(false);
    expect(await takeMonthEndSnapshot(handle.db, "2025-05-31", "counters")).toBe(false);
    const [after] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from member_count_snapshot`,
    );
    expect(after?.n).toBe(before?.n);
    expect(await snapshotMonths()).toContain("2025-05-31");
  });
});
