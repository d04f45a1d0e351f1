import { CADRE_POSTS, createSeededRandom, type Random } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../db/database";
import { queryRows } from "../../../db/sql-result";
import { todayInChina } from "../../../lib/clock";
import { createTestCounty } from "../../../test/factories";
import { createTestDatabase } from "../../../test/test-database";
import { systemActor } from "../../auth/system-actor";
import { createTrainingRound, putAttendance } from "../../cadres/cadre-training.service";
import { createCadre, endCadre, getCadreProfile, getStaffing } from "../../cadres/cadres.service";
import type { FigureOrganization } from "../indicator.repository";
import { FigureBatch } from "../indicator-figures";
import { CADRE_INDICATORS } from "./cadre.indicators";

/**
 * The cadre indicators of today read the subtree tallies cadre_count (issue 13 part 6; the figures of
 * GET …/staffing and …/cadre-profile): on seeded random appointments, ends and training, every
 * indicator of the county and of each township equals the same indicator recounted from the cadre
 * records (the path a past month-end takes, FigureBatch with a history date on today), and 配备率 and
 * the profile equal getStaffing / getCadreProfile.
 */

const actor = systemActor("cadre-indicators");
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
  await createTestCounty(handle.db);
  const random = createSeededRandom(13);
  const organizations = await queryRows<{ id: number }>(
    handle.db,
    sql`select id from organization order by id`,
  );
  for (let index = 0; index < 60; index += 1) {
    try {
      await createCadre(handle.db, actor, pick(random, organizations).id, {
        name: `干部${index}`,
        gender: random() < 0.5 ? "male" : "female",
        birthDate: `${1985 + Math.floor(random() * 20)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
        post: pick(random, CADRE_POSTS),
        kind: pick(random, ["full_time", "seconded", "part_time"] as const),
        partyMember: random() < 0.5,
        fromGrassroots: random() < 0.5,
        education: pick(random, ["bachelor", "master", "college", undefined] as const),
        startedOn: "2024-01-01",
      } as never);
    } catch {
      // A post full: refused, as in use.
    }
  }
  const open = await queryRows<{ id: number }>(
    handle.db,
    sql`select id::int as id from cadre where ended_on is null order by id`,
  );
  for (const row of open.filter(() => random() < 0.15))
    await endCadre(handle.db, actor, row.id, "2025-01-01");
  const [root] = organizations;
  if (!root) throw new Error("no county");
  const round = await createTrainingRound(handle.db, actor, root.id, {
    title: "轮训",
    startsOn: "2024-05-01",
    endsOn: "2024-05-03",
  } as never);
  await putAttendance(
    handle.db,
    actor,
    round.id,
    open.filter(() => random() < 0.5).map((row) => row.id),
  );
});
afterAll(async () => handle.close());

async function figureOrganizations(): Promise<FigureOrganization[]> {
  return queryRows<FigureOrganization>(
    handle.db,
    sql`select id, path, kind, sector, depth from organization where kind = 'committee' order by id`,
  );
}

describe("cadre indicators from the tallies", () => {
  it("equal a recount from the records, for the county and each committee", async () => {
    const today = todayInChina();
    const organizations = await figureOrganizations();
    const [scope] = organizations;
    if (!scope) throw new Error("no county");
    const live = new FigureBatch(handle.db, { kind: "live" }, today, scope, organizations);
    const recount = new FigureBatch(
      handle.db,
      { kind: "history", month: today.slice(0, 7) },
      today,
      scope,
      organizations,
    );
    const ids = Object.keys(CADRE_INDICATORS).filter(
      (id) => id !== "terms_expiring",
    ) as (keyof typeof CADRE_INDICATORS)[];
    let compared = 0;
    for (const organization of organizations) {
      for (const id of ids) {
        const compute = CADRE_INDICATORS[id].compute;
        const fromTallies = await compute(live.of(organization));
        const fromRecords = await compute(recount.of(organization));
        expect(fromTallies, `${id} of ${organization.id}`).toEqual(fromRecords);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(20);
    const total = await CADRE_INDICATORS.cadres_total.compute(live.of(scope));
    expect(total).toMatchObject({ value: expect.any(Number) });
  });

  it("give getStaffing's 配备率 and getCadreProfile's shares", async () => {
    const [scope] = await figureOrganizations();
    if (!scope) throw new Error("no county");
    const live = new FigureBatch(handle.db, { kind: "live" }, todayInChina(), scope, [scope]);
    const staffing = await getStaffing(handle.db, actor, scope.id);
    const profile = await getCadreProfile(handle.db, actor, scope.id);
    const result = async (id: keyof typeof CADRE_INDICATORS) =>
      (await CADRE_INDICATORS[id].compute(live.of(scope))) as {
        value: number | null;
        numerator: number | null;
        denominator: number | null;
      };
    expect((await result("posts_empty")).value).toBe(staffing.emptyPostCount);
    expect(await result("staffing_rate")).toMatchObject({
      numerator: staffing.filled,
      denominator: staffing.expected,
    });
    expect((await result("cadres_total")).value).toBe(profile.count);
    expect(profile.count).toBeGreaterThan(0);
    expect((await result("cadres_average_age")).value).toBe(profile.averageAge);
    const share = async (id: keyof typeof CADRE_INDICATORS) => {
      const { numerator, denominator } = await result(id);
      return (numerator ?? 0) / (denominator ?? 1);
    };
    expect(await share("cadres_trained_rate")).toBeCloseTo(profile.trainedShare ?? 0, 9);
    expect(await share("cadres_party_member_rate")).toBeCloseTo(profile.partyMemberShare ?? 0, 9);
    expect(await share("cadres_from_grassroots_rate")).toBeCloseTo(profile.fromGrassrootsShare ?? 0, 9);
    expect(await share("cadres_under_28_rate")).toBeCloseTo(profile.underAgeShare ?? 0, 9);
  });

  it("count days at the grassroots: one person one day once, this year up to today, grassroots_day only", async () => {
    const today = todayInChina();
    const [scope] = await figureOrganizations();
    if (!scope) throw new Error("no county");
    const cadres = await queryRows<{ id: number; organization_id: number; county_id: number }>(
      handle.db,
      sql`select id::int as id, organization_id, county_id from cadre where ended_on is null order by id limit 2`,
    );
    const [first, second] = cadres;
    if (!first || !second) throw new Error("no cadres");
    const lastYear = `${Number(today.slice(0, 4)) - 1}-12-31`;
    for (const [cadre, kind, day] of [
      [first, "grassroots_day", today],
      [first, "grassroots_day", today],
      [first, "grassroots_day", `${today.slice(0, 4)}-01-01`],
      [second, "grassroots_day", today],
      [second, "visit", today],
      [second, "grassroots_day", lastYear],
    ] as const) {
      // The log's county given with the write (on Citus it is the distribution column: migration 0042).
      await handle.db.execute(sql`insert into contact_log (county_id, organization_id, cadre_id, kind, occurred_on)
        values (${cadre.county_id}, ${cadre.organization_id}, ${cadre.id}, ${kind}, ${day})`);
    }
    const live = new FigureBatch(handle.db, { kind: "live" }, today, scope, [scope]);
    const days = await CADRE_INDICATORS.cadres_grassroots_days.compute(live.of(scope));
    expect(days).toMatchObject({ value: today.endsWith("01-01") ? 2 : 3 });
  });
});
