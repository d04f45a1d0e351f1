import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { todayInChina } from "../../lib/clock";
import { createTestApp, createTestUser, logInAs, logInEach, type TestSession } from "../../test/factories";
import { memberIdByName, sendAs } from "../../test/member-factories";

/**
 * Organizational life routes (issue 12 part 1): meetings with attendance, QR sign-in, photos, the
 * calendar, silent branches, /me/meetings; the lapse work list filling from meeting records.
 * The tests run in order: later ones use the meeting the earlier ones recorded.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;
let zhangSession: TestSession;
let wangSession: TestSession;
let zhang: number;
let li: number;
let wang: number;
let meetingId: number;
let token: string;
const today = todayInChina();
const branch = () => context.tree.eastVillage1.id;

beforeAll(async () => {
  context = await createTestApp();
  const { db } = context;
  [east, secretary, member] = await logInEach(context.app, ["east", "secretary", "member"]);
  zhang = await memberIdByName(db, "张三");
  li = await memberIdByName(db, "李四");
  wang = await memberIdByName(db, "王五");
  const zhangUser = await createTestUser(db, "zhangsan", "member", branch());
  await db.execute(sql`update app_user set member_id = ${zhang} where id = ${zhangUser}`);
  const wangUser = await createTestUser(db, "wangwu", "member", context.tree.eastVillage2.id);
  await db.execute(sql`update app_user set member_id = ${wang} where id = ${wangUser}`);
  zhangSession = await logInAs(context.app, "zhangsan");
  wangSession = await logInAs(context.app, "wangwu");
  // 张三 had organizational life long ago: on the lapse work list until a meeting is recorded.
  await db.execute(sql`update member set last_organizational_life_on = '2020-01-01' where id = ${zhang}`);
});
afterAll(async () => context.close());

async function state() {
  const rows = await queryRows<{
    meetings: number;
    attendance: number;
    photos: number;
    audits: number;
    life: string;
  }>(
    context.db,
    sql`select (select count(*)::int from meeting) as meetings,
      (select count(*)::int from meeting_attendance) as attendance,
      (select count(*)::int from meeting_photo) as photos,
      (select count(*)::int from audit_log where entity_type = 'meeting') as audits,
      (select string_agg(coalesce(last_organizational_life_on::text, '-'), ',' order by id) from member) as life`,
  );
  return rows[0];
}

async function refused(send: () => Promise<{ statusCode: number; json: () => unknown }>, status: number) {
  const before = await state();
  const response = await send();
  expect(response.statusCode).toBe(status);
  expect(await state()).toEqual(before);
  return response.json() as { error: { code: string; field?: string; message: string } };
}

const post = (session: TestSession | undefined, body: unknown, id = branch()) =>
  sendAs(context.app, session, "POST", `/organizations/${id}/meetings`, body);
const valid = () => ({
  kind: "general_meeting",
  heldOn: today,
  topic: "学习团章",
  minutes: "会议记录",
  attendance: [
    { memberId: zhang, status: "present" },
    { memberId: li, status: "absent", absenceReason: "外出务工" },
  ],
});
const lapseNames = async () =>
  (await sendAs(context.app, east, "GET", `/organizations/${context.tree.east.id}/work-lists/lapse`))
    .json()
    .items.map((item: { name: string }) => item.name) as string[];

describe("POST /organizations/{id}/meetings", () => {
  it("answers 401, 404 outside the scope, 403 to a member — nothing written", async () => {
    await refused(() => post(undefined, valid()), 401);
    await refused(() => post(east, valid(), context.tree.westVillage.id), 404);
    await refused(() => post(member, valid()), 403);
  });

  it("answers 400 naming the field — an attendee not on the roll, a future date, a missing reason; nothing written", async () => {
    const outsider = await refused(
      () =>
        post(secretary, {
          ...valid(),
          attendance: [
            { memberId: zhang, status: "present" },
            { memberId: wang, status: "present" },
          ],
        }),
      400,
    );
    expect(outsider.error).toMatchObject({ code: "attendee_not_on_roll", field: "attendance.1.memberId" });
    expect(outsider.error.message).toContain("王五");
    const future = await refused(() => post(secretary, { ...valid(), heldOn: "2999-01-01" }), 400);
    expect(future.error).toMatchObject({ code: "meeting_in_future", field: "heldOn" });
    const reason = await refused(
      () => post(secretary, { ...valid(), attendance: [{ memberId: li, status: "absent" }] }),
      400,
    );
    expect(reason.error.field).toBe("attendance.0.absenceReason");
    const hours = await refused(() => post(secretary, { ...valid(), kind: "league_class" }), 400);
    expect(hours.error.field).toBe("classHours");
    const committee = await refused(() => post(east, valid(), context.tree.east.id), 400);
    expect(committee.error.code).toBe("not_a_branch");
  });

  it("records the meeting with attendance in one go, audited, and the lapse work list changes", async () => {
    expect(await lapseNames()).toContain("张三");
    const response = await post(secretary, valid());
    expect(response.statusCode).toBe(201);
    const body = response.json();
    meetingId = body.id;
    expect(body).toMatchObject({
      kind: "general_meeting",
      kindLabel: "支部团员大会",
      presentCount: 1,
      absentCount: 1,
      attendance: [
        { memberId: zhang, status: "present", absenceReason: null },
        { memberId: li, status: "absent", absenceReason: "外出务工" },
      ],
    });
    const life = await queryRows<{ on: string | null }>(
      context.db,
      sql`select last_organizational_life_on::text as on from member where id in (${zhang}, ${li}) order by id`,
    );
    expect(life.map((row) => row.on)).toEqual([today, null]);
    expect(await lapseNames()).not.toContain("张三");
    const audits = await queryRows<{ action: string }>(
      context.db,
      sql`select action from audit_log where entity_type = 'meeting'`,
    );
    expect(audits.map((row) => row.action)).toEqual(["meeting.create"]);
  });
});

describe("GET/PATCH /meetings/{id}, PUT attendance", () => {
  it("reads a meeting in scope, 404 outside, 403 without member:read", async () => {
    expect((await sendAs(context.app, secretary, "GET", `/meetings/${meetingId}`)).statusCode).toBe(200);
    expect((await sendAs(context.app, undefined, "GET", `/meetings/${meetingId}`)).statusCode).toBe(401);
    expect((await sendAs(context.app, member, "GET", `/meetings/${meetingId}`)).statusCode).toBe(403);
    const [west] = await logInEach(context.app, ["county"]);
    expect((await sendAs(context.app, west, "GET", `/meetings/${meetingId}`)).statusCode).toBe(200);
    expect((await sendAs(context.app, east, "GET", "/meetings/999999")).statusCode).toBe(404);
  });

  it("refuses a future date on PATCH and an outsider on PUT — nothing written", async () => {
    await refused(
      () => sendAs(context.app, secretary, "PATCH", `/meetings/${meetingId}`, { heldOn: "2999-01-01" }),
      400,
    );
    await refused(() => sendAs(context.app, member, "PATCH", `/meetings/${meetingId}`, { topic: "x" }), 403);
    const outsider = await refused(
      () =>
        sendAs(context.app, secretary, "PUT", `/meetings/${meetingId}/attendance`, {
          attendance: [{ memberId: wang, status: "present" }],
        }),
      400,
    );
    expect(outsider.error.message).toContain("王五");
  });

  it("PATCH changes the topic; PUT makes 李四 present and moves their last organizational life", async () => {
    const patched = await sendAs(context.app, secretary, "PATCH", `/meetings/${meetingId}`, {
      topic: "学习团章（二）",
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().topic).toBe("学习团章（二）");
    const put = await sendAs(context.app, secretary, "PUT", `/meetings/${meetingId}/attendance`, {
      attendance: [{ memberId: li, status: "present" }],
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ presentCount: 1, absentCount: 0 });
    const life = await queryRows<{ on: string | null }>(
      context.db,
      sql`select last_organizational_life_on::text as on from member where id in (${zhang}, ${li}) order by id`,
    );
    // 张三 was removed: no meeting left → the value recorded before stays (he had today's); 李四 now today.
    expect(life.map((row) => row.on)).toEqual([today, today]);
  });
});

describe("QR sign-in", () => {
  it("opens sign-in (member:write only) and a member of the branch signs in once; twice 409", async () => {
    await refused(() => sendAs(context.app, member, "POST", `/meetings/${meetingId}/signin-token`, {}), 403);
    const opened = await sendAs(context.app, secretary, "POST", `/meetings/${meetingId}/signin-token`, {
      minutes: 30,
    });
    expect(opened.statusCode).toBe(200);
    token = opened.json().token;
    expect(opened.json().signinPath).toBe(`/api/v1/meetings/signin/${token}`);
    expect((await sendAs(context.app, undefined, "POST", `/meetings/signin/${token}`)).statusCode).toBe(401);
    const outsider = await refused(
      () => sendAs(context.app, wangSession, "POST", `/meetings/signin/${token}`),
      403,
    );
    expect(outsider.error.code).toBe("not_on_roll");
    await refused(() => sendAs(context.app, zhangSession, "POST", `/meetings/signin/${"x".repeat(32)}`), 404);
    const signed = await sendAs(context.app, zhangSession, "POST", `/meetings/signin/${token}`);
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({ meetingId, memberName: "张三" });
    const twice = await refused(
      () => sendAs(context.app, zhangSession, "POST", `/meetings/signin/${token}`),
      409,
    );
    expect(twice.error.code).toBe("already_signed_in");
  });

  it("refuses sign-in after the token closes (422)", async () => {
    await context.db.execute(
      sql`update meeting set signin_closes_at = now() - interval '1 minute' where id = ${meetingId}`,
    );
    await context.db.execute(
      sql`delete from meeting_attendance where meeting_id = ${meetingId} and member_id = ${zhang}`,
    );
    const closed = await refused(
      () => sendAs(context.app, zhangSession, "POST", `/meetings/signin/${token}`),
      422,
    );
    expect(closed.error.code).toBe("signin_closed");
  });
});

describe("photos", () => {
  const upload = (session: TestSession | undefined, bytes: Buffer, id = meetingId) => {
    const boundary = "----tuanwu";
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return context.app.inject({
      method: "POST",
      url: `/api/v1/meetings/${id}/photos`,
      payload,
      headers: { "content-type": `multipart/form-data; boundary=${boundary}`, ...(session?.headers ?? {}) },
    });
  };
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

  it("refuses a PDF named .png (415), a member (403), outside (404) — nothing written", async () => {
    await refused(() => upload(secretary, Buffer.from("%PDF-1.4 ...")), 415);
    await refused(() => upload(member, png), 403);
    await refused(() => upload(secretary, png, 999999), 404);
  });

  it("stores a PNG, typed from its bytes", async () => {
    const response = await upload(secretary, png);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      contentType: "image/png",
      byteSize: png.length,
      fileName: "a.png",
    });
  });
});

describe("calendar, silent branches, lists, /me/meetings", () => {
  it("lists the meeting in the month's calendar and the subtree's list", async () => {
    const calendar = await sendAs(
      context.app,
      east,
      "GET",
      `/organizations/${context.tree.east.id}/meeting-calendar?month=${today.slice(0, 7)}`,
    );
    expect(calendar.statusCode).toBe(200);
    expect(calendar.json().days).toEqual([
      { date: today, meetings: [expect.objectContaining({ id: meetingId })] },
    ]);
    const bad = await sendAs(
      context.app,
      east,
      "GET",
      `/organizations/${context.tree.east.id}/meeting-calendar?month=2026-13`,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("month");
    const list = await sendAs(
      context.app,
      east,
      "GET",
      `/organizations/${context.tree.east.id}/meetings?kind=general_meeting`,
    );
    expect(list.json().items.map((item: { id: number }) => item.id)).toEqual([meetingId]);
    expect(
      (await sendAs(context.app, east, "GET", `/organizations/${context.tree.west.id}/meetings`)).statusCode,
    ).toBe(404);
  });

  it("lists branches with no meeting for N weeks, not the one that met", async () => {
    const response = await sendAs(
      context.app,
      east,
      "GET",
      `/organizations/${context.tree.county.id}/silent-branches`,
    );
    expect(response.statusCode).toBe(404);
    const silent = await sendAs(
      context.app,
      east,
      "GET",
      `/organizations/${context.tree.east.id}/silent-branches?weeks=8`,
    );
    expect(silent.statusCode).toBe(200);
    const ids = silent.json().items.map((item: { organizationId: number }) => item.organizationId);
    expect(ids).toContain(context.tree.eastVillage2.id);
    expect(ids).not.toContain(branch());
    const bad = await sendAs(
      context.app,
      east,
      "GET",
      `/organizations/${context.tree.east.id}/silent-branches?weeks=0`,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("weeks");
    expect(
      (await sendAs(context.app, member, "GET", `/organizations/${branch()}/silent-branches`)).statusCode,
    ).toBe(403);
  });

  it("shows a member their own meetings; 404 without a member record", async () => {
    await context.db.execute(
      sql`insert into meeting_attendance (county_id, meeting_id, member_id, status)
          select m.county_id, m.id, ${zhang}, 'present' from meeting m where m.id = ${meetingId}`,
    );
    const own = await sendAs(context.app, zhangSession, "GET", "/me/meetings");
    expect(own.statusCode).toBe(200);
    expect(own.json().items).toEqual([expect.objectContaining({ id: meetingId, status: "present" })]);
    expect((await sendAs(context.app, member, "GET", "/me/meetings")).statusCode).toBe(404);
    expect((await sendAs(context.app, undefined, "GET", "/me/meetings")).statusCode).toBe(401);
  });
});
