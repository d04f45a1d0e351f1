import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayInChina } from "../../lib/clock";
import { latestAuditEntry } from "../../test/database-state";
import { createTestApp, createTestUser, logInEach, type TestSession } from "../../test/factories";
import { memberIdByName, sendAs } from "../../test/member-factories";
import { expectNothingWritten, insertTestCadre } from "../cadre-reviews/cadre-reviews.test-support";

/**
 * Deputies, liaison stations, "两联" assignments, contact logs, yearly duties and a cadre's own phone
 * logging (issue 13 part 5): 401/403/404/400/409 and success; a log dated after today (China) → 400
 * naming occurredOn; every refusal writes nothing.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;
let west: TestSession;
let countyCadre: number;
let westCadre: number;
const today = todayInChina();
const year = Number(today.slice(0, 4));
const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  context = await createTestApp();
  await createTestUser(context.db, "west", "org_admin", context.tree.west.id);
  [county, east, secretary, member, west] = await logInEach(context.app, [
    "county",
    "east",
    "secretary",
    "member",
    "west",
  ]);
  // The member user's member record (张三) holds a cadre post at 东河镇: they log from their phone.
  const zhang = await memberIdByName(context.db, "张三");
  await context.db.execute(sql`update app_user set member_id = ${zhang} where username = 'member'`);
  countyCadre = await insertTestCadre(context.db, context.tree.east.id, "张三", {
    memberId: zhang,
    post: "deputy_secretary",
  });
  westCadre = await insertTestCadre(context.db, context.tree.westVillage.id, "钱西一");
  // A fresh PGlite, migrated: slow on a loaded machine.
}, 300_000);
afterAll(async () => context.close());

describe("deputies and liaison stations", () => {
  it("401/403/404/400, then adds a deputy and a station (audited) and lists them", async () => {
    const body = { name: "刘代表", body: "congress_deputy", grassroots: true, frontLine: true };
    const url = `/organizations/${context.tree.county.id}/deputies`;
    await expectNothingWritten(context.db, () => sendAs(context.app, undefined, "POST", url, body), 401);
    await expectNothingWritten(context.db, () => sendAs(context.app, east, "POST", url, body), 404);
    await expectNothingWritten(
      context.db,
      () =>
        sendAs(
          context.app,
          secretary,
          "POST",
          `/organizations/${context.tree.eastVillage1.id}/deputies`,
          body,
        ),
      403,
    );
    const bad = await expectNothingWritten(
      context.db,
      () => sendAs(context.app, county, "POST", url, { ...body, body: "mayor" }),
      400,
    );
    expect(bad.field).toBe("body");
    const term = await expectNothingWritten(
      context.db,
      () => sendAs(context.app, county, "POST", url, { ...body, termId: 999 }),
      400,
    );
    expect(term.field).toBe("termId");
    const created = await sendAs(context.app, county, "POST", url, body);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ name: "刘代表", bodyLabel: "团代表", grassroots: true });
    expect(await latestAuditEntry(context.db, "deputy.create")).toMatchObject({
      entityId: String(created.json().id),
    });
    expect((await sendAs(context.app, county, "GET", url)).json()).toHaveLength(1);

    const stations = `/organizations/${context.tree.east.id}/liaison-stations`;
    const missing = await expectNothingWritten(
      context.db,
      () => sendAs(context.app, east, "POST", stations, { name: " " }),
      400,
    );
    expect(missing.field).toBe("name");
    const station = await sendAs(context.app, east, "POST", stations, {
      name: "东河镇团代表联络站",
      address: "东河镇政府二楼",
    });
    expect(station.statusCode, station.body).toBe(201);
    expect((await sendAs(context.app, secretary, "GET", stations)).statusCode).toBe(404);
    expect((await sendAs(context.app, county, "GET", stations)).json()).toEqual([station.json()]);
  });
});

describe("两联 assignments", () => {
  it("links a cadre to branches of the organization; 400 for a missing end or one outside; 409 twice", async () => {
    const url = `/organizations/${context.tree.east.id}/liaison-assignments`;
    const link = (targetOrganizationId: number, cadreId = countyCadre) =>
      sendAs(context.app, east, "POST", url, {
        kind: "cadre_to_branch",
        fromCadreId: cadreId,
        targetOrganizationId,
      });
    const missing = await expectNothingWritten(
      context.db,
      () => sendAs(context.app, east, "POST", url, { kind: "cadre_to_branch", fromCadreId: countyCadre }),
      400,
    );
    expect(missing.field).toBe("targetOrganizationId");
    await expectNothingWritten(context.db, () => link(context.tree.westVillage.id), 404);
    await expectNothingWritten(context.db, () => link(context.tree.eastVillage1.id, westCadre), 404);
    const outside = await expectNothingWritten(
      context.db,
      () =>
        sendAs(context.app, county, "POST", url, {
          kind: "cadre_to_branch",
          fromCadreId: countyCadre,
          targetOrganizationId: context.tree.westVillage.id,
        }),
      400,
    );
    expect(outside.field).toBe("targetOrganizationId");
    const first = await link(context.tree.eastVillage1.id);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      kindLabel: "团干部联系基层团支部",
      fromName: "张三",
      targetName: "东一村团支部",
    });
    await expectNothingWritten(
      context.db,
      () => link(context.tree.eastVillage1.id),
      409,
      "assignment_exists",
    );
    expect((await link(context.tree.eastVillage2.id)).statusCode).toBe(201);
    expect((await sendAs(context.app, east, "GET", url)).json()).toHaveLength(2);
  });
});

describe("contact logs and duties", () => {
  it("400 naming occurredOn for a date after today (China), nothing written; 404 a cadre outside the scope", async () => {
    const url = `/organizations/${context.tree.east.id}/contact-logs`;
    const future = await expectNothingWritten(
      context.db,
      () =>
        sendAs(context.app, east, "POST", url, {
          cadreId: countyCadre,
          kind: "visit",
          occurredOn: tomorrow,
          youthCount: 3,
        }),
      400,
      "contact_date_in_future",
    );
    expect(future.field).toBe("occurredOn");
    expect(future.message).toContain("不能晚于今天");
    await expectNothingWritten(
      context.db,
      () => sendAs(context.app, east, "POST", url, { cadreId: westCadre, kind: "visit", occurredOn: today }),
      404,
    );
    const neither = await expectNothingWritten(
      context.db,
      () => sendAs(context.app, east, "POST", url, { kind: "visit", occurredOn: today }),
      400,
    );
    expect(neither.field).toBe("cadreId");
    await expectNothingWritten(
      context.db,
      () =>
        sendAs(
          context.app,
          secretary,
          "POST",
          `/organizations/${context.tree.eastVillage1.id}/contact-logs`,
          { cadreId: countyCadre, kind: "visit", occurredOn: today },
        ),
      403,
    );
  });

  it("logs a lecture for a cadre (audited) and counts it in the yearly duties", async () => {
    const url = `/organizations/${context.tree.east.id}/contact-logs`;
    const created = await sendAs(context.app, east, "POST", url, {
      cadreId: countyCadre,
      kind: "lecture",
      occurredOn: today,
      youthCount: 60,
      linkedOrganizationId: context.tree.eastVillage1.id,
      note: "团课：青春心向党",
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      kindLabel: "讲团课",
      personName: "张三",
      linkedOrganizationName: "东一村团支部",
    });
    expect(await latestAuditEntry(context.db, "contact_log.create")).toMatchObject({
      entityId: String(created.json().id),
    });
    const list = await sendAs(
      context.app,
      county,
      "GET",
      `/organizations/${context.tree.county.id}/contact-logs?year=${year}`,
    );
    expect(list.json()).toHaveLength(1);
    expect(
      (await sendAs(context.app, west, "GET", `/organizations/${context.tree.east.id}/contact-logs`))
        .statusCode,
    ).toBe(404);

    const duties = await sendAs(context.app, county, "GET", `/cadres/${countyCadre}/duties?year=${year}`);
    expect(duties.statusCode, duties.body).toBe(200);
    const byKey = Object.fromEntries(
      duties.json().duties.map((duty: { key: string; done: number }) => [duty.key, duty.done]),
    );
    expect(byKey).toEqual({ lectures: 1, visits: 0, talks: 0, youthMet: 60, linkedBranches: 2 });
    expect(duties.json().allMet).toBe(false);
    expect((await sendAs(context.app, west, "GET", `/cadres/${countyCadre}/duties`)).statusCode).toBe(404);
    expect(
      (await sendAs(context.app, county, "GET", `/cadres/${countyCadre}/duties?year=20x6`)).json().error
        .field,
    ).toBe("year");
  });

  it("lets the cadre log a grassroots day from a phone (/me/contact-logs); 404 for an account without a cadre record", async () => {
    const future = await expectNothingWritten(
      context.db,
      () =>
        sendAs(context.app, member, "POST", "/me/contact-logs", {
          kind: "grassroots_day",
          occurredOn: tomorrow,
        }),
      400,
    );
    expect(future.field).toBe("occurredOn");
    await expectNothingWritten(
      context.db,
      () =>
        sendAs(context.app, member, "POST", "/me/contact-logs", {
          kind: "visit",
          occurredOn: today,
          linkedOrganizationId: context.tree.westVillage.id,
        }),
      400,
      "linked_organization_outside",
    );
    await expectNothingWritten(
      context.db,
      () => sendAs(context.app, secretary, "POST", "/me/contact-logs", { kind: "visit", occurredOn: today }),
      404,
    );
    await expectNothingWritten(
      context.db,
      () => sendAs(context.app, undefined, "POST", "/me/contact-logs", { kind: "visit", occurredOn: today }),
      401,
    );
    const logged = await sendAs(context.app, member, "POST", "/me/contact-logs", {
      kind: "grassroots_day",
      occurredOn: today,
      youthCount: 12,
      linkedOrganizationId: context.tree.eastVillage2.id,
    });
    expect(logged.statusCode, logged.body).toBe(201);
    expect(logged.json()).toMatchObject({
      cadreId: countyCadre,
      organizationId: context.tree.east.id,
      kindLabel: "下基层",
    });
    const own = await sendAs(context.app, member, "GET", `/me/contact-logs?year=${year}`);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({
      cadreId: countyCadre,
      name: "张三",
      duties: { grassrootsDays: 1, contacts: 2 },
    });
    expect(own.json().logs).toHaveLength(2);
  });
});
