import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { citizenIdCheckDigit, REGISTRY_EXPORT_COLUMNS } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { Executor } from "../db/database";
import { queryRows } from "../db/sql-result";
import { createTestFolder } from "./test-folder";

export { createEmptyTestCounty } from "./factories";

/**
 * Fixtures for the Excel import and export tests: registry workbooks built in code with ExcelJS
 * (valid rows, title rows, merged cells, formulas, trailing empty rows), multipart bodies, and the row
 * counts of the tables an import writes to.
 */

/** The registry headers in export order (姓名, 证件类型, 身份证号, …, 性别). */
export const REGISTRY_HEADERS: readonly string[] = REGISTRY_EXPORT_COLUMNS.map((column) => column.header);

/**
 * A valid 18-digit citizen ID from Beijing 朝阳区 (110105) for a birth date "YYYYMMDD" and a
 * 3-digit sequence (odd: male, even: female), with its GB 11643 check digit.
 */
export function testCitizenId(birth: string, sequence: number): string {
  const first17 = `110105${birth}${String(sequence).padStart(3, "0")}`;
  return first17 + citizenIdCheckDigit(first17);
}

/**
 * One valid registry row by header, every column filled, for member `index` (0–9,999) of a file,
 * born in 2000–2004: a distinct citizen ID and member number; branch 东一村团支部 unless overridden.
 */
export function registryRow(
  index: number,
  overrides: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  const year = 2000 + (index % 5);
  const sequence = 101 + (index % 800);
  const day = String(10 + Math.floor(index / 800)).padStart(2, "0");
  const citizenId = testCitizenId(`${year}03${day}`, sequence);
  return {
    姓名: `测试${"甲乙丙丁戊己庚辛壬癸"[index % 10]}${index}`,
    证件类型: "普通居民身份证",
    身份证号: citizenId,
    实名认证状态: index % 2 === 0 ? "已认证" : "未认证",
    出生日期: `${year}-03-${day}`,
    入团年月: `${year + 15}-05-04`,
    所在团支部: "东一村团支部",
    收入: "3000元以下",
    是否团干部: index % 3 === 0 ? "是" : "否",
    团内现任职务: index % 3 === 0 ? "组织委员" : null,
    任现职年月: index % 3 === 0 ? `${year + 20}-09-01` : null,
    团干部性质: index % 3 === 0 ? "兼职" : null,
    "是否同级党委（支部）成员": "否",
    民族: index % 4 === 0 ? "壮族" : "汉族",
    政治面貌: "团员",
    全日制学历: "本科",
    最高学历: "本科",
    户籍所在地: "北京市朝阳区",
    手机号码: `1381234${String(1000 + index).slice(-4)}`,
    入团时所在单位: "北京市第八十中学",
    职业: "学生",
    学习工作单位: "北京大学",
    电子邮箱: `member${index}@example.com`,
    QQ: String(100_000 + index),
    微信号: `wx_member_${index}`,
    团员编号: `99000120${String(year + 15)}${String(index).padStart(6, "0")}`,
    入党年月: null,
    注册志愿者时间: `${year + 18}-03-05`,
    性别: sequence % 2 === 1 ? "男" : "女",
    ...overrides,
  };
}

/** What a fixture workbook holds: optional title rows, a header row, rows (arrays or objects by header). */
export interface RegistryWorkbookSpec {
  /** Rows above the header, e.g. [["团员信息表"]]. */
  titleRows?: unknown[][];
  /** The header row; REGISTRY_HEADERS by default. Null: no header row at all. */
  headers?: readonly string[] | null;
  rows: readonly (readonly unknown[] | Readonly<Record<string, unknown>>)[];
  /** Ranges to merge, e.g. "A3:A4". */
  merges?: readonly string[];
  /** Formatted but empty rows after the data (spreadsheets often carry thousands). */
  trailingEmptyRows?: number;
}

/** Builds an .xlsx workbook (one sheet 团员信息) from `spec`. Cell values are written as given. */
export async function buildRegistryWorkbook(spec: RegistryWorkbookSpec): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("团员信息");
  const headers = spec.headers === undefined ? REGISTRY_HEADERS : spec.headers;
  for (const title of spec.titleRows ?? []) sheet.addRow(title);
  if (headers !== null) sheet.addRow([...headers]);
  for (const row of spec.rows) {
    if (Array.isArray(row)) sheet.addRow([...row]);
    else {
      const byHeader = row as Readonly<Record<string, unknown>>;
      sheet.addRow((headers ?? REGISTRY_HEADERS).map((header) => byHeader[header] ?? null));
    }
  }
  const last = sheet.rowCount;
  for (let offset = 1; offset <= (spec.trailingEmptyRows ?? 0); offset += 1) {
    const cell = sheet.getCell(last + offset, 3);
    cell.numFmt = "@";
    cell.border = { bottom: { style: "thin" } };
  }
  for (const range of spec.merges ?? []) sheet.mergeCells(range);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Writes `content` to a new temporary folder, removed when the current test finishes; returns the file's path. */
export async function writeTemporaryFile(
  content: Buffer | Uint8Array,
  name = "members.xlsx",
): Promise<string> {
  const folder = await createTestFolder();
  const filePath = path.join(folder, name);
  await writeFile(filePath, content);
  return filePath;
}

/** A multipart/form-data body with one file in field "file", for `app.inject`. */
export function multipartFile(
  content: Buffer,
  fileName = "members.xlsx",
): { payload: Buffer; headers: { "content-type": string } } {
  const boundary = `----tuanwu${randomBytes(8).toString("hex")}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n",
      "utf8",
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

/** Row counts of the tables an import writes to, to compare before and after a refused one. */
export async function countImportTables(db: Executor): Promise<Record<string, number>> {
  const rows = await queryRows<Record<string, number>>(
    db,
    sql`select (select count(*)::int from member) as member,
      (select count(*)::int from member_history) as member_history,
      (select count(*)::int from member_event) as member_event,
      (select count(*)::int from audit_log) as audit_log`,
  );
  const counts = rows[0] ?? {};
  return Object.fromEntries(Object.entries(counts).map(([table, count]) => [table, Number(count)]));
}
