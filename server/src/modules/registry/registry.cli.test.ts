import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import ExcelJS from "exceljs";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { runCli } from "../../cli/commands";
import { openDatabase } from "../../db/database";
import {
  buildRegistryWorkbook,
  countImportTables,
  createEmptyTestCounty,
  REGISTRY_HEADERS,
  registryRow,
  writeTemporaryFile,
} from "../../test/registry-factories";

/**
 * `tuanwu import members` and `tuanwu export members`, run in process with runCli against a PGlite
 * data folder (DATABASE_URL is set aside for these tests, so they use the embedded engine).
 */

let dataDir: string;
const savedEnvironment = {
  DATABASE_URL: process.env.DATABASE_URL,
  TUANWU_DATA_DIR: process.env.TUANWU_DATA_DIR,
};

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "tuanwu-cli-"));
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
    return await countImportTables(handle.db);
  } finally {
    await handle.close();
  }
}

describe("tuanwu import members", () => {
  it("--dry-run --json with a problem: the JSON on stdout, exit code 1, nothing written", async () => {
    const file = await writeTemporaryFile(
      await buildRegistryWorkbook({ rows: [registryRow(0), registryRow(1, { 入团年月: "明年" })] }),
    );
    const before = await tableCounts();
    const run = await tuanwu("import", "members", file, "--org", "990001", "--dry-run", "--json");
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      rows: 2,
      imported: 0,
      problems: [{ row: 3, column: "入团年月", value: "明年", message: expect.stringContaining("入团") }],
    });
    expect(await tableCounts()).toEqual(before);
  });

  it("a commit with a problem is refused with exit code 1; an unknown --org too", async () => {
    const file = await writeTemporaryFile(
      await buildRegistryWorkbook({ rows: [registryRow(0, { 所在团支部: "不存在村团支部" })] }),
    );
    const before = await tableCounts();
    const run = await tuanwu("import", "members", file, "--org", "990001");
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain("第2行 所在团支部");
    const unknown = await tuanwu("import", "members", file, "--org", "no-such-code", "--json");
    expect(unknown.exitCode).toBe(1);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ error: { code: "not_found", field: "org" } });
    expect(await tableCounts()).toEqual(before);
  });

  it("imports 1,200 rows, with progress on stderr every 1,000 rows and JSON alone on stdout", async () => {
    const rows = Array.from({ length: 1_200 }, (_, index) => registryRow(index));
    const file = await writeTemporaryFile(await buildRegistryWorkbook({ rows }));
    const run = await tuanwu("import", "members", file, "--org", "990001", "--json");
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ rows: 1_200, imported: 1_200, problems: [] });
    expect(run.stderr).toContain("1000");
    expect((await tableCounts()).member).toBe(1_200);
  });
});

describe("tuanwu export members", () => {
  async function exportedIds(...flags: string[]): Promise<string[]> {
    const out = path.join(dataDir, `export-${flags.join("") || "masked"}.xlsx`);
    const run = await tuanwu("export", "members", "--org", "990001", "--out", out, "--json", ...flags);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ rows: 1_200, full: flags.includes("--full") });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.worksheets[0];
    return (sheet?.getColumn(REGISTRY_HEADERS.indexOf("身份证号") + 1).values.slice(2) ?? []) as string[];
  }

  it("masks citizen ID and phone unless --full", async () => {
    const masked = await exportedIds();
    expect(masked).toHaveLength(1_200);
    expect(masked[0]).toMatch(/^1101\*{10}[\dX]{4}$/);
    const full = await exportedIds("--full");
    expect(full).toContain(registryRow(0).身份证号);
  });
});
