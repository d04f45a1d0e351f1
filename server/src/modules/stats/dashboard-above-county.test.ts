import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/database";
import { executeWrite, queryRows } from "../../db/sql-result";
import { textArray } from "../../lib/sql-arrays";
import { createOrganizationRow, testMember } from "../../test/factories";
import { createTestDatabase } from "../../test/test-database";
import { systemActor } from "../auth/system-actor";
import { insertMembersWithHistory } from "../members/member-bulk.repository";
import { countPendingDeltas } from "./member-count.repository";
import { foldMemberCountDeltas } from "./member-count.service";
import { getSubtreeStats } from "./stats.service";
import { getSubtreeStatsNaive } from "./stats-naive.service";

/**
 * The live dashboard above the county (issue 19 part 5: dashboard-above-county.repository, one pass over
 * the shards on Citus) equals the naive recount at every moment — with every change still pending, after
 * a fold, and with new changes pending on top of folded counters — for a province and a city whose
 * subtree spans every kind of bucket: counties under a city, a county directly under the province, a
 * university committee and a branch held by the city itself (the city's bucket). On every engine
 * (PGlite, PostgreSQL, the Citus cluster).
 */
const TODAY = "2025-06-30"; // a month-end: the birth-month age bands are exact, so fast = naive exactly
const actor = systemActor("dashboard-above-county");

type Row = Awaited<ReturnType<typeof createOrganizationRow>>;
let handle: DatabaseHandle;
let province: Row;
let city: Row;
const branches: Row[] = [];

beforeAll(async () => {
  handle = await createTestDatabase();
  const db = handle.db;
  province = await createOrganizationRow(db, { name: "共青团测试省委", level: "province", sector: null });
  city = await createOrganizationRow(db, {
    parent: province,
    name: "共青团测试市委",
    level: "city",
    sector: null,
  });
  const countyA = await createOrganizationRow(db, {
    parent: city,
    name: "共青团甲县委",
    level: "county",
    sector: null,
  });
  const countyB = await createOrganizationRow(db, {
    parent: city,
    name: "共青团乙县委",
    level: "county",
    sector: null,
  });
  const direct = await createOrganizationRow(db, {
    parent: province,
    name: "共青团省直管丙县委",
    level: "county",
    sector: null,
  });
  const township = await createOrganizationRow(db, {
    parent: countyA,
    name: "甲一镇团委",
    level: "township",
  });
  const university = await createOrganizationRow(db, {
    parent: city,
    name: "测试大学团委",
    level: "grassroots",
    sector: "university",
  });
  branches.push(
    await createOrganizationRow(db, { parent: township, kind: "branch", name: "甲一村团支部" }),
    await createOrganizationRow(db, {
      parent: countyB,
      kind: "branch",
      name: "乙一村团支部",
      sector: "community",
    }),
    await createOrganizationRow(db, { parent: direct, kind: "branch", name: "丙一村团支部" }),
    await createOrganizationRow(db, {
      parent: university,
      kind: "branch",
      name: "计算机1班团支部",
      sector: "university",
    }),
    await createOrganizationRow(db, {
      parent: city,
      kind: "branch",
      name: "市直机关团支部",
      sector: "agency",
    }),
  );
}, 120_000);
afterAll(async () => handle?.close());

let sequence = 0;
/** `perBranch` new members in every branch, of both sexes and several birth years. */
async function addMembers(perBranch: number): Promise<void> {
  const members = branches.flatMap((branch) =>
    Array.from({ length: perBranch }, () => {
      sequence += 1;
      const year = 1997 + (sequence % 12);
      const serial = String(sequence).padStart(3, "0");
      return testMember(
        branch.id,
        `成员${sequence}`,
        "cy",
        `110105${year}0${1 + (sequence % 9)}1${sequence % 10}${serial}X`,
        sequence % 2 === 0 ? "male" : "female",
        { memberNumber: `D${String(sequence).padStart(8, "0")}` },
      );
    }),
  );
  await insertMembersWithHistory(handle.db, members);
}

/** Sets the status of the named members, each by its county and id (a routed update on Citus). */
async function setStatus(names: readonly string[], status: string): Promise<void> {
  const rows = await queryRows<{ id: number; county_id: number }>(
    handle.db,
    sql`select id, county_id from member where name = any(${textArray(names)})`,
  );
  expect(rows).toHaveLength(names.length);
  for (const row of rows) {
    await executeWrite(
      handle.db,
      sql`update member set status = ${status} where county_id = ${row.county_id} and id = ${row.id}`,
    );
  }
}

async function expectDashboardsEqualRecount(label: string): Promise<void> {
  for (const organization of [province, city]) {
    const fast = await getSubtreeStats(handle.db, actor, organization.id, TODAY);
    const naive = await getSubtreeStatsNaive(handle.db, actor, organization.id, TODAY);
    expect(fast, `${label}: ${organization.name}`).toEqual(naive);
  }
}

describe("the live dashboard above the county = a recount", () => {
  it("with every change pending, after a fold, and with changes pending on folded counters", async () => {
    await addMembers(3);
    expect(await countPendingDeltas(handle.db)).toBeGreaterThan(0);
    await expectDashboardsEqualRecount("all pending");
    const fast = await getSubtreeStats(handle.db, actor, province.id, TODAY);
    expect(fast.totalMembers).toBe(branches.length * 3);
    expect(fast.children.map((child) => child.memberCount)).toEqual([12, 3]); // largest first

    await foldMemberCountDeltas(handle.db);
    expect(await countPendingDeltas(handle.db)).toBe(0);
    await expectDashboardsEqualRecount("folded");

    // New members, and members leaving current statuses, pending on top of the folded counters.
    await addMembers(2);
    await setStatus(["成员2", "成员7", "成员11"], "lapsed");
    await setStatus(["成员4"], "flowing");
    expect(await countPendingDeltas(handle.db)).toBeGreaterThan(0);
    await expectDashboardsEqualRecount("pending on folded");
    const after = await getSubtreeStats(handle.db, actor, province.id, TODAY);
    expect(after.totalMembers).toBe(branches.length * 5 - 3);
    expect(after.membersByStatus).toContainEqual({ key: "lapsed", count: 3 });
  }, 120_000);
});
