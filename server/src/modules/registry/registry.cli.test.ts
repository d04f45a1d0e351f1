import path from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { runTuanwu, useCliDataFolder } from "../../test/cli-harness";
import {
  buildRegistryWorkbook,
  countImportTables,
  REGISTRY_HEADERS,
  registryRow,
  writeTemporaryFile,
} from "../../test/registry-factories";

/**
 * `tuanwu import members` and `tuanwu export members`, run in process with runCli against a PGlite
 * data folder (DATABASE_URL is set aside for these tests, so they use the embedded engine).
 */

const cli = useCliDataFolder("tuanwu-cli-");

async function tableCounts() {
  return cli.readDatabase(countImportTables);
}

describe("tuanwu import members", () => {
  it("--dry-run --json with a problem: the JSON on stdout, exit code 1, nothing written", async () => {
    const file = await writeTemporaryFile(
      await buildRegistryWorkbook({ rows: [registryRow(0), registryRow(1, { 入团年月: "明年" })] }),
    );
    const before = await tableCounts();
    const run = await runTuanwu("import", "members", file, "--org", "990001", "--dry-run", "--json");
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      rows: 2,
      imported: 0,
      problems: [{ row: 3, column: "入团年月", value: "明年", message: expect.stringContaining("入团") }],
      unmatchedBranches: [],
    });
    expect(await tableCounts()).toEqual(before);
  });

  it("a commit with a problem is refused with exit code 1; an unknown --org too", async () => {
    const file = await writeTemporaryFile(
      await buildRegistryWorkbook({ rows: [registryRow(0, { 所在团支部: "不存在村团支部" })] }),
    );
    const before = await tableCounts();
    const run = await runTuanwu("import", "members", file, "--org", "990001");
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain("第2行 所在团支部");
    const unknown = await runTuanwu("import", "members", file, "--org", "no-such-code", "--json");
    expect(unknown.exitCode).toBe(1);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ error: { code: "not_found", field: "org" } });
    expect(await tableCounts()).toEqual(before);
  });

  it("imports 1,200 rows, with progress on stderr every 1,000 rows and JSON alone on stdout", async () => {
    const rows = Array.from({ length: 1_200 }, (_, index) => registryRow(index));
    const file = await writeTemporaryFile(await buildRegistryWorkbook({ rows }));
    const run = await runTuanwu("import", "members", file, "--org", "990001", "--json");
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      rows: 1_200,
      imported: 1_200,
      problems: [],
      unmatchedBranches: [],
    });
    expect(run.stderr).toContain("1000");
    expect((await tableCounts()).member).toBe(1_200);
  });
});

describe("tuanwu export members", () => {
  async function exportedIds(...flags: string[]): Promise<string[]> {
    const out = path.join(cli.dataDir(), `export-${flags.join("") || "masked"}.xlsx`);
    const run = await runTuanwu("export", "members", "--org", "990001", "--out", out, "--json", ...flags);
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
