import { sql } from "drizzle-orm";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { insertTestApplication } from "../../test/applicant-fixtures";
import { latestAuditEntry } from "../../test/database-state";
import { createTestApp, createTestUser, logInEach, type TestSession } from "../../test/factories";
import { memberIdByName, sendAs } from "../../test/member-factories";

/**
 * Volunteer hours 志愿服务时长 (issue 14 part 3): shifts and records (hours from check-in/out, capped),
 * approval only by the recording organization (a committee above: 403), once (409), the 7-day notice
 * before the numbered certificate (422), the PDF, the public check (masked, 404 alike, 429), the
 * member's own hours, and approved hours feeding an open development application's points. Every
 * refusal (401/403/404/400/409/422) writes nothing.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let admin: TestSession;
let county: TestSession;
let east: TestSession;
let member: TestSession;
let west: TestSession;
let shiftId: number;
let recordId: number;
let applicationId: number;

async function state() {
  const [row] = await queryRows<Record<string, unknown>>(
    context.db,
    sql`select (select count(*)::int from volunteer_shift) as shifts,
      (select count(*)::int from volunteer_record) as records,
      (select coalesce(string_agg(id || ':' || status || ':' || coalesce(certificate_number, '-'), ',' order by id), '')
        from volunteer_record) as statuses,
      (select count(*)::int from applicant_prerequisite_record) as prerequisites,
      (select count(*)::int from audit_log) as audits`,
  );
  return row;
}

async function expectRefused(
  run: () => Promise<{ statusCode: number; body: string }>,
  status: number,
  code?: string,
) {
  const before = await state();
  const response = await run();
  expect(response.statusCode, response.body).toBe(status);
  if (code) expect(JSON.parse(response.body).error.code).toBe(code);
  expect(await state()).toEqual(before);
  return JSON.parse(response.body).error;
}

const SHIFT = {
  title: "社区环境整治",
  startsAt: "2026-11-01T09:00:00+08:00",
  endsAt: "2026-11-01T12:00:00+08:00",
};
const RECORD = {
  name: "李小红",
  phone: "13900002222",
  checkedInAt: "2026-11-01T08:40:00+08:00",
  checkedOutAt: "2026-11-01T11:20:00+08:00",
};

beforeAll(async () => {
  context = await createTestApp();
  await createTestUser(context.db, "west", "org_admin", context.tree.west.id);
  [admin, county, east, member, west] = await logInEach(context.app, [
    "admin",
    "county",
    "east",
    "member",
    "west",
  ]);
  ({ applicationId } = await insertTestApplication(context.db, {
    organizationId: context.tree.eastVillage1.id,
    name: "李小红",
    citizenId: "110105201001010023",
    state: "candidate",
    dates: { applicationDate: "2026-03-01" },
  }));
  await context.db.execute(
    sql`update development_application set phone = '13900002222' where id = ${applicationId}`,
  );
});
afterAll(async () => context.close());

describe("shifts and records", () => {
  it("POST /organizations/{id}/volunteer-shifts: 401, 404, 403, 400 naming the field; then 201 (audited)", async () => {
    const url = `/organizations/${context.tree.east.id}/volunteer-shifts`;
    await expectRefused(() => sendAs(context.app, undefined, "POST", url, SHIFT), 401);
    await expectRefused(() => sendAs(context.app, west, "POST", url, SHIFT), 404);
    await expectRefused(() => sendAs(context.app, member, "POST", url, SHIFT), 403);
    const bad = await expectRefused(
      () => sendAs(context.app, east, "POST", url, { ...SHIFT, endsAt: "2026-11-01T08:00:00+08:00" }),
      400,
    );
    expect(bad.field).toBe("endsAt");
    const badTime = await expectRefused(
      () => sendAs(context.app, east, "POST", url, { ...SHIFT, startsAt: "昨天" }),
      400,
    );
    expect(badTime.field).toBe("startsAt");
    const created = await sendAs(context.app, east, "POST", url, { ...SHIFT, capacity: 2 });
    expect(created.statusCode, created.body).toBe(201);
    shiftId = created.json().id;
    expect(created.json()).toMatchObject({
      organizationName: "共青团东河镇委员会",
      capacity: 2,
      recordCount: 0,
    });
    expect(await latestAuditEntry(context.db, "volunteer.shift_create")).toMatchObject({
      entityId: String(shiftId),
    });
    const list = await sendAs(
      context.app,
      county,
      "GET",
      `/organizations/${context.tree.county.id}/volunteer-shifts`,
    );
    expect(list.json().items.map((item: { id: number }) => item.id)).toEqual([shiftId]);
    expect((await sendAs(context.app, west, "GET", `/volunteer-shifts/${shiftId}`)).statusCode).toBe(404);
    expect((await sendAs(context.app, member, "GET", `/volunteer-shifts/${shiftId}`)).statusCode).toBe(403);
  });

  it("records hours rounded to half hours and capped by the shift; 400 for times out of order; 409 when full", async () => {
    const url = `/volunteer-shifts/${shiftId}/records`;
    await expectRefused(() => sendAs(context.app, west, "POST", url, RECORD), 404);
    await expectRefused(() => sendAs(context.app, member, "POST", url, RECORD), 403);
    const order = await expectRefused(
      () => sendAs(context.app, east, "POST", url, { ...RECORD, checkedOutAt: "2026-11-01T08:00:00+08:00" }),
      400,
    );
    expect(order).toMatchObject({ field: "checkedOutAt", message: "签退时间：应晚于签到时间" });
    const phone = await expectRefused(
      () => sendAs(context.app, east, "POST", url, { ...RECORD, phone: "123" }),
      400,
    );
    expect(phone.field).toBe("phone");
    const created = await sendAs(context.app, east, "POST", url, RECORD);
    expect(created.statusCode, created.body).toBe(201);
    recordId = created.json().id;
    // 08:40–11:20 is 2 h 40 min → 2.5 h (the early arrival counts, within the 3 h shift).
    expect(created.json()).toMatchObject({
      hours: 2.5,
      status: "recorded",
      statusLabel: "待审核",
      organizationId: context.tree.east.id,
    });
    const zhang = await memberIdByName(context.db, "张三");
    const second = await sendAs(context.app, east, "POST", url, {
      ...RECORD,
      name: "张三",
      phone: "13812345678",
      memberId: zhang,
      checkedInAt: "2026-11-01T07:00:00+08:00",
      checkedOutAt: "2026-11-01T13:00:00+08:00",
    });
    expect(second.json()).toMatchObject({ hours: 3 });
    await expectRefused(
      () => sendAs(context.app, east, "POST", url, { ...RECORD, name: "王五" }),
      409,
      "shift_full",
    );
  });

  it("shows phones to the roles allowed personal data (every role reading volunteer records holds member:read_personal)", async () => {
    await createTestUser(context.db, "eastsecretary", "branch_secretary", context.tree.east.id);
    const [secretary] = await logInEach(context.app, ["eastsecretary"]);
    const withPhones = await sendAs(context.app, secretary, "GET", `/volunteer-shifts/${shiftId}`);
    expect(withPhones.json().records[0].phone).toBe("13900002222");
    const masked = await sendAs(context.app, county, "GET", `/volunteer-shifts/${shiftId}`);
    expect(masked.json().records[0].phone).toBe("13900002222");
  });
});

describe("approval by the recording organization", () => {
  it("refuses a committee above (403 not_recording_organization), other scopes (404), roles (403), unknown (404)", async () => {
    await expectRefused(
      () => sendAs(context.app, county, "POST", `/volunteer-records/${recordId}/approve`, {}),
      403,
      "not_recording_organization",
    );
    await expectRefused(
      () => sendAs(context.app, west, "POST", `/volunteer-records/${recordId}/approve`, {}),
      404,
    );
    await expectRefused(
      () => sendAs(context.app, member, "POST", `/volunteer-records/${recordId}/approve`, {}),
      403,
    );
    await expectRefused(
      () => sendAs(context.app, undefined, "POST", `/volunteer-records/${recordId}/approve`, {}),
      401,
    );
    await expectRefused(
      () => sendAs(context.app, east, "POST", "/volunteer-records/999999/approve", {}),
      404,
    );
  });

  it("approves once (audited), sets the 7-day notice and feeds the applicant's points; a second decision is 409", async () => {
    const response = await sendAs(context.app, east, "POST", `/volunteer-records/${recordId}/approve`, {});
    expect(response.statusCode, response.body).toBe(200);
    const approved = response.json();
    expect(approved.status).toBe("approved");
    const approvedOn = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
    const until = new Date(`${approvedOn}T00:00:00Z`);
    until.setUTCDate(until.getUTCDate() + 7);
    expect(approved.noticeUntil).toBe(until.toISOString().slice(0, 10));
    expect(await latestAuditEntry(context.db, "volunteer.approve")).toMatchObject({
      entityId: String(recordId),
      detail: { fedApplications: [applicationId] },
    });
    const fed = await queryRows<{ item: string; units: number; occurred_on: string; origin: string }>(
      context.db,
      sql`select item, units, occurred_on::text, origin from applicant_prerequisite_record where application_id = ${applicationId}`,
    );
    expect(fed.map((row) => ({ ...row, units: Number(row.units) }))).toEqual([
      { item: "volunteer_hours_in_year", units: 2.5, occurred_on: "2026-11-01", origin: "volunteer" },
    ]);
    // The points scheme reads them as its "volunteer" item, unchanged (积分入团, issue 10 part 3).
    const points = await sendAs(context.app, east, "GET", `/applications/${applicationId}/prerequisites`);
    expect(points.statusCode, points.body).toBe(200);
    const volunteerItem = points
      .json()
      .points.items.find((item: { code: string }) => item.code === "volunteer");
    expect(volunteerItem).toMatchObject({ units: 2.5, points: 2.5, missing: true });
    await expectRefused(
      () => sendAs(context.app, east, "POST", `/volunteer-records/${recordId}/approve`, {}),
      409,
      "volunteer_record_decided",
    );
    await expectRefused(
      () => sendAs(context.app, east, "POST", `/volunteer-records/${recordId}/reject`, {}),
      409,
    );
  });

  it("two approvers at once: one succeeds, the other gets 409", async () => {
    const third = await sendAs(
      context.app,
      admin,
      "POST",
      `/organizations/${context.tree.east.id}/volunteer-shifts`,
      SHIFT,
    );
    const extra = await sendAs(
      context.app,
      east,
      "POST",
      `/volunteer-shifts/${third.json().id}/records`,
      RECORD,
    );
    const results = await Promise.all([
      sendAs(context.app, east, "POST", `/volunteer-records/${extra.json().id}/approve`, {}),
      sendAs(context.app, admin, "POST", `/volunteer-records/${extra.json().id}/reject`, {
        reason: "重复登记",
      }),
    ]);
    expect(results.map((result) => result.statusCode).sort()).toEqual([200, 409]);
  });
});

describe("the certificate", () => {
  it("422 during the notice; then a numbered certificate once (audited), its PDF and the public check", async () => {
    await expectRefused(
      () => sendAs(context.app, east, "POST", `/volunteer-records/${recordId}/certificate`, {}),
      422,
      "notice_period",
    );
    await expectRefused(
      () => sendAs(context.app, east, "GET", `/volunteer-records/${recordId}/certificate.pdf`),
      409,
      "certificate_not_issued",
    );
    await context.db.execute(
      sql`update volunteer_record set notice_until = current_date - 1 where id = ${recordId}`,
    );
    await expectRefused(
      () => sendAs(context.app, county, "POST", `/volunteer-records/${recordId}/certificate`, {}),
      403,
      "not_recording_organization",
    );
    const issued = await sendAs(context.app, east, "POST", `/volunteer-records/${recordId}/certificate`, {});
    expect(issued.statusCode, issued.body).toBe(201);
    const certificate = issued.json();
    expect(certificate.certificateNumber).toMatch(
      new RegExp(`^ZY-\\d{8}-${String(recordId).padStart(6, "0")}$`),
    );
    expect(await latestAuditEntry(context.db, "volunteer.certificate")).toMatchObject({
      entityId: String(recordId),
    });
    const before = await state();
    const again = await sendAs(context.app, east, "POST", `/volunteer-records/${recordId}/certificate`, {});
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(certificate);
    expect(await state()).toEqual(before);

    const pdf = await sendAs(context.app, county, "GET", `/volunteer-records/${recordId}/certificate.pdf`);
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    const document = await getDocumentProxy(new Uint8Array(pdf.rawPayload));
    const text = (await extractText(document, { mergePages: true })).text.replace(/\s+/g, "");
    for (const expected of [
      "志愿服务证明",
      "李小红",
      "社区环境整治",
      "2.5小时",
      "共青团东河镇委员会",
      certificate.certificateNumber,
      certificate.verificationCode,
    ]) {
      expect(text).toContain(expected);
    }
    expect(await latestAuditEntry(context.db, "volunteer.certificate_export")).toMatchObject({
      entityId: String(recordId),
    });

    const check = await context.app.inject({
      url: `/api/v1/public/certificates/${certificate.certificateNumber}?code=${certificate.verificationCode.toLowerCase()}`,
    });
    expect(check.statusCode, check.body).toBe(200);
    expect(check.json()).toEqual({
      certificateNumber: certificate.certificateNumber,
      volunteerName: "李**",
      hours: 2.5,
      serviceDate: "2026-11-01",
      shiftTitle: "社区环境整治",
      organizationName: "共青团东河镇委员会",
      issuedOn: certificate.issuedOn,
    });
    expect(check.body).not.toContain("13900002222");
    const wrong = await context.app.inject({
      url: `/api/v1/public/certificates/${certificate.certificateNumber}?code=ABCDEFGH23`,
    });
    expect(wrong.statusCode).toBe(404);
    const unknown = await context.app.inject({
      url: `/api/v1/public/certificates/ZY-20200101-999999?code=${certificate.verificationCode}`,
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toBe(wrong.json().error.message);
    const malformed = await context.app.inject({ url: "/api/v1/public/certificates/abc?code=ABCDEFGH23" });
    expect(malformed.statusCode).toBe(400);
  });

  it("422 for a certificate of hours not approved", async () => {
    const [row] = await queryRows<{ id: number }>(
      context.db,
      sql`select id from volunteer_record where status = 'recorded' order by id limit 1`,
    );
    await expectRefused(
      () => sendAs(context.app, east, "POST", `/volunteer-records/${row?.id}/certificate`, {}),
      422,
      "volunteer_not_approved",
    );
  });

  it("429 on a flood of checks from one address", async () => {
    let status = 0;
    for (let index = 0; index < 70 && status !== 429; index += 1) {
      status = (
        await context.app.inject({
          url: "/api/v1/public/certificates/ZY-20200101-999999?code=ABCDEFGH23",
          remoteAddress: "10.7.7.7",
        })
      ).statusCode;
    }
    expect(status).toBe(429);
  });
});

describe("GET /me/volunteer-hours", () => {
  it("answers the member's own records and approved hours per year; 401 without a session", async () => {
    await expectRefused(() => sendAs(context.app, undefined, "GET", "/me/volunteer-hours"), 401);
    const zhang = await memberIdByName(context.db, "张三");
    const userId = await createTestUser(context.db, "zhangsan", "member", context.tree.eastVillage1.id);
    await context.db.execute(sql`update app_user set member_id = ${zhang} where id = ${userId}`);
    const [zhangSession] = await logInEach(context.app, ["zhangsan"]);
    const [own] = await queryRows<{ id: number }>(
      context.db,
      sql`select id from volunteer_record where member_id = ${zhang}`,
    );
    await sendAs(context.app, east, "POST", `/volunteer-records/${own?.id}/approve`, {});
    const response = await sendAs(context.app, zhangSession, "GET", "/me/volunteer-hours");
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().totals).toEqual([{ year: 2026, hours: 3 }]);
    expect(response.json().records).toHaveLength(1);
    const none = await sendAs(context.app, member, "GET", "/me/volunteer-hours");
    expect(none.json()).toEqual({ totals: [], records: [] });
  });
});
