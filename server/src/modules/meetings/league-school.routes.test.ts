import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganizationRow, createTestApp, logInEach, type TestSession } from "../../test/factories";
import { sendAs } from "../../test/member-factories";

/**
 * GET /organizations/{id}/league-school-report (中学团校 ≥ 6 sessions a year; domain.md §5):
 * 401/404/400 and the schools of the subtree with their counts, the ones under 6 first.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let member: TestSession;
let secretary: TestSession;
let lively: number;
let quiet: number;
const YEAR = 2025;

beforeAll(async () => {
  context = await createTestApp();
  const { db, tree } = context;
  [county, east, member, secretary] = await logInEach(context.app, ["county", "east", "member", "secretary"]);
  const school = (name: string) =>
    createOrganizationRow(db, { parent: tree.east, kind: "committee", sector: "secondary_school", name });
  const first = await school("东河中学团委");
  const second = await school("东河初级中学团委");
  lively = first.id;
  quiet = second.id;
  const classBranch = await createOrganizationRow(db, {
    parent: first,
    kind: "branch",
    sector: "secondary_school",
    name: "高一1班团支部",
  });
  const secondBranch = await createOrganizationRow(db, {
    parent: second,
    kind: "branch",
    sector: "secondary_school",
    name: "初三1班团支部",
  });
  // Six sessions at the first school (one a year before: not counted), two at the second, a 团课 not counted.
  // (each in its organization's county: on Citus the distribution column, given with the write)
  await db.execute(sql`insert into meeting (county_id, organization_id, kind, held_on, topic)
    select o.county_id, o.id, 'league_school_session', make_date(${YEAR}, n, 10), '团校第' || n || '讲'
      from generate_series(1, 6) n, organization o where o.id = ${classBranch.id}`);
  await db.execute(sql`insert into meeting (county_id, organization_id, kind, held_on, topic)
    select o.county_id, o.id, v.kind, v.held_on::date, v.topic
      from (values
        (${classBranch.id}::int, 'league_school_session', ${`${YEAR - 1}-12-20`}, '去年'),
        (${secondBranch.id}::int, 'league_school_session', ${`${YEAR}-03-01`}, '一'),
        (${secondBranch.id}::int, 'league_school_session', ${`${YEAR}-04-01`}, '二'),
        (${secondBranch.id}::int, 'league_class', ${`${YEAR}-05-01`}, '团课')) as v (organization_id, kind, held_on, topic)
      join organization o on o.id = v.organization_id`);
});
afterAll(async () => context.close());

const report = (session: TestSession | undefined, id: number, query = `year=${YEAR}`) =>
  sendAs(context.app, session, "GET", `/organizations/${id}/league-school-report?${query}`);

describe("league-school report", () => {
  it("refuses without a session, outside the subtree and a bad year", async () => {
    expect((await report(undefined, context.tree.east.id)).statusCode).toBe(401);
    expect((await report(east, context.tree.west.id)).statusCode).toBe(404);
    const bad = await report(east, context.tree.east.id, "year=19");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("year");
  });

  it("lists the schools of the subtree, the one under 6 first", async () => {
    const response = await report(county, context.tree.county.id);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      year: YEAR,
      through: `${YEAR}-12-31`,
      required: 6,
      schools: 2,
      underMinimum: 1,
    });
    expect(body.items).toEqual([
      expect.objectContaining({ organizationId: quiet, sessions: 2, shortfall: 4, met: false }),
      expect.objectContaining({
        organizationId: lively,
        sessions: 6,
        met: true,
        lastHeldOn: `${YEAR}-06-10`,
      }),
    ]);
  });

  it("403 for a member; a branch secretary reads an empty report (no school in the subtree)", async () => {
    expect((await report(member, context.tree.eastVillage1.id)).statusCode).toBe(403);
    const response = await report(secretary, context.tree.eastVillage1.id);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ schools: 0, items: [] });
  });
});
