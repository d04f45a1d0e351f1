import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import mammoth from "mammoth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayInChina } from "../../../lib/clock";
import { latestAuditEntry } from "../../../test/database-state";
import { createTestApp, createTestUser, logInEach, type TestSession } from "../../../test/factories";
import { planTaskInput, sendJson } from "../../../test/plan-factories";
import { systemActor } from "../../auth/system-actor";
import type { ParsedPlanInput } from "../ledger/plan.schemas";
import { importPlan } from "../ledger/plan.service";
import { LEDGER_COLUMNS, LEDGER_SHEET_NAME } from "./plan-ledger-workbook";

/** GET /plans/{id}/ledger.xlsx and GET /plans/{id}/progress-report.docx (issue 5 part 8). */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let member: TestSession;
let evaluator: TestSession;
let planId: number;
const today = todayInChina();

function daysFromToday(days: number): string {
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const soon = daysFromToday(5);

function task(number: number, title: string, overrides: Partial<ParsedPlanInput["tasks"][number]>) {
  return planTaskInput(number, { title, text: `${title}的具体内容`, ...overrides });
}

beforeAll(async () => {
  context = await createTestApp();
  await createTestUser(context.db, "evaluator", "evaluator", context.tree.county.id);
  [county, east, member, evaluator] = await logInEach(context.app, ["county", "east", "member", "evaluator"]);
  planId = await importPlan(
    context.db,
    systemActor("test"),
    context.tree.county.id,
    {
      title: "测试县改革实施方案",
      phases: [{ name: "组织筹备", start: "2022-09-01", end: "2022-12-31" }],
      tasks: [
        task(1, "拓宽团的工作力量", {
          path: ["一、组织建设", "（一）工作力量"],
          units: ["县委组织部", "团县委"],
          leadUnit: "县委组织部",
          deadline: "2022-12-31",
          deadlineText: "2022年12月底前",
          targets: [{ date: "2022-12-31", value: 60, unit: "%", text: "60%的乡镇配备专职团干部" }],
        }),
        task(2, "推进智慧团建录入", { units: ["团县委"], leadUnit: "团县委", deadline: soon }),
        task(3, "建立工作目标责任制", { deadline: "2099-12-31", deadlineText: "长期坚持" }),
        task(4, "已取消的任务", { deadline: "2099-12-31" }),
      ],
      unplaced: [],
    },
    "plan.txt",
  );
  await context.db.execute(sql`update plan_task set done_on = '2023-01-15', started_on = '2022-10-01', owner_name = '李四'
    where plan_id = ${planId} and number = 3`);
  await context.db.execute(
    sql`update plan_task set cancelled = true where plan_id = ${planId} and number = 4`,
  );
  await context.db.execute(
    sql`update plan_task set owner_name = '张三', weight = 40 where plan_id = ${planId} and number = 1`,
  );
  const report = (number: number, on: string, percent: number, narrative: string) => sql`
    insert into plan_progress_report (task_id, reported_on, percent, narrative, reported_by_name)
    select id, ${on}::date, ${percent}, ${narrative}, '王五' from plan_task where plan_id = ${planId} and number = ${number}`;
  await context.db.execute(report(1, "2022-11-30", 30, "已完成乡镇团委书记摸底"));
  await context.db.execute(report(2, "2023-01-10", 20, "启动数据核对"));
  await context.db.execute(report(2, today, 60, "已录入九成团员"));
});
afterAll(async () => context.close());

function get(url: string, session?: TestSession) {
  return sendJson(context.app, "GET", url, undefined, session);
}

describe("GET /plans/{id}/ledger.xlsx", () => {
  const url = () => `/api/v1/plans/${planId}/ledger.xlsx`;

  it("401 without a session, 404 outside the scope or missing, 403 to a member, 400 naming the field", async () => {
    expect((await get(url())).statusCode).toBe(401);
    expect((await get(url(), east)).statusCode).toBe(404);
    expect((await get("/api/v1/plans/999999/ledger.xlsx", county)).statusCode).toBe(404);
    expect((await get(url(), member)).statusCode).toBe(403);
    const bad = await get(`${url()}?dueSoonDays=-1`, county);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("dueSoonDays");
  });

  it("writes the 台账 with every column, a frozen filtered header, overdue rows in red; audited", async () => {
    const response = await get(url(), evaluator);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("spreadsheetml.sheet");
    expect(response.headers["content-disposition"]).toContain(
      encodeURIComponent("测试县改革实施方案台账.xlsx"),
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet(LEDGER_SHEET_NAME);
    if (!sheet) throw new Error("no ledger sheet");
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(LEDGER_COLUMNS.map((column) => column.header));
    expect(sheet.rowCount).toBe(5);
    const row = (number: number) => {
      const values = (sheet.getRow(number + 1).values as unknown[]).slice(1);
      return Object.fromEntries(headers.map((header, index) => [header as string, values[index] ?? null]));
    };
    expect(row(1)).toMatchObject({
      序号: 1,
      改革领域: "一、组织建设",
      子领域: "（一）工作力量",
      任务: "拓宽团的工作力量",
      任务内容: "拓宽团的工作力量的具体内容",
      牵头单位: "县委组织部",
      责任单位: "县委组织部、团县委",
      完成时限: new Date("2022-12-31T00:00:00Z"),
      时限原文: "2022年12月底前",
      阶段: "组织筹备",
      责任人: "张三",
      状态: "逾期",
      "最新进度(%)": 30,
      进度报送日期: new Date("2022-11-30T00:00:00Z"),
      "权重(%)": 40,
      量化目标: "2022-12-31前 60% 60%的乡镇配备专职团干部",
    });
    expect(row(2)).toMatchObject({ 状态: "未启动", "最新进度(%)": 60 });
    expect(row(3)).toMatchObject({
      状态: "已完成",
      完成日期: new Date("2023-01-15T00:00:00Z"),
      时限原文: "长期坚持",
    });
    expect(row(4)).toMatchObject({ 状态: "已取消" });
    const fill = (number: number) =>
      (sheet.getRow(number + 1).getCell(1).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
    expect(fill(1)).toBe("FFFFC7CE");
    expect(fill(2)).toBe("FFFFEB9C");
    expect(fill(3)).toBeUndefined();
    expect(await latestAuditEntry(context.db, "plan.export_ledger")).toMatchObject({
      entityType: "plan",
      entityId: String(planId),
      organizationId: context.tree.county.id,
      detail: { rows: 4, format: "xlsx", asOf: today },
    });
  });
});

describe("GET /plans/{id}/progress-report.docx", () => {
  const url = (query = "") => `/api/v1/plans/${planId}/progress-report.docx${query}`;

  async function text(query = ""): Promise<string> {
    const response = await get(url(query), county);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("wordprocessingml.document");
    return (await mammoth.extractRawText({ buffer: response.rawPayload })).value;
  }

  it("401 without a session, 404 outside the scope or missing, 403 to a member", async () => {
    expect((await get(url())).statusCode).toBe(401);
    expect((await get(url(), east)).statusCode).toBe(404);
    expect((await get("/api/v1/plans/999999/progress-report.docx", county)).statusCode).toBe(404);
    expect((await get(url(), member)).statusCode).toBe(403);
  });

  it.each(["?asOf=2023-02-30", "?asOf=tomorrow", `?asOf=${daysFromToday(1)}`])(
    "answers 400 naming asOf for %s",
    async (query) => {
      const response = await get(url(query), county);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.field).toBe("asOf");
    },
  );

  it("reports progress, statuses, overdue and due-soon tasks, each task's latest narrative; audited", async () => {
    const document = await text();
    expect(document).toContain("测试县改革实施方案推进情况报告");
    expect(document).toContain(`截至 ${today}`);
    expect(document).toContain("总体进度：63.3%（平均，计入 3 项，已取消 1 项不计）");
    for (const title of ["拓宽团的工作力量", "推进智慧团建录入", "建立工作目标责任制", "已取消的任务"]) {
      expect(document).toContain(title);
    }
    expect(document).toMatch(/三、逾期任务\s+序号[\s\S]*拓宽团的工作力量[\s\S]*四、14天内到期任务/);
    expect(document).toMatch(/四、14天内到期任务\s+序号[\s\S]*推进智慧团建录入[\s\S]*五、各项任务进展/);
    expect(document).toContain(`最新进度 60%（${today}，王五报送）：已录入九成团员`);
    expect(document).toContain("暂无报送");
    expect(await latestAuditEntry(context.db, "plan.export_progress_report")).toMatchObject({
      entityType: "plan",
      entityId: String(planId),
      detail: { rows: 4, format: "docx", asOf: today },
    });
  });

  it("reports as of an earlier date: statuses and reports of that day", async () => {
    const document = await text("?asOf=2023-01-10");
    expect(document).toContain("截至 2023-01-10");
    expect(document).toContain("最新进度 20%（2023-01-10，王五报送）：启动数据核对");
    expect(document).not.toContain("已录入九成团员");
    // Task 3 was done on 2023-01-15: not yet on 2023-01-10.
    expect(document).toContain("状态：推进中；完成时限：2099-12-31");
  });
});
