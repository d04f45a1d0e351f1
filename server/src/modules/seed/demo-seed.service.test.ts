import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app";
import type { DatabaseHandle } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { todayInChina } from "../../lib/clock";
import { countRows } from "../../test/database-state";
import { logInAs } from "../../test/factories";
import { createTestDatabase } from "../../test/test-database";
import { systemActor } from "../auth/system-actor";
import { computeIndicators } from "../indicators/indicator.service";
import { SNAPSHOT_WINDOW_MONTHS, trendWindowMonthEnds } from "../stats/member-count-snapshot.service";
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
  it("seeds 旺苍县 with 20,000 members, seven demo accounts (and one disabled former secretary), its reform ledger and member development, deterministically, once", async () => {
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
        { username: "demo-applicant", role: "member" },
        { username: "demo-member", role: "member" },
        { username: "demo-youth", role: "member" },
      ],
    });
    const counts = await countRows(handle.db, ["organization", "member", "audit_log", "app_user"]);
    // 20,000 generated members and those admitted by the demo's member development.
    expect(counts.member).toBe(20_000 + summary.admitted);
    // The seven demo accounts and demo-former, disabled, who cannot log in.
    expect(counts.app_user).toBe(8);
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
    ).toBe(20_000 + summary.admitted);

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
    // 配备率 from the cadre records against the post standard: branch secretaries (every 20th missing)
    // and committees' posts (filled by the demo's committee cadres, when seeded).
    expect(indicatorValue("staffing_rate")).toBeGreaterThan(80);
    expect(indicatorValue("staffing_rate")).toBeLessThan(100);

    // 换届 composition from the rosters (Wangcang task 6): the congress meets 80 %, the standing
    // committee falls one short of 40 %.
    const terms = await app.inject({
      method: "GET",
      url: `/api/v1/organizations/${countyId}/terms`,
      headers: county.headers,
    });
    const composition = (body: string) =>
      (
        terms.json().items as {
          body: string;
          composition: { meets: boolean; source: string; shortfall: number };
        }[]
      ).find((item) => item.body === body)?.composition;
    expect(composition("congress")).toMatchObject({ source: "roster", meets: true, shortfall: 0 });
    expect(composition("standing_committee")).toMatchObject({ source: "roster", meets: false, shortfall: 1 });

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

    // Member development: this year's quotas, 40 applicants in 高二（1）班 at every step, numbers issued
    // inside the quota, the applicant and the new member signed in on their own pages.
    expect(summary.applications).toBeGreaterThanOrEqual(40);
    expect(summary.admitted).toBe(4);
    const year = Number(todayInChina().slice(0, 4));
    const quota = await app.inject({
      method: "GET",
      url: `/api/v1/organizations/${countyId}/admission-quotas?year=${year}`,
      headers: county.headers,
    });
    expect(quota.statusCode).toBe(200);
    expect(quota.json()).toMatchObject({ quota: { amount: 240 } });
    const byState = await queryRows<{ state: string; count: number }>(
      handle.db,
      sql`select i.state, count(*)::int as count from development_application a
          join workflow_instance i on i.county_id = a.county_id and i.id = a.instance_id join organization o on o.id = a.organization_id
          where o.short_name = '高二（1）班团支部' group by i.state`,
    );
    const states = Object.fromEntries(byState.map((row) => [row.state, row.count]));
    expect(Object.values(states).reduce((sum, count) => sum + count, 0)).toBe(40);
    for (const state of [
      "applied",
      "talked",
      "candidate",
      "target_proposed",
      "development_target",
      "sponsored",
      "branch_voted",
      "approved",
      "admitted",
      "deferred",
      "rejected",
    ]) {
      expect(states[state], state).toBeGreaterThanOrEqual(2);
    }
    const numbers = await queryRows<{ memberNumber: string }>(
      handle.db,
      sql`select member_number as "memberNumber" from development_application where member_number is not null`,
    );
    expect(numbers).toHaveLength(6);
    expect(new Set(numbers.map((row) => row.memberNumber)).size).toBe(6);
    for (const row of numbers) expect(row.memberNumber).toMatch(new RegExp(`^${year}510821\\d{6}$`));
    const returned = await queryRows<{ count: number }>(
      handle.db,
      sql`select count(*)::int as count from workflow_step where action = 'return_to_step'`,
    );
    expect(returned[0]?.count).toBe(2);

    const applicant = await logInAs(app, "demo-applicant", PASSWORD, "10.0.0.4");
    const own = await app.inject({
      method: "GET",
      url: "/api/v1/me/applications",
      headers: applicant.headers,
    });
    expect(own.statusCode).toBe(200);
    expect(own.json().items[0]).toMatchObject({ name: "陈思远", state: "candidate" });
    expect(own.json().items[0].points.missing.length).toBeGreaterThan(0);
    const newMember = await logInAs(app, "demo-member", PASSWORD, "10.0.0.5");
    const record = await app.inject({ method: "GET", url: "/api/v1/me/record", headers: newMember.headers });
    expect(record.json()).toMatchObject({ name: "林雨桐", status: "active" });
    expect(record.json().memberNumber).toMatch(new RegExp(`^${year}510821`));
    const archive = await app.inject({
      method: "GET",
      url: "/api/v1/me/archive",
      headers: newMember.headers,
    });
    expect(archive.json().items.length).toBeGreaterThan(5);
    // demo-youth: a plain member of demo-branch's village branch (not its secretary) with their own record.
    const youth = await logInAs(app, "demo-youth", PASSWORD, "10.0.0.6");
    const youthRecord = await app.inject({ method: "GET", url: "/api/v1/me/record", headers: youth.headers });
    expect(youthRecord.json()).toMatchObject({ status: "active" });
    const [youthLink] = await queryRows<{ branch: number; secretary: number | null; member: number }>(
      handle.db,
      sql`select m.organization_id::int as branch, u.member_id::int as member,
          (select s.member_id::int from app_user s where s.username = 'demo-branch') as secretary
        from app_user u join member m on m.id = u.member_id where u.username = 'demo-youth'`,
    );
    expect(youthLink?.member).not.toBe(youthLink?.secretary);
    const [secretaryBranch] = await queryRows<{ id: number }>(
      handle.db,
      sql`select r.organization_id::int as id from app_user u join user_role r on r.user_id = u.id
        where u.username = 'demo-branch'`,
    );
    expect(youthLink?.branch).toBe(secretaryBranch?.id);

    // The graduation season: 高三 graduates' transfers at every step, and
    // the county's season rates computed from them (seen after the deadline: open ones are overdue).
    expect(summary.transfers).toBeGreaterThanOrEqual(30);
    const transferStates = Object.fromEntries(
      (
        await queryRows<{ state: string; count: number }>(
          handle.db,
          sql`select i.state, count(*)::int as count from member_transfer t
              join workflow_instance i on i.id = t.instance_id group by i.state`,
        )
      ).map((row) => [row.state, row.count]),
    );
    for (const state of [
      "awaiting_sending_committee",
      "awaiting_receiving_branch",
      "awaiting_receiving_committee",
      "completed",
      "returned",
      "withdrawn",
      "transferred_out",
    ]) {
      expect(transferStates[state], state).toBeGreaterThanOrEqual(1);
    }
    // Graduates leaving the county: transferred out with a numbered letter, or awaiting the approval.
    const [leaving] = await queryRows<{ out: number; lettered: number }>(
      handle.db,
      sql`select count(*)::int as out, count(letter_number)::int as lettered from member_transfer
          where to_external_name is not null`,
    );
    expect(leaving?.out).toBeGreaterThan(leaving?.lettered ?? 0);
    expect(leaving?.lettered).toBeGreaterThanOrEqual(1);
    const [season] = await queryRows<{ year: number }>(
      handle.db,
      sql`select max(season_year)::int as year from member_transfer`,
    );
    const countyPath = (
      await queryRows<{ path: string }>(handle.db, sql`select path from organization where id = ${countyId}`)
    )[0]?.path as string;
    const rates = await computeIndicators(
      handle.db,
      countyPath,
      [
        "transfer_school_to_society_rate",
        "transfer_school_to_school_rate",
        "transfer_on_time_share",
        "transfer_median_days",
      ],
      `${season?.year}-11-15`,
    );
    for (const id of [
      "transfer_school_to_society_rate",
      "transfer_school_to_school_rate",
      "transfer_on_time_share",
    ] as const) {
      expect(rates.get(id), id).toBeGreaterThan(0);
      expect(rates.get(id), id).toBeLessThan(100);
    }
    expect(rates.get("transfer_median_days")).toBeGreaterThan(0);
    // Seen today, the season's open transfers are overdue (its approval deadline, set by the county,
    // and 10 days have passed): the county's work list and backlog count them.
    const worklist = await app.inject({
      method: "GET",
      url: `/api/v1/organizations/${countyId}/transfer-worklist`,
      headers: county.headers,
    });
    expect(worklist.statusCode).toBe(200);
    expect(worklist.json().overdue).toBeGreaterThanOrEqual(3);
    expect(
      worklist.json().items.find((item: { overdue: boolean }) => item.overdue).daysAtStep,
    ).toBeGreaterThan(20);
    const seasonSettings = await app.inject({
      method: "GET",
      url: `/api/v1/organizations/${countyId}/transfer-seasons/${season?.year}`,
      headers: county.headers,
    });
    expect(seasonSettings.json()).toMatchObject({ own: true, mobileBranchMonths: 12 });

    // Every past month-end of the 36-month trend window has its snapshot (issue 18 part 4), so the
    // member trend reads snapshots, not a recount.
    const snapshots = await queryRows<{ month: string }>(
      handle.db,
      sql`select to_char(month, 'YYYY-MM-DD') as month from member_count_snapshot_month order by month`,
    );
    const [start] = await queryRows<{ start: string }>(
      handle.db,
      sql`select to_char(min(valid_from), 'YYYY-MM-DD') as start from member_history`,
    );
    expect(snapshots.map((row) => row.month)).toEqual(
      trendWindowMonthEnds(todayInChina(), start?.start ?? todayInChina(), SNAPSHOT_WINDOW_MONTHS),
    );
    expect(snapshots).toHaveLength(SNAPSHOT_WINDOW_MONTHS - 1);
    const trend = await app.inject({
      method: "GET",
      url: `/api/v1/organizations/${countyId}/indicators/trend?ids=members_total`,
      headers: county.headers,
    });
    expect(trend.json().sources).toEqual([...Array(11).fill("snapshot"), "live"]);

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
  }, 400_000);
});
