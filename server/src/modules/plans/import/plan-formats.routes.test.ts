import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPOSITORY_ROOT } from "../../../config";
import { createTestApp, logInEach, type TestSession } from "../../../test/factories";
import {
  buildDocxWithTable,
  buildEncryptedOfficeFile,
  buildPdf,
  buildXlsx,
} from "../../../test/plan-document-factories";
import { countPlanTables } from "../../../test/plan-factories";

/**
 * Plan documents in every format of issue 15 through POST /organizations/{id}/plans/preview and
 * /plans: PDF, Word task tables, Excel / CSV task lists with a column mapping, Markdown, the marker
 * choice, and each bad input refused with nothing written. (401/403/404 of these routes:
 * plan-import.routes.test.ts.)
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;

beforeAll(async () => {
  context = await createTestApp();
  [county] = await logInEach(context.app, ["county"]);
});
afterAll(async () => context.close());

const corpus = (file: string) =>
  readFileSync(path.join(REPOSITORY_ROOT, "domain/src/plan/fixtures/corpus", file));
const previewUrl = () => `/api/v1/organizations/${context.tree.county.id}/plans/preview`;
const importUrl = () => `/api/v1/organizations/${context.tree.county.id}/plans`;

/** A multipart request with one file and text fields. */
function send(url: string, content: Buffer, fileName: string, fields: Record<string, string> = {}) {
  const boundary = `----tuanwu${randomBytes(8).toString("hex")}`;
  const parts = Object.entries(fields).map(([name, value]) =>
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      "utf8",
    ),
  );
  const payload = Buffer.concat([
    ...parts,
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        "Content-Type: application/octet-stream\r\n\r\n",
      "utf8",
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return context.app.inject({
    method: "POST",
    url,
    payload,
    headers: { "content-type": `multipart/form-data; boundary=${boundary}`, ...county.headers },
  });
}

const PDF_PLAN = buildPdf([
  "某县团建工作方案\n一、重点任务\n1.推进乡镇团委规范化建设。\n责任单位：团县委、县委组织部\n完成时限：2023年3月底前",
  "2.选聘兼职团干部。\n责任单位：团县委\n完成时限：2023年9月底前",
]);
const TABLE_ROWS = [
  ["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"],
  ["一、组织建设"],
  [
    "1",
    "推进规范化建设",
    "2023年底前达标率达到80%，2024年底前达到100%",
    "团县委",
    "各乡镇",
    "2024年12月底前",
  ],
  ["2", "建立团代表联络站", "每个乡镇建立1个", "团县委", "", "2023年6月底前"],
];
const ODD_HEADER = [
  ["编", "事情", "谁来做", "何时"],
  ["1", "推进规范化建设", "团县委", "2024年12月底前"],
  ["2", "建立团代表联络站", "团县委、各乡镇", "2023年6月底前"],
];

describe("preview in every format (nothing written)", () => {
  it("reads a PDF's text layer across pages", async () => {
    const before = await countPlanTables(context.db);
    const response = await send(previewUrl(), PDF_PLAN, "plan.pdf");
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(
      body.tasks.map((task: { title: string; units: string[]; deadline: string; rule: string }) => [
        task.title,
        task.units,
        task.deadline,
        task.rule,
      ]),
    ).toEqual([
      ["推进乡镇团委规范化建设", ["团县委", "县委组织部"], "2023-03-31", "labelled"],
      ["选聘兼职团干部", ["团县委"], "2023-09-30", "labelled"],
    ]);
    expect(await countPlanTables(context.db)).toEqual(before);
  });

  it("reads the task table of a Word document, group rows as the path", async () => {
    const docx = buildDocxWithTable(
      ["某县团建任务分工方案", "到2024年，团组织规范化达标率达到100%。"],
      TABLE_ROWS,
    );
    const body = (await send(previewUrl(), docx, "plan.docx")).json();
    expect(body.title).toBe("某县团建任务分工方案");
    expect(body.tasks).toHaveLength(2);
    expect(body.tasks[0]).toMatchObject({
      title: "推进规范化建设",
      units: ["团县委", "各乡镇"],
      leadUnit: "团县委",
      deadline: "2024-12-31",
      path: ["一、组织建设"],
      rule: "table-row",
      targets: [
        { date: "2023-12-31", value: 80, unit: "%" },
        { date: "2024-12-31", value: 100, unit: "%" },
      ],
    });
    expect(body.table).toMatchObject({
      headerRow: 0,
      mapping: { title: 1, text: 2, leadUnit: 3, deadline: 5 },
    });
    expect(body.targets).toEqual([expect.objectContaining({ date: "2024-12-31", value: 100, unit: "%" })]);
  });

  it("reads an Excel task list whose header it knows", async () => {
    const body = (
      await send(previewUrl(), await buildXlsx([["某县任务清单"], ...TABLE_ROWS]), "tasks.xlsx")
    ).json();
    expect(body.title).toBe("某县任务清单");
    expect(body.tasks.map((task: { title: string }) => task.title)).toEqual([
      "推进规范化建设",
      "建立团代表联络站",
    ]);
    expect(body.message).toBeNull();
  });

  it("asks for the columns of a table it cannot map, then reads it with the user's mapping", async () => {
    const xlsx = await buildXlsx([["某县任务清单"], ...ODD_HEADER]);
    const unmapped = (await send(previewUrl(), xlsx, "tasks.xlsx")).json();
    expect(unmapped.tasks).toEqual([]);
    expect(unmapped.message).toContain("无法识别任务表的列");
    expect(unmapped.table).toMatchObject({
      headerRow: 1,
      headers: ["编", "事情", "谁来做", "何时"],
      mapping: null,
    });
    // The header row alone (row 2 of a list whose header words are known) is read for its words.
    const headerOnly = await buildXlsx([["某县任务清单"], ["说明：据实填写"], ...TABLE_ROWS]);
    const byHeaderRow = (await send(previewUrl(), headerOnly, "tasks.xlsx", { headerRow: "2" })).json();
    expect(byHeaderRow.tasks).toHaveLength(2);
    const stillOdd = (await send(previewUrl(), xlsx, "tasks.xlsx", { headerRow: "1" })).json();
    expect(stillOdd.table).toMatchObject({ headerRow: 1, mapping: null });
    const columns = JSON.stringify({ number: 0, title: 1, units: 2, deadline: 3 });
    const mapped = (await send(previewUrl(), xlsx, "tasks.xlsx", { columns, headerRow: "1" })).json();
    expect(mapped.title).toBe("某县任务清单");
    expect(
      mapped.tasks.map((task: { units: string[]; deadline: string }) => [task.units, task.deadline]),
    ).toEqual([
      [["团县委"], "2024-12-31"],
      [["团县委", "各乡镇"], "2023-06-30"],
    ]);
    expect(mapped.table.mapping).toEqual({ number: 0, title: 1, units: 2, deadline: 3 });
  });

  it("reads a CSV task list and a Markdown plan", async () => {
    const csv = (await send(previewUrl(), corpus("12-task-table.csv"), "12-task-table.csv")).json();
    expect(csv.tasks).toHaveLength(4);
    const md = (await send(previewUrl(), corpus("07-markdown.md"), "07-markdown.md")).json();
    expect(md.tasks.map((task: { title: string }) => task.title)).toEqual([
      "建设青年人才驿站",
      "打造青年友好街区",
      "开展青年文化节",
    ]);
  });

  it("reads a provincial plan of em-dash items with milestones; tells the rule, plan targets and unplaced text", async () => {
    const body = (await send(previewUrl(), corpus("01-provincial-dash-milestones.txt"), "plan.txt")).json();
    expect(body.tasks.map((task: { rule: string }) => task.rule)).toEqual([
      "labelled",
      "labelled",
      "labelled",
      "labelled",
    ]);
    expect(body.tasks[0].targets).toHaveLength(3);
    expect(body.tasks[0].deadline).toBe("2021-12-31");
    expect(body.targets).toEqual([expect.objectContaining({ date: "2021-12-31", value: 90, unit: "%" })]);
    expect(body.unplaced.some((text: string) => text.includes("加强组织领导"))).toBe(true);
    expect(body.review).toEqual({ unsure: false, reasons: [] });
  });

  it("says plainly when unsure and offers the markers; the chosen marker makes the tasks", async () => {
    const text = [
      "某县团委2024年工作安排",
      "一、加强思想引领",
      "（一）开展主题教育。组织团员青年集中学习。",
      "（二）建设青年讲师团。选聘青年讲师。",
      "二、服务青年发展",
      "（一）举办招聘会。联合企业举办招聘会。",
    ].join("\n");
    const unsure = (await send(previewUrl(), Buffer.from(text), "plan.txt")).json();
    expect(unsure.tasks).toEqual([]);
    expect(unsure.review.unsure).toBe(true);
    expect(unsure.markers).toEqual([
      { kind: "chinese-parenthesized", label: "（一）", count: 3 },
      { kind: "chinese-number", label: "一、", count: 2 },
    ]);
    const chosen = (
      await send(previewUrl(), Buffer.from(text), "plan.txt", { taskMarker: "chinese-parenthesized" })
    ).json();
    expect(chosen.tasks.map((task: { title: string; rule: string }) => [task.title, task.rule])).toEqual([
      ["开展主题教育", "marker"],
      ["建设青年讲师团", "marker"],
      ["举办招聘会", "marker"],
    ]);
    expect(chosen.review.reasons.join()).toContain("没有可识别的完成时限");
  });
});

describe("import in the new formats", () => {
  it("saves a PDF plan and an Excel list mapped by the user, audited", async () => {
    const before = await countPlanTables(context.db);
    expect((await send(importUrl(), PDF_PLAN, "plan.pdf")).statusCode).toBe(201);
    const columns = JSON.stringify({ title: 1, units: 2, deadline: 3 });
    const response = await send(importUrl(), await buildXlsx(ODD_HEADER), "tasks.xlsx", { columns });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ title: "tasks", taskCount: 2 });
    const after = await countPlanTables(context.db);
    expect(after.plan).toBe(before.plan + 2);
    expect(after.plan_task).toBe(before.plan_task + 4);
    expect(after.audit_log).toBe(before.audit_log + 2);
  });

  it.each([
    ["scan.pdf", () => buildPdf(["", ""]), "scanned_pdf", "扫描件"],
    ["locked.docx", buildEncryptedOfficeFile, "password_protected", "密码"],
    ["locked.xlsx", buildEncryptedOfficeFile, "password_protected", "密码"],
  ] as const)("refuses %s with 400 %s, writing nothing", async (fileName, build, code, words) => {
    const before = await countPlanTables(context.db);
    for (const url of [previewUrl(), importUrl()]) {
      const response = await send(url, build(), fileName);
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatchObject({
        code,
        field: "file",
        message: expect.stringContaining(words),
      });
    }
    expect(await countPlanTables(context.db)).toEqual(before);
  });

  it("refuses a table it cannot map (422 no_tasks), and a mapping that does not fit (400 columns), writing nothing", async () => {
    const before = await countPlanTables(context.db);
    const xlsx = await buildXlsx(ODD_HEADER);
    const unmapped = await send(importUrl(), xlsx, "tasks.xlsx");
    expect(unmapped.statusCode).toBe(422);
    expect(unmapped.json().error).toMatchObject({ code: "no_tasks" });
    const outside = await send(importUrl(), xlsx, "tasks.xlsx", { columns: JSON.stringify({ title: 9 }) });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error).toMatchObject({ code: "invalid_columns", field: "columns" });
    const noTask = await send(importUrl(), xlsx, "tasks.xlsx", { columns: JSON.stringify({ units: 2 }) });
    expect(noTask.json().error).toMatchObject({ code: "invalid_columns", field: "columns" });
    const notJson = await send(previewUrl(), xlsx, "tasks.xlsx", { columns: "{title:" });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.field).toBe("columns");
    const notes = await send(importUrl(), Buffer.from("关于召开会议的通知\n请准时参加。\n"), "notice.txt");
    expect(notes.statusCode).toBe(422);
    expect(await countPlanTables(context.db)).toEqual(before);
  });
});
