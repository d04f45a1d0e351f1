import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { runCli } from "../../cli/commands";
import { openDatabase } from "../../db/database";
import { createEmptyTestCounty } from "../../test/factories";
import { buildDocx, countPlanTables, WANGCANG_PLAN_PATH } from "../../test/plan-factories";

/**
 * `tuanwu plan parse` and `tuanwu plan import`, run in process with runCli against a PGlite data
 * folder (DATABASE_URL is set aside for these tests, so they use the embedded engine).
 */

let dataDir: string;
const savedEnvironment = {
  DATABASE_URL: process.env.DATABASE_URL,
  TUANWU_DATA_DIR: process.env.TUANWU_DATA_DIR,
};

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "tuanwu-plan-cli-"));
  delete process.env.DATABASE_URL;
  process.env.TUANWU_DATA_DIR = dataDir;
  const handle = await openDatabase({ dataDir });
  await handle.migrate();
  await createEmptyTestCounty(handle.db);
  await handle.close();
});
afterEach(() => {
  process.exitCode = 0;
});
afterAll(async () => {
  for (const [key, value] of Object.entries(savedEnvironment)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await rm(dataDir, { recursive: true, force: true });
});

/** Runs `tuanwu ...args`, returning stdout, stderr and the exit code. */
async function tuanwu(...args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi
    .spyOn(console, "log")
    .mockImplementation((...parts: unknown[]) => void out.push(parts.join(" ")));
  const error = vi
    .spyOn(console, "error")
    .mockImplementation((...parts: unknown[]) => void err.push(parts.join(" ")));
  process.exitCode = 0;
  try {
    await runCli(new Command(), ["node", "tuanwu", ...args]);
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { stdout: out.join("\n"), stderr: err.join("\n"), exitCode };
}

async function tableCounts() {
  const handle = await openDatabase({ dataDir });
  try {
    return await countPlanTables(handle.db);
  } finally {
    await handle.close();
  }
}

async function temporaryFile(name: string, content: Buffer | string): Promise<string> {
  const file = path.join(dataDir, name);
  await writeFile(file, content);
  return file;
}

describe("tuanwu plan parse", () => {
  it("--json prints the Wangcang plan's structure", async () => {
    const run = await tuanwu("plan", "parse", WANGCANG_PLAN_PATH, "--json");
    expect(run.exitCode).toBe(0);
    const parsed = JSON.parse(run.stdout);
    expect(Object.keys(parsed)).toEqual(["title", "phases", "tasks", "unplaced"]);
    expect(parsed.tasks).toHaveLength(26);
    expect(parsed.phases).toHaveLength(3);
    expect(parsed.tasks[0]).toMatchObject({
      number: 1,
      units: expect.arrayContaining(["县委组织部"]),
      leadUnit: "县委组织部",
      deadline: "2023-02-28",
      path: expect.any(Array),
      targets: expect.any(Array),
    });
  });

  it("reads a Word document", async () => {
    const file = await temporaryFile(
      "plan.docx",
      buildDocx("某县方案\n一、任务\n1.加强编制。责任单位：团县委。"),
    );
    const run = await tuanwu("plan", "parse", file, "--json");
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).tasks).toHaveLength(1);
  });

  it.each([
    ["missing.txt", null, "unreadable_file"],
    ["empty.txt", "", "empty_file"],
    ["image.docx", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), "not_a_docx"],
  ] as const)("exits 1 on an unreadable file (%s)", async (name, content, code) => {
    const file = content === null ? path.join(dataDir, name) : await temporaryFile(name, content);
    const run = await tuanwu("plan", "parse", file, "--json");
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
    const run = await tuanwu("plan", "import", WANGCANG_PLAN_PATH, "--org", "990001", "--json");
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
    const run = await tuanwu("plan", "import", file, "--org", org, "--json");
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(run.stdout).error.code).toBe(code);
    expect(await tableCounts()).toEqual(before);
  });
});
