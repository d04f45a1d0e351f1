import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestAuditEntry } from "../../test/database-state";
import { createTestApp, createTestUser, logInEach, type TestSession } from "../../test/factories";
import { sendAs } from "../../test/member-factories";
import { expectRefused } from "../activities/activity.test-support";

/**
 * Youth Homes 青年之家 (issue 14 part 1): attach to the tree, the 五有 check, subsidies, services in
 * person-times, de-listing 摘牌 and the de-listing rule; 401/403/404/400/409 and success; refusals write
 * nothing; every write one audit entry.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let west: TestSession;
let member: TestSession;
let homeId: number;

const home = {
  kind: "youth_home",
  name: "东河镇青年之家",
  address: "东河镇文化站二楼",
  operator: "东河镇团委",
  isDemonstration: true,
  standard: { venue: true, projects: true, team: true, rules: true, sign: false },
  subsidyYuanPerYear: 10000,
  listedOn: "2025-01-01",
};

beforeAll(async () => {
  context = await createTestApp();
  await createTestUser(context.db, "west", "org_admin", context.tree.west.id);
  [county, east, west, member] = await logInEach(context.app, ["county", "east", "west", "member"]);
});
afterAll(async () => context.close());

describe("POST /organizations/{id}/youth-homes", () => {
  it("refuses anonymous (401), another township (404), a member (403) and bad input (400), writing nothing", async () => {
    const url = `/organizations/${context.tree.east.id}/youth-homes`;
    await expectRefused(context.db, () => sendAs(context.app, undefined, "POST", url, home), 401);
    await expectRefused(context.db, () => sendAs(context.app, west, "POST", url, home), 404);
    await expectRefused(
      context.db,
      () =>
        sendAs(
          context.app,
          member,
          "POST",
          `/organizations/${context.tree.eastVillage1.id}/youth-homes`,
          home,
        ),
      403,
    );
    const error = await expectRefused(
      context.db,
      () => sendAs(context.app, east, "POST", url, { ...home, kind: "castle" }),
      400,
      { field: "kind" },
    );
    expect(error.message).toContain("类型");
    await expectRefused(
      context.db,
      () => sendAs(context.app, east, "POST", url, { ...home, subsidyYuanPerYear: -1 }),
      400,
      { field: "subsidyYuanPerYear" },
    );
  });

  it("attaches a home to the township with its 五有 check, audited", async () => {
    const response = await sendAs(
      context.app,
      east,
      "POST",
      `/organizations/${context.tree.east.id}/youth-homes`,
      home,
    );
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json();
    homeId = created.id;
    expect(created).toMatchObject({
      organizationId: context.tree.east.id,
      kind: "youth_home",
      standardMet: false,
      standardMissing: ["sign"],
      subsidyYuanPerYear: 10000,
      delistingDue: true,
      delistingReason: "示范青年之家近6个月未开展活动",
      counts: { activities: 0, signups: 0, participants: 0, servicePersonTimes: 0 },
    });
    expect(await latestAuditEntry(context.db, "youth_home.create")).toMatchObject({
      entityId: String(homeId),
      organizationId: context.tree.east.id,
    });
  });
});

describe("GET, PATCH, services and de-listing", () => {
  it("reads a home inside the scope; 404 outside, 401 anonymous", async () => {
    expect((await sendAs(context.app, county, "GET", `/youth-homes/${homeId}`)).statusCode).toBe(200);
    expect((await sendAs(context.app, west, "GET", `/youth-homes/${homeId}`)).statusCode).toBe(404);
    expect((await sendAs(context.app, undefined, "GET", `/youth-homes/${homeId}`)).statusCode).toBe(401);
    expect(
      (await sendAs(context.app, member, "GET", `/organizations/${context.tree.eastVillage1.id}/youth-homes`))
        .statusCode,
    ).toBe(403);
  });

  it("completes the 五有 by PATCH, audited with before and after", async () => {
    await expectRefused(
      context.db,
      () => sendAs(context.app, east, "PATCH", `/youth-homes/${homeId}`, { name: "" }),
      400,
      { field: "name" },
    );
    await expectRefused(
      context.db,
      () => sendAs(context.app, west, "PATCH", `/youth-homes/${homeId}`, { name: "西" }),
      404,
    );
    const response = await sendAs(context.app, east, "PATCH", `/youth-homes/${homeId}`, {
      standard: { sign: true },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ standardMet: true, standardMissing: [] });
    const audit = await latestAuditEntry(context.db, "youth_home.update");
    expect(audit?.before).toMatchObject({ standardMet: false });
    expect(audit?.after).toMatchObject({ standardMet: true });
  });

  it("records services per month in person-times; a bad month or count is 400", async () => {
    await expectRefused(
      context.db,
      () => sendAs(context.app, east, "PUT", `/youth-homes/${homeId}/services/2026-13`, { personTimes: 5 }),
      400,
      { field: "month" },
    );
    await expectRefused(
      context.db,
      () => sendAs(context.app, east, "PUT", `/youth-homes/${homeId}/services/2026-11`, { personTimes: -5 }),
      400,
      { field: "personTimes" },
    );
    for (const [month, personTimes] of [
      ["2026-10", 80],
      ["2026-11", 120],
      ["2026-11", 150],
    ] as const) {
      const response = await sendAs(context.app, east, "PUT", `/youth-homes/${homeId}/services/${month}`, {
        personTimes,
      });
      expect(response.statusCode, response.body).toBe(200);
    }
    const detail = (await sendAs(context.app, east, "GET", `/youth-homes/${homeId}`)).json();
    expect(detail.services).toEqual([
      { month: "2026-10", personTimes: 80 },
      { month: "2026-11", personTimes: 150 },
    ]);
    expect(detail.counts.servicePersonTimes).toBe(230);
    expect(await latestAuditEntry(context.db, "youth_home.services")).toMatchObject({
      before: { month: "2026-11", personTimes: 120 },
      after: { month: "2026-11", personTimes: 150 },
    });
  });

  it("lists the county's homes with totals and counts per organization", async () => {
    await sendAs(context.app, west, "POST", `/organizations/${context.tree.west.id}/youth-homes`, {
      kind: "talent_station",
      name: "西河镇青年人才驿站",
    });
    const list = (
      await sendAs(context.app, county, "GET", `/organizations/${context.tree.county.id}/youth-homes`)
    ).json();
    expect(list.items.map((item: { name: string }) => item.name)).toEqual([
      "东河镇青年之家",
      "西河镇青年人才驿站",
    ]);
    expect(list.totals).toMatchObject({
      homes: 2,
      listed: 2,
      standardMet: 1,
      delistingDue: 1,
      servicePersonTimes: 230,
    });
    expect(list.byOrganization).toHaveLength(2);
    const westList = (
      await sendAs(context.app, west, "GET", `/organizations/${context.tree.west.id}/youth-homes`)
    ).json();
    expect(westList.items).toHaveLength(1);
    const stations = (
      await sendAs(
        context.app,
        county,
        "GET",
        `/organizations/${context.tree.county.id}/youth-homes?kind=talent_station`,
      )
    ).json();
    expect(stations.items).toHaveLength(1);
  });

  it("de-lists a home once (409 the second time); it leaves the list unless asked for", async () => {
    await expectRefused(
      context.db,
      () => sendAs(context.app, east, "POST", `/youth-homes/${homeId}/delist`, {}),
      400,
      { field: "reason" },
    );
    const response = await sendAs(context.app, east, "POST", `/youth-homes/${homeId}/delist`, {
      reason: "近6个月未开展活动",
      delistedOn: "2026-12-01",
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ delistedOn: "2026-12-01", delistingDue: false });
    await expectRefused(
      context.db,
      () => sendAs(context.app, east, "POST", `/youth-homes/${homeId}/delist`, { reason: "再次" }),
      409,
      { code: "already_delisted" },
    );
    const listed = (
      await sendAs(context.app, east, "GET", `/organizations/${context.tree.east.id}/youth-homes`)
    ).json();
    expect(listed.items).toHaveLength(0);
    const all = (
      await sendAs(
        context.app,
        east,
        "GET",
        `/organizations/${context.tree.east.id}/youth-homes?includeDelisted=true`,
      )
    ).json();
    expect(all.items).toHaveLength(1);
  });
});
