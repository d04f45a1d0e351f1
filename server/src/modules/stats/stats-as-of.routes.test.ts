import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { queryRows } from "../../db/sql-result";
import { createTestApp, logInEach, type TestSession } from "../../test/factories";
import { systemActor } from "../auth/system-actor";
import { requestStatusChange } from "../member-status/member-status.service";
import { foldMemberCountDeltas } from "./member-count.service";
import {
  getMemberCountTrend,
  runMonthEndSnapshotJob,
  takeMonthEndSnapshot,
} from "./member-count-snapshot.service";

/**
 * GET /organizations/{id}/stats?asOf= (issue 4 part 2) on the small test county, the clock set to
 * 2025-06-01 in China. Members (all active, joined at 15 on 05-04): 张三 and 李四 (东河镇, joined 2020
 * and 2021), 王五 (东河镇, 2022), 赵六 (西河镇, 2023). member_history begins 2020-05-04.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"], now: new Date("2025-05-31T16:30:00Z") });
  context = await createTestApp();
  [county, east] = await logInEach(context.app, ["county", "east"]);
});
afterAll(async () => {
  vi.useRealTimers();
  await context.close();
});

function stats(organizationId: number, asOf: string | undefined, session: TestSession) {
  return context.app.inject({
    method: "GET",
    url: `/api/v1/organizations/${organizationId}/stats${asOf === undefined ? "" : `?asOf=${asOf}`}`,
    headers: session.headers,
  });
}

describe("GET /organizations/{id}/stats?asOf= — refusals, each naming asOf", () => {
  it.each([
    ["a date in the future", "2025-06-02", "as_of_in_future"],
    ["a past day that is not a month-end", "2025-05-15", "as_of_not_month_end"],
    ["a month-end before the member history begins", "2020-04-30", "as_of_before_data"],
    ["not a date", "2025-02-30", "invalid_as_of"],
    ["not a date at all", "yesterday", "invalid_as_of"],
  ])("answers 400 for %s", async (_, asOf, code) => {
    const response = await stats(context.tree.county.id, asOf, county);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code, field: "asOf" });
    expect(response.json().error.message).toContain("asOf");
  });

  it("answers 404 outside the scope before looking at asOf", async () => {
    expect((await stats(context.tree.west.id, "2025-06-02", east)).statusCode).toBe(404);
  });
});

describe("GET /organizations/{id}/stats?asOf= — figures", () => {
  it("gives today (explicit or by default) from the live counters", async () => {
    const explicit = (await stats(context.tree.county.id, "2025-06-01", county)).json();
    const implicit = (await stats(context.tree.county.id, undefined, county)).json();
    expect(explicit).toEqual(implicit);
    expect(explicit).toMatchObject({ asOf: "2025-06-01", totalMembers: 4 });
  });

  it("recounts a past month-end without a snapshot from member_history (who was a member then)", async () => {
    const body = (await stats(context.tree.county.id, "2021-12-31", county)).json();
    expect(body).toMatchObject({ asOf: "2021-12-31", totalMembers: 2 });
    expect(body.children.map((child: { memberCount: number }) => child.memberCount)).toEqual([2, 0]);
    // On 2021-12-31 张三 (2005-01) was 16 and 李四 (2006-02) 15.
    expect(body.membersByAgeBand).toEqual([
      { ageBand: "14-17", sex: "male", count: 1 },
      { ageBand: "14-17", sex: "female", count: 1 },
    ]);
  });

  it("serves a month-end from its snapshot, unchanged by later writes, and the job takes each once", async () => {
    expect(await runMonthEndSnapshotJob(context.db, "2025-06-01")).toBe("2025-05-31");
    expect(await runMonthEndSnapshotJob(context.db, "2025-06-01")).toBeNull();
    const before = (await stats(context.tree.county.id, "2025-05-31", county)).json();
    expect(before).toMatchObject({ totalMembers: 4 });
    const [member] = await queryRows<{ id: number }>(
      context.db,
      sql`select id from member where name = '赵六'`,
    );
    await requestStatusChange(
      context.db,
      systemActor("test"),
      Number(member?.id),
      { toStatus: "flowing", reason: "外出务工", effectiveOn: "2025-06-01" },
      "2025-06-01",
    );
    await foldMemberCountDeltas(context.db);
    expect((await stats(context.tree.county.id, "2025-05-31", county)).json()).toEqual(before);
    const live = (await stats(context.tree.county.id, undefined, county)).json();
    expect(live.membersByStatus).toEqual([
      { key: "active", count: 3 },
      { key: "flowing", count: 1 },
    ]);
    // A branch's past figures come from member_history, the same as the snapshot's parent shows.
    const branch = (await stats(context.tree.westVillage.id, "2025-05-31", county)).json();
    expect(branch.membersByStatus).toEqual([{ key: "active", count: 1 }]);
  });

  it("gives a dimension's trend over months in one query, from snapshots of either source", async () => {
    await takeMonthEndSnapshot(context.db, "2022-12-31", "history");
    await takeMonthEndSnapshot(context.db, "2023-12-31", "history");
    const trend = await getMemberCountTrend(
      context.db,
      context.tree.county.id,
      "total",
      "2022-01-31",
      "2025-05-31",
    );
    expect(trend.map((row) => [row.month, row.status, row.count])).toEqual([
      ["2022-12-31", "active", 3],
      ["2023-12-31", "active", 4],
      ["2025-05-31", "active", 4],
    ]);
    await expect(
      getMemberCountTrend(context.db, context.tree.county.id, "age", "2022-01-31", "2025-05-31"),
    ).rejects.toMatchObject({ field: "dimension", status: 400 });
  });
});
