import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runTuanwu, useCliDataFolder } from "../../../test/cli-harness";
import { buildDocx, countPlanTables, WANGCANG_PLAN_PATH } from "../../../test/plan-factories";

/**
 * `tuanwu plan parse` and `tuanwu plan import`, run in process with runCli against a PGlite data
 * folder (DATABASE_URL is set aside for these tests, so they use the embedded engine).
 */

const cli = useCliDataFolder("tuanwu-plan-cli-");

async function tableCounts() {
  return cli.readDatabase(countPlanTables);
}

async function temporaryFile(name: string, content: Buffer | string): Promise<string> {
  const file = path.join(cli.dataDir(), name);
  await writeFile(file, content);
  return file;
}

describe("tuanwu plan parse", () => {
  it("--json prints the Wangcang plan's structure", async () => {
    const run = await runTuanwu("plan", "parse", WANGCANG_PLAN_PATH, "--json");
    expect(run.exitCode).toBe(0);
    const parsed = JSON.parse(run.stdout);
    expect(Object.keys(parsed)).toEqual([
      "title",
      "phases",
      "tasks",
      "unplaced",
      "targets",
      "excluded",
      "markers",
      "review",
      "table",
    ]);
    expect(parsed.review).toEqual({ unsure: false, reasons: [] });
    expect(parsed.tasks).toHaveLength(26);
    expect(parsed.phases).toHaveLength(3);
    expect(parsed.tasks[0]).toMatchObject({
      number: 1,
      units: expect.arrayContaining(["县委组织部"]),
      leadUnit: "县委组织部",
      deadline: "2023-02-28",
      path: expect.any(Array),
      targets: expect.any(Array),
      rule: "labelled",
    });
  });

  it("reads a Word document", async () => {
    const file = await temporaryFile(
      "plan.docx",
      buildDocx("某县方案\n一、任务\n1.加强编制。责任单位：团县委。"),
    );
    const run = await runTuanwu("plan", "parse", file, "--json");
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).tasks).toHaveLength(1);
  });

  it("reads a CSV task list with --columns, and takes --marker", async () => {
    const csv = await temporaryFile("tasks.csv", "编,事情,谁来做,何时\n1,推进建团,团县委,2024年12月底前\n");
    const run = await runTuanwu(
      "plan",
      "parse",
      csv,
      "--json",
      "--columns",
      '{"title":1,"units":2,"deadline":3}',
    );
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).tasks[0]).toMatchObject({
      units: ["团县委"],
      deadline: "2024-12-31",
      rule: "table-row",
    });
    const text = await temporaryFile("points.txt", "工作安排\n一、思想引领\n（一）开展学习。组织学习。\n");
    const marked = await runTuanwu("plan", "parse", text, "--json", "--marker", "chinese-parenthesized");
    expect(JSON.parse(marked.stdout).tasks.map((task: { rule: string }) => task.rule)).toEqual(["marker"]);
    const bad = await runTuanwu("plan", "parse", csv, "--json", "--columns", "{title:");
    expect(bad.exitCode).toBe(1);
    expect(JSON.parse(bad.stdout).error).toMatchObject({ field: "columns" });
  });

  it.each([
    ["missing.txt", null, "unreadable_file"],
    ["empty.txt", "", "empty_file"],
    ["image.docx", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), "not_a_docx"],
  ] as const)("exits 1 on an unreadable file (%s)", async (name, content, code) => {
    const file = content === null ? path.join(cli.dataDir(), name) : await temporaryFile(name, content);
    const run = await runTuanwu("plan", "parse", file, "--json");
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(run.stdout).error).toMatchObject({
      code,
      field: "file",
      message: expect.stringContaining(name),
    });
  });
});

describe("tuanwu plan import", () => {
  it("saves the Wangcang plan as the organization's plan: 26 tasks, 3 phases", async () => {
    const before = await tableCounts();
    const run = await runTuanwu("plan", "import", WANGCANG_PLAN_PATH, "--org", "990001", "--json");
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ tasks: 26, phases: 3 });
    const after = await tableCounts();
    expect(after.plan).toBe(before.plan + 1);
    expect(after.plan_task).toBe(before.plan_task + 26);
    expect(after.plan_phase).toBe(before.plan_phase + 3);
  });

  it.each([
    ["an unknown organization", "wangcang", "nope", "not_found"],
    ["a document without tasks", "notice", "990001", "no_tasks"],
  ])("refuses %s (exit 1), writing nothing", async (_name, kind, org, code) => {
    const file =
      kind === "notice" ? await temporaryFile("notice.txt", "关于召开会议的通知\n") : WANGCANG_PLAN_PATH;
    const before = await tableCounts();
    const run = await runTuanwu("plan", "import", file, "--org", org, "--json");
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(run.stdout).error.code).toBe(code);
    expect(await tableCounts()).toEqual(before);
  });
});
