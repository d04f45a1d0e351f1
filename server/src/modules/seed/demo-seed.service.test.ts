import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app";
import type { DatabaseHandle } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { countRows } from "../../test/database-state";
import { logInAs } from "../../test/factories";
import { createTestDatabase } from "../../test/test-database";
import { systemActor } from "../auth/system-actor";
import { DEMO_MEMBER_COUNT, seedDemo } from "./demo-seed.service";

const PASSWORD = "demo password 2025";
let handle: DatabaseHandle;
let app: FastifyInstance;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = await buildApp({
    db: handle.db,
    config: { sessionHours: 1, cookieSecure: false, loginAttemptsPerMinute: 5, webDist: false },
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await handle.close();
});

describe("seedDemo", () => {
  it("seeds 旺苍县 with 20,000 members, four demo accounts (and one disabled former secretary) and its reform ledger, deterministically, once", async () => {
    const summary = await seedDemo(handle, systemActor("test"), { password: PASSWORD });
    expect(summary).toMatchObject({
      alreadySeeded: false,
      members: DEMO_MEMBER_COUNT,
      generatedPassword: null,
      accounts: [
        { username: "demo-county", role: "org_admin", organization: "共青团旺苍县委员会" },
        { username: "demo-township", role: "org_admin", organization: "共青团东河镇委员会" },
        { username: "demo-branch", role: "branch_secretary" },
        { username: "demo-evaluator", role: "evaluator", organization: "共青团旺苍县委员会" },
      ],
    });
    const counts = await countRows(handle.db, ["organization", "member", "audit_log", "app_user"]);
    expect(counts.member).toBe(20_000);
    // The four demo accounts and demo-former, disabled, who cannot log in.
    expect(counts.app_user).toBe(5);
    const former = await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { username: "demo-former", password: PASSWORD },
    });
    expect(former.statusCode).toBe(401);
    expect(counts.organization).toBe(summary.organizations);
    expect(counts.organization).toBeGreaterThan(281);

    // The accounts log in with the given password and see their own subtree.
    for (const [username, scopeRoot] of [
      ["demo-county", "共青团旺苍县委员会"],
      ["demo-township", "共青团东河镇委员会"],
      ["demo-branch", summary.accounts[2]?.organization],
    ] as const) {
      const session = await logInAs(app, username, PASSWORD);
      const me = await app.inject({ method: "GET", url: "/api/v1/me", headers: session.headers });
      expect(me.json().scopeRoot.name).toBe(scopeRoot);
    }
    const county = await logInAs(app, "demo-county", PASSWORD, "10.0.0.2");
    const countyId = (await app.inject({ method: "GET", url: "/api/v1/me", headers: county.headers })).json()
      .scopeRoot.id;
    const stats = await app.inject({
      method: "GET",
      url: `/api/v1/organizations/${countyId}/stats`,
      headers: county.headers,
    });
    expect(
      stats.json().membersByStatus.reduce((sum: number, row: { count: number }) => sum + row.count, 0),
    ).toBe(20_000);

    // Its entered data gives 团青比, 团学比, 建团率 and 录入率 their denominators; branch secretaries
    // give 配备率 and the cadre profile data.
    const indicators = await app.inject({
      method: "GET",
      url: `/api/v1/organizations/${countyId}/indicators?ids=youth_league_ratio,league_student_ratio,coverage_rate_agency,entry_rate,staffing_rate,cadres_party_member_rate`,
      headers: county.headers,
    });
    expect(indicators.statusCode).toBe(200);
    for (const item of indicators.json().items as { indicatorId: string; value: number | null }[]) {
      expect(item.value, item.indicatorId).toBeGreaterThan(0);
      expect(item.value, item.indicatorId).toBeLessThanOrEqual(100);
    }
    const indicatorValue = (id: string) =>
      (indicators.json().items as { indicatorId: string; value: number }[]).find(
        (item) => item.indicatorId === id,
      )?.value;
    expect(indicatorValue("entry_rate")).toBeGreaterThan(95);
    expect(indicatorValue("entry_rate")).toBeLessThan(100);
    expect(indicatorValue("staffing_rate")).toBeGreaterThan(90);
    expect(indicatorValue("staffing_rate")).toBeLessThan(100);

    // The county's reform ledger: the Wangcang plan and three years of progress.
    const plans = await app.inject({
      method: "GET",
      url: `/api/v1/organizations/${countyId}/plans`,
      headers: county.headers,
    });
    expect(plans.json().items).toHaveLength(1);
    const plan = await app.inject({
      method: "GET",
      url: `/api/v1/plans/${plans.json().items[0].id}`,
      headers: county.headers,
    });
    expect(plan.json().tasks).toHaveLength(26);
    expect(plan.json().statusCounts).toMatchObject({ closed_out: 18, done: 4, overdue: 4 });

    // Running it again changes nothing.
    const before = await countRows(handle.db, ["organization", "member", "audit_log", "app_user"]);
    const again = await seedDemo(handle, systemActor("test"), { password: "another password" });
    expect(again).toMatchObject({ alreadySeeded: true, organizations: 0, members: 0 });
    expect(await countRows(handle.db, ["organization", "member", "audit_log", "app_user"])).toEqual(before);
    await logInAs(app, "demo-branch", PASSWORD, "10.0.0.3");

    // The same seed gives the same data on every run and on both engines.
    const [first] = await queryRows<Record<string, unknown>>(
      handle.db,
      sql`select m.name, m.sex, m.citizen_id as "citizenId", m.birth_date::text as "birthDate",
          m.member_number as "memberNumber", m.joined_on::text as "joinedOn", m.status, o.name as "branch"
          from member m join organization o on o.id = m.organization_id order by m.id limit 1`,
    );
    expect(first).toMatchInlineSnapshot(`
        {
          "birthDate": "2006-04-27",
          "branch": "卸甲碥社区团支部",
          "citizenId": "510821200604270741",
          "joinedOn": "2025-09-12",
          "memberNumber": "5108212025000001",
          "name": "郭馥君",
          "sex": "female",
          "status": "active",
        }
      `);
  }, 180_000);
});
