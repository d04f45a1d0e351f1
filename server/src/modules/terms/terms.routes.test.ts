import { addDays, addMonths } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { todayInChina } from "../../lib/clock";
import { createTestApp, logInEach, type TestSession } from "../../test/factories";
import { sendAs } from "../../test/member-factories";
import { runTermElectionReminders } from "./term-election.job";

/**
 * Terms 届期 and elections 换届 (issue 13 part 2): 401/403/404/400 with nothing written, a term ending
 * before it starts, the expiring list, the election with its composition (Wangcang task 6).
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
const today = todayInChina();
const ids = { countyCongress: 0, eastCommittee: 0, newCongress: 0 };

beforeAll(async () => {
  context = await createTestApp();
  [county, east, secretary] = await logInEach(context.app, ["county", "east", "secretary"]);
});
afterAll(async () => context.close());

async function state() {
  return queryRows(
    context.db,
    sql`select (select count(*)::int from organization_term) as terms,
      (select count(*)::int from audit_log where entity_type = 'organization_term') as audits`,
  );
}

async function expectNothingWritten(
  send: () => Promise<{ statusCode: number; json: () => unknown }>,
  status: number,
) {
  const before = await state();
  const response = await send();
  expect(response.statusCode).toBe(status);
  expect(await state()).toEqual(before);
  return response.json() as { error: { code: string; field?: string; message: string } };
}

const term = (over: Record<string, unknown> = {}) => ({
  body: "congress",
  startsOn: addMonths(today, -58),
  endsOn: addDays(today, 30),
  seats: 200,
  grassrootsSeats: 170,
  ...over,
});

describe("POST /organizations/{id}/terms", () => {
  it("answers 401, 404, 403 and 400 (a term ending before it starts) — nothing written", async () => {
    const { tree } = context;
    const url = `/organizations/${tree.county.id}/terms`;
    await expectNothingWritten(() => sendAs(context.app, undefined, "POST", url, term()), 401);
    await expectNothingWritten(() => sendAs(context.app, east, "POST", url, term()), 404);
    await expectNothingWritten(
      () => sendAs(context.app, secretary, "POST", `/organizations/${tree.eastVillage1.id}/terms`, term()),
      403,
    );
    const reversed = await expectNothingWritten(
      () => sendAs(context.app, county, "POST", url, term({ startsOn: "2026-01-01", endsOn: "2025-12-31" })),
      400,
    );
    expect(reversed.error.field).toBe("endsOn");
    const seats = await expectNothingWritten(
      () => sendAs(context.app, county, "POST", url, term({ grassrootsSeats: 201 })),
      400,
    );
    expect(seats.error.field).toBe("grassrootsSeats");
    const body = await expectNothingWritten(
      () => sendAs(context.app, county, "POST", url, term({ body: "x" })),
      400,
    );
    expect(body.error.field).toBe("body");
  });

  it("records terms with state and composition, refuses an overlapping one", async () => {
    const { tree } = context;
    const congress = await sendAs(
      context.app,
      county,
      "POST",
      `/organizations/${tree.county.id}/terms`,
      term(),
    );
    expect(congress.statusCode).toBe(200);
    expect(congress.json()).toMatchObject({
      state: "expiring",
      succeeded: false,
      composition: { share: 0.85, minimum: 0.8, meets: true },
    });
    ids.countyCongress = congress.json().id;
    const committee = await sendAs(
      context.app,
      east,
      "POST",
      `/organizations/${tree.east.id}/terms`,
      term({ body: "committee", endsOn: addDays(today, 400), seats: 10, grassrootsSeats: 5 }),
    );
    expect(committee.json()).toMatchObject({ state: "current", composition: { minimum: 0.6, meets: false } });
    ids.eastCommittee = committee.json().id;
    const overlap = await expectNothingWritten(
      () =>
        sendAs(
          context.app,
          county,
          "POST",
          `/organizations/${tree.county.id}/terms`,
          term({ startsOn: addMonths(today, -12) }),
        ),
      400,
    );
    expect(overlap.error.field).toBe("startsOn");
  });
});

describe("expiring terms and the election", () => {
  it("lists the subtree's terms due for election (the reminder list)", async () => {
    const { tree } = context;
    const list = await sendAs(context.app, county, "GET", `/organizations/${tree.county.id}/terms/expiring`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((each: { id: number }) => each.id)).toEqual([ids.countyCongress]);
    const wider = await sendAs(
      context.app,
      county,
      "GET",
      `/organizations/${tree.county.id}/terms/expiring?days=500`,
    );
    expect(wider.json().items).toHaveLength(2);
    expect(
      (await sendAs(context.app, east, "GET", `/organizations/${tree.county.id}/terms/expiring`)).statusCode,
    ).toBe(404);
    expect(
      (await sendAs(context.app, county, "GET", `/organizations/${tree.county.id}/terms/expiring?days=-1`))
        .statusCode,
    ).toBe(400);
  });

  it("opens the reminder in the to-do inbox once (the daily job), for the county's administrators", async () => {
    const first = await runTermElectionReminders(context.db, new Date());
    expect(first.opened).toEqual([ids.countyCongress]);
    expect((await runTermElectionReminders(context.db, new Date())).opened).toEqual([]);
    const todo = await sendAs(context.app, county, "GET", "/todos");
    expect(todo.statusCode).toBe(200);
    expect(JSON.stringify(todo.json())).toContain("换届");
  });

  it("records the election: a new term, the old one succeeded and off the list; once only", async () => {
    const url = `/terms/${ids.countyCongress}/election`;
    const election = { electedOn: today, endsOn: addMonths(today, 60), seats: 180, grassrootsSeats: 140 };
    await expectNothingWritten(() => sendAs(context.app, east, "POST", url, election), 404);
    const future = await expectNothingWritten(
      () => sendAs(context.app, county, "POST", url, { ...election, electedOn: addDays(today, 1) }),
      400,
    );
    expect(future.error.field).toBe("electedOn");
    const reversed = await expectNothingWritten(
      () => sendAs(context.app, county, "POST", url, { ...election, endsOn: addDays(today, -1) }),
      400,
    );
    expect(reversed.error.field).toBe("endsOn");
    const response = await sendAs(context.app, county, "POST", url, election);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      previous: { id: ids.countyCongress, succeeded: true },
      term: {
        startsOn: today,
        electedOn: today,
        state: "current",
        composition: { source: "entered", seats: 180, grassrootsSeats: 140, meets: false, shortfall: 4 },
      },
      warnings: [
        "团员代表大会基层和一线成员 140 / 180 名（78%），低于 80% 的要求，还差 4 名（旺苍县改革方案任务6）",
      ],
    });
    ids.newCongress = response.json().term.id;
    const [item] = await queryRows<{ closed: boolean }>(
      context.db,
      sql`select closed_at is not null as closed from work_item where kind = 'term_election'`,
    );
    expect(item?.closed).toBe(true);
    const again = await expectNothingWritten(() => sendAs(context.app, county, "POST", url, election), 422);
    expect(again.error.code).toBe("already_elected");
    const list = await sendAs(
      context.app,
      county,
      "GET",
      `/organizations/${context.tree.county.id}/terms/expiring`,
    );
    expect(list.json().items).toEqual([]);
    const terms = await sendAs(
      context.app,
      secretary,
      "GET",
      `/organizations/${context.tree.eastVillage1.id}/terms`,
    );
    expect(terms.json()).toEqual({ items: [] });
  });
});

describe("the composition from the roster (deputy rows of the term; Wangcang task 6)", () => {
  const deputy = (body: string, grassroots: boolean, frontLine: boolean, termId: number) => ({
    name: "代表",
    body,
    grassroots,
    frontLine,
    termId,
  });
  const deputies = async () =>
    (await queryRows<{ n: number }>(context.db, sql`select count(*)::int as n from deputy`))[0]?.n;

  it("refuses a deputy in a term of another body (400 termId), nothing written", async () => {
    const before = await deputies();
    const response = await sendAs(
      context.app,
      county,
      "POST",
      `/organizations/${context.tree.county.id}/deputies`,
      deputy("standing_member", true, true, ids.newCongress),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: "term_body_mismatch", field: "termId" });
    expect(await deputies()).toBe(before);
  });

  it("counts the roster when it has rows: grassroots or front line, a row a seat", async () => {
    const url = `/organizations/${context.tree.county.id}/deputies`;
    // 10 deputies: 7 grassroots, 1 front line only, 2 neither → 8 / 10 = 80 % (meets).
    const flags: [boolean, boolean][] = [
      ...Array.from({ length: 7 }, (): [boolean, boolean] => [true, false]),
      [false, true],
      [false, false],
      [false, false],
    ];
    for (const [grassroots, frontLine] of flags) {
      const created = await sendAs(
        context.app,
        county,
        "POST",
        url,
        deputy("congress_deputy", grassroots, frontLine, ids.newCongress),
      );
      expect(created.statusCode).toBe(201);
    }
    const terms = await sendAs(context.app, county, "GET", `/organizations/${context.tree.county.id}/terms`);
    const congress = terms.json().items.find((item: { id: number }) => item.id === ids.newCongress);
    expect(congress).toMatchObject({
      rosterSeats: 10,
      composition: {
        source: "roster",
        seats: 10,
        grassrootsSeats: 8,
        share: 0.8,
        meets: true,
        warning: null,
      },
    });
  });

  it("warns of a standing committee short of 40 %, says by how many", async () => {
    const created = await sendAs(
      context.app,
      county,
      "POST",
      `/organizations/${context.tree.county.id}/terms`,
      term({
        body: "standing_committee",
        startsOn: addDays(today, -10),
        endsOn: addMonths(today, 50),
        seats: 5,
        grassrootsSeats: 1,
      }),
    );
    expect(created.json()).toMatchObject({ id: expect.any(Number) });
    const id = created.json().id as number;
    for (const grassroots of [true, false, false, false, false]) {
      const response = await sendAs(
        context.app,
        county,
        "POST",
        `/organizations/${context.tree.county.id}/deputies`,
        deputy("standing_member", grassroots, false, id),
      );
      expect(response.statusCode).toBe(201);
    }
    const terms = await sendAs(context.app, county, "GET", `/organizations/${context.tree.county.id}/terms`);
    const standing = terms.json().items.find((item: { id: number }) => item.id === id);
    expect(standing.composition).toEqual({
      source: "roster",
      seats: 5,
      grassrootsSeats: 1,
      share: 0.2,
      minimum: 0.4,
      meets: false,
      shortfall: 1,
      warning: "常委会基层和一线成员 1 / 5 名（20%），低于 40% 的要求，还差 1 名（旺苍县改革方案任务6）",
    });
  });
});
