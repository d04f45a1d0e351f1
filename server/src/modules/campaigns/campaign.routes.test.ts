import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { todayInChina } from "../../lib/clock";
import { createTestApp, createTestUser, logInEach, type TestSession } from "../../test/factories";
import { memberIdByName, sendAs } from "../../test/member-factories";

/**
 * Closing a campaign (issue 12 parts 2–3): POST /education-review-campaigns/{id}/close and
 * /registration-campaigns/{id}/close — 401, 404 outside (and missing), 403 without member:write,
 * success by the committee that opened it or one above (audited), 409 a second time; after it the
 * campaign's reviews and registrations refuse writes (409 naming the campaign, nothing written) and
 * still read. Reads of a branch review write nothing. In order.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
let evaluator: TestSession;
let zhang: number;
let reviewCampaign: number;
let registrationCampaign: number;
let reviewId: number;
const today = todayInChina();
const YEAR = Number(today.slice(0, 4));
const window = { year: YEAR, opensOn: `${YEAR}-01-01`, closesOn: `${YEAR}-12-31` };
const branch = () => context.tree.eastVillage1.id;

beforeAll(async () => {
  context = await createTestApp();
  await createTestUser(context.db, "evaluator", "evaluator", context.tree.county.id);
  [county, east, secretary, evaluator] = await logInEach(context.app, [
    "county",
    "east",
    "secretary",
    "evaluator",
  ]);
  zhang = await memberIdByName(context.db, "张三");
});
afterAll(async () => context.close());

/** Everything a campaign write could touch. */
async function state() {
  const [row] = await queryRows<Record<string, unknown>>(
    context.db,
    sql`select (select string_agg(id || ':' || coalesce(closed_at::text, '-'), ',' order by id) from education_review_campaign) as reviews,
               (select string_agg(id || ':' || coalesce(closed_at::text, '-'), ',' order by id) from registration_campaign) as registrations,
               (select string_agg(id || ':' || coalesce(instance_id::text, '-') || ':' || coalesce(meeting_held_on::text, '-') || ':' || coalesce(roll_count::text, '-'), ',' order by id) from branch_education_review) as branchReviews,
               (select string_agg(member_id || ':' || coalesce(grade, '-'), ',' order by member_id) from member_review_grade) as grades,
               (select string_agg(member_id || ':' || status, ',' order by member_id) from member_registration) as decisions,
               (select count(*)::int from workflow_instance) as instances,
               (select count(*)::int from work_item) as workItems,
               (select count(*)::int from member_event) as events,
               (select count(*)::int from audit_log) as audits`,
  );
  return row;
}

async function expectNothingWritten(
  send: () => Promise<{ statusCode: number; body: string; json: () => unknown }>,
  status: number,
) {
  const before = await state();
  const response = await send();
  expect(response.statusCode, response.body).toBe(status);
  expect(await state()).toEqual(before);
  return response.json() as { error: { code: string; field?: string; message: string } };
}

describe("closing a campaign", () => {
  it("opening a review campaign creates every branch's review; reading one writes nothing", async () => {
    const opened = await sendAs(
      context.app,
      east,
      "POST",
      `/organizations/${context.tree.east.id}/education-review-campaigns`,
      window,
    );
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json()).toMatchObject({ closed: false, closedAt: null, mayClose: true });
    reviewCampaign = opened.json().id;
    const registration = await sendAs(
      context.app,
      east,
      "POST",
      `/organizations/${context.tree.east.id}/registration-campaigns`,
      window,
    );
    expect(registration.statusCode, registration.body).toBe(200);
    registrationCampaign = registration.json().id;
    const [reviews] = await queryRows<{ count: number }>(
      context.db,
      sql`select count(*)::int as count from branch_education_review where campaign_id = ${reviewCampaign}`,
    );
    expect(reviews?.count).toBe(2);
    const got = await expectNothingWritten(
      () =>
        sendAs(
          context.app,
          secretary,
          "GET",
          `/organizations/${branch()}/education-review?campaignId=${reviewCampaign}`,
        ),
      200,
    );
    reviewId = (got as unknown as { id: number }).id;
    const byId = await expectNothingWritten(
      () => sendAs(context.app, secretary, "GET", `/branch-education-reviews/${reviewId}`),
      200,
    );
    expect(byId).toMatchObject({
      id: reviewId,
      state: "branch_review",
      rollCount: 2,
      actions: [{ action: "submit" }],
    });
    await expectNothingWritten(
      () => sendAs(context.app, secretary, "GET", `/branch-education-reviews/${reviewId + 1000}`),
      404,
    );
    await expectNothingWritten(
      () => sendAs(context.app, undefined, "GET", `/branch-education-reviews/${reviewId}`),
      401,
    );
    // 开始评议 (POST /organizations/{branchId}/education-review): 401, 404 outside the user's subtree,
    // 400 without the campaign, and for a branch whose review exists already the same review, nothing written.
    const start = (session: typeof secretary | undefined, orgId: number, body: object) =>
      sendAs(context.app, session, "POST", `/organizations/${orgId}/education-review`, body);
    await expectNothingWritten(() => start(undefined, branch(), { campaignId: reviewCampaign }), 401);
    await expectNothingWritten(
      () => start(east, context.tree.westVillage.id, { campaignId: reviewCampaign }),
      404,
    );
    const missing = await expectNothingWritten(() => start(secretary, branch(), {}), 400);
    expect(missing.error.field).toBe("campaignId");
    const again = await expectNothingWritten(
      () => start(secretary, branch(), { campaignId: reviewCampaign }),
      200,
    );
    expect((again as unknown as { id: number }).id).toBe(reviewId);
    const list = await sendAs(
      context.app,
      secretary,
      "GET",
      `/organizations/${branch()}/education-review-campaigns`,
    );
    expect(list.json()).toEqual([expect.objectContaining({ id: reviewCampaign, mayClose: false })]);
    const saved = await sendAs(context.app, secretary, "PUT", `/branch-education-reviews/${reviewId}`, {
      grades: [{ memberId: zhang, grade: "qualified" }],
    });
    expect(saved.statusCode, saved.body).toBe(200);
  });

  it("close: 401, 404 missing or outside, 403 without member:write; the committee closes (audited); 409 again", async () => {
    const url = (id: number) => `/education-review-campaigns/${id}/close`;
    await expectNothingWritten(() => sendAs(context.app, undefined, "POST", url(reviewCampaign)), 401);
    await expectNothingWritten(() => sendAs(context.app, east, "POST", url(reviewCampaign + 1000)), 404);
    // The branch lies under the campaign but did not open it: the committee is outside its subtree.
    await expectNothingWritten(() => sendAs(context.app, secretary, "POST", url(reviewCampaign)), 404);
    await expectNothingWritten(() => sendAs(context.app, evaluator, "POST", url(reviewCampaign)), 403);
    const closed = await sendAs(context.app, east, "POST", url(reviewCampaign));
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ id: reviewCampaign, closed: true, mayClose: false });
    expect(closed.json().closedAt).toEqual(expect.any(String));
    const [audit] = await queryRows<{ action: string }>(
      context.db,
      sql`select action from audit_log where entity_type = 'education_review_campaign' and entity_id = ${String(reviewCampaign)} order by id desc limit 1`,
    );
    expect(audit?.action).toBe("education_review_campaign.close");
    const again = await expectNothingWritten(
      () => sendAs(context.app, east, "POST", url(reviewCampaign)),
      409,
    );
    expect(again.error.code).toBe("already_closed");
  });

  it("a closed review refuses saves and steps (409 naming the campaign, nothing written) and still reads", async () => {
    const saved = await expectNothingWritten(
      () =>
        sendAs(context.app, secretary, "PUT", `/branch-education-reviews/${reviewId}`, {
          grades: [{ memberId: zhang, grade: "excellent" }],
        }),
      409,
    );
    expect(saved.error).toMatchObject({
      code: "campaign_closed",
      message: expect.stringContaining(`${YEAR}年度团员教育评议`),
    });
    const submitted = await expectNothingWritten(
      () =>
        sendAs(context.app, secretary, "POST", `/branch-education-reviews/${reviewId}/transitions`, {
          action: "submit",
        }),
      409,
    );
    expect(submitted.error.code).toBe("campaign_closed");
    const read = await expectNothingWritten(
      () => sendAs(context.app, secretary, "GET", `/branch-education-reviews/${reviewId}`),
      200,
    );
    expect(read).toMatchObject({ id: reviewId, actions: [] });
  });

  it("registration: the committee above closes it; decisions refused 409, nothing written; the list still reads", async () => {
    const url = `/registration-campaigns/${registrationCampaign}/close`;
    await expectNothingWritten(() => sendAs(context.app, undefined, "POST", url), 401);
    await expectNothingWritten(() => sendAs(context.app, secretary, "POST", url), 404);
    await expectNothingWritten(() => sendAs(context.app, evaluator, "POST", url), 403);
    const closed = await sendAs(context.app, county, "POST", url);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ closed: true });
    const decided = await expectNothingWritten(
      () =>
        sendAs(
          context.app,
          secretary,
          "PUT",
          `/registration-campaigns/${registrationCampaign}/members/${zhang}`,
          {
            status: "unregistered",
            reason: "长期不参加组织生活",
          },
        ),
      409,
    );
    expect(decided.error).toMatchObject({
      code: "campaign_closed",
      message: expect.stringContaining(`${YEAR}年度团籍注册`),
    });
    await expectNothingWritten(
      () =>
        sendAs(
          context.app,
          secretary,
          "POST",
          `/registration-campaigns/${registrationCampaign}/register-eligible`,
          {
            organizationId: branch(),
          },
        ),
      409,
    );
    const members = await sendAs(
      context.app,
      secretary,
      "GET",
      `/registration-campaigns/${registrationCampaign}/members?organizationId=${branch()}`,
    );
    expect(members.statusCode, members.body).toBe(200);
    await expectNothingWritten(() => sendAs(context.app, county, "POST", url), 409);
  });
});
