import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import mammoth from "mammoth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { insertTestApplication } from "../../test/applicant-fixtures";
import { countRows, latestAuditEntry } from "../../test/database-state";
import { createTestApp, createTestUser, logInEach, type TestSession } from "../../test/factories";
import type { Actor } from "../auth/actor";
import { exportPublicNotice } from "./development-documents.service";
import { PUBLIC_NOTICE_COLUMNS, PUBLIC_NOTICE_SHEET_NAME } from "./development-documents.workbook";

/** GET /applications/{id}/application-form.docx and /organizations/{id}/applications/public-notice.xlsx (issue 10 part 6). */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;
let target: number;
let candidate: number;
let west: number;

beforeAll(async () => {
  context = await createTestApp();
  const { db, tree } = context;
  await createTestUser(db, "evaluator", "evaluator", tree.county.id);
  const ids = await queryRows<{ id: number; name: string }>(db, sql`select id::int as id, name from member`);
  const idOf = (name: string) => ids.find((row) => row.name === name)?.id ?? 0;
  target = (
    await insertTestApplication(db, {
      organizationId: tree.eastVillage1.id,
      name: "陈小明",
      citizenId: "110105201101010013",
      sex: "male",
      ethnicity: "hui",
      state: "sponsored",
      dates: {
        applicationDate: "2025-03-01",
        talkDate: "2025-03-10",
        candidateNamedOn: "2025-04-01",
        targetProposedOn: "2025-07-15",
        precheckedOn: "2025-07-20",
        sponsorsNamedOn: "2025-08-01",
      },
      payloads: {
        name_candidate: { source: "class_recommendation", mentorMemberIds: [idOf("张三")] },
        name_sponsors: { sponsorMemberIds: [idOf("张三"), idOf("李四")] },
      },
    })
  ).applicationId;
  candidate = (
    await insertTestApplication(db, {
      organizationId: tree.eastVillage1.id,
      name: "=1+2",
      citizenId: "110105201102020015",
      state: "candidate",
      dates: { applicationDate: "2025-09-01", talkDate: "2025-09-05", candidateNamedOn: "2025-10-01" },
    })
  ).applicationId;
  west = (
    await insertTestApplication(db, {
      organizationId: tree.westVillage.id,
      name: "王西",
      citizenId: "110105201103030017",
      state: "development_target",
      dates: {
        applicationDate: "2025-01-01",
        talkDate: "2025-01-10",
        candidateNamedOn: "2025-02-01",
        targetProposedOn: "2025-06-01",
        precheckedOn: "2025-06-05",
      },
    })
  ).applicationId;
  await insertTestApplication(db, {
    organizationId: tree.eastVillage2.id,
    name: "只递交了申请",
    citizenId: "110105201104040019",
    state: "applied",
    dates: { applicationDate: "2025-11-01" },
  });
  [county, east, secretary, member] = await logInEach(context.app, ["county", "east", "secretary", "member"]);
});
afterAll(async () => context.close());

function get(url: string, session?: TestSession) {
  return context.app.inject({ method: "GET", url, headers: session?.headers ?? {} });
}

describe("GET /applications/{id}/application-form.docx", () => {
  const url = (id: number) => `/api/v1/applications/${id}/application-form.docx`;

  it("401, 404 outside the subtree or missing, 403 to a member, 400 bad id, 422 before the pre-check (nothing audited)", async () => {
    expect((await get(url(target))).statusCode).toBe(401);
    expect((await get(url(west), east)).statusCode).toBe(404);
    expect((await get(url(999_999), county)).statusCode).toBe(404);
    expect((await get(url(target), member)).statusCode).toBe(403);
    const bad = await get("/api/v1/applications/abc/application-form.docx", county);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("id");
    const before = await countRows(context.db, ["audit_log"]);
    const early = await get(url(candidate), secretary);
    expect(early.statusCode).toBe(422);
    expect(early.json().error).toMatchObject({ code: "application_form_not_available", field: "state" });
    expect(early.json().error.message).toContain("入团积极分子");
    expect(await countRows(context.db, ["audit_log"])).toEqual(before);
  });

  it("the 入团志愿书 pre-filled with the particulars, mentors and sponsors, blank parts for the hand; audited", async () => {
    const response = await get(url(target), secretary);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("wordprocessingml.document");
    expect(response.headers["content-disposition"]).toContain(encodeURIComponent("入团志愿书-陈小明.docx"));
    const text = (await mammoth.extractRawText({ buffer: response.rawPayload })).value;
    for (const expected of [
      "入团志愿书",
      "共青团东河镇委员会",
      "陈小明",
      "男",
      "回族",
      "2011年01月",
      "东一村团支部",
      "2025年03月01日",
      "2025年04月01日",
      "2025年07月20日",
      "张三、李四",
      "一、入团志愿",
      "二、入团介绍人意见",
      "三、支部大会意见",
      "四、上级团委审批意见",
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(text).not.toContain("110105201101010013");
    expect(await latestAuditEntry(context.db, "development.export_application_form")).toMatchObject({
      entityType: "development_application",
      entityId: String(target),
      organizationId: context.tree.eastVillage1.id,
      detail: { format: "docx", state: "sponsored" },
    });
  });
});

describe("GET /organizations/{id}/applications/public-notice.xlsx", () => {
  const url = (id: number) => `/api/v1/organizations/${id}/applications/public-notice.xlsx`;

  async function sheetRows(bytes: Buffer) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet(PUBLIC_NOTICE_SHEET_NAME);
    if (!sheet) throw new Error("no sheet");
    const headers = (sheet.getRow(3).values as unknown[]).slice(1);
    expect(headers).toEqual(PUBLIC_NOTICE_COLUMNS.map((column) => column.header));
    const rows: Record<string, unknown>[] = [];
    for (let number = 4; number <= sheet.rowCount; number += 1) {
      const values = (sheet.getRow(number).values as unknown[]).slice(1);
      rows.push(
        Object.fromEntries(headers.map((header, index) => [header as string, values[index] ?? null])),
      );
    }
    return { title: sheet.getRow(1).getCell(1).value, rows };
  }

  it("401, 404 outside the subtree, 403 to a member, 400 bad id", async () => {
    expect((await get(url(context.tree.county.id))).statusCode).toBe(401);
    expect((await get(url(context.tree.westVillage.id), east)).statusCode).toBe(404);
    expect((await get(url(context.tree.eastVillage1.id), member)).statusCode).toBe(403);
    const bad = await get("/api/v1/organizations/0/applications/public-notice.xlsx", county);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("id");
  });

  it("lists candidates and development targets by branch, formulas neutralized, full IDs for member:read_personal; audited", async () => {
    const response = await get(url(context.tree.county.id), county);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("spreadsheetml.sheet");
    const { title, rows } = await sheetRows(response.rawPayload);
    expect(String(title)).toContain("入团积极分子和发展对象公示名单");
    expect(rows.map((row) => row.姓名)).toEqual(["陈小明", "'=1+2", "王西"]);
    expect(rows[0]).toMatchObject({
      序号: 1,
      团支部: "东一村团支部",
      性别: "男",
      出生年月: "2011年01月",
      身份证号: "110105201101010013",
      类别: "发展对象",
      申请入团日期: "2025-03-01",
      确定为入团积极分子日期: "2025-04-01",
      确定为发展对象日期: "2025-07-15",
    });
    expect(rows[1]).toMatchObject({ 类别: "入团积极分子", 确定为发展对象日期: null });
    expect(rows.map((row) => row.姓名)).not.toContain("只递交了申请");
    expect(await latestAuditEntry(context.db, "development.export_public_notice")).toMatchObject({
      entityType: "organization",
      organizationId: context.tree.county.id,
      detail: { rows: 3, full: true, format: "xlsx" },
    });

    const eastOnly = await sheetRows((await get(url(context.tree.east.id), east)).rawPayload);
    expect(eastOnly.rows.map((row) => row.姓名)).toEqual(["陈小明", "'=1+2"]);
  });

  it("masks the citizen ID for a reader without member:read_personal", async () => {
    const reader: Actor = {
      userId: null,
      username: "reader",
      displayName: "reader",
      roles: [],
      permissions: new Set(["organization:read", "member:read"]),
      scopePaths: [context.tree.county.path],
    };
    const file = await exportPublicNotice(context.db, reader, context.tree.county.id, "2026-01-01");
    const { rows } = await sheetRows(file.bytes);
    expect(rows[0]?.身份证号).toBe("1101**********0013");
    expect(await latestAuditEntry(context.db, "development.export_public_notice")).toMatchObject({
      detail: { rows: 3, full: false },
    });
  });
});
