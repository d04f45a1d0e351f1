import { addMonths } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { todayInChina } from "../../lib/clock";
import { createTestApp, createTestUser, logInAs, logInEach, type TestSession } from "../../test/factories";
import { eventKindsOf, memberIdByName, sendAs } from "../../test/member-factories";

/**
 * 团籍注册 routes (issue 12 part 3): a committee opens the campaign; a branch registers members graded
 * 基本合格 or better (不合格 refused naming the member), defers 3–6 months with a reason, registers the
 * eligible in one tap; 401/403/404/400 with nothing written. In order.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;
let zhangSession: TestSession;
let zhang: number;
let li: number;
let zhao: number;
let campaignId: number;
const today = todayInChina();
const YEAR = Number(today.slice(0, 4));
const branch = () => context.tree.eastVillage1.id;

beforeAll(async () => {
  context = await createTestApp();
  const { db } = context;
  [east, secretary, member] = await logInEach(context.app, ["east", "secretary", "member"]);
  zhang = await memberIdByName(db, "张三");
  li = await memberIdByName(db, "李四");
  zhao = await memberIdByName(db, "赵六");
  const zhangUser = await createTestUser(db, "zhangsan", "member", branch());
  await db.execute(sql`update app_user set member_id = ${zhang} where id = ${zhangUser}`);
  zhangSession = await logInAs(context.app, "zhangsan");
  // The year's approved education review of the branch: 张三 合格, 李四 不合格. Written around the
  // repositories, so naming the branch's county (on Citus the review and grades are routed by it, the
  // campaign a reference table: migration 0044_review_rating_county).
  const county = context.tree.county.id;
  const [campaign] = await queryRows<{ id: number }>(
    db,
    sql`insert into education_review_campaign (organization_id, year, opens_on, closes_on)
        values (${context.tree.east.id}, ${YEAR}, ${`${YEAR}-01-01`}, ${`${YEAR}-12-31`}) returning id::int as id`,
  );
  const [review] = await queryRows<{ id: number }>(
    db,
    sql`insert into branch_education_review (county_id, campaign_id, organization_id, roll_count, attendees_count, approved_at)
        values (${county}, ${campaign?.id}, ${branch()}, 2, 2, now()) returning id::int as id`,
  );
  await db.execute(
    sql`insert into member_review_grade (county_id, branch_review_id, member_id, grade)
        values (${county}, ${review?.id}, ${zhang}, 'qualified'), (${county}, ${review?.id}, ${li}, 'unqualified')`,
  );
});
afterAll(async () => context.close());

async function state() {
  const [row] = await queryRows<Record<string, unknown>>(
    context.db,
    sql`select (select count(*)::int from registration_campaign) as campaigns,
               (select string_agg(member_id || status || coalesce(deferred_until::text, '-') || coalesce(reason, '-'), ',' order by member_id) from member_registration) as registrations,
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

describe("annual registration", () => {
  const window = { year: YEAR, opensOn: `${YEAR}-01-01`, closesOn: `${YEAR}-12-31` };
  const url = (id: number) => `/organizations/${id}/registration-campaigns`;
  const decide = (memberId: number) => `/registration-campaigns/${campaignId}/members/${memberId}`;

  it("opening: 401, 403, 404 outside, 422 a branch, 400 naming the field, then opened", async () => {
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
    await expectNothingWritten(() => sendAs(context.app, secretary, "POST", url(branch()), window), 422);
    const bad = await expectNothingWritten(
      () =>
        sendAs(context.app, east, "POST", url(context.tree.east.id), {
          ...window,
          opensOn: `${YEAR + 1}-01-01`,
        }),
      400,
    );
    expect(bad.error.field).toBe("opensOn");
    const opened = await sendAs(context.app, east, "POST", url(context.tree.east.id), window);
    expect(opened.statusCode, opened.body).toBe(200);
    campaignId = opened.json().id;
  });

  it("lists the branch's members with their grade and eligibility", async () => {
    const list = await sendAs(
      context.app,
      secretary,
      "GET",
      `/registration-campaigns/${campaignId}/members?organizationId=${branch()}`,
    );
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toEqual([
      expect.objectContaining({
        memberId: zhang,
        reviewGrade: "qualified",
        status: null,
        eligible: true,
        problem: null,
      }),
      expect.objectContaining({
        memberId: li,
        reviewGrade: "unqualified",
        eligible: false,
        problem: expect.stringContaining("李四"),
      }),
    ]);
    expect(
      (
        await sendAs(
          context.app,
          east,
          "GET",
          `/registration-campaigns/${campaignId}/members?organizationId=${context.tree.westVillage.id}`,
        )
      ).statusCode,
    ).toBe(404);
  });

  it("refuses registering a 不合格 member (naming them), a deferral outside 3–6 months or without a reason; 403; 404 outside — nothing written", async () => {
    const unqualified = await expectNothingWritten(
      () => sendAs(context.app, secretary, "PUT", decide(li), { status: "registered" }),
      400,
    );
    expect(unqualified.error).toMatchObject({ field: "status", message: expect.stringContaining("李四") });
    expect(unqualified.error.message).toContain("不合格");
    for (const months of [2, 7]) {
      const outside = await expectNothingWritten(
        () =>
          sendAs(context.app, secretary, "PUT", decide(zhang), {
            status: "deferred",
            deferredUntil: addMonths(today, months),
            reason: "外出务工",
          }),
        400,
      );
      expect(outside.error).toMatchObject({
        field: "deferredUntil",
        message: expect.stringContaining("3至6个月"),
      });
    }
    const noReason = await expectNothingWritten(
      () =>
        sendAs(context.app, secretary, "PUT", decide(zhang), {
          status: "deferred",
          deferredUntil: addMonths(today, 4),
        }),
      400,
    );
    expect(noReason.error.field).toBe("reason");
    await expectNothingWritten(
      () => sendAs(context.app, member, "PUT", decide(zhang), { status: "registered" }),
      403,
    );
    await expectNothingWritten(
      () => sendAs(context.app, east, "PUT", decide(zhao), { status: "registered" }),
      404,
    );
    await expectNothingWritten(
      () => sendAs(context.app, secretary, "PUT", decide(zhang), { status: "done" }),
      400,
    );
  });

  it("registers the eligible in one tap, defers a member with a reason, shows progress and the member's own registrations", async () => {
    const tap = await sendAs(
      context.app,
      secretary,
      "POST",
      `/registration-campaigns/${campaignId}/register-eligible`,
      {
        organizationId: branch(),
      },
    );
    expect(tap.statusCode, tap.body).toBe(200);
    expect(tap.json()).toEqual({ registered: 1 });
    const again = await sendAs(
      context.app,
      secretary,
      "POST",
      `/registration-campaigns/${campaignId}/register-eligible`,
      {
        organizationId: branch(),
      },
    );
    expect(again.json()).toEqual({ registered: 0 });
    const deferred = await sendAs(context.app, secretary, "PUT", decide(li), {
      status: "deferred",
      deferredUntil: addMonths(today, 4),
      reason: "评议不合格，限期整改",
    });
    expect(deferred.statusCode, deferred.body).toBe(200);
    expect(deferred.json()).toMatchObject({ status: "deferred", deferredUntil: addMonths(today, 4) });
    expect(await eventKindsOf(context.db, li)).toContain("registered");
    const progress = await sendAs(context.app, east, "GET", url(context.tree.east.id));
    expect(progress.json()[0].progress).toEqual({
      members: 3,
      registered: 1,
      deferred: 1,
      unregistered: 0,
      pending: 1,
    });
    const own = await sendAs(context.app, zhangSession, "GET", "/me/registrations");
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toEqual([
      expect.objectContaining({ year: YEAR, status: "registered", decidedOn: today }),
    ]);
    expect((await sendAs(context.app, member, "GET", "/me/registrations")).statusCode).toBe(404);
  });
});
