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
const ids = { countyCongress: 0, eastCommittee: 0 };

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
      term: { startsOn: today, electedOn: today, state: "current", composition: { meets: false } },
    });
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
