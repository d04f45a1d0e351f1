import { INDICATOR_IDS } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { createTestCounty, testMember } from "../../test/factories";
import { citizenIdFor, memberRecordInput } from "../../test/member-factories";
import { createTestDatabase } from "../../test/test-database";
import { systemActor } from "../auth/system-actor";
import { getIndicatorTrend } from "../indicators/indicator.service";
import { decideStatusRequest, requestStatusChange } from "../member-status/member-status.service";
import { insertMembersWithHistory } from "../members/member-bulk.repository";
import { createMember, updateMember } from "../members/member-record.service";
import { registerIncomingLetter } from "../transfers/transfer-incoming.service";
import type { MemberFigure } from "./member-count.repository";
import { readHistoryMemberFigures, readSnapshotMemberFigures } from "./member-count-snapshot.repository";
import { buildWindowSnapshots } from "./member-count-snapshot.service";

/**
 * Backdated member writes keep the month-end snapshots exact (issue 18 part 4): a member created
 * with an old join date (created, or registered from an incoming transfer letter), a backdated status change (direct, and reviewed then approved), a corrected
 * join date (earlier and later) — after each, every snapshot row of every month-end equals a recount
 * from member_history, and the trend read from snapshots equals the trend recounted month by month.
 * The window itself is built in monthly slices (the newest recounted, the others derived from the
 * next); a stopped build resumes. PGlite, and PostgreSQL with DATABASE_URL.
 */

const TODAY = "2025-06-15";
const actor = systemActor("test");
const decider = systemActor("test-reviewer");
const MEMBER_IDS = INDICATOR_IDS.filter((id) => id.startsWith("members_"));

let handle: DatabaseHandle;
let tree: Awaited<ReturnType<typeof createTestCounty>>;
let memberIds: number[];

beforeAll(async () => {
  handle = await createTestDatabase();
  tree = await createTestCounty(handle.db);
  const branches = [tree.eastVillage1.id, tree.eastVillage2.id, tree.westVillage.id];
  memberIds = await insertMembersWithHistory(
    handle.db,
    Array.from({ length: 24 }, (_, i) =>
      testMember(
        branches[i % 3] as number,
        `成员${i}`,
        "cy",
        citizenIdFor(
          `2004-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 27) + 1).padStart(2, "0")}`,
          String(301 + i * 2 + (i % 2)).padStart(3, "0"),
        ),
        i % 2 === 0 ? "male" : "female",
        {
          joinedOn: `202${2 + (i % 3)}-${String((i % 12) + 1).padStart(2, "0")}-1${i % 10}`,
          statusSince: `202${2 + (i % 3)}-${String((i % 12) + 1).padStart(2, "0")}-1${i % 10}`,
          occupation: i % 4 === 0 ? "student" : "farmer",
        },
      ),
    ),
  );
});
afterAll(async () => handle.close());

function sorted(rows: readonly MemberFigure[]): string[] {
  return rows
    .filter((row) => Number(row.count) !== 0)
    .map((row) => `${row.status}|${row.dimension}|${row.value}|${Number(row.count)}`)
    .sort();
}

async function snapshotMonths(): Promise<string[]> {
  const rows = await queryRows<{ month: string }>(
    handle.db,
    sql`select to_char(month, 'YYYY-MM-DD') as month from member_count_snapshot_month order by month`,
  );
  return rows.map((row) => row.month);
}

/** Every snapshot month-end of the county and both townships equals a recount from history. */
async function expectSnapshotsExact(): Promise<void> {
  const months = await snapshotMonths();
  expect(months.length).toBeGreaterThan(20);
  for (const month of months) {
    for (const organization of [tree.county, tree.east, tree.west]) {
      expect(sorted(await readSnapshotMemberFigures(handle.db, organization, month)), month).toEqual(
        sorted(await readHistoryMemberFigures(handle.db, organization, month)),
      );
    }
  }
  // And no zero rows are kept.
  const [zero] = await queryRows<{ n: number }>(
    handle.db,
    sql`select count(*)::int as n from member_count_snapshot where count = 0`,
  );
  expect(Number(zero?.n)).toBe(0);
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

describe("month-end snapshots after backdated writes", () => {
  it("builds the window in monthly slices, newest first, and resumes a stopped build", async () => {
    const slices: { month: string; base: string | null }[] = [];
    // A stopped build: only the last 6 month-ends of the window.
    await buildWindowSnapshots(handle.db, TODAY, 7, (slice) => slices.push(slice));
    expect(slices.map((slice) => slice.base)).toEqual([
      null,
      "2025-05-31",
      "2025-04-30",
      "2025-03-31",
      "2025-02-28",
      "2025-01-31",
    ]);
    const resumed = await buildWindowSnapshots(handle.db, TODAY, 36, (slice) => slices.push(slice));
    expect(resumed.months[0]).toBe("2022-07-31");
    expect(resumed.months.at(-1)).toBe("2024-11-30");
    expect(slices.slice(6).every((slice) => slice.base !== null)).toBe(true);
    await expectSnapshotsExact();
  });

  it("counts a member created with an old join date in the snapshots since", async () => {
    const birthDate = "2003-03-03";
    await createMember(
      handle.db,
      actor,
      tree.westVillage.id,
      memberRecordInput({
        name: "补录团员",
        sex: "female",
        birthDate,
        citizenId: citizenIdFor(birthDate, "042"),
        memberNumber: "9900012023000042",
        joinedOn: "2023-08-08",
      }) as never,
      TODAY,
    );
    await expectSnapshotsExact();
  });

  it("counts a member registered from an incoming letter, with an old join date, in the snapshots since", async () => {
    const birthDate = "2002-05-05";
    await registerIncomingLetter(
      handle.db,
      actor,
      tree.eastVillage2.id,
      {
        member: memberRecordInput({
          name: "转入团员",
          sex: "male",
          birthDate,
          citizenId: citizenIdFor(birthDate, "051"),
          memberNumber: "9900012022000051",
          joinedOn: "2022-04-04",
        }),
        fromExternalName: "共青团外省某县委员会",
        letterNumber: "外-2025-009",
        reason: "moved_residence",
        kind: "ordinary",
        receivedOn: "2025-03-01",
      },
      TODAY,
    );
    await expectSnapshotsExact();
  });

  it("moves a member's status in the snapshots after a backdated status change", async () => {
    const [direct, reviewed] = memberIds as [number, number];
    // Direct (active → flowing) and reviewed (active → lapsed, approved) changes from past days.
    expect(
      await requestStatusChange(
        handle.db,
        actor,
        direct,
        { toStatus: "flowing", reason: "外出务工 backdated", effectiveOn: "2025-01-20" },
        TODAY,
      ),
    ).toMatchObject({ applied: true });
    const request = await requestStatusChange(
      handle.db,
      actor,
      reviewed,
      { toStatus: "lapsed", reason: "连续六个月未交团费 backdated", effectiveOn: "2024-12-01" },
      TODAY,
    );
    const requestId = request.request?.id;
    expect(typeof requestId).toBe("number");
    await decideStatusRequest(handle.db, decider, requestId as number, { decision: "approve" }, TODAY);
    await expectSnapshotsExact();
  });

  it("moves a member in the snapshots after a corrected join date, earlier and later", async () => {
    const member = memberIds[5] as number;
    const [row] = await queryRows<{ joined_on: string }>(
      handle.db,
      sql`select to_char(joined_on, 'YYYY-MM-DD') as joined_on from member where id = ${member}`,
    );
    expect(row?.joined_on).toBe("2024-06-15");
    await updateMember(handle.db, actor, member, { joinedOn: "2023-02-02" } as never, TODAY);
    await expectSnapshotsExact();
    await updateMember(handle.db, actor, member, { joinedOn: "2024-10-10" } as never, TODAY);
    await expectSnapshotsExact();
  });

  it("reads the same trend from the corrected snapshots as recounted from history", async () => {
    const fromSnapshots = await trend(tree.county.id);
    expect(fromSnapshots.sources.filter((source) => source === "snapshot")).toHaveLength(35);
    await handle.db.execute(sql`delete from member_count_snapshot`);
    await handle.db.execute(sql`delete from organization_count_snapshot`);
    await handle.db.execute(sql`delete from member_count_snapshot_month`);
    const recounted = await trend(tree.county.id);
    expect(recounted.sources.filter((source) => source === "history")).toHaveLength(35);
    expect(fromSnapshots.series).toEqual(recounted.series);
  });
});
