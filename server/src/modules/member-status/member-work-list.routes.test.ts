import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appointCadre } from "../../test/cadre-factories";
import { createTestApp, logInEach, type TestSession } from "../../test/factories";
import { createMemberThroughApi, personRecord, sendAs } from "../../test/member-factories";

/** GET /organizations/{id}/work-lists/age-out and /work-lists/lapse. */

let context: Awaited<ReturnType<typeof createTestApp>>;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;

beforeAll(async () => {
  context = await createTestApp();
  [east, secretary, member] = await logInEach(context.app, ["east", "secretary", "member"]);
  const branch = context.tree.eastVillage1.id;
  const create = (record: Record<string, unknown>) =>
    createMemberThroughApi(context.app, secretary, branch, record);
  await create(personRecord("老李", "1997-05-05", "771"));
  await create(personRecord("二十八", "1998-12-30", "661"));
  // 是否团干部 is a view of the cadre records (issue 13 part 1): appointed there.
  await appointCadre(context.db, await create(personRecord("老书记", "1996-04-04", "881")));
  await create(personRecord("小青", "2005-06-15", "551"));
  await create(personRecord("流动", "1997-07-07", "331"));
  await context.db.execute(sql`update member set status = 'flowing' where name = '流动'`);
  await context.db.execute(sql`update member set last_dues_paid_on = '2020-01-01' where name = '小青'`);
  await context.db.execute(
    sql`update member set last_dues_paid_on = current_date, last_organizational_life_on = '2019-03-01' where name = '老李'`,
  );
  await context.db.execute(sql`update member set last_dues_paid_on = current_date where name = '二十八'`);
});
afterAll(async () => context.close());

const get = (session: TestSession | undefined, id: number, list: string, query = "") =>
  sendAs(context.app, session, "GET", `/organizations/${id}/work-lists/${list}${query}`);

describe.each(["age-out", "lapse"])("GET /organizations/{id}/work-lists/%s — refusals", (list) => {
  it("answers 401, 404 outside the scope, 403 to a member, 400 naming the field", async () => {
    expect((await get(undefined, context.tree.east.id, list)).statusCode).toBe(401);
    expect((await get(east, context.tree.west.id, list)).statusCode).toBe(404);
    expect((await get(member, context.tree.eastVillage1.id, list)).statusCode).toBe(403);
    const bad = await get(east, context.tree.east.id, list, "?pageSize=500");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("pageSize");
  });
});

describe("GET /organizations/{id}/work-lists/age-out", () => {
  it("lists members turning 28 in the year or older, oldest first, cadres excluded, masked", async () => {
    const body = (await get(secretary, context.tree.eastVillage1.id, "age-out", "?year=2026")).json();
    expect(body).toMatchObject({ year: 2026, total: 3, page: 1 });
    expect(body.items.map((item: { name: string }) => item.name)).toEqual(["老李", "流动", "二十八"]);
    expect(body.items[0]).toMatchObject({
      ageOutDate: "2025-05-05",
      overAge: true,
      hasPendingStatusRequest: false,
    });
    expect(body.items[2]).toMatchObject({ ageOutDate: "2026-12-30", status: "active" });
    expect(body.items[0].citizenId).toMatch(/^1101\*+/);
  });

  it("takes the year: 2025 lists only those born in 1997 or earlier", async () => {
    const body = (await get(east, context.tree.east.id, "age-out", "?year=2025")).json();
    expect(body.items.map((item: { name: string }) => item.name)).toEqual(["老李", "流动"]);
    const bad = await get(east, context.tree.east.id, "age-out", "?year=abc");
    expect(bad.json().error.field).toBe("year");
  });

  it("marks a member with a pending request", async () => {
    const id = (await get(east, context.tree.east.id, "age-out", "?year=2026")).json().items[0].id;
    const asked = await sendAs(context.app, secretary, "POST", `/members/${id}/status-requests`, {
      toStatus: "aged_out",
      reason: "超龄",
      effectiveOn: "2026-01-01",
    });
    expect(asked.statusCode).toBe(201);
    const body = (await get(east, context.tree.east.id, "age-out", "?year=2026")).json();
    expect(body.items[0]).toMatchObject({ id, hasPendingStatusRequest: true });
  });
});

describe("GET /organizations/{id}/work-lists/lapse", () => {
  it("lists members six months without dues or organizational life, with the reasons; nothing recorded is never listed", async () => {
    const body = (await get(east, context.tree.east.id, "lapse")).json();
    expect(body.total).toBe(2);
    expect(body.items.map((item: { name: string; reasons: string[] }) => [item.name, item.reasons])).toEqual([
      ["老李", ["organizational_life"]],
      ["小青", ["dues"]],
    ]);
  });
});

describe("GET /organizations/{id}/work-lists/lapse — unregistered for over a year (团籍注册)", () => {
  it("lists a member not registered since over a year ago; a later registration takes them off", async () => {
    await context.db.execute(
      sql`insert into registration_campaign (organization_id, year, opens_on, closes_on)
          values (${context.tree.east.id}, 2020, '2020-01-01', '2020-12-31'), (${context.tree.east.id}, 2021, '2021-01-01', '2021-12-31')`,
    );
    await context.db.execute(
      sql`insert into member_registration (county_id, campaign_id, member_id, status, reason, deferred_until, decided_on)
          select m.county_id, c.id, m.id, v.status, v.reason, v.until::date, v.decided::date
          from (values ('流动', 2020, 'unregistered', '长期失联', null, '2020-03-01'),
                       ('二十八', 2020, 'deferred', '外出', '2020-07-01', '2020-03-01'),
                       ('二十八', 2021, 'registered', null, null, '2021-03-01')) v(name, year, status, reason, until, decided)
          join member m on m.name = v.name join registration_campaign c on c.year = v.year`,
    );
    const body = (await get(east, context.tree.east.id, "lapse")).json();
    expect(body.total).toBe(3);
    expect(
      body.items.map((item: { name: string; reasons: string[] }) => [item.name, item.reasons]),
    ).toContainEqual(["流动", ["unregistered"]]);
    expect(body.items.map((item: { name: string }) => item.name)).not.toContain("二十八");
  });
});
