import { INDICATOR_IDS, MEMBER_STATUSES } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { createTestCounty, testMember } from "../../test/factories";
import { createTestDatabase } from "../../test/test-database";
import { systemActor } from "../auth/system-actor";
import { getIndicatorTrend } from "../indicators/indicator.service";
import { type BulkMember, insertMembersWithHistory } from "../members/member-bulk.repository";
import { type MemberFigure, readMemberFigures } from "./member-count.repository";
import { foldMemberCountDeltas } from "./member-count.service";
import { readHistoryMemberFigures, readSnapshotMemberFigures } from "./member-count-snapshot.repository";
import {
  addImportedMembersToSnapshots,
  buildWindowSnapshots,
  takeMonthEndSnapshot,
  trendWindowMonthEnds,
} from "./member-count-snapshot.service";

/**
 * Trends from month-end snapshots (issue 18 part 4): the snapshots of the 36-month window, built from
 * member_history in one statement, equal a recount from history month by month — on fixtures with
 * joins, moves between branches and townships, status changes and leaving over 2023–2025 — and so
 * does the trend read from them; a month without snapshot is recounted and says so; members imported
 * later with past join dates are added to the snapshots that exist. PGlite, and PostgreSQL with
 * DATABASE_URL.
 */

const TODAY = "2025-06-15";
const actor = systemActor("test");
const MEMBER_IDS = INDICATOR_IDS.filter((id) => id.startsWith("members_") || id === "organizations_total");

let handle: DatabaseHandle;
let tree: Awaited<ReturnType<typeof createTestCounty>>;

/** A deterministic day between 2022-09-01 and 2025-06-10 from an integer. */
function dayOf(n: number): string {
  const start = Date.UTC(2022, 8, 1);
  const span = Date.UTC(2025, 5, 10) - start;
  return new Date(start + ((n * 7_919_333_111) % span)).toISOString().slice(0, 10);
}

beforeAll(async () => {
  handle = await createTestDatabase();
  tree = await createTestCounty(handle.db);
  const branches = [tree.eastVillage1.id, tree.eastVillage2.id, tree.westVillage.id];
  // 60 members, each with up to four periods: joined in one branch, moved to another (another
  // township for a third of them), a status change (flowing / transferring), then left (lapsed,
  // aged_out, transferred_out) or still current.
  const members: BulkMember[] = Array.from({ length: 60 }, (_, i) =>
    testMember(
      branches[i % 3] as number,
      `成员${i}`,
      "cy",
      `1101052005${String((i % 12) + 1).padStart(2, "0")}${String((i % 27) + 1).padStart(2, "0")}${String(100 + i).padStart(3, "0")}1`,
      i % 2 === 0 ? "male" : "female",
      {
        joinedOn: dayOf(i + 1),
        occupation: i % 4 === 0 ? "student" : "farmer",
        education: i % 5 === 0 ? null : "senior_high",
      },
    ),
  );
  const ids = await insertMembersWithHistory(handle.db, members);
  for (const [i, memberId] of ids.entries()) {
    const days = [dayOf(i + 1), dayOf(i * 3 + 101), dayOf(i * 5 + 211), dayOf(i * 7 + 307)].sort();
    const statuses = [
      "active",
      "active",
      i % 2 === 0 ? "flowing" : "transferring",
      MEMBER_STATUSES[3 + (i % 5)],
    ];
    const organizations = [
      branches[i % 3] as number,
      branches[(i + 1 + (i % 2)) % 3] as number,
      branches[(i + 1 + (i % 2)) % 3] as number,
      branches[(i + 1 + (i % 2)) % 3] as number,
    ];
    const periods = i % 6 === 5 ? 2 : 4;
    await handle.db.execute(sql`delete from member_history where member_id = ${memberId}`);
    for (let p = 0; p < periods; p++) {
      const validTo = p === periods - 1 ? null : (days[p + 1] as string);
      if (validTo !== null && validTo <= (days[p] as string)) continue;
      await handle.db.execute(
        sql`insert into member_history (county_id, member_id, organization_id, status, valid_from, valid_to)
            values (${tree.county.countyId}, ${memberId}, ${organizations[p]}, ${statuses[p]}, ${days[p]}::date,
              ${validTo}::date)`,
      );
    }
  }
});
afterAll(async () => handle.close());

function sorted(rows: readonly MemberFigure[]): string[] {
  return rows
    .filter((row) => Number(row.count) !== 0)
    .map((row) => `${row.status}|${row.dimension}|${row.value}|${Number(row.count)}`)
    .sort();
}

function trend(organizationId: number) {
  return getIndicatorTrend(
    handle.db,
    actor,
    organizationId,
    { ids: MEMBER_IDS.join(","), from: "2022-07", to: "2025-06" },
    TODAY,
  );
}

async function snapshotMonthsOf(): Promise<string[]> {
  const rows = await queryRows<{ month: string }>(
    handle.db,
    sql`select to_char(month, 'YYYY-MM-DD') as month from member_count_snapshot_month order by month`,
  );
  return rows.map((row) => row.month);
}

describe("month-end snapshots of the trend window", () => {
  it("lists the past month-ends of the window, none before the history begins", () => {
    expect(trendWindowMonthEnds("2025-06-15", "2020-05-04", 36)).toHaveLength(35);
    expect(trendWindowMonthEnds("2025-06-15", "2020-05-04", 36)[0]).toBe("2022-07-31");
    expect(trendWindowMonthEnds("2025-06-15", "2025-03-31", 36)).toEqual([
      "2025-03-31",
      "2025-04-30",
      "2025-05-31",
    ]);
  });

  it("gives the same trend from snapshots as recounted from history, month by month", async () => {
    const recounted = await Promise.all([
      trend(tree.county.id),
      trend(tree.east.id),
      trend(tree.eastVillage1.id),
    ]);
    expect(recounted[0].sources.slice(0, -1).every((source) => source === "history")).toBe(true);
    expect(recounted[0].sources.at(-1)).toBe("live");

    const built = await buildWindowSnapshots(handle.db, TODAY);
    expect(built.months).toHaveLength(35);
    expect(await buildWindowSnapshots(handle.db, TODAY)).toEqual({ months: [], rows: 0 });
    // Every snapshot row equals the recount of that month-end, for each organization holding counters.
    for (const month of built.months) {
      for (const organization of [tree.county, tree.east, tree.west]) {
        const root = { ...organization, depth: organization.depth };
        expect(sorted(await readSnapshotMemberFigures(handle.db, organization, month)), month).toEqual(
          sorted(await readHistoryMemberFigures(handle.db, root, month)),
        );
      }
    }
    const fromSnapshots = await Promise.all([
      trend(tree.county.id),
      trend(tree.east.id),
      trend(tree.eastVillage1.id),
    ]);
    expect(fromSnapshots[0].sources.slice(0, -1).every((source) => source === "snapshot")).toBe(true);
    for (const [index, answer] of fromSnapshots.entries()) {
      expect(answer.series).toEqual(recounted[index]?.series);
    }
    // The fixtures change over the window (not a flat line).
    const total = fromSnapshots[0].series.find((series) => series.indicatorId === "members_total");
    expect(new Set(total?.values).size).toBeGreaterThan(10);
  });

  it("recounts a month without snapshot, says so, and answers the same", async () => {
    const before = await trend(tree.county.id);
    await handle.db.execute(sql`delete from member_count_snapshot where month = '2024-02-29'`);
    await handle.db.execute(sql`delete from organization_count_snapshot where month = '2024-02-29'`);
    await handle.db.execute(sql`delete from member_count_snapshot_month where month = '2024-02-29'`);
    const after = await trend(tree.county.id);
    expect(after.sources[after.months.indexOf("2024-02")]).toBe("history");
    expect(after.sources.filter((source) => source === "history")).toHaveLength(1);
    expect(after.series).toEqual(before.series);
    expect(await buildWindowSnapshots(handle.db, TODAY)).toMatchObject({ months: ["2024-02-29"] });
  });

  it("adds members imported with past join dates to the snapshots that exist", async () => {
    const [id] = await handle.db.transaction(async (tx) => {
      const inserted = await insertMembersWithHistory(tx, [
        testMember(tree.westVillage.id, "补录", "bl", "110105200707070072", "male", {
          joinedOn: "2023-03-03",
        }),
      ]);
      await addImportedMembersToSnapshots(tx, inserted);
      return inserted;
    });
    expect(id).toBeGreaterThan(0);
    for (const month of ["2023-02-28", "2023-03-31", "2024-12-31"]) {
      const root = { ...tree.county, depth: tree.county.depth };
      expect(sorted(await readSnapshotMemberFigures(handle.db, tree.county, month)), month).toEqual(
        sorted(await readHistoryMemberFigures(handle.db, root, month)),
      );
    }
  });

  it("copies the live counters with deltas not yet folded, without the counter lock", async () => {
    const [member] = await queryRows<{ id: number }>(
      handle.db,
      sql`select id from member where status = 'active' order by id limit 1`,
    );
    await foldMemberCountDeltas(handle.db);
    // A counted write (the trigger appends deltas), left unfolded.
    await handle.db.execute(sql`update member set status = 'flowing' where id = ${Number(member?.id)}`);
    await handle.db.execute(
      sql`update member set education = 'college' where organization_id = ${tree.westVillage.id}`,
    );
    expect(await takeMonthEndSnapshot(handle.db, "2030-01-31", "counters")).toBe(true);
    await foldMemberCountDeltas(handle.db);
    const root = { ...tree.county, depth: tree.county.depth };
    expect(sorted(await readSnapshotMemberFigures(handle.db, tree.county, "2030-01-31"))).toEqual(
      // Snapshots never hold 信息完整率's `complete` (a figure of today's records only).
      sorted((await readMemberFigures(handle.db, root)).filter((figure) => figure.dimension !== "complete")),
    );
    expect(await snapshotMonthsOf()).toContain("2030-01-31");
  });
});
