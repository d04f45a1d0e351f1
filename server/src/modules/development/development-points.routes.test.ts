import { DEFAULT_POINTS_SCHEME } from "@tuanwu/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestAuditEntry } from "../../test/database-state";
import { createTestApp, logInEach, type TestSession } from "../../test/factories";
import { sendAs } from "../../test/member-factories";
import { applicationInput, expectDevelopmentRefused } from "./development.test-support";

/** Prerequisites and points (积分入团, issue 10 part 3): GET/POST /applications/{id}/prerequisites, GET/PUT points-scheme. */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;
let id: number;
let westId: number;

beforeAll(async () => {
  context = await createTestApp();
  [county, east, secretary, member] = await logInEach(context.app, ["county", "east", "secretary", "member"]);
  const created = await sendAs(
    context.app,
    secretary,
    "POST",
    `/organizations/${context.tree.eastVillage1.id}/applications`,
    applicationInput("林一", "2010-03-01", "013"),
  );
  id = created.json().id;
  const west = await sendAs(
    context.app,
    county,
    "POST",
    `/organizations/${context.tree.westVillage.id}/applications`,
    applicationInput("林二", "2010-03-02", "015"),
  );
  westId = west.json().id;
});
afterAll(async () => context.close());

const record = (session: TestSession | undefined, applicationId: number, body: unknown) =>
  sendAs(context.app, session, "POST", `/applications/${applicationId}/prerequisites`, body);

describe("POST /applications/{id}/prerequisites", () => {
  const fact = { item: "league_class_hours", units: 6, occurredOn: "2026-03-01", note: "团校第一期" };

  it("answers 401, 403, 404 and 400 naming the field, writing nothing", async () => {
    await expectDevelopmentRefused(context.db, () => record(undefined, id, fact), 401);
    await expectDevelopmentRefused(context.db, () => record(member, id, fact), 403);
    await expectDevelopmentRefused(context.db, () => record(secretary, westId, fact), 404);
    await expectDevelopmentRefused(context.db, () => record(secretary, id, { ...fact, units: -1 }), 400, {
      field: "units",
    });
    await expectDevelopmentRefused(context.db, () => record(secretary, id, { ...fact, item: "sleep" }), 400, {
      field: "item",
    });
    await expectDevelopmentRefused(
      context.db,
      () => record(secretary, id, { ...fact, occurredOn: "2099-01-01" }),
      400,
      {
        field: "occurredOn",
      },
    );
  });

  it("records a fact, audited; the points show what is still missing", async () => {
    const response = await record(secretary, id, fact);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      item: "league_class_hours",
      itemLabel: "团课学时",
      units: 6,
      origin: "branch",
    });
    expect(await latestAuditEntry(context.db, "development.prerequisite")).toMatchObject({
      entityId: String(id),
    });
    const list = await sendAs(context.app, secretary, "GET", `/applications/${id}/prerequisites`);
    expect(list.statusCode).toBe(200);
    const { records, points } = list.json();
    expect(records).toHaveLength(1);
    expect(points.total).toBe(12);
    expect(points.missing.map((missing: { message: string }) => missing.message)).toContain(
      "团课：已有6学时，至少需要8学时",
    );
    expect((await sendAs(context.app, member, "GET", `/applications/${id}/prerequisites`)).statusCode).toBe(
      403,
    );
    expect((await sendAs(context.app, east, "GET", `/applications/${westId}/prerequisites`)).statusCode).toBe(
      404,
    );
  });
});

describe("GET/PUT /organizations/{id}/points-scheme", () => {
  const scheme = {
    threshold: 10,
    items: [
      {
        code: "league_class",
        label: { zh: "团课", en: "League class" },
        source: "league_class_hours",
        pointsPerUnit: 1,
        cap: 20,
        requiredMinimum: 4,
      },
    ],
  };

  it("answers the default until a county sets its own", async () => {
    const response = await sendAs(
      context.app,
      secretary,
      "GET",
      `/organizations/${context.tree.eastVillage1.id}/points-scheme`,
    );
    expect(response.json()).toMatchObject({
      fromOrganizationId: null,
      own: false,
      scheme: { threshold: DEFAULT_POINTS_SCHEME.threshold },
    });
  });

  it("refuses 401, 403, 404, 422 below the county and 400 naming the field, writing nothing", async () => {
    const put = (session: TestSession | undefined, organizationId: number, body: unknown) =>
      sendAs(context.app, session, "PUT", `/organizations/${organizationId}/points-scheme`, body);
    await expectDevelopmentRefused(context.db, () => put(undefined, context.tree.county.id, scheme), 401);
    await expectDevelopmentRefused(context.db, () => put(member, context.tree.eastVillage1.id, scheme), 403);
    await expectDevelopmentRefused(context.db, () => put(east, context.tree.county.id, scheme), 404);
    await expectDevelopmentRefused(context.db, () => put(east, context.tree.east.id, scheme), 422, {
      code: "points_scheme_county_only",
    });
    await expectDevelopmentRefused(
      context.db,
      () => put(county, context.tree.county.id, { ...scheme, threshold: 30 }),
      400,
      {
        field: "threshold",
      },
    );
  });

  it("sets the county's scheme; the branch's points follow it", async () => {
    const response = await sendAs(
      context.app,
      county,
      "PUT",
      `/organizations/${context.tree.county.id}/points-scheme`,
      scheme,
    );
    expect(response.statusCode).toBe(200);
    expect(await latestAuditEntry(context.db, "development.points_scheme")).toMatchObject({
      entityId: String(context.tree.county.id),
    });
    const below = await sendAs(
      context.app,
      secretary,
      "GET",
      `/organizations/${context.tree.eastVillage1.id}/points-scheme`,
    );
    expect(below.json()).toMatchObject({
      fromOrganizationId: context.tree.county.id,
      own: false,
      scheme: { threshold: 10 },
    });
    const points = (await sendAs(context.app, secretary, "GET", `/applications/${id}/prerequisites`)).json()
      .points;
    expect(points).toMatchObject({ total: 6, threshold: 10, meetsThreshold: false, missingCount: 1 });
  });
});

describe("GET /organizations/{id}/applications?sort=points", () => {
  it("ranks the candidates by points, highest first", async () => {
    const other = await sendAs(
      context.app,
      secretary,
      "POST",
      `/organizations/${context.tree.eastVillage1.id}/applications`,
      applicationInput("林三", "2010-03-03", "017", { applicationDate: "2026-02-01" }),
    );
    expect(other.statusCode).toBe(201);
    const more = { item: "league_class_hours", units: 9, occurredOn: "2026-03-01" };
    expect((await record(secretary, other.json().id, more)).statusCode).toBe(201);
    const url = `/organizations/${context.tree.eastVillage1.id}/applications`;
    const byDate = await sendAs(context.app, secretary, "GET", url);
    expect(byDate.json().items.map((item: { name: string }) => item.name)).toEqual(["林一", "林三"]);
    const ranked = await sendAs(context.app, secretary, "GET", `${url}?sort=points`);
    expect(
      ranked
        .json()
        .items.map((item: { name: string; points: { total: number } }) => [item.name, item.points.total]),
    ).toEqual([
      ["林三", 9],
      ["林一", 6],
    ]);
    expect((await sendAs(context.app, secretary, "GET", `${url}?sort=age`)).statusCode).toBe(400);
  });
});
