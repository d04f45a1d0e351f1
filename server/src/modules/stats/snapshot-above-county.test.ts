import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { counterBucketOf } from "../../db/county";
import type { DatabaseHandle } from "../../db/database";
import { isDistributed } from "../../db/distributed";
import { queryRows } from "../../db/sql-result";
import { createOrganizationRow, testMember } from "../../test/factories";
import { createTestDatabase } from "../../test/test-database";
import { systemActor } from "../auth/system-actor";
import { insertMembersWithHistory } from "../members/member-bulk.repository";
import { moveOrganization } from "../organizations/organization.service";
import type { CountedOrganization, MemberFigure } from "./member-count.repository";
import {
  readHistoryChildTotals,
  readHistoryMemberFigures,
  readSnapshotMemberFigures,
  readSnapshotOrganizationTotals,
  readSnapshotTotals,
} from "./member-count-snapshot.repository";
import { getMemberCountTrend, takeMonthEndSnapshot } from "./member-count-snapshot.service";
import { readReportedCounts, recountReportedCount } from "./reported-count.repository";

/**
 * Snapshots and 应录入数 sums by county (issue 19 part 1, migration snapshot_county): a province with a
 * city of two counties (one with a township) and a branch of its own, and a county directly under the
 * province; seven members. Month-end
 * snapshots taken from history and copied from the counters (deltas unfolded), then read for holders
 * in their buckets — the counties (their own), the city and the province (the one above-county bucket,
 * migration 0057_above_county_bucket), the city's children (each county in its own) — equal a recount from member_history; the trend of the city and of a county; the
 * 应录入数 sums of every holder equal the scan. Every engine (in CITUS_TEST_FILES): on Citus each read
 * names the holders' buckets, so a wrong bucket would read no rows and fail here.
 */

let handle: DatabaseHandle;
type Place = Awaited<ReturnType<typeof createOrganizationRow>>;
let province: Place;
let city: Place;
let first: Place;
let township: Place;
let second: Place;
let direct: Place;

beforeAll(async () => {
  handle = await createTestDatabase();
  const place = (values: Parameters<typeof createOrganizationRow>[1]) =>
    createOrganizationRow(handle.db, values);
  province = await place({ name: "团测试省委", level: "province", sector: null });
  city = await place({ parent: province, name: "团测试市委", level: "city", sector: null });
  first = await place({ parent: city, name: "团测试一县委", level: "county", sector: null });
  township = await place({ parent: first, name: "团测试镇委", level: "township" });
  second = await place({ parent: city, name: "团测试二县委", level: "county", sector: null });
  direct = await place({ parent: province, name: "团测试直管县委", level: "county", sector: null });
  const townshipBranch = await place({ parent: township, kind: "branch", name: "一县村团支部" });
  const secondBranch = await place({ parent: second, kind: "branch", name: "二县团支部" });
  const directBranch = await place({ parent: direct, kind: "branch", name: "直管县团支部" });
  const cityBranch = await place({ parent: city, kind: "branch", name: "市直机关团支部", sector: "agency" });
  await insertMembersWithHistory(handle.db, [
    testMember(townshipBranch.id, "张一", "zy", "110105200601010011", "male"),
    testMember(townshipBranch.id, "张二", "ze", "110105200702020021", "female", { occupation: "student" }),
    testMember(townshipBranch.id, "张三", "zs", "110105200803030031", "male"),
    testMember(secondBranch.id, "钱一", "qy", "110105200604040041", "male"),
    testMember(secondBranch.id, "钱二", "qe", "110105200705050051", "female"),
    testMember(directBranch.id, "孙一", "sy", "110105200806060061", "male"),
    testMember(cityBranch.id, "周一", "zhy", "110105200907070071", "female", { joinedOn: "2024-06-01" }),
  ]);
  await handle.db.execute(
    sql`update organization set reported_member_count = 7
         where id in (${townshipBranch.id}, ${secondBranch.id}, ${cityBranch.id})`,
  );
}, 300_000);
afterAll(async () => handle?.close());

function sorted(rows: readonly MemberFigure[]): string[] {
  return rows
    .filter((row) => Number(row.count) !== 0)
    .map((row) => `${row.status}|${row.dimension}|${row.value}|${Number(row.count)}`)
    .sort();
}

/**
 * The organization as the statistics read it, its county bucket known (db/county.ts countyScopeOf) and its
 * counter bucket as `countyId` (db/county.ts counterBucketOf: the one above-county bucket for the city and
 * the province, migration 0057_above_county_bucket).
 */
async function counted(id: number): Promise<CountedOrganization & { countyId: number }> {
  const [row] = await queryRows<{
    path: string;
    kind: string;
    sector: string | null;
    depth: number;
    level: string;
    county_id: number;
  }>(handle.db, sql`select path, kind, sector, depth, level, county_id from organization where id = ${id}`);
  if (!row) throw new Error(`no organization ${id}`);
  const countyId = Number(row.county_id);
  return {
    id,
    path: row.path,
    kind: row.kind,
    sector: row.sector,
    depth: Number(row.depth),
    county: row.level === "county" || countyId !== id ? countyId : null,
    countyId: counterBucketOf({ id, level: row.level, countyId }),
  };
}

describe("month-end snapshots by county, above and inside the county", () => {
  it("reads every holder's snapshot in its bucket, equal to the recount from history", async () => {
    expect(await takeMonthEndSnapshot(handle.db, "2024-12-31", "history")).toBe(true);
    // Copied from the counters with the members' deltas not folded (their figures then: all joined).
    expect(await takeMonthEndSnapshot(handle.db, "2025-05-31", "counters")).toBe(true);
    for (const month of ["2024-12-31", "2025-05-31"]) {
      for (const id of [province.id, city.id, first.id, township.id, second.id, direct.id]) {
        const root = await counted(id);
        const figures = sorted(await readSnapshotMemberFigures(handle.db, root, month));
        expect(figures.length, `${id} ${month}`).toBeGreaterThan(0);
        expect(figures, `${id} ${month}`).toEqual(
          sorted(await readHistoryMemberFigures(handle.db, root, month)),
        );
      }
      // The city's children, each in its own bucket (two counties), as recounted.
      const root = await counted(city.id);
      const children = [await counted(first.id), await counted(second.id)];
      const totals = await readSnapshotTotals(handle.db, children, month);
      const recounted = await readHistoryChildTotals(
        handle.db,
        root,
        children.map((child) => child.id),
        month,
      );
      const key = (rows: { childId: number; status: string; count: number }[]) =>
        rows.map((row) => `${row.childId}|${row.status}|${row.count}`).sort();
      expect(key(totals)).toEqual(key(recounted));
      expect(key(totals)).toHaveLength(2);
      const organizations = await readSnapshotOrganizationTotals(handle.db, children, month);
      expect([organizations.get(first.id), organizations.get(second.id)]).toEqual([3, 2]);
    }
  });

  it("gives the city's and a county's trend from their buckets", async () => {
    const cityTrend = await getMemberCountTrend(handle.db, city.id, "total", "2024-01-31", "2025-05-31");
    expect(cityTrend.map((row) => [row.month, row.status, row.count])).toEqual([
      ["2024-12-31", "active", 6],
      ["2025-05-31", "active", 6],
    ]);
    const countyTrend = await getMemberCountTrend(handle.db, second.id, "total", "2024-01-31", "2025-05-31");
    expect(countyTrend.map((row) => [row.month, row.status, row.count])).toEqual([
      ["2024-12-31", "active", 2],
      ["2025-05-31", "active", 2],
    ]);
  });

  it("keeps 应录入数 sums at each holder's bucket, equal to the scan", async () => {
    const holders = await Promise.all(
      [province.id, city.id, first.id, township.id, second.id, direct.id].map(async (id) => ({
        ...(await counted(id)),
        kind: "committee",
      })),
    );
    const sums = await readReportedCounts(handle.db, holders);
    for (const holder of holders) {
      expect(sums.get(holder.id), String(holder.id)).toEqual(
        await recountReportedCount(handle.db, holder.path),
      );
    }
    expect(sums.get(province.id)).toBe(21);
    expect(sums.get(direct.id)).toBeNull();
  });
});

describe("a subtree moved to another county", () => {
  it("takes its month-end snapshot rows to its new county's bucket (organization_counter_relocate; refused on Citus)", async () => {
    const before = sorted(
      await readSnapshotMemberFigures(handle.db, await counted(township.id), "2024-12-31"),
    );
    expect(before.length).toBeGreaterThan(0);
    const move = moveOrganization(handle.db, systemActor("test"), township.id, { newParentId: second.id });
    if (await isDistributed(handle.db)) {
      // A Citus coordinator refuses a subtree with members (organization-move-county.routes.test.ts);
      // the snapshot rows stay in the old bucket, where the reads of the unmoved township look.
      await expect(move).rejects.toMatchObject({ status: 409, code: "county_move_refused" });
      expect(
        sorted(await readSnapshotMemberFigures(handle.db, await counted(township.id), "2024-12-31")),
      ).toEqual(before);
      return;
    }
    await move;

    const moved = await counted(township.id);
    expect(moved.countyId).toBe(second.id);
    expect(sorted(await readSnapshotMemberFigures(handle.db, moved, "2024-12-31"))).toEqual(before);
    const left = await queryRows<{ county_id: number; rows: number }>(
      handle.db,
      sql`select county_id, count(*)::int as rows from member_count_snapshot
           where organization_id = ${township.id} group by county_id`,
    );
    expect(left.map((row) => Number(row.county_id))).toEqual([second.id]);
    const organizationRows = await queryRows<{ county_id: number }>(
      handle.db,
      sql`select distinct county_id from organization_count_snapshot where organization_id = ${township.id}`,
    );
    expect(organizationRows.map((row) => Number(row.county_id))).toEqual([second.id]);
  });
});
