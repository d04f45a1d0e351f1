import {
  DEFAULT_DUES_SCHEDULE,
  DomainError,
  DUES_CATEGORIES,
  DUES_CATEGORY_LABELS,
  type DuesCategory,
  type DuesScheduleRow,
  duesPaymentProblem,
  expectedMonthlyDues,
} from "@tuanwu/domain";
import ExcelJS from "exceljs";
import type { Database } from "../../db/database";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import {
  findMembersByCitizenIds,
  findSchedulesOf,
  type PaymentWrite,
  upsertPayments,
} from "./dues.repository";
import { pathIdsNearestFirst } from "./dues.service";

/**
 * Import of a month's dues payments from .xlsx (团费导入; issue 12 part 4 and bench target: a county
 * of 60,000 members < 30 s). The first sheet, a header row naming the columns (any order):
 * 身份证号 (required), 姓名 (checked against the record when given), 类别 (学生 | 无业 | 有工资收入 |
 * 其他, or student | unemployed | wage_earner | other), 月收入 (yuan, wage earners), 金额 (yuan),
 * 缴纳日期 (YYYY-MM-DD or a date cell), 说明 (the reason when the amount deviates from the schedule).
 */

/** The columns an import reads, by header text. */
const COLUMNS = {
  citizenId: "身份证号",
  name: "姓名",
  category: "类别",
  income: "月收入",
  amount: "金额",
  paidOn: "缴纳日期",
  reason: "说明",
} as const;

/** Receives the time (ms) of each phase of an import, for the bench's profile. */
export type PhaseTimer = (phase: string, milliseconds: number) => void;

/** A problem of one sheet row (1-based, as Excel shows it). */
export interface ImportRowProblem {
  row: number;
  column: string;
  message: string;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
    if ("richText" in value) return value.richText.map((part) => part.text).join("");
    if ("text" in value) return String(value.text);
    return "";
  }
  return String(value).trim();
}

/** A row of the sheet: its number (1-based) and its cell values by column (1-based, sparse). */
interface SheetRow {
  number: number;
  values: ExcelJS.CellValue[];
}

/**
 * The rows of the workbook's first sheet; null when the workbook has no sheet. Throws on a file that is
 * not an .xlsx. Reads the whole workbook with `xlsx.load`, NOT ExcelJS's streaming WorkbookReader:
 * that one (4.4.0) decodes each inflated chunk as UTF-8 on its own, so a Chinese character split across
 * a chunk boundary comes out garbled (measured: 21 of 59,436 names of a county wrong) — a 说明 would be
 * recorded corrupted (bench/RESULTS.md, helper dues).
 */
async function readFirstSheet(bytes: Uint8Array): Promise<SheetRow[] | null> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return null;
  const rows: SheetRow[] = [];
  sheet.eachRow((row, number) => {
    rows.push({ number, values: row.values as ExcelJS.CellValue[] });
  });
  return rows;
}

function parseCategory(text: string): DuesCategory | null {
  if ((DUES_CATEGORIES as readonly string[]).includes(text)) return text as DuesCategory;
  const found = DUES_CATEGORIES.find((category) => DUES_CATEGORY_LABELS[category] === text);
  return found ?? null;
}

function parseYuan(text: string): number | null {
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return null;
  return Number(text);
}

function tooManyProblems(problems: ImportRowProblem[]): DomainError {
  const shown = problems
    .slice(0, 50)
    .map((p) => `第${p.row}行 ${p.column}：${p.message}`)
    .join("；");
  const more = problems.length > 50 ? `；另有${problems.length - 50}处错误` : "";
  return new DomainError(
    "invalid_import",
    `团费导入未写入任何记录，共${problems.length}处错误：${shown}${more}`,
    {
      field: "file",
      status: 400,
    },
  );
}

/**
 * Imports a month's payments (YYYY-MM-01) for the members of the subtree of `organizationId` found by
 * 身份证号; each payment is recorded at the member's branch and moves their last_dues_paid_on forward.
 * Every row is checked first (member in the subtree and current, name matching, category, amounts,
 * date not after `today`, amount matching the schedule in force at the member's branch — nearest
 * ancestor's — or carrying 说明, no ID twice); any problem → 400 field "file" naming every bad row
 * (the first 50) and nothing is written. Then one transaction; audit "dues.import" (one entry).
 * Errors: 400 invalid_import; 404 outside; 403 without member:write.
 * @returns the month and the number of payments recorded.
 */
export async function importDues(
  db: Database,
  actor: Actor,
  organizationId: number,
  month: string,
  bytes: Uint8Array,
  today: string,
  profile?: PhaseTimer,
): Promise<{ organizationId: number; month: string; recorded: number }> {
  let mark = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    profile?.(name, now - mark);
    mark = now;
  };
  const [target] = await requireAccess(db, actor, {
    permission: "member:write",
    kind: "organization",
    ids: [organizationId],
  });
  const rootPath = requireFound(target, "organization").path;
  let sheetRows: SheetRow[] | null;
  try {
    sheetRows = await readFirstSheet(bytes);
  } catch {
    throw new DomainError("invalid_file", "file：不是有效的 .xlsx 文件 / not an .xlsx file", {
      field: "file",
      status: 400,
    });
  }
  if (!sheetRows) throw tooManyProblems([{ row: 1, column: "表头", message: "工作簿没有工作表" }]);
  phase("read .xlsx (ExcelJS load)");
  const header = new Map<string, number>();
  const first = sheetRows[0];
  if (first?.number === 1)
    first.values.forEach((value, column) => {
      if (value !== undefined) header.set(cellText(value), column);
    });
  const missing = [COLUMNS.citizenId, COLUMNS.category, COLUMNS.amount, COLUMNS.paidOn].filter(
    (name) => !header.has(name),
  );
  if (missing.length > 0)
    throw tooManyProblems(missing.map((name) => ({ row: 1, column: name, message: "缺少此列" })));

  interface Parsed {
    row: number;
    citizenId: string;
    name: string;
    category: DuesCategory;
    income: number | null;
    amount: number;
    paidOn: string;
    reason: string;
  }
  const problems: ImportRowProblem[] = [];
  const parsed: Parsed[] = [];
  const columnOf = (name: string) => header.get(name) ?? -1;
  const at = {
    citizenId: columnOf(COLUMNS.citizenId),
    name: columnOf(COLUMNS.name),
    category: columnOf(COLUMNS.category),
    income: columnOf(COLUMNS.income),
    amount: columnOf(COLUMNS.amount),
    paidOn: columnOf(COLUMNS.paidOn),
    reason: columnOf(COLUMNS.reason),
  };
  for (const sheetRow of sheetRows) {
    const rowNumber = sheetRow.number;
    if (rowNumber === 1) continue;
    const values = sheetRow.values;
    const read = (column: number) => (column < 0 ? "" : cellText(values[column]));
    const citizenId = read(at.citizenId).toUpperCase();
    const categoryText = read(at.category);
    const amountText = read(at.amount);
    const paidOn = read(at.paidOn);
    const incomeText = read(at.income);
    if (!citizenId && !categoryText && !amountText && !paidOn) continue;
    const bad = (column: string, message: string) => problems.push({ row: rowNumber, column, message });
    if (!/^\d{17}[\dX]$/.test(citizenId)) bad(COLUMNS.citizenId, "身份证号格式不正确");
    const category = parseCategory(categoryText);
    if (!category) bad(COLUMNS.category, "类别应为 学生、无业、有工资收入 或 其他");
    const amount = parseYuan(amountText);
    if (amount === null) bad(COLUMNS.amount, "金额应为不小于0、最多两位小数的数");
    const income = incomeText === "" ? null : parseYuan(incomeText);
    if (incomeText !== "" && income === null) bad(COLUMNS.income, "月收入应为数字");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(paidOn) || Number.isNaN(Date.parse(paidOn)))
      bad(COLUMNS.paidOn, "缴纳日期应为 YYYY-MM-DD");
    else if (paidOn > today) bad(COLUMNS.paidOn, "缴纳日期不能晚于今天");
    if (category && amount !== null)
      parsed.push({
        row: rowNumber,
        citizenId,
        name: read(at.name),
        category,
        income,
        amount,
        paidOn,
        reason: read(at.reason),
      });
  }
  sheetRows = null;
  phase("parse rows");
  if (parsed.length === 0 && problems.length === 0)
    problems.push({ row: 2, column: COLUMNS.citizenId, message: "没有数据行" });

  const members = new Map(
    (await findMembersByCitizenIds(db, rootPath, [...new Set(parsed.map((p) => p.citizenId))])).map((m) => [
      m.citizenId,
      m,
    ]),
  );
  // The schedule in force at each member's branch (its own, else the nearest ancestor's, else the
  // default; as resolveSchedule), from one read of every schedule on the branches' paths.
  const paths = [...new Set([...members.values()].map((m) => m.organizationPath))];
  const ownSchedules = await findSchedulesOf(db, [...new Set(paths.flatMap(pathIdsNearestFirst))]);
  const schedules = new Map<string, DuesScheduleRow[]>(
    paths.map((path) => {
      const owner = pathIdsNearestFirst(path).find((id) => ownSchedules.has(id));
      return [path, owner === undefined ? [...DEFAULT_DUES_SCHEDULE] : (ownSchedules.get(owner) ?? [])];
    }),
  );
  phase("members and schedules");
  const firstRowOf = new Map<string, number>();
  const writes: PaymentWrite[] = [];
  for (const entry of parsed) {
    const bad = (column: string, message: string) => problems.push({ row: entry.row, column, message });
    const earlier = firstRowOf.get(entry.citizenId);
    if (earlier !== undefined) {
      bad(COLUMNS.citizenId, `与第${earlier}行重复`);
      continue;
    }
    firstRowOf.set(entry.citizenId, entry.row);
    const found = members.get(entry.citizenId);
    if (!found) {
      bad(COLUMNS.citizenId, "不是本组织范围内的在册团员");
      continue;
    }
    if (entry.name && entry.name !== found.name) bad(COLUMNS.name, `与档案姓名“${found.name}”不符`);
    const schedule = schedules.get(found.organizationPath) ?? [...DEFAULT_DUES_SCHEDULE];
    const expectedYuan = expectedMonthlyDues(
      schedule,
      { category: entry.category, monthlyIncomeYuan: entry.income },
      month,
    );
    const problem = duesPaymentProblem({
      amountYuan: entry.amount,
      expectedYuan,
      deviationReason: entry.reason,
    });
    if (problem) {
      bad(problem.field === "amountYuan" ? COLUMNS.amount : COLUMNS.reason, problem.message);
      continue;
    }
    writes.push({
      memberId: found.memberId,
      organizationId: found.organizationId,
      amountYuan: entry.amount,
      paidOn: entry.paidOn,
      category: entry.category,
      deviationReason: entry.reason || null,
    });
  }
  if (problems.length > 0) throw tooManyProblems(problems.sort((a, b) => a.row - b.row));
  phase("checks");

  return db.transaction(async (tx) => {
    await upsertPayments(tx, month, writes, profile);
    mark = performance.now();
    await recordAudit(tx, actor, {
      action: "dues.import",
      entityType: "organization",
      entityId: organizationId,
      organizationId,
      before: null,
      after: { month, count: writes.length },
    });
    phase("audit");
    return { organizationId, month, recorded: writes.length };
  });
}
