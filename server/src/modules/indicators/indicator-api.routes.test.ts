import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildApp } from "../../app";
import { countyOfOrganization } from "../../db/county";
import { queryRows } from "../../db/sql-result";
import {
  createOrganizationRow,
  createTestApp,
  logInEach,
  type TestSession,
  testMember,
} from "../../test/factories";
import { insertCadresFromMembers } from "../cadres/cadre-from-members.repository";
import { insertMembersWithHistory } from "../members/member-bulk.repository";
import { takeMonthEndSnapshot } from "../stats/member-count-snapshot.service";

/**
 * The indicator API (issue 4 parts 1, 2 and 4) on the small test county, the clock at 2025-06-01 in
 * China. Counted by hand — current members (active unless said):
 *   东河镇: 张三 M 2005-01, 李四 F 2006-02 (东一村), 王五 M 2007-03 (东二村)
 *   西河镇: 赵六 F 2008-04, 孙九 F 2007-07 (西一村; joined TODAY, so not in any past month-end)
 *   第一中学团委 > 高一团支部: 陈七 M 1997-06 (cadre 专职, 书记, Party member, 本科, 回族);
 *                             钱八 F 2009-09 lapsed since 2025-01-01 (not current)
 *   东河镇 > 县机关团支部 (agency): no members.
 * Entered: youth population 2025 county 40, 东河镇 30; students 2024–25 高中 grade 1 and 2, 10 each
 * (the school committee); eligible agency units 2025 at the county: 2.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let member: TestSession;
let school: { id: number; path: string; depth: number };
let schoolBranch: { id: number };

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"], now: new Date("2025-05-31T16:30:00Z") });
  context = await createTestApp();
  const { tree, db } = context;
  school = await createOrganizationRow(db, {
    parent: tree.county,
    name: "测试县第一中学团委",
    sector: "secondary_school",
  });
  schoolBranch = await createOrganizationRow(db, {
    parent: school,
    kind: "branch",
    sector: "secondary_school",
    name: "高一团支部",
  });
  await createOrganizationRow(db, {
    parent: tree.east,
    kind: "branch",
    sector: "agency",
    name: "县机关团支部",
  });
  await insertMembersWithHistory(db, [
    testMember(schoolBranch.id, "陈七", "cq", "110105199706060019", "male", {
      memberNumber: null,
      isCadre: true,
      cadreKind: "full_time",
      leaguePosition: "secretary",
      politicalStatus: "party_member",
      education: "bachelor",
      ethnicity: "hui",
      occupation: "public_middle_school_staff",
    }),
    testMember(schoolBranch.id, "钱八", "qb", "110105200909090024", "female", {
      memberNumber: null,
      status: "lapsed",
      statusSince: "2025-01-01",
      education: "junior_high_in_progress",
      occupation: "student",
    }),
    testMember(tree.westVillage.id, "孙九", "sj", "110105200707070045", "female", {
      memberNumber: null,
      joinedOn: "2025-06-01",
      statusSince: "2025-06-01",
    }),
  ]);
  // Cadre figures read the cadre records (issue 13): 陈七's member record becomes one.
  await insertCadresFromMembers(db, tree.county.path);
  // (the entering organization's county bucket given, as the repository does: on Citus the insert is routed by it)
  await db.execute(sql`insert into youth_population (organization_id, county_id, year, population, source)
    select o.id, o.county_id, v.year, v.population, v.source from organization o
      join (values (${tree.county.id}::int, 2025, 40, '统计年鉴'), (${tree.east.id}::int, 2025, 30, '镇统计站'))
        as v (organization_id, year, population, source) on v.organization_id = o.id`);
  await db.execute(sql`insert into school_enrollment (organization_id, county_id, school_year, level, grade, students, source)
    select o.id, o.county_id, 2024, 'senior_secondary', g.grade, 10, '学籍' from organization o, (values (1), (2)) as g (grade)
     where o.id = ${school.id}`);
  await db.execute(sql`insert into eligible_units (organization_id, county_id, year, sector, units, source)
    values (${tree.county.id}, ${tree.county.id}, 2025, 'agency', 2, '编办')`);
  [county, east, member] = await logInEach(context.app, ["county", "east", "member"]);
});
afterAll(async () => {
  vi.useRealTimers();
  await context.close();
});

function get(url: string, session?: TestSession) {
  return context.app.inject({ method: "GET", url, ...(session ? { headers: session.headers } : {}) });
}

type Item = {
  indicatorId: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
};

async function indicators(organizationId: number, query: string, session = county) {
  const response = await get(`/api/v1/organizations/${organizationId}/indicators?${query}`, session);
  expect(response.statusCode).toBe(200);
  return new Map((response.json().items as Item[]).map((item) => [item.indicatorId, item]));
}

describe("GET /organizations/{id}/indicators — values counted by hand", () => {
  it.each([
    ["members_total", 6],
    ["organizations_total", 9],
    ["members_status_active", 6],
    ["members_status_lapsed", 1],
    ["members_status_expelled", 0],
    ["members_sex_male", 3],
    ["members_sex_female", 3],
    ["members_age_14_17", 2],
    ["members_age_18_22", 3],
    ["members_age_26_28", 1],
    ["members_age_over_28", 0],
    ["members_occupation_farmer", 5],
    ["members_occupation_public_middle_school_staff", 1],
    ["members_education_bachelor", 1],
    ["members_ethnicity_hui", 1],
    ["members_ethnicity_han", 5],
    ["members_sector_secondary_school", 1],
    ["members_turning_28", 1],
    ["cadres_total", 1],
    ["cadres_full_time", 1],
    ["cadres_part_time", 0],
    ["cadres_party_member_rate", 100],
    ["cadres_bachelor_or_higher_rate", 100],
    ["cadres_under_35_rate", 100],
    // Expected posts: the county committee 4 (secretary + 3 deputies), 2 townships and the school
    // committee 1 each, 5 branches 1 each = 12; filled: 高一团支部's secretary.
    ["staffing_rate", 8.3],
    ["youth_league_ratio", 15],
    ["league_student_ratio", 5],
    ["league_student_ratio_senior_secondary", 5],
    ["league_student_ratio_junior_secondary", null],
    ["league_student_ratio_graduating_senior_secondary", null],
    ["league_student_ratio_graduating_junior_secondary", null],
    ["coverage_rate_agency", 50],
    ["coverage_rate_two_new", null],
    ["entry_rate", null],
    // Issue 14: no Youth Home, activity, volunteer record or survey in this county (counted in
    // families/youth-home.indicators.test.ts on one that has them).
    ["youth_homes_active_last_quarter", 0],
    ["youth_homes_active_share", null],
    ["activities_held", 0],
    ["activity_participants", 0],
    ["volunteer_hours_per_member", 0],
    ["surveys_answered", 0],
  ] as const)("%s of the county = %s", async (indicatorId, value) => {
    const items = await indicators(context.tree.county.id, `ids=${indicatorId}`);
    expect(items.get(indicatorId)?.value).toBe(value);
  });

  it("answers the numerator and denominator of a rate, the topmost entries only", async () => {
    const items = await indicators(
      context.tree.county.id,
      "ids=youth_league_ratio,staffing_rate,members_total",
    );
    expect(items.get("youth_league_ratio")).toMatchObject({ numerator: 6, denominator: 40, unit: "percent" });
    expect(items.get("staffing_rate")).toMatchObject({ numerator: 1, denominator: 12 });
    expect(items.get("members_total")).toMatchObject({
      value: 6,
      numerator: 6,
      denominator: null,
      unit: "count",
    });
    // 东河镇's own entry counts for 东河镇: 3 members / 30.
    const eastItems = await indicators(context.tree.east.id, "ids=youth_league_ratio", east);
    expect(eastItems.get("youth_league_ratio")).toMatchObject({ value: 10, numerator: 3, denominator: 30 });
  });

  it("answers the whole catalog by default, with the organization's name and no target", async () => {
    const response = await get(`/api/v1/organizations/${context.tree.county.id}/indicators`, county);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ organizationId: context.tree.county.id, asOf: "2025-06-01" });
    expect(body.organizationName).toBe("共青团测试县委员会");
    expect(body.items.length).toBeGreaterThan(100);
    expect(body.items[0].target).toBeNull();
  });

  it("as of a past month-end: from member_history, then from the snapshot, the same; cadre records by their dates", async () => {
    const expectPast = async () => {
      const items = await indicators(
        context.tree.county.id,
        "asOf=2025-05-31&ids=members_total,members_sex_female,members_age_14_17,members_status_lapsed,cadres_party_member_rate",
      );
      expect(items.get("members_total")?.value).toBe(5);
      expect(items.get("members_sex_female")?.value).toBe(2);
      expect(items.get("members_age_14_17")?.value).toBe(1);
      expect(items.get("members_status_lapsed")?.value).toBe(1);
      // Cadre records carry their dates: 陈七 held the post then.
      expect(items.get("cadres_party_member_rate")?.value).toBe(100);
    };
    await expectPast();
    // A snapshot taken from the history reads the same.
    await takeMonthEndSnapshot(context.db, "2025-05-31", "history");
    await expectPast();
  });
});

describe("GET /organizations/{id}/indicators — targets of the organization's plans", () => {
  it("shows the first bound target with its verdict; no_data when the value is null", async () => {
    const { db, tree } = context;
    // The ledger is distributed by county on Citus (migration 0045): every row names its plan's county.
    const countyId = await countyOfOrganization(db, tree.county.id);
    const [plan] = await queryRows<{ id: number }>(
      db,
      sql`insert into plan (organization_id, county_id, title)
          values (${tree.county.id}, ${countyId}, '测试县共青团改革实施方案') returning id`,
    );
    const [task] = await queryRows<{ id: number }>(
      db,
      sql`insert into plan_task (plan_id, county_id, number, title, text, path, units)
          values (${plan?.id}, ${countyId}, 1, '团员发展', '团员发展', '[]'::jsonb, '[]'::jsonb) returning id`,
    );
    await db.execute(sql`insert into plan_target (task_id, county_id, due_on, value, text, indicator_id, comparison) values
      (${task?.id}, ${countyId}, '2025-12-31', 5, '团员不少于5名', 'members_total', '>='),
      (${task?.id}, ${countyId}, '2025-12-31', 99, '团员不少于99名', 'members_total', '>='),
      (${task?.id}, ${countyId}, '2025-06-15', 90, '配备率90%', 'staffing_rate', '>='),
      (${task?.id}, ${countyId}, '2025-12-31', 99, '录入率99%', 'entry_rate', '>=')`);
    const response = await get(
      `/api/v1/organizations/${tree.county.id}/indicators?ids=members_total,staffing_rate,entry_rate,cadres_total`,
      county,
    );
    const items = new Map(
      (response.json().items as (Item & { target: unknown })[]).map((item) => [
        item.indicatorId,
        item.target,
      ]),
    );
    const planPart = { planId: plan?.id, planTitle: "测试县共青团改革实施方案" };
    expect(items.get("members_total")).toEqual({ ...planPart, targetValue: 5, verdict: "met" });
    expect(items.get("staffing_rate")).toEqual({ ...planPart, targetValue: 90, verdict: "off_track" });
    expect(items.get("entry_rate")).toEqual({ ...planPart, targetValue: 99, verdict: "no_data" });
    expect(items.get("cadres_total")).toBeNull();
    // Another organization's plans do not apply.
    const eastItems = await indicators(tree.east.id, "ids=members_total", east);
    expect(eastItems.get("members_total")).toMatchObject({ target: null });
  });
});

describe("GET /organizations/{id}/indicators/children", () => {
  const ids =
    "members_total,members_sex_female,organizations_total,staffing_rate,youth_league_ratio,league_student_ratio";

  it("equals each child's own values, computed in one batch", async () => {
    const response = await get(
      `/api/v1/organizations/${context.tree.county.id}/indicators/children?ids=${ids}`,
      county,
    );
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.indicatorIds).toEqual(ids.split(","));
    expect(body.rows.map((row: { organizationId: number }) => row.organizationId).sort()).toEqual(
      [context.tree.east.id, context.tree.west.id, school.id].sort(),
    );
    for (const row of body.rows as { organizationId: number; values: Record<string, number | null> }[]) {
      const own = await indicators(row.organizationId, `ids=${ids}`);
      for (const id of ids.split(",")) expect([id, row.values[id]]).toEqual([id, own.get(id)?.value]);
    }
    const eastRow = body.rows.find(
      (row: { organizationId: number }) => row.organizationId === context.tree.east.id,
    );
    expect(eastRow).toMatchObject({
      kind: "committee",
      values: { members_total: 3, youth_league_ratio: 10 },
    });
  });

  it("equals each child's own values as of a past month-end", async () => {
    const response = await get(
      `/api/v1/organizations/${context.tree.west.id}/indicators/children?ids=members_total&asOf=2025-05-31`,
      county,
    );
    expect(response.json().rows).toEqual([
      expect.objectContaining({ organizationId: context.tree.westVillage.id, values: { members_total: 1 } }),
    ]);
  });
});

describe("GET /organizations/{id}/indicators/trend", () => {
  const url = (query: string) => `/api/v1/organizations/${context.tree.county.id}/indicators/trend?${query}`;

  it("gives each month as of its last day, this month as of today", async () => {
    const response = await get(
      url("ids=members_total,members_status_lapsed&from=2025-04&to=2025-06"),
      county,
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      organizationId: context.tree.county.id,
      months: ["2025-04", "2025-05", "2025-06"],
      // 2025-05-31 has the snapshot taken above; 2025-04-30 none (recounted from member_history).
      sources: ["history", "snapshot", "live"],
      series: [
        { indicatorId: "members_total", values: [5, 5, 6] },
        { indicatorId: "members_status_lapsed", values: [1, 1, 1] },
      ],
    });
  });

  it("defaults to the last 12 months; months before the data begins are null", async () => {
    const response = await get(url("ids=members_total"), county);
    expect(response.json().months).toHaveLength(12);
    expect(response.json().months.at(-1)).toBe("2025-06");
    const old = await get(url("ids=members_total&from=2010-01&to=2010-12"), county);
    expect(old.json().series[0].values).toEqual(Array(12).fill(null));
    expect(old.json().sources).toEqual(Array(12).fill("none"));
  });

  it.each([
    ["from=2025-13", "from", "invalid_month"],
    ["to=June", "to", "invalid_month"],
    ["to=2025-07", "to", "month_in_future"],
    ["from=2025-05&to=2025-04", "from", "invalid_month_range"],
    ["from=2022-01&to=2025-06", "from", "trend_too_long"],
    ["ids=happiness", "ids", "unknown_indicator"],
  ])("400 for %s, naming %s", async (query, field, code) => {
    const response = await get(url(query), county);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ field, code });
  });
});

describe("GET /organizations/{id}/indicators/{indicatorId}/drilldown", () => {
  const url = (id: number, indicatorId: string, query = "") =>
    `/api/v1/organizations/${id}/indicators/${indicatorId}/drilldown?${query}`;

  it.each([
    "members_total",
    "members_sex_female",
    "members_status_lapsed",
    "members_age_14_17",
    "members_age_18_22",
    "members_age_26_28",
    "members_age_over_28",
    "members_occupation_farmer",
    "members_education_bachelor",
    "members_sector_secondary_school",
    "members_turning_28",
    "cadres_full_time",
    "members_ethnicity_han",
    "cadres_total",
    "organizations_total",
    "organizations_sector_agency",
  ])("%s: the total equals the indicator's value", async (indicatorId) => {
    const response = await get(url(context.tree.county.id, indicatorId, "pageSize=200"), county);
    expect(response.statusCode).toBe(200);
    const items = await indicators(context.tree.county.id, `ids=${indicatorId}`);
    expect(response.json().total).toBe(items.get(indicatorId)?.value);
    expect(response.json().items).toHaveLength(response.json().total);
  });

  it.each([
    ["staffing_rate", "organizations", ["高一团支部"]],
    ["coverage_rate_agency", "organizations", ["县机关团支部"]],
    ["youth_league_ratio", "members", ["张三", "李四", "王五", "赵六", "陈七", "孙九"]],
    ["league_student_ratio_senior_secondary", "members", ["陈七"]],
  ] as const)("%s: its numerator's list", async (indicatorId, kind, names) => {
    const response = await get(url(context.tree.county.id, indicatorId), county);
    expect(response.json()).toMatchObject({ kind, total: names.length });
    expect(
      response
        .json()
        .items.map((item: { name: string }) => item.name)
        .sort(),
    ).toEqual([...names].sort());
  });

  it("masks citizen ID and phone, and pages", async () => {
    const first = await get(url(context.tree.county.id, "members_sex_female", "page=1&pageSize=2"), county);
    expect(first.json()).toMatchObject({ kind: "members", total: 3, page: 1, pageSize: 2 });
    expect(first.json().items).toHaveLength(2);
    for (const item of first.json().items) {
      expect(item.citizenId).toMatch(/^\d{4}\*+\d{3}[\dX]$/);
      expect(item.citizenId).not.toMatch(/^\d{18}$/);
      expect(item.phone).toContain("*");
      expect(item.sex).toBe("female");
    }
    const second = await get(url(context.tree.county.id, "members_sex_female", "page=2&pageSize=2"), county);
    expect(second.json().items).toHaveLength(1);
  });

  it.each([
    ["happiness_rate", "", 404, "unknown_indicator", "indicatorId"],
    ["members_total", "asOf=2025-05-31", 400, "drilldown_as_of_today_only", "asOf"],
    ["members_total", "asOf=2025-06-02", 400, "as_of_in_future", "asOf"],
    ["members_total", "asOf=2000-01-31", 400, "as_of_before_data", "asOf"],
    ["members_total", "asOf=tomorrow", 400, "invalid_as_of", "asOf"],
    ["completeness_rate", "", 400, "no_drill_down", "indicatorId"],
  ] as const)("%s?%s → %s %s", async (indicatorId, query, status, code, field) => {
    const response = await get(url(context.tree.county.id, indicatorId, query), county);
    expect(response.statusCode).toBe(status);
    expect(response.json().error).toMatchObject({ code, field });
  });
});

describe("refusals of every indicator route", () => {
  const routes = (id: number) => [
    `/api/v1/organizations/${id}/indicators`,
    `/api/v1/organizations/${id}/indicators/children`,
    `/api/v1/organizations/${id}/indicators/trend`,
    `/api/v1/organizations/${id}/indicators/members_total/drilldown`,
    `/api/v1/organizations/${id}/indicators/export.xlsx`,
    `/api/v1/organizations/${id}/youth-population`,
  ];

  it("401 without a session, 404 outside the scope, 403 without stats:read", async () => {
    for (const route of routes(context.tree.county.id)) {
      expect([route, (await get(route)).statusCode]).toEqual([route, 401]);
      expect([route, (await get(route, east)).statusCode]).toEqual([route, 404]);
    }
    for (const route of routes(context.tree.eastVillage1.id)) {
      expect([route, (await get(route, member)).statusCode]).toEqual([route, 403]);
    }
  });

  it.each([
    ["ids=members_total,happiness", "ids", "unknown_indicator"],
    ["asOf=2025-06-02", "asOf", "as_of_in_future"],
    ["asOf=2000-01-31", "asOf", "as_of_before_data"],
    ["asOf=2025-05-15", "asOf", "as_of_not_month_end"],
    ["asOf=2025-02-30", "asOf", "invalid_as_of"],
  ])("GET …/indicators and …/children?%s → 400 naming %s", async (query, field, code) => {
    for (const path of ["indicators", "indicators/children"]) {
      const response = await get(`/api/v1/organizations/${context.tree.county.id}/${path}?${query}`, county);
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatchObject({ field, code });
    }
  });
});

async function auditRows(action: string) {
  return queryRows<{ detail: { rowCount?: number; rows?: string } | null; after: unknown }>(
    context.db,
    sql`select detail, after from audit_log where action = ${action} order by id`,
  );
}

describe("GET /organizations/{id}/indicators/export.xlsx", () => {
  it("exports the children table and a drill-down list, audited with the row count", async () => {
    const before = (await auditRows("indicator.export")).length;
    const children = await get(
      `/api/v1/organizations/${context.tree.county.id}/indicators/export.xlsx?ids=members_total,staffing_rate`,
      county,
    );
    expect(children.statusCode).toBe(200);
    expect(children.headers["content-type"]).toContain("spreadsheetml");
    expect(children.rawPayload.subarray(0, 2).toString()).toBe("PK");
    const list = await get(
      `/api/v1/organizations/${context.tree.county.id}/indicators/export.xlsx?rows=drilldown&indicatorId=members_sex_female`,
      county,
    );
    expect(list.statusCode).toBe(200);
    const rows = await auditRows("indicator.export");
    expect(rows).toHaveLength(before + 2);
    expect(rows.at(-2)?.detail).toMatchObject({ rows: "children", rowCount: 3 });
    expect(rows.at(-1)?.detail).toMatchObject({ rows: "drilldown", rowCount: 3 });
  });

  it("400 export_too_large over the configured limit, telling how to narrow; nothing audited", async () => {
    const small = await buildApp({
      db: context.db,
      config: {
        sessionHours: 1,
        cookieSecure: false,
        loginAttemptsPerMinute: 5,
        webDist: false,
        exportRowLimit: 2,
      },
    });
    await small.ready();
    try {
      const before = (await auditRows("indicator.export")).length;
      const children = await small.inject({
        method: "GET",
        url: `/api/v1/organizations/${context.tree.county.id}/indicators/export.xlsx`,
        headers: county.headers,
      });
      expect(children.statusCode).toBe(400);
      expect(children.json().error).toMatchObject({ code: "export_too_large", field: "rows" });
      expect(children.json().error.message).toContain("3");
      expect(children.json().error.message).toContain("2");
      expect(children.json().error.message).toContain("lower organization");
      const list = await small.inject({
        method: "GET",
        url: `/api/v1/organizations/${context.tree.county.id}/indicators/export.xlsx?rows=drilldown&indicatorId=members_total`,
        headers: county.headers,
      });
      expect(list.statusCode).toBe(400);
      expect(list.json().error.message).toContain("6");
      const missing = await small.inject({
        method: "GET",
        url: `/api/v1/organizations/${context.tree.county.id}/indicators/export.xlsx?rows=drilldown`,
        headers: county.headers,
      });
      expect(missing.json().error).toMatchObject({ field: "indicatorId" });
      expect(await auditRows("indicator.export")).toHaveLength(before);
    } finally {
      await small.close();
    }
  });
});

describe("entered data: GET/PUT /organizations/{id}/youth-population, school-enrollment, eligible-units", () => {
  function put(url: string, body: unknown, session?: TestSession) {
    return context.app.inject({
      method: "PUT",
      url,
      payload: body as Record<string, unknown>,
      ...(session ? { headers: session.headers } : {}),
    });
  }

  it("replaces an organization's entries, audited with before and after", async () => {
    const url = `/api/v1/organizations/${context.tree.west.id}/youth-population`;
    const response = await put(
      url,
      { entries: [{ year: 2025, population: 20, source: "西河镇统计站" }] },
      county,
    );
    expect(response.statusCode).toBe(200);
    expect(response.json().entries).toEqual([
      expect.objectContaining({ year: 2025, population: 20, source: "西河镇统计站" }),
    ]);
    expect((await get(url, county)).json().entries).toHaveLength(1);
    const [audit] = (await auditRows("organization.youth_population")).slice(-1);
    expect(audit?.after).toEqual([{ year: 2025, population: 20, source: "西河镇统计站" }]);
    // The new entry is below the county's: the county's ratio is unchanged, 西河镇 gets its own.
    expect(
      (await indicators(context.tree.county.id, "ids=youth_league_ratio")).get("youth_league_ratio")?.value,
    ).toBe(15);
    expect(
      (await indicators(context.tree.west.id, "ids=youth_league_ratio")).get("youth_league_ratio")?.value,
    ).toBe(10);
  });

  it.each([
    ["youth-population", { entries: [{ year: 2025, population: -5, source: "x" }] }, "entries.0.population"],
    ["youth-population", { entries: [{ year: 2025, population: 5 }] }, "entries.0.source"],
    [
      "youth-population",
      {
        entries: [
          { year: 2025, population: 1, source: "a" },
          { year: 2025, population: 2, source: "b" },
        ],
      },
      "entries",
    ],
    [
      "school-enrollment",
      { entries: [{ schoolYear: 2024, level: "junior_secondary", grade: 9, students: 1, source: "x" }] },
      "entries.0.grade",
    ],
    [
      "eligible-units",
      { entries: [{ year: 2025, sector: "rural", units: 1, source: "x" }] },
      "entries.0.sector",
    ],
  ])("PUT %s with a bad entry → 400 naming %s, nothing written", async (path, body, field) => {
    const url = `/api/v1/organizations/${context.tree.county.id}/${path}`;
    const before = (await get(url, county)).json().entries;
    const audits = (await auditRows(`organization.${path.replace("-", "_")}`)).length;
    const response = await put(url, body, county);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe(field);
    expect((await get(url, county)).json().entries).toEqual(before);
    expect(await auditRows(`organization.${path.replace("-", "_")}`)).toHaveLength(audits);
  });

  it("401 without a session, 404 outside the scope, 403 without organization:write; nothing written", async () => {
    const url = `/api/v1/organizations/${context.tree.county.id}/eligible-units`;
    const before = (await get(url, county)).json().entries;
    const body = { entries: [] };
    expect((await put(url, body)).statusCode).toBe(401);
    expect((await put(url, body, east)).statusCode).toBe(404);
    expect(
      (await put(`/api/v1/organizations/${context.tree.eastVillage1.id}/eligible-units`, body, member))
        .statusCode,
    ).toBe(403);
    expect((await get(url, county)).json().entries).toEqual(before);
    expect(before).toHaveLength(1);
  });
});
