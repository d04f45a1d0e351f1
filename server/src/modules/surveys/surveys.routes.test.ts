import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { latestAuditEntry } from "../../test/database-state";
import { createTestApp, createTestUser, logInEach, type TestSession } from "../../test/factories";
import { sendAs } from "../../test/member-factories";

/**
 * Youth surveys 问卷 (issue 14 part 4): the staff builder (401/403/404/400, success, audited), open and
 * close, results with a cross-tab, the .xlsx export; the public link (no account): questions without
 * registry data, answers validated naming every question, one answer per device (concurrent: exactly
 * one), repeats when allowed, 429 on a flood. Every refusal writes nothing.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let east: TestSession;
let member: TestSession;
let west: TestSession;
let surveyId: number;
let token: string;

const QUESTIONS = [
  {
    id: "town",
    kind: "single_choice",
    title: "你所在的乡镇",
    required: true,
    options: [
      { id: "a", label: "东河镇" },
      { id: "b", label: "西河镇" },
    ],
  },
  {
    id: "acts",
    kind: "multiple_choice",
    title: "你参加过哪些活动",
    required: false,
    options: [
      { id: "x", label: "志愿服务" },
      { id: "y", label: "=读书会" },
    ],
  },
  { id: "sat", kind: "scale", title: "满意度", required: true, min: 1, max: 5 },
  { id: "say", kind: "text", title: "建议", required: false, maxLength: 20 },
];

async function tableCounts() {
  const [row] = await queryRows<{ surveys: number; responses: number; audits: number; statuses: string }>(
    context.db,
    sql`select (select count(*)::int from survey) as surveys,
      (select count(*)::int from survey_response) as responses,
      (select count(*)::int from audit_log) as audits,
      (select coalesce(string_agg(status || ':' || title, ',' order by id), '') from survey) as statuses`,
  );
  return row;
}

/** A refused request: its status (and code), and nothing written. */
async function expectRefused(
  run: () => Promise<{ statusCode: number; body: string }>,
  status: number,
  code?: string,
) {
  const before = await tableCounts();
  const response = await run();
  expect(response.statusCode, response.body).toBe(status);
  if (code) expect(JSON.parse(response.body).error.code).toBe(code);
  expect(await tableCounts()).toEqual(before);
  return JSON.parse(response.body).error;
}

const answer = (body: unknown, remoteAddress = "10.0.0.1", surveyToken = token) =>
  context.app.inject({
    method: "POST",
    url: `/api/v1/public/surveys/${surveyToken}/responses`,
    payload: body as object,
    remoteAddress,
  });
const device = (n: number) => `device-${String(n).padStart(12, "0")}`;

beforeAll(async () => {
  context = await createTestApp();
  await createTestUser(context.db, "west", "org_admin", context.tree.west.id);
  [east, member, west] = await logInEach(context.app, ["east", "member", "west"]);
});
afterAll(async () => context.close());

describe("staff routes", () => {
  it("POST /organizations/{id}/surveys: 401, 404 outside, 403 for a member, 400 naming the field, nothing written", async () => {
    const body = { title: "青年需求调查", questions: QUESTIONS };
    const url = `/organizations/${context.tree.east.id}/surveys`;
    await expectRefused(() => sendAs(context.app, undefined, "POST", url, body), 401);
    await expectRefused(() => sendAs(context.app, west, "POST", url, body), 404);
    await expectRefused(() => sendAs(context.app, member, "POST", url, body), 403);
    const bad = await expectRefused(
      () => sendAs(context.app, east, "POST", url, { title: "x", questions: [QUESTIONS[0], QUESTIONS[0]] }),
      400,
    );
    expect(bad.field).toBe("questions.1.id");
    expect(bad.message).toContain("题目编号：town重复");
    const badScale = await expectRefused(
      () =>
        sendAs(context.app, east, "POST", url, {
          title: "x",
          questions: [{ id: "s", kind: "scale", title: "t", required: true, min: 5, max: 1 }],
        }),
      400,
    );
    expect(badScale.field).toBe("questions.0.max");
    const badWindow = await expectRefused(
      () =>
        sendAs(context.app, east, "POST", url, {
          ...body,
          opensAt: "2026-12-06T10:00:00+08:00",
          closesAt: "2026-12-06T09:00:00+08:00",
        }),
      400,
    );
    expect(badWindow.field).toBe("closesAt");
  });

  it("creates a draft (audited), lists it, reads it", async () => {
    const response = await sendAs(
      context.app,
      east,
      "POST",
      `/organizations/${context.tree.east.id}/surveys`,
      {
        title: "青年需求调查",
        questions: QUESTIONS,
      },
    );
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json();
    expect(created).toMatchObject({
      status: "draft",
      statusLabel: "草稿",
      questionCount: 4,
      responseCount: 0,
      accepting: false,
    });
    expect(created.questions[3]).toMatchObject({ maxLength: 20 });
    surveyId = created.id;
    token = created.publicToken;
    expect(await latestAuditEntry(context.db, "survey.create")).toMatchObject({ entityId: String(surveyId) });
    const list = await sendAs(context.app, east, "GET", `/organizations/${context.tree.county.id}/surveys`);
    expect(list.statusCode).toBe(404); // east's scope does not reach the county
    const own = await sendAs(context.app, east, "GET", `/organizations/${context.tree.east.id}/surveys`);
    expect(own.json().items.map((item: { id: number }) => item.id)).toEqual([surveyId]);
    await expectRefused(() => sendAs(context.app, west, "GET", `/surveys/${surveyId}`), 404);
    await expectRefused(() => sendAs(context.app, member, "GET", `/surveys/${surveyId}`), 403);
    await expectRefused(() => sendAs(context.app, undefined, "GET", `/surveys/${surveyId}`), 401);
    await expectRefused(() => sendAs(context.app, east, "GET", "/surveys/abc"), 400);
  });

  it("a draft's link answers 404; closing a draft is 409; editing a draft's questions works", async () => {
    expect((await context.app.inject({ url: `/api/v1/public/surveys/${token}` })).statusCode).toBe(404);
    await expectRefused(
      () => sendAs(context.app, east, "POST", `/surveys/${surveyId}/close`, {}),
      409,
      "survey_status",
    );
    const edited = await sendAs(context.app, east, "PATCH", `/surveys/${surveyId}`, {
      title: "2026年青年需求调查",
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(await latestAuditEntry(context.db, "survey.update")).toMatchObject({ entityId: String(surveyId) });
    await expectRefused(
      () => sendAs(context.app, west, "PATCH", `/surveys/${surveyId}`, { title: "x" }),
      404,
    );
    await expectRefused(() => sendAs(context.app, east, "PATCH", `/surveys/${surveyId}`, { title: "" }), 400);
  });

  it("opens (audited), then refuses to change the questions (422) or open again (409)", async () => {
    await expectRefused(() => sendAs(context.app, member, "POST", `/surveys/${surveyId}/open`, {}), 403);
    const opened = await sendAs(context.app, east, "POST", `/surveys/${surveyId}/open`, {});
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json()).toMatchObject({ status: "open", accepting: true });
    expect(await latestAuditEntry(context.db, "survey.open")).toMatchObject({ after: { status: "open" } });
    await expectRefused(
      () => sendAs(context.app, east, "PATCH", `/surveys/${surveyId}`, { questions: QUESTIONS }),
      422,
      "survey_not_draft",
    );
    await expectRefused(
      () => sendAs(context.app, east, "POST", `/surveys/${surveyId}/open`, {}),
      409,
      "survey_status",
    );
  });
});

describe("the public link", () => {
  it("shows the questions and the organization's name, nothing of the registry", async () => {
    const response = await context.app.inject({ url: `/api/v1/public/surveys/${token}` });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(
      [
        "accepting",
        "allowRepeatPerDevice",
        "closesAt",
        "description",
        "organizationName",
        "questions",
        "title",
      ].sort(),
    );
    expect(body).toMatchObject({
      title: "2026年青年需求调查",
      organizationName: "共青团东河镇委员会",
      accepting: true,
    });
    expect(response.body).not.toContain("张三");
    expect(
      (await context.app.inject({ url: "/api/v1/public/surveys/unknown-token-0000000" })).statusCode,
    ).toBe(404);
    expect((await context.app.inject({ url: "/api/v1/public/surveys/bad" })).statusCode).toBe(400);
  });

  it("400 with every problem naming its question; nothing written", async () => {
    const error = await expectRefused(
      () =>
        answer({
          deviceKey: device(1),
          answers: { town: "c", acts: ["x", "q"], sat: 9, say: "字".repeat(21) },
        }),
      400,
      "invalid_answers",
    );
    expect(error.field).toBe("answers.town");
    expect(error.problems.map((problem: { code: string }) => problem.code)).toEqual([
      "unknown_option",
      "unknown_option",
      "scale_out_of_range",
      "text_too_long",
    ]);
    expect(error.message).toContain("第1题「你所在的乡镇」：选项c不存在");
    const missing = await expectRefused(
      () => answer({ deviceKey: device(1), answers: { acts: ["x"] } }),
      400,
    );
    expect(missing.problems.map((problem: { message: string }) => problem.message)).toEqual([
      "第1题「你所在的乡镇」：必答",
      "第3题「满意度」：必答",
    ]);
    const badKey = await expectRefused(() => answer({ deviceKey: "short", answers: {} }), 400);
    expect(badKey.field).toBe("deviceKey");
  });

  it("takes one answer per device: the second is 409, and of concurrent ones exactly one wins", async () => {
    const first = await answer({
      deviceKey: device(2),
      answers: { town: "a", acts: ["y", "x"], sat: 4, say: "多办活动" },
    });
    expect(first.statusCode, first.body).toBe(201);
    await expectRefused(
      () => answer({ deviceKey: device(2), answers: { town: "b", sat: 1 } }),
      409,
      "already_answered",
    );
    const concurrent = await Promise.all(
      Array.from({ length: 6 }, () => answer({ deviceKey: device(3), answers: { town: "b", sat: 2 } })),
    );
    expect(concurrent.map((response) => response.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    await answer({ deviceKey: device(4), answers: { town: "a", sat: 5, acts: ["x"], say: "=1+1" } });
    await answer({ deviceKey: device(5), answers: { town: "b", sat: 3 } }, "10.0.0.2");
  });

  it("counts options, the scale mean and the cross-tab; 400 for a cross-tab by a non-single choice", async () => {
    const response = await sendAs(context.app, east, "GET", `/surveys/${surveyId}/results?by=town`);
    expect(response.statusCode, response.body).toBe(200);
    const results = response.json();
    expect(results.responseCount).toBe(4);
    expect(results.questions[0].options).toEqual([
      { optionId: "a", label: "东河镇", count: 2, share: 50 },
      { optionId: "b", label: "西河镇", count: 2, share: 50 },
    ]);
    expect(results.questions[2]).toMatchObject({ answered: 4, mean: 3.5 });
    expect(results.crossTab.tables[1].rows).toEqual([
      { byOptionId: "a", label: "东河镇", respondents: 2, counts: [0, 0, 0, 1, 1], mean: 4.5 },
      { byOptionId: "b", label: "西河镇", respondents: 2, counts: [0, 1, 1, 0, 0], mean: 2.5 },
    ]);
    const bad = await sendAs(context.app, east, "GET", `/surveys/${surveyId}/results?by=sat`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ field: "by", message: "交叉分析：第3题不是单选题" });
    expect((await sendAs(context.app, west, "GET", `/surveys/${surveyId}/results`)).statusCode).toBe(404);
    expect((await sendAs(context.app, member, "GET", `/surveys/${surveyId}/results`)).statusCode).toBe(403);
  });

  it("exports the answers as .xlsx with option labels, formulas neutralized (audited)", async () => {
    await expectRefused(() => sendAs(context.app, west, "GET", `/surveys/${surveyId}/export.xlsx`), 404);
    const response = await sendAs(context.app, east, "GET", `/surveys/${surveyId}/export.xlsx`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers["content-disposition"]).toContain(encodeURIComponent("问卷答卷-"));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("答卷");
    expect(sheet?.rowCount).toBe(6);
    expect(sheet?.getRow(2).getCell(3).value).toBe("1. 你所在的乡镇（单选题）");
    expect(sheet?.getRow(3).getCell(3).value).toBe("东河镇");
    expect(sheet?.getRow(3).getCell(4).value).toBe("志愿服务；=读书会");
    expect(String(sheet?.getRow(5).getCell(6).value)).toContain("=1+1");
    expect(String(sheet?.getRow(5).getCell(6).value)).not.toMatch(/^=/);
    expect(sheet?.getRow(3).getCell(5).value).toBe(4);
    expect(await latestAuditEntry(context.db, "survey.export")).toMatchObject({ detail: { rows: 4 } });
  });

  it("allows repeats from one device when the survey says so", async () => {
    const created = await sendAs(
      context.app,
      east,
      "POST",
      `/organizations/${context.tree.eastVillage1.id}/surveys`,
      {
        title: "活动评价",
        allowRepeatPerDevice: true,
        questions: [QUESTIONS[2]],
      },
    );
    const { id, publicToken } = created.json();
    await sendAs(context.app, east, "POST", `/surveys/${id}/open`, {});
    for (let index = 0; index < 3; index += 1) {
      const response = await answer({ deviceKey: device(9), answers: { sat: 5 } }, "10.0.0.3", publicToken);
      expect(response.statusCode, response.body).toBe(201);
    }
    await sendAs(context.app, east, "POST", `/surveys/${id}/close`, {});
    await expectRefused(
      () => answer({ deviceKey: device(9), answers: { sat: 5 } }, "10.0.0.3", publicToken),
      409,
      "survey_not_accepting",
    );
  });

  it("answers 429 to a flood from one address, writing nothing more", async () => {
    let status = 0;
    for (let index = 0; index < 70 && status !== 429; index += 1) {
      status = (
        await context.app.inject({ url: `/api/v1/public/surveys/${token}`, remoteAddress: "10.9.9.9" })
      ).statusCode;
    }
    expect(status).toBe(429);
    status = 0; // each public route counts on its own
    for (let index = 0; index < 70 && status !== 429; index += 1) {
      status = (await answer({ deviceKey: device(41), answers: {} }, "10.9.9.9")).statusCode;
    }
    expect(status).toBe(429);
    await expectRefused(
      () => answer({ deviceKey: device(42), answers: { town: "a", sat: 1 } }, "10.9.9.9"),
      429,
    );
  });
});
