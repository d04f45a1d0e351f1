import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { latestAuditEntry } from "../../test/database-state";
import { createTestApp, logInEach, type TestSession } from "../../test/factories";
import { memberIdByName, sendAs } from "../../test/member-factories";
import { expectRefused } from "./activity.test-support";

/**
 * The public side of activities (issue 14 parts 2 and 5): the sign-up page shows title, time, place
 * and seats left only; sign-up beyond capacity goes to the waitlist, never over (two last-seat
 * sign-ups at once: one seat, one waitlist place); cancelling promotes the waitlist; check-in by the
 * QR link inside the window, once; check-out once; rating 1–5 once after attending; floods are 429;
 * refusals write nothing; the signed-in member sees their activities.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let east: TestSession;
let member: TestSession;
let open: { id: number; publicToken: string; checkinToken: string };
let later: { id: number; publicToken: string; checkinToken: string };

const MINUTE = 60_000;
let address = 0;
/** Every public call from its own client address, so that the rate limit is tested on purpose only. */
function publicCall(method: "GET" | "POST", url: string, payload?: object, remoteAddress?: string) {
  address++;
  return context.app.inject({
    method,
    url: `/api/v1${url}`,
    ...(payload ? { payload } : {}),
    remoteAddress: remoteAddress ?? `10.0.${Math.floor(address / 250)}.${address % 250}`,
  });
}

async function publish(startsInMinutes: number, capacity: number, title: string) {
  const startsAt = new Date(Date.now() + startsInMinutes * MINUTE);
  const response = await sendAs(
    context.app,
    east,
    "POST",
    `/organizations/${context.tree.east.id}/activities`,
    {
      title,
      place: "东河镇文化站",
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 120 * MINUTE).toISOString(),
      capacity,
    },
  );
  if (response.statusCode !== 201) throw new Error(response.body);
  return response.json() as { id: number; publicToken: string; checkinToken: string };
}

const signUp = (token: string, name: string, phone: string, deviceKey = `device-${phone}`) =>
  publicCall("POST", `/public/activities/${token}/signups`, { name, phone, deviceKey });
const checkIn = (token: string, phone: string, action = "check_in") =>
  publicCall("POST", `/public/activities/checkin/${token}`, { phone, action });

async function signupsOf(activityId: number) {
  return queryRows<{ phone: string; status: string; waitlist_position: number | null }>(
    context.db,
    sql`select phone, status, waitlist_position from activity_signup where activity_id = ${activityId} order by id`,
  );
}

beforeAll(async () => {
  context = await createTestApp();
  [east, member] = await logInEach(context.app, ["east", "member"]);
  // The member account belongs to 张三 (phone 13812345678, as every test member).
  const zhang = await memberIdByName(context.db, "张三");
  await context.db.execute(sql`update app_user set member_id = ${zhang} where username = 'member'`);
  open = await publish(10, 2, "青年读书会");
  later = await publish(24 * 60, 1, "青年联谊会");
});
afterAll(async () => context.close());

describe("the sign-up page", () => {
  it("shows title, time, place, capacity and seats left — nothing else", async () => {
    const response = await publicCall("GET", `/public/activities/${open.publicToken}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(Object.keys(response.json()).sort()).toEqual(
      ["cancelled", "capacity", "endsAt", "place", "seatsLeft", "startsAt", "title"].sort(),
    );
    expect(response.json()).toMatchObject({
      title: "青年读书会",
      capacity: 2,
      seatsLeft: 2,
      cancelled: false,
    });
  });

  it("is 404 for an unknown link and 400 for a malformed one", async () => {
    expect((await publicCall("GET", "/public/activities/AAAAAAAAAAAAAAAAAAAAAA")).statusCode).toBe(404);
    expect((await publicCall("GET", "/public/activities/bad$token")).statusCode).toBe(400);
  });
});

describe("sign-up: capacity → waitlist, never over", () => {
  it("takes a link issued before migration 0054 (the random part alone, without the activity's id)", async () => {
    const old = await publish(10, 5, "旧链接活动");
    const publicToken = old.publicToken.slice(0, 22);
    const checkinToken = old.checkinToken.slice(0, 22);
    await context.db.execute(
      sql`update activity set public_token = ${publicToken}, checkin_token = ${checkinToken} where id = ${old.id}`,
    );
    const page = await publicCall("GET", `/public/activities/${publicToken}`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().title).toBe("旧链接活动");
    expect((await signUp(publicToken, "旧链接", "13900000077")).statusCode).toBe(201);
    const checked = await checkIn(checkinToken, "13900000077");
    expect(checked.statusCode, checked.body).toBe(200);
    // The new form of the link no longer names it (its token changed): 404, not another activity.
    expect((await publicCall("GET", `/public/activities/${old.publicToken}`)).statusCode).toBe(404);
  });

  it("confirms while seats last, then waitlists in order; a phone signs up once (409); bad input 400", async () => {
    const results = [];
    for (const phone of ["13900000001", "13900000002", "13900000003", "13900000004"])
      results.push(await signUp(open.publicToken, "青年", phone));
    expect(results.map((response) => response.statusCode)).toEqual([201, 201, 201, 201]);
    expect(results.map((response) => response.json())).toEqual([
      { status: "confirmed", waitlistPosition: null },
      { status: "confirmed", waitlistPosition: null },
      { status: "waitlisted", waitlistPosition: 1 },
      { status: "waitlisted", waitlistPosition: 2 },
    ]);
    await expectRefused(context.db, () => signUp(open.publicToken, "青年", "13900000001"), 409, {
      code: "already_signed_up",
      field: "phone",
    });
    await expectRefused(context.db, () => signUp(open.publicToken, "青年", "12345"), 400, { field: "phone" });
    await expectRefused(context.db, () => signUp(open.publicToken, "", "13900000009"), 400, {
      field: "name",
    });
    await expectRefused(context.db, () => signUp("AAAAAAAAAAAAAAAAAAAAAA", "青年", "13900000009"), 404);
    expect((await publicCall("GET", `/public/activities/${open.publicToken}`)).json().seatsLeft).toBe(0);
    expect(await latestAuditEntry(context.db, "activity_signup.create")).toMatchObject({
      actorUserId: null,
      actorName: "公开链接",
      organizationId: context.tree.east.id,
    });
  });

  it("gives two sign-ups for the last seat at once one seat and one waitlist place", async () => {
    const [first, second] = await Promise.all([
      signUp(later.publicToken, "甲", "13900000011"),
      signUp(later.publicToken, "乙", "13900000012"),
    ]);
    expect([first?.statusCode, second?.statusCode]).toEqual([201, 201]);
    const statuses = (await signupsOf(later.id)).map((row) => row.status).sort();
    expect(statuses).toEqual(["confirmed", "waitlisted"]);
  });

  it("cancelling one's own sign-up (same device) promotes the first of the waitlist", async () => {
    await expectRefused(
      context.db,
      () =>
        publicCall("POST", `/public/activities/${open.publicToken}/signups/cancel`, {
          phone: "13900000001",
          deviceKey: "another-device",
        }),
      404,
    );
    const response = await publicCall("POST", `/public/activities/${open.publicToken}/signups/cancel`, {
      phone: "13900000001",
      deviceKey: "device-13900000001",
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(await signupsOf(open.id)).toEqual([
      { phone: "13900000001", status: "cancelled", waitlist_position: null },
      { phone: "13900000002", status: "confirmed", waitlist_position: null },
      { phone: "13900000003", status: "confirmed", waitlist_position: null },
      { phone: "13900000004", status: "waitlisted", waitlist_position: 2 },
    ]);
  });
});

describe("check-in by QR link, check-out, rating", () => {
  it("checks in inside the window, once; refuses the waitlisted, the unknown and outside the window", async () => {
    const response = await checkIn(open.checkinToken, "13900000002");
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ action: "check_in", title: "青年读书会" });
    await expectRefused(context.db, () => checkIn(open.checkinToken, "13900000002"), 409, {
      code: "already_checked_in",
    });
    await expectRefused(context.db, () => checkIn(open.checkinToken, "13900000004"), 422, {
      code: "waitlisted",
    });
    await expectRefused(context.db, () => checkIn(open.checkinToken, "13900000099"), 422, {
      code: "not_signed_up",
    });
    // Which of the two simultaneous sign-ups for `later` got its one seat is up to the race above.
    const seated = (await signupsOf(later.id)).find((row) => row.status === "confirmed");
    expect(seated).toBeDefined();
    await expectRefused(context.db, () => checkIn(later.checkinToken, seated?.phone ?? ""), 422, {
      code: "outside_window",
    });
    await expectRefused(context.db, () => checkIn(open.publicToken, "13900000002"), 404);
    await expectRefused(context.db, () => checkIn(open.checkinToken, "13900000003", "check_out"), 409, {
      code: "not_checked_in",
    });
  });

  it("checks out once after checking in", async () => {
    const response = await checkIn(open.checkinToken, "13900000002", "check_out");
    expect(response.statusCode, response.body).toBe(200);
    await expectRefused(context.db, () => checkIn(open.checkinToken, "13900000002", "check_out"), 409, {
      code: "already_checked_out",
    });
  });

  it("rates 1–5 once after attending", async () => {
    const rate = (phone: string, rating: unknown) =>
      publicCall("POST", `/public/activities/${open.publicToken}/rating`, {
        phone,
        rating,
        comment: "很有收获",
      });
    await expectRefused(context.db, () => rate("13900000002", 6), 400, { field: "rating" });
    await expectRefused(context.db, () => rate("13900000003", 4), 422, { code: "not_attended" });
    expect((await rate("13900000002", 5)).statusCode).toBe(200);
    await expectRefused(context.db, () => rate("13900000002", 4), 409, { code: "already_rated" });
    const detail = (await sendAs(context.app, east, "GET", `/activities/${open.id}`)).json();
    expect(detail.counts).toMatchObject({
      confirmed: 2,
      waitlisted: 1,
      checkedIn: 1,
      checkedOut: 1,
      ratings: 1,
      ratingAverage: 5,
    });
    const signups = (await sendAs(context.app, east, "GET", `/activities/${open.id}/signups`)).json();
    expect(signups.items[0]).toMatchObject({ phone: "13900000002", rating: 5, comment: "很有收获" });
  });

  it("refuses everything on a cancelled activity", async () => {
    await sendAs(context.app, east, "POST", `/activities/${later.id}/cancel`);
    await expectRefused(context.db, () => signUp(later.publicToken, "丙", "13900000013"), 422, {
      code: "activity_cancelled",
    });
    expect((await publicCall("GET", `/public/activities/${later.publicToken}`)).json().cancelled).toBe(true);
  });
});

describe("floods and the member's own activities", () => {
  it("answers 429 beyond the per-address limit, writing nothing", async () => {
    const statuses = [];
    for (let index = 0; index < 61; index++)
      statuses.push(
        (await publicCall("GET", `/public/activities/${open.publicToken}`, undefined, "192.0.2.7"))
          .statusCode,
      );
    expect(statuses.slice(0, 60).every((status) => status === 200)).toBe(true);
    expect(statuses[60]).toBe(429);
    const flooded = () =>
      publicCall(
        "POST",
        `/public/activities/checkin/${open.checkinToken}`,
        { phone: "13900000099" },
        "192.0.2.8",
      );
    for (let index = 0; index < 60; index++) expect((await flooded()).statusCode).toBe(422);
    await expectRefused(context.db, flooded, 429);
  });

  it("shows the signed-in member the activities signed up with their phone; 401 anonymous", async () => {
    expect((await sendAs(context.app, undefined, "GET", "/me/activities")).statusCode).toBe(401);
    expect((await sendAs(context.app, member, "GET", "/me/activities")).json().items).toEqual([]);
    expect((await signUp(open.publicToken, "张三", "13812345678")).statusCode).toBe(201);
    const mine = await sendAs(context.app, member, "GET", "/me/activities");
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().items).toMatchObject([
      { activityId: open.id, title: "青年读书会", status: "waitlisted" },
    ]);
  });
});
