import { findIndicator, INDICATOR_IDS } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayInChina } from "../../lib/clock";
import {
  createOrganizationRow,
  createTestApp,
  createTestUser,
  logInEach,
  type TestSession,
  testMember,
} from "../../test/factories";
import { insertMembersWithHistory } from "../members/member-bulk.repository";
import { computeIndicators } from "./indicator.service";
import { INDICATOR_IMPLEMENTATIONS } from "./indicator-implementations";

/** GET /indicators and GET /organizations/{id}/indicators/{indicatorId} (issue 5 part 6). */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let member: TestSession;
let evaluator: TestSession;

beforeAll(async () => {
  context = await createTestApp();
  const school = await createOrganizationRow(context.db, {
    parent: context.tree.county,
    kind: "branch",
    sector: "secondary_school",
    name: "测试县第一中学团支部",
  });
  // Besides the four complete active rural members: one incomplete school member, one who lapsed.
  await insertMembersWithHistory(context.db, [
    testMember(school.id, "陈七", "cq", "110105200606060061", "male", { phone: null }),
    testMember(context.tree.westVillage.id, "何九", "hj", "110105200808080083", "male", {
      status: "lapsed",
      statusSince: "2025-01-01",
    }),
  ]);
  await context.db.execute(
    sql`update organization set reported_member_count = 10 where id = ${context.tree.county.id}`,
  );
  await createTestUser(context.db, "evaluator", "evaluator", context.tree.county.id);
  [county, east, member, evaluator] = await logInEach(context.app, ["county", "east", "member", "evaluator"]);
});
afterAll(async () => context.close());

function get(url: string, session?: TestSession) {
  return context.app.inject({ method: "GET", url, ...(session ? { headers: session.headers } : {}) });
}

describe("GET /indicators", () => {
  it("401 without a session, 403 without stats:read", async () => {
    expect((await get("/api/v1/indicators")).statusCode).toBe(401);
    expect((await get("/api/v1/indicators", member)).statusCode).toBe(403);
    expect((await get("/api/v1/indicators", evaluator)).statusCode).toBe(403);
  });

  it("lists the catalog in order, each indicator with its definition", async () => {
    const response = await get("/api/v1/indicators", east);
    expect(response.statusCode).toBe(200);
    const items = response.json().items;
    expect(items.map((item: { id: string }) => item.id)).toEqual(INDICATOR_IDS);
    expect(items[0]).toEqual({
      id: "entry_rate",
      name: { zh: "录入率", en: "Data-entry rate" },
      numerator: expect.objectContaining({ zh: expect.stringContaining("在册团员数") }),
      denominator: expect.objectContaining({ zh: expect.stringContaining("应录入数") }),
      unit: "percent",
      direction: "higher",
      sector: null,
      source: expect.stringContaining("60.3% → 99.8%"),
      category: "rates",
      drillDown: "members",
      enteredData: "reported_member_count",
    });
  });
});

describe("GET /organizations/{id}/indicators/{indicatorId}", () => {
  const url = (id: number, indicatorId: string) => `/api/v1/organizations/${id}/indicators/${indicatorId}`;

  it("401 without a session, 404 outside the scope, 403 without stats:read", async () => {
    expect((await get(url(context.tree.county.id, "members_total"))).statusCode).toBe(401);
    expect((await get(url(context.tree.county.id, "members_total"), east)).statusCode).toBe(404);
    expect((await get(url(999_999, "members_total"), county)).statusCode).toBe(404);
    expect((await get(url(context.tree.eastVillage1.id, "members_total"), member)).statusCode).toBe(403);
  });

  it("answers 404 naming indicatorId for an unknown indicator, 400 naming id for a bad id", async () => {
    const unknown = await get(url(context.tree.county.id, "happiness_rate"), county);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatchObject({ code: "unknown_indicator", field: "indicatorId" });
    const bad = await get(url(0, "members_total"), county);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("id");
  });

  it.each([
    ["entry_rate", 50, "percent"],
    ["completeness_rate", 80, "percent"],
    ["members_total", 5, "count"],
    ["organizations_total", 7, "count"],
    ["members_sector_rural", 4, "count"],
    ["members_sector_secondary_school", 1, "count"],
    ["members_sector_university", 0, "count"],
    ["organizations_sector_rural", 5, "count"],
    ["organizations_sector_secondary_school", 1, "count"],
  ] as const)("computes %s for the county's subtree: %s (%s)", async (indicatorId, value, unit) => {
    const response = await get(url(context.tree.county.id, indicatorId), county);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      indicatorId,
      organizationId: context.tree.county.id,
      value,
      unit,
      asOf: todayInChina(),
    });
  });

  it("computes for a smaller subtree; a rate with nothing to measure against is null", async () => {
    const members = await get(url(context.tree.east.id, "members_total"), east);
    expect(members.json().value).toBe(3);
    const entryRate = await get(url(context.tree.east.id, "entry_rate"), east);
    expect(entryRate.json()).toMatchObject({ value: null, unit: "percent" });
  });
});

describe("INDICATOR_IMPLEMENTATIONS", () => {
  it("has a computation for every indicator of the catalog, and nothing else", () => {
    expect(Object.keys(INDICATOR_IMPLEMENTATIONS).sort()).toEqual([...INDICATOR_IDS].sort());
  });

  it("lists what the catalog says is behind each number (members, organizations or nothing)", () => {
    const mismatches = INDICATOR_IDS.filter(
      (id) => (INDICATOR_IMPLEMENTATIONS[id].drillDown?.kind ?? null) !== findIndicator(id)?.drillDown,
    );
    expect(mismatches).toEqual([]);
  });

  it("computes the whole catalog for one subtree", async () => {
    const values = await computeIndicators(
      context.db,
      context.tree.county.path,
      INDICATOR_IDS,
      todayInChina(),
    );
    expect(values.size).toBe(INDICATOR_IDS.length);
    for (const value of values.values()) expect(value === null || Number.isFinite(value)).toBe(true);
  });
});
