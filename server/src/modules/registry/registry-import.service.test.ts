import { randomBytes } from "node:crypto";
import path from "node:path";
import { deflateRawSync } from "node:zlib";
import { DomainError } from "@tuanwu/domain";
import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/database";
import { member } from "../../db/schema";
import { createTestApp } from "../../test/factories";
import {
  buildRegistryWorkbook,
  countImportTables,
  REGISTRY_HEADERS,
  registryRow,
  testCitizenId,
  writeTemporaryFile,
} from "../../test/registry-factories";
import { createTestFolder } from "../../test/test-folder";
import { systemActor } from "../auth/system-actor";
import { ImportRejectedError, type ImportResult, importMembers } from "./registry-import.service";

const TODAY = "2026-09-01";
let context: Awaited<ReturnType<typeof createTestApp>>;
let db: Database;

beforeAll(async () => {
  context = await createTestApp();
  db = context.db;
});
afterAll(async () => context?.close());

async function runImport(content: Buffer, options: { dryRun?: boolean; organizationId?: number } = {}) {
  const filePath = await writeTemporaryFile(content);
  return importMembers(db, systemActor("test"), options.organizationId ?? context.tree.county.id, filePath, {
    dryRun: options.dryRun ?? false,
    today: TODAY,
    fileName: "members.xlsx",
  });
}

/** Runs a commit that must be refused, and checks that nothing was written. */
async function expectRefused(content: Buffer): Promise<{ result?: ImportResult; error: DomainError }> {
  const before = await countImportTables(db);
  const error = await runImport(content).then(
    () => {
      throw new Error("import was not refused");
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect(await countImportTables(db)).toEqual(before);
  return {
    error: error as DomainError,
    ...(error instanceof ImportRejectedError ? { result: error.result } : {}),
  };
}

/** A minimal zip holding one deflated entry, with honest sizes. */
function zipWith(name: string, content: Buffer): Buffer {
  const data = deflateRawSync(content);
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  const directoryOffset = local.length + nameBytes.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(directoryOffset, 16);
  return Buffer.concat([local, nameBytes, data, central, nameBytes, end]);
}

describe("importMembers: files that are not registry workbooks are refused and nothing is written", () => {
  it.each([
    ["an empty file", Buffer.alloc(0)],
    ["a renamed PDF", Buffer.from("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")],
    ["1 MB of random bytes", randomBytes(1024 * 1024)],
    ["a zip without xl/workbook.xml", zipWith("word/document.xml", Buffer.from("<w:document/>"))],
  ])("%s → not_xlsx", async (_name, content) => {
    const { error } = await expectRefused(content);
    expect(error.code).toBe("not_xlsx");
    expect(error.status).toBe(400);
    expect(error.message).toContain(".xlsx");
  });

  it("30 MB of random bytes → not_xlsx, at once", async () => {
    // This process's CPU time (milliseconds), not the wall clock: other test files (two run at once)
    // and programs share the cores.
    const started = process.cpuUsage();
    const { error } = await expectRefused(randomBytes(30 * 1024 * 1024));
    expect(error.code).toBe("not_xlsx");
    const used = process.cpuUsage(started);
    expect((used.user + used.system) / 1000).toBeLessThan(5_000);
  });

  it("a zip bomb (600 MB of zeros in 600 KB) → xlsx_too_large, without unpacking it", async () => {
    const bomb = zipWith("xl/workbook.xml", Buffer.alloc(600 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const { error } = await expectRefused(bomb);
    expect(error.code).toBe("xlsx_too_large");
  });

  it("a zip that lies about its sizes is stopped while inflating", async () => {
    const bomb = zipWith("xl/workbook.xml", Buffer.alloc(20 * 1024 * 1024));
    // Declare 1 KB in both headers: inflating past it stops the read.
    bomb.writeUInt32LE(1024, 22);
    bomb.writeUInt32LE(1024, bomb.length - 22 - 46 - "xl/workbook.xml".length + 24);
    const { error } = await expectRefused(bomb);
    expect(error.code).toBe("xlsx_too_large");
  });
});

describe("importMembers: sheet problems, each a problem with row and column, nothing written", () => {
  it("a sheet without a header row", async () => {
    const { result } = await expectRefused(
      await buildRegistryWorkbook({ headers: null, rows: [["张三", "110105200501010016", "2020-05"]] }),
    );
    expect(result?.problems).toHaveLength(1);
    expect(result?.problems[0]).toMatchObject({ row: 1, column: "" });
    expect(result?.problems[0]?.message).toContain("没有找到表头");
  });

  it("missing required columns, named, on the header row below a title row", async () => {
    const headers = REGISTRY_HEADERS.filter((header) => header !== "身份证号" && header !== "入团年月");
    const { result } = await expectRefused(
      await buildRegistryWorkbook({ titleRows: [["团员信息表"]], headers, rows: [registryRow(0)] }),
    );
    expect(result?.problems.map((problem) => [problem.row, problem.column])).toEqual([
      [2, "身份证号"],
      [2, "入团年月"],
    ]);
    expect(result?.problems[0]?.message).toContain("缺少必填列“身份证号”");
  });

  it("merged cells at or below the header (a merged title row above it is fine)", async () => {
    const { result } = await expectRefused(
      await buildRegistryWorkbook({
        titleRows: [["团员信息表"]],
        rows: [registryRow(0), registryRow(1)],
        merges: ["A1:D1", "G3:G4"],
      }),
    );
    // Merging clears G4, so row 4 also lacks its branch; the title merge A1:D1 is not reported.
    expect(result?.problems).toEqual([
      { row: 3, column: "所在团支部", value: "G3:G4", message: expect.stringContaining("合并单元格G3:G4") },
      { row: 4, column: "所在团支部", value: null, message: "所在团支部：必填" },
    ]);
  });

  it("a formula without a cached result is a problem; one with a result uses it", async () => {
    const withResult = registryRow(0, { 姓名: { formula: 'CONCATENATE("测试","甲")', result: "测试甲" } });
    const withoutResult = registryRow(1, { 民族: { formula: "VLOOKUP(A3,字典!A:B,2,FALSE)" } });
    const { result } = await expectRefused(
      await buildRegistryWorkbook({ rows: [withResult, withoutResult] }),
    );
    expect(result?.problems).toEqual([
      {
        row: 3,
        column: "民族",
        value: "=VLOOKUP(A3,字典!A:B,2,FALSE)",
        message: expect.stringContaining("公式"),
      },
    ]);
  });

  it("a citizen ID twice in the file: both rows named", async () => {
    const first = registryRow(0);
    const { result } = await expectRefused(
      await buildRegistryWorkbook({
        rows: [
          first,
          registryRow(1),
          registryRow(2, { 身份证号: first.身份证号, 出生日期: first.出生日期, 性别: first.性别 }),
        ],
      }),
    );
    expect(result?.problems.map((problem) => [problem.row, problem.column])).toEqual([
      [2, "身份证号"],
      [4, "身份证号"],
    ]);
    expect(result?.problems[0]?.message).toContain("与第4行相同");
    expect(result?.problems[1]?.message).toContain("与第2行相同");
  });

  it("a citizen ID already recorded names the organization holding it; a used member number", async () => {
    const recorded = registryRow(50, { 所在团支部: "东二村团支部" });
    await runImport(await buildRegistryWorkbook({ rows: [recorded] }));
    const { result } = await expectRefused(
      await buildRegistryWorkbook({
        rows: [
          registryRow(51, { 身份证号: recorded.身份证号, 出生日期: recorded.出生日期, 性别: recorded.性别 }),
          registryRow(1, { 团员编号: "9900012020000100" }),
        ],
      }),
    );
    expect(result?.problems).toEqual([
      expect.objectContaining({
        row: 2,
        column: "身份证号",
        message: expect.stringContaining("东二村团支部"),
      }),
      expect.objectContaining({
        row: 3,
        column: "团员编号",
        message: expect.stringContaining("已被其他团员使用"),
      }),
    ]);
  });

  it("a branch that is not in the target's subtree, and cell rules, with Excel row numbers", async () => {
    const { result } = await expectRefused(
      await buildRegistryWorkbook({
        rows: [registryRow(0, { 所在团支部: "不存在村团支部" }), registryRow(1, { 手机号码: "12345" })],
      }),
    );
    expect(result?.problems).toEqual([
      expect.objectContaining({ row: 2, column: "所在团支部", value: "不存在村团支部" }),
      expect.objectContaining({ row: 3, column: "手机号码", value: "12345" }),
    ]);
  });
});

describe("importMembers: what succeeds", () => {
  it("a dry run reports the rows and writes nothing", async () => {
    const before = await countImportTables(db);
    const result = await runImport(
      await buildRegistryWorkbook({ rows: [registryRow(10), registryRow(11)] }),
      {
        dryRun: true,
      },
    );
    expect(result).toEqual({ rows: 2, imported: 0, problems: [], unmatchedBranches: [] });
    expect(await countImportTables(db)).toEqual(before);
  });

  it("10,000 empty rows at the end are ignored", async () => {
    const before = await countImportTables(db);
    const result = await runImport(
      await buildRegistryWorkbook({ rows: [registryRow(20), registryRow(21)], trailingEmptyRows: 10_000 }),
    );
    expect(result).toEqual({ rows: 2, imported: 2, problems: [], unmatchedBranches: [] });
    const after = await countImportTables(db);
    expect(after.member).toBe((before.member ?? 0) + 2);
    expect(after.member_history).toBe((before.member_history ?? 0) + 2);
    expect(after.member_event).toBe((before.member_event ?? 0) + 2);
    expect(after.audit_log).toBe((before.audit_log ?? 0) + 1);
  });

  it("mixed date formats: 2015-05, 2015.05, 2015年5月, 2015/5/1, an Excel serial", async () => {
    const joins: [unknown, string][] = [
      ["2015-05", "2015-05-01"],
      ["2015.05", "2015-05-01"],
      ["2015年5月", "2015-05-01"],
      ["2015/5/1", "2015-05-01"],
      [42125, "2015-05-01"],
    ];
    const rows = joins.map(([joinedOn], index) =>
      registryRow(30 + index, {
        身份证号: testCitizenId("20000315", 301 + index),
        出生日期: null,
        性别: null,
        入团年月: joinedOn,
        任现职年月: null,
        注册志愿者时间: null,
      }),
    );
    const result = await runImport(await buildRegistryWorkbook({ rows }), {
      organizationId: context.tree.east.id,
    });
    expect(result).toEqual({ rows: 5, imported: 5, problems: [], unmatchedBranches: [] });
    for (const [index, [, expected]] of joins.entries()) {
      const [stored] = await db
        .select({ joinedOn: member.joinedOn, birthDate: member.birthDate })
        .from(member)
        .where(eq(member.citizenId, testCitizenId("20000315", 301 + index)));
      expect(stored).toEqual({ joinedOn: expected, birthDate: "2000-03-15" });
    }
  });

  it("into a branch, the 所在团支部 column may be absent", async () => {
    const headers = REGISTRY_HEADERS.filter((header) => header !== "所在团支部");
    const result = await runImport(await buildRegistryWorkbook({ headers, rows: [registryRow(40)] }), {
      organizationId: context.tree.westVillage.id,
    });
    expect(result.imported).toBe(1);
    const [stored] = await db
      .select({ organizationId: member.organizationId })
      .from(member)
      .where(eq(member.citizenId, registryRow(40).身份证号 as string));
    expect(stored?.organizationId).toBe(context.tree.westVillage.id);
  });
});

describe("importMembers: Chinese text in a large streamed sheet", () => {
  it("every name and dictionary value survives chunk boundaries (ExcelJS's streaming reader alone corrupts some)", async () => {
    const filePath = path.join(await createTestFolder("tuanwu-utf8-"), "inline.xlsx");
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: filePath, useSharedStrings: false });
    const sheet = writer.addWorksheet("团员信息");
    sheet.addRow([...REGISTRY_HEADERS]).commit();
    const rows = Array.from({ length: 3_000 }, (_, index) =>
      registryRow(1_000 + index, {
        姓名: `欧阳${"甲乙丙丁戊己庚辛壬癸"[index % 10]}${"子丑寅卯辰巳午未申酉戌亥"[index % 12]}`,
        职业: "其他",
      }),
    );
    for (const row of rows) sheet.addRow(REGISTRY_HEADERS.map((header) => row[header] ?? null)).commit();
    sheet.commit();
    await writer.commit();
    const result = await importMembers(db, systemActor("test"), context.tree.county.id, filePath, {
      dryRun: true,
      today: TODAY,
    });
    expect(result).toEqual({ rows: 3_000, imported: 0, problems: [], unmatchedBranches: [] });
  });
});
