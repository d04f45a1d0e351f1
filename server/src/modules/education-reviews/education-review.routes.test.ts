import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { todayInChina } from "../../lib/clock";
import { createTestApp, createTestUser, logInAs, logInEach, type TestSession } from "../../test/factories";
import { eventKindsOf, memberIdByName, sendAs } from "../../test/member-factories";
import { foldOnCitus } from "../../test/org-life-count-proof";

/**
 * 团员教育评议 routes (issue 12 part 2): a committee opens the campaign; a branch's review (roll,
 * grades, meeting) submitted on the engine (优秀 ≤ 30%, more than 2/3 attending), approved by the
 * committee above, grades on the archive; 401/403/404/400/422 with nothing written. In order.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;
let zhangSession: TestSession;
let zhang: number;
let li: number;
let wang: number;
let campaignId: number;
let reviewId: number;
const today = todayInChina();
const YEAR = Number(today.slice(0, 4));
const branch = () => context.tree.eastVillage1.id;

beforeAll(async () => {
  context = await createTestApp();
  [county, east, secretary, member] = await logInEach(context.app, ["county", "east", "secretary", "member"]);
  zhang = await memberIdByName(context.db, "张三");
  li = await memberIdByName(context.db, "李四");
  wang = await memberIdByName(context.db, "王五");
  const zhangUser = await createTestUser(context.db, "zhangsan", "member", branch());
  await context.db.execute(sql`update app_user set member_id = ${zhang} where id = ${zhangUser}`);
  zhangSession = await logInAs(context.app, "zhangsan");
});
afterAll(async () => context.close());

async function state() {
  const [row] = await queryRows<Record<string, unknown>>(
    context.db,
    sql`select (select count(*)::int from education_review_campaign) as campaigns,
               (select count(*)::int from branch_education_review) as reviews,
               (select string_agg(coalesce(meeting_held_on::text, '-') || coalesce(attendees_count::text, '-'), ',') from branch_education_review) as meetings,
               (select string_agg(member_id || ':' || coalesce(grade, '-') || ':' || coalesce(self_assessment, '-'), ',' order by member_id) from member_review_grade) as grades,
               (select string_agg(state || version, ',') from workflow_instance where kind = 'education_review') as instances,
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
  return response.json() as {
    error: { code: string; field?: string; message: string; failures?: { field: string; message: string }[] };
  };
}

const window = { year: YEAR, opensOn: `${YEAR}-01-01`, closesOn: `${YEAR}-12-31` };

describe("education review", () => {
  it("opening a campaign: 401, 403, 404 outside, 422 a branch, 400 naming the field, then opened; 409 overlapping", async () => {
    const url = (id: number) => `/organizations/${id}/education-review-campaigns`;
    await expectNothingWritten(
      () => sendAs(context.app, undefined, "POST", url(context.tree.east.id), window),
      401,
    );
    await expectNothingWritten(
      () => sendAs(context.app, member, "POST", url(context.tree.east.id), window),
      403,
    );
    await expectNothingWritten(
      () => sendAs(context.app, east, "POST", url(context.tree.west.id), window),
      404,
    );
    const branchRefused = await expectNothingWritten(
      () => sendAs(context.app, secretary, "POST", url(branch()), window),
      422,
    );
    expect(branchRefused.error.code).toBe("not_a_committee");
    const dates = await expectNothingWritten(
      () =>
        sendAs(context.app, east, "POST", url(context.tree.east.id), {
          ...window,
          closesOn: `${YEAR - 1}-12-31`,
        }),
      400,
    );
    expect(dates.error).toMatchObject({ field: "closesOn", message: expect.stringContaining("截止日期") });
    const bad = await expectNothingWritten(
      () =>
        sendAs(context.app, east, "POST", url(context.tree.east.id), { ...window, opensOn: "2026-02-30" }),
      400,
    );
    expect(bad.error.field).toBe("opensOn");
    const opened = await sendAs(context.app, east, "POST", url(context.tree.east.id), window);
    expect(opened.statusCode, opened.body).toBe(200);
    campaignId = opened.json().id;
    expect(opened.json()).toMatchObject({ organizationId: context.tree.east.id, year: YEAR, closed: false });
    const overlap = await expectNothingWritten(
      () => sendAs(context.app, county, "POST", url(context.tree.county.id), window),
      409,
    );
    expect(overlap.error.field).toBe("year");
  });

  it("the branch sees the campaign; its review is created on first read with the roll and an engine instance", async () => {
    const list = await sendAs(
      context.app,
      secretary,
      "GET",
      `/organizations/${branch()}/education-review-campaigns`,
    );
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([
      expect.objectContaining({
        id: campaignId,
        progress: expect.objectContaining({ branches: 1, submitted: 0 }),
      }),
    ]);
    expect(
      (
        await sendAs(
          context.app,
          east,
          "GET",
          `/organizations/${context.tree.westVillage.id}/education-review?campaignId=${campaignId}`,
        )
      ).statusCode,
    ).toBe(404);
    const got = await sendAs(
      context.app,
      secretary,
      "GET",
      `/organizations/${branch()}/education-review?campaignId=${campaignId}`,
    );
    expect(got.statusCode, got.body).toBe(200);
    reviewId = got.json().id;
    expect(got.json()).toMatchObject({
      state: "branch_review",
      rollCount: 2,
      excellentLimit: 0,
      actions: [{ action: "submit", label: "提交审批" }],
    });
    expect(
      got
        .json()
        .members.map((row: { memberId: number }) => row.memberId)
        .sort(),
    ).toEqual([zhang, li].sort());
    const again = await sendAs(
      context.app,
      secretary,
      "GET",
      `/organizations/${branch()}/education-review?campaignId=${campaignId}`,
    );
    expect(again.json().id).toBe(reviewId);
  });

  it("saving: 403, 404, 400 a member not on the roll, 优秀 over 30%, a future meeting, attendance over the roll — nothing written", async () => {
    const url = `/branch-education-reviews/${reviewId}`;
    const grades = [{ memberId: zhang, grade: "qualified" }];
    await expectNothingWritten(() => sendAs(context.app, member, "PUT", url, { grades }), 403);
    await expectNothingWritten(
      () => sendAs(context.app, secretary, "PUT", "/branch-education-reviews/999999", { grades }),
      404,
    );
    const offRoll = await expectNothingWritten(
      () =>
        sendAs(context.app, secretary, "PUT", url, {
          grades: [...grades, { memberId: wang, grade: "qualified" }],
        }),
      400,
    );
    expect(offRoll.error).toMatchObject({
      field: "grades.1.memberId",
      message: expect.stringContaining("不在本支部"),
    });
    const tooMany = await expectNothingWritten(
      () => sendAs(context.app, secretary, "PUT", url, { grades: [{ memberId: zhang, grade: "excellent" }] }),
      400,
    );
    expect(tooMany.error).toMatchObject({ field: "grades", message: expect.stringContaining("30%") });
    const future = await expectNothingWritten(
      () => sendAs(context.app, secretary, "PUT", url, { meetingHeldOn: "2999-01-01", grades }),
      400,
    );
    expect(future.error.field).toBe("meetingHeldOn");
    const over = await expectNothingWritten(
      () => sendAs(context.app, secretary, "PUT", url, { attendeesCount: 3, grades }),
      400,
    );
    expect(over.error.field).toBe("attendeesCount");
    const badGrade = await expectNothingWritten(
      () => sendAs(context.app, secretary, "PUT", url, { grades: [{ memberId: zhang, grade: "good" }] }),
      400,
    );
    expect(badGrade.error.field).toBe("grades.0.grade");
  });

  it("submitting with the meeting under 2/3 or a member ungraded is refused (422, every failure, nothing written)", async () => {
    const saved = await sendAs(context.app, secretary, "PUT", `/branch-education-reviews/${reviewId}`, {
      meetingHeldOn: today,
      attendeesCount: 1,
      grades: [{ memberId: zhang, selfAssessment: "认真学习", grade: "qualified" }],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().gradeCounts).toMatchObject({ qualified: 1 });
    const refused = await expectNothingWritten(
      () =>
        sendAs(context.app, secretary, "POST", `/branch-education-reviews/${reviewId}/transitions`, {
          action: "submit",
        }),
      422,
    );
    expect(refused.error.failures?.map((failure) => failure.field).sort()).toEqual([
      "attendeesCount",
      "grades",
    ]);
    expect(refused.error.failures?.[0]?.message).toMatch(/三分之二|未评定/);
  });

  it("the branch submits, the committee's inbox shows it, the branch may not approve, the committee approves: grades on the archive", async () => {
    await sendAs(context.app, secretary, "PUT", `/branch-education-reviews/${reviewId}`, {
      attendeesCount: 2,
      grades: [{ memberId: li, grade: "basically_qualified" }],
    });
    const submitted = await sendAs(
      context.app,
      secretary,
      "POST",
      `/branch-education-reviews/${reviewId}/transitions`,
      {
        action: "submit",
      },
    );
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ state: "awaiting_committee_approval", actions: [] });
    const locked = await expectNothingWritten(
      () => sendAs(context.app, secretary, "PUT", `/branch-education-reviews/${reviewId}`, { grades: [] }),
      422,
    );
    expect(locked.error.code).toBe("already_submitted");
    const inbox = await sendAs(context.app, east, "GET", "/todos?kind=education_review");
    expect(inbox.statusCode, inbox.body).toBe(200);
    expect(inbox.json().items).toEqual([
      expect.objectContaining({
        kind: "education_review",
        kindLabel: "团员教育评议",
        link: `/education-reviews/${reviewId}`,
      }),
    ]);
    await expectNothingWritten(
      () =>
        sendAs(context.app, secretary, "POST", `/branch-education-reviews/${reviewId}/transitions`, {
          action: "approve",
        }),
      403,
    );
    const noReason = await expectNothingWritten(
      () =>
        sendAs(context.app, east, "POST", `/branch-education-reviews/${reviewId}/transitions`, {
          action: "return",
        }),
      400,
    );
    expect(noReason.error.field).toContain("reason");
    const approved = await sendAs(
      context.app,
      east,
      "POST",
      `/branch-education-reviews/${reviewId}/transitions`,
      {
        action: "approve",
      },
    );
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ state: "approved" });
    expect(await eventKindsOf(context.db, zhang)).toContain("reviewed");
    expect(await eventKindsOf(context.db, li)).toContain("reviewed");
    const branches = await sendAs(
      context.app,
      east,
      "GET",
      `/education-review-campaigns/${campaignId}/branches`,
    );
    expect(branches.json()).toEqual([
      expect.objectContaining({
        organizationId: branch(),
        state: "approved",
        members: 2,
        graded: 2,
        excellentShare: 0,
      }),
      expect.objectContaining({
        organizationId: context.tree.eastVillage2.id,
        // Created when the campaign opened (never on a read); no save yet.
        branchReviewId: expect.any(Number),
        state: null,
        members: 1,
      }),
    ]);
    const progress = await sendAs(
      context.app,
      east,
      "GET",
      `/organizations/${context.tree.east.id}/education-review-campaigns`,
    );
    expect(progress.json()[0].progress).toEqual({
      branches: 2,
      submitted: 1,
      approved: 1,
      gradeCounts: { excellent: 0, qualified: 1, basically_qualified: 1, unqualified: 0 },
    });
    // The review tallies (org_life_count; by trigger in the writing transaction, on Citus after the fold
    // from the statements' marks, migration 0053_meeting_county) equal a recount, and every row sits in its
    // county.
    await foldOnCitus(context.db);
    const talliesOf = (from: ReturnType<typeof sql>) =>
      queryRows<{ id: number; dimension: string; value: string; amount: number }>(
        context.db,
        sql`select organization_id::int as id, dimension, value, amount::int as amount from ${from}
            where dimension in ('review', 'review_approved', 'graded') and amount <> 0 order by 1, 2, 3`,
      );
    const kept = await talliesOf(sql`org_life_count`);
    expect(kept).toEqual(await talliesOf(sql`org_life_count_recount()`));
    expect(kept.filter((row) => row.id === context.tree.east.id)).toEqual([
      {
        id: context.tree.east.id,
        dimension: "graded",
        value: `${campaignId}:basically_qualified`,
        amount: 1,
      },
      { id: context.tree.east.id, dimension: "graded", value: `${campaignId}:qualified`, amount: 1 },
      { id: context.tree.east.id, dimension: "review", value: `${campaignId}`, amount: 2 },
      { id: context.tree.east.id, dimension: "review_approved", value: `${campaignId}`, amount: 1 },
    ]);
    const [misplaced] = await queryRows<{ reviews: number; grades: number }>(
      context.db,
      sql`select (select count(*)::int from branch_education_review r join organization o on o.id = r.organization_id
                   where r.county_id <> o.county_id) as reviews,
                 (select count(*)::int from member_review_grade g where g.county_id <> ${context.tree.county.id}) as grades`,
    );
    expect(misplaced).toEqual({ reviews: 0, grades: 0 });
    expect(
      (
        await sendAs(
          context.app,
          east,
          "GET",
          `/education-review-campaigns/${campaignId}/branches?organizationId=${context.tree.west.id}`,
        )
      ).statusCode,
    ).toBe(404);
  });

  it("a member sees their own grade; 404 without a member record; 401 signed out", async () => {
    const own = await sendAs(context.app, zhangSession, "GET", "/me/education-reviews");
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toEqual([
      expect.objectContaining({ year: YEAR, grade: "qualified", selfAssessment: "认真学习" }),
    ]);
    expect((await sendAs(context.app, member, "GET", "/me/education-reviews")).statusCode).toBe(404);
    expect((await sendAs(context.app, undefined, "GET", "/me/education-reviews")).statusCode).toBe(401);
  });
});
