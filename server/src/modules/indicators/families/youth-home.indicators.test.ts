import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../db/database";
import { queryRows } from "../../../db/sql-result";
import { createTestCounty } from "../../../test/factories";
import { createTestDatabase } from "../../../test/test-database";
import { computeIndicators } from "../indicator.service";
import { readYouthHomeTallies } from "../youth-home-figures.repository";

/**
 * The Youth Home figures (issue 14 part 6), counted by hand on the test county as of 2026-11-30:
 * homes listed on the date (listed, de-listed, not yet listed) and active in the three months up to it,
 * activities of the year (a cancelled one, last year's, a later one left out), checked-in participants
 * (a cancelled sign-up left out), approved hours of the year approved by the date per current member,
 * survey answers of the year up to the date.
 */

const AS_OF = "2026-11-30";
let handle: DatabaseHandle;
let tree: Awaited<ReturnType<typeof createTestCounty>>;

async function insertId(query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await queryRows<{ id: number }>(handle.db, query);
  return Number(row?.id);
}

async function home(
  organizationId: number,
  name: string,
  listedOn: string | null,
  delistedOn: string | null,
) {
  return insertId(sql`insert into youth_home (organization_id, county_id, kind, name, listed_on, delisted_on, created_at)
    values (${organizationId}, ${tree.county.id}, 'youth_home', ${name}, ${listedOn}, ${delistedOn}, '2025-01-01T00:00:00+08:00') returning id`);
}

let tokens = 0;
async function activity(
  organizationId: number,
  homeId: number | null,
  startsAt: string,
  status = "published",
) {
  tokens += 1;
  return insertId(sql`insert into activity (organization_id, county_id, youth_home_id, title, place, starts_at, ends_at,
      checkin_opens_at, checkin_closes_at, capacity, status, public_token, checkin_token)
    values (${organizationId}, ${tree.county.id}, ${homeId}, '活动', '青年之家', ${startsAt}::timestamptz, ${startsAt}::timestamptz + interval '2 hours',
      ${startsAt}::timestamptz - interval '30 minutes', ${startsAt}::timestamptz + interval '2 hours', 50, ${status},
      ${`public-token-${tokens}`}, ${`checkin-token-${tokens}`}) returning id`);
}

async function signup(activityId: number, phone: string, checkedInAt: string | null, status = "confirmed") {
  await handle.db.execute(sql`insert into activity_signup (activity_id, county_id, name, phone, status, checked_in_at)
    values (${activityId}, ${tree.county.id}, '青年', ${phone}, ${status}, ${checkedInAt}::timestamptz)`);
}

beforeAll(async () => {
  handle = await createTestDatabase();
  tree = await createTestCounty(handle.db);
  const homeA = await home(tree.east.id, "东河镇青年之家", "2025-01-01", null);
  const homeB = await home(tree.eastVillage1.id, "东一村青年之家", null, null);
  await home(tree.west.id, "西河镇青年之家", "2025-01-01", "2026-06-30");
  const homeD = await home(tree.west.id, "西河镇人才驿站", "2026-12-01", null);
  const act1 = await activity(tree.east.id, homeA, "2026-10-15T09:00:00+08:00");
  const act2 = await activity(tree.eastVillage1.id, homeB, "2026-05-01T09:00:00+08:00");
  await activity(tree.west.id, null, "2025-12-20T09:00:00+08:00");
  const act4 = await activity(tree.east.id, homeA, "2026-10-20T09:00:00+08:00", "cancelled");
  await activity(tree.west.id, homeD, "2026-12-02T09:00:00+08:00");
  await signup(act1, "13900000001", "2026-10-15T08:50:00+08:00");
  await signup(act1, "13900000002", "2026-10-15T09:05:00+08:00");
  await signup(act1, "13900000003", null);
  await signup(act1, "13900000004", "2026-10-15T09:10:00+08:00", "cancelled");
  await signup(act2, "13900000005", "2026-05-01T09:00:00+08:00");
  await signup(act4, "13900000006", "2026-10-20T09:00:00+08:00");
  const shift =
    await insertId(sql`insert into volunteer_shift (organization_id, county_id, title, starts_at, ends_at)
    values (${tree.east.id}, ${tree.county.id}, '社区服务', '2026-11-01T09:00:00+08:00', '2026-11-01T12:00:00+08:00') returning id`);
  const record = (hours: number, status: string, checkedInAt: string, approvedAt: string | null) =>
    handle.db.execute(sql`insert into volunteer_record (shift_id, organization_id, county_id, name, phone, checked_in_at,
        checked_out_at, hours, status, approved_at)
      values (${shift}, ${tree.east.id}, ${tree.county.id}, '志愿者', '13900000009', ${checkedInAt}::timestamptz,
        ${checkedInAt}::timestamptz + interval '1 hour', ${hours}, ${status}, ${approvedAt}::timestamptz)`);
  await record(2.5, "approved", "2026-11-01T09:00:00+08:00", "2026-11-02T10:00:00+08:00");
  await record(4, "approved", "2026-11-20T09:00:00+08:00", "2026-12-01T10:00:00+08:00");
  await record(3, "recorded", "2026-11-21T09:00:00+08:00", null);
  await record(1.5, "approved", "2025-12-30T09:00:00+08:00", "2026-01-02T10:00:00+08:00");
  const survey =
    await insertId(sql`insert into survey (organization_id, county_id, title, questions, status, public_token)
    values (${tree.eastVillage1.id}, ${tree.county.id}, '青年需求调查', '[]'::jsonb, 'open', 'survey-token-000001') returning id`);
  for (const [index, createdAt] of [
    "2026-03-01T10:00:00+08:00",
    "2026-11-29T10:00:00+08:00",
    "2026-12-01T10:00:00+08:00",
    "2025-06-01T10:00:00+08:00",
  ].entries()) {
    await handle.db.execute(sql`insert into survey_response (survey_id, county_id, device_key, answers, created_at)
      values (${survey}, ${tree.county.id}, ${`device-${index}`}, '{}'::jsonb, ${createdAt}::timestamptz)`);
  }
});
afterAll(async () => handle.close());

describe("readYouthHomeTallies", () => {
  it("counts each subtree by hand, in one statement for the batch", async () => {
    const tallies = await readYouthHomeTallies(
      handle.db,
      [tree.county.id, tree.east.id, tree.west.id],
      AS_OF,
    );
    expect(tallies.get(tree.county.id)).toEqual({
      listedHomes: 2,
      activeHomes: 1,
      activities: 2,
      participants: 3,
      approvedHours: 2.5,
      surveyAnswers: 2,
    });
    expect(tallies.get(tree.east.id)).toEqual({
      listedHomes: 2,
      activeHomes: 1,
      activities: 2,
      participants: 3,
      approvedHours: 2.5,
      surveyAnswers: 2,
    });
    expect(tallies.get(tree.west.id)).toEqual({
      listedHomes: 0,
      activeHomes: 0,
      activities: 0,
      participants: 0,
      approvedHours: 0,
      surveyAnswers: 0,
    });
  });

  it("moves with the date: a later date sees the late approval, the new home and a quiet quarter", async () => {
    const tallies = await readYouthHomeTallies(handle.db, [tree.county.id], "2026-12-06");
    expect(tallies.get(tree.county.id)).toMatchObject({
      listedHomes: 3,
      activeHomes: 2,
      activities: 3,
      approvedHours: 6.5,
      surveyAnswers: 3,
    });
    const spring = await readYouthHomeTallies(handle.db, [tree.county.id], "2026-05-31");
    expect(spring.get(tree.county.id)).toMatchObject({
      listedHomes: 3,
      activeHomes: 1,
      activities: 1,
      participants: 1,
      approvedHours: 0,
      surveyAnswers: 1,
    });
  });
});

describe("the catalog's Youth Home indicators", () => {
  it("are computed from the tallies and the current members", async () => {
    const values = await computeIndicators(
      handle.db,
      tree.county.path,
      [
        "youth_homes_active_last_quarter",
        "youth_homes_active_share",
        "activities_held",
        "activity_participants",
        "volunteer_hours_per_member",
        "surveys_answered",
      ],
      AS_OF,
    );
    expect(Object.fromEntries(values)).toEqual({
      youth_homes_active_last_quarter: 1,
      youth_homes_active_share: 50,
      activities_held: 2,
      activity_participants: 3,
      volunteer_hours_per_member: 0.6,
      surveys_answered: 2,
    });
  });

  it("give a null share without listed homes and zero hours per member without hours", async () => {
    const values = await computeIndicators(
      handle.db,
      tree.west.path,
      ["youth_homes_active_share", "volunteer_hours_per_member", "activities_held"],
      AS_OF,
    );
    expect(Object.fromEntries(values)).toEqual({
      youth_homes_active_share: null,
      volunteer_hours_per_member: 0,
      activities_held: 0,
    });
  });
});
