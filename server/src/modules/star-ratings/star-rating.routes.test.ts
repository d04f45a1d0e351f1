import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { createTestApp, logInEach, type TestSession } from "../../test/factories";
import { sendAs } from "../../test/member-factories";
import { foldOnCitus } from "../../test/org-life-count-proof";

/**
 * 评星定级 routes (issue 12 part 6): sheet, self-rating, committee review on the engine (≤ 20%
 * five-star), year-end lock. Refusals 401/403/404/400/422 with nothing written. In order.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;
const YEAR = 2025;
const SCORES = { organization: 19, members: 19, organizational_life: 19, role: 19, records: 19 };

beforeAll(async () => {
  context = await createTestApp();
  [county, east, secretary, member] = await logInEach(context.app, ["county", "east", "secretary", "member"]);
});
afterAll(async () => context.close());

async function state() {
  const [row] = await queryRows<Record<string, unknown>>(
    context.db,
    sql`select (select count(*)::int from star_rating) as ratings,
               (select string_agg(coalesce(stars::text, '-') || coalesce(locked_at::text, '-'), ',') from star_rating) as stars,
               (select count(*)::int from star_rating_sheet) as sheets,
               (select count(*)::int from workflow_instance where kind = 'star_rating') as instances,
               (select count(*)::int from audit_log) as audits`,
  );
  return row;
}

/**
 * The star tallies (org_life_count `star`: by trigger in the writing transaction; on Citus after the fold,
 * from the marks the ratings' statements leave, migration 0053_meeting_county) beside a recount, and where
 * each rating lives.
 */
async function starFigures() {
  await foldOnCitus(context.db);
  const kept = await queryRows<{ id: number; value: string; amount: number }>(
    context.db,
    sql`select organization_id::int as id, value, amount::int as amount from org_life_count
        where dimension = 'star' and amount <> 0 order by 1, 2`,
  );
  const recounted = await queryRows<{ id: number; value: string; amount: number }>(
    context.db,
    sql`select organization_id::int as id, value, amount::int as amount from org_life_count_recount()
        where dimension = 'star' order by 1, 2`,
  );
  const misplaced = await queryRows<{ n: number }>(
    context.db,
    sql`select count(*)::int as n from star_rating r join organization o on o.id = r.organization_id
        where r.county_id <> o.county_id`,
  );
  return { kept, recounted, misplaced: misplaced[0]?.n };
}

async function expectNothingWritten(
  send: () => Promise<{ statusCode: number; body: string; json: () => unknown }>,
  status: number,
) {
  const before = await state();
  const response = await send();
  expect(response.statusCode, response.body).toBe(status);
  expect(await state()).toEqual(before);
  return response.json() as {
    error: { code: string; field?: string; message: string; failures?: { code: string; message: string }[] };
  };
}

describe("star rating", () => {
  const branch = () => context.tree.eastVillage1.id;

  it("the sheet: default, refusals naming the field, a township's sheet", async () => {
    const got = await sendAs(
      context.app,
      secretary,
      "GET",
      `/organizations/${branch()}/star-rating-sheet?year=${YEAR}`,
    );
    expect(got.json()).toMatchObject({ isDefault: true });
    const items = [{ key: "a", label: "A", maxPoints: 60 }];
    await expectNothingWritten(
      () =>
        sendAs(
          context.app,
          undefined,
          "PUT",
          `/organizations/${context.tree.east.id}/star-rating-sheet?year=${YEAR}`,
          { items },
        ),
      401,
    );
    await expectNothingWritten(
      () =>
        sendAs(
          context.app,
          east,
          "PUT",
          `/organizations/${context.tree.west.id}/star-rating-sheet?year=${YEAR}`,
          { items },
        ),
      404,
    );
    await expectNothingWritten(
      () =>
        sendAs(context.app, member, "PUT", `/organizations/${branch()}/star-rating-sheet?year=${YEAR}`, {
          items,
        }),
      403,
    );
    const bad = await expectNothingWritten(
      () =>
        sendAs(
          context.app,
          east,
          "PUT",
          `/organizations/${context.tree.east.id}/star-rating-sheet?year=${YEAR}`,
          { items },
        ),
      400,
    );
    expect(bad.error.field).toBe("items");
  });

  it("self-rating: 400 naming the item, 404 outside, then recorded with its workflow", async () => {
    await expectNothingWritten(
      () =>
        sendAs(context.app, east, "POST", `/organizations/${context.tree.westVillage.id}/star-ratings`, {
          year: YEAR,
          scores: SCORES,
        }),
      404,
    );
    await expectNothingWritten(
      () =>
        sendAs(context.app, member, "POST", `/organizations/${branch()}/star-ratings`, {
          year: YEAR,
          scores: SCORES,
        }),
      403,
    );
    const over = await expectNothingWritten(
      () =>
        sendAs(context.app, secretary, "POST", `/organizations/${branch()}/star-ratings`, {
          year: YEAR,
          scores: { ...SCORES, role: 21 },
        }),
      400,
    );
    expect(over.error.field).toBe("scores.role");
    const response = await sendAs(context.app, secretary, "POST", `/organizations/${branch()}/star-ratings`, {
      year: YEAR,
      scores: SCORES,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ selfScore: 95, state: "self_rating", version: 1, stars: null });
    const figures = await starFigures();
    expect(figures.kept).toEqual(figures.recounted);
    expect(figures.kept).toContainEqual({ id: context.tree.county.id, value: `${YEAR}::false`, amount: 1 });
    expect(figures.misplaced).toBe(0);
  });

  it("submit, five-star over 20% refused naming the count, then rated four stars", async () => {
    const [{ id }] = (
      await sendAs(
        context.app,
        east,
        "GET",
        `/organizations/${context.tree.east.id}/star-ratings?year=${YEAR}`,
      )
    ).json().items;
    const transition = (session: TestSession, body: unknown) =>
      sendAs(context.app, session, "POST", `/star-ratings/${id}/transitions`, body);
    const page = (session: TestSession | undefined) =>
      sendAs(context.app, session, "GET", `/star-ratings/${id}`);
    expect((await page(undefined)).statusCode).toBe(401);
    expect((await sendAs(context.app, east, "GET", "/star-ratings/999999")).statusCode).toBe(404);
    const before = (await page(secretary)).json();
    expect(before).toMatchObject({ state: "self_rating", selfScores: SCORES, reviewedScores: null });
    expect(before.items).toHaveLength(5);
    expect(before.availableActions.map((item: { action: string }) => item.action)).toEqual([
      "submit_self_rating",
    ]);
    const submitted = await transition(secretary, { action: "submit_self_rating", version: 1, payload: {} });
    expect(submitted.statusCode, submitted.body).toBe(200);
    // The committee's to-do item opens the rating's page (workflow-kinds.ts).
    const todos = await sendAs(context.app, east, "GET", "/todos?kind=star_rating");
    expect(todos.json().items.map((item: { link: string }) => item.link)).toEqual([`/star-ratings/${id}`]);
    await expectNothingWritten(
      () => transition(secretary, { action: "review", version: 2, payload: { scores: SCORES } }),
      403,
    );
    const quota = await expectNothingWritten(
      () => transition(east, { action: "review", version: 2, payload: { scores: SCORES } }),
      422,
    );
    expect(JSON.stringify(quota)).toContain("five_star_quota");
    expect(JSON.stringify(quota)).toContain("共1个支部，最多0个五星");
    const four = { ...SCORES, role: 10 };
    const rated = await transition(east, { action: "review", version: 2, payload: { scores: four } });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json()).toMatchObject({ state: "rated", reviewedScore: 86, stars: 4 });
    const after = (await page(east)).json();
    expect(after).toMatchObject({ reviewedScores: four, availableActions: [] });
    expect(after.history.map((step: { action: string }) => step.action)).toEqual([
      "open",
      "submit_self_rating",
      "review",
    ]);
    const list = await sendAs(
      context.app,
      county,
      "GET",
      `/organizations/${context.tree.county.id}/star-ratings?year=${YEAR}`,
    );
    expect(list.json().distribution).toMatchObject({ four: 1, five: 0 });
    expect(list.json().items).toHaveLength(1);
    // The tallies moved from "not yet decided" to four stars in the review's transaction, on every ancestor.
    const figures = await starFigures();
    expect(figures.kept).toEqual(figures.recounted);
    expect(figures.kept.filter((row) => row.id === context.tree.county.id)).toEqual([
      { id: context.tree.county.id, value: `${YEAR}:4:false`, amount: 1 },
    ]);
    expect(figures.kept.filter((row) => row.id === context.tree.east.id)).toEqual([
      { id: context.tree.east.id, value: `${YEAR}:4:false`, amount: 1 },
    ]);
  });

  it("locks at year-end; editing a locked rating is refused", async () => {
    const future = await expectNothingWritten(
      () => sendAs(context.app, east, "POST", "/star-ratings/lock?year=2099"),
      400,
    );
    expect(future.error.field).toBe("year");
    const locked = await sendAs(context.app, east, "POST", `/star-ratings/lock?year=${YEAR}`);
    expect(locked.statusCode, locked.body).toBe(200);
    expect(locked.json()).toEqual({ year: YEAR, locked: 1 });
    const refused = await expectNothingWritten(
      () =>
        sendAs(context.app, secretary, "POST", `/organizations/${branch()}/star-ratings`, {
          year: YEAR,
          scores: SCORES,
        }),
      422,
    );
    expect(JSON.stringify(refused)).toContain("rating_locked");
  });
});
