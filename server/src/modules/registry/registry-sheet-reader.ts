import {
  cellText,
  DomainError,
  type ImportedMemberRecord,
  isEmptyRegistryRow,
  locateHeaderRow,
  parseRegistryRow,
  REGISTRY_EXPORT_COLUMNS,
  REGISTRY_HEADER_VARIANTS,
  type RegistryField,
  type RegistryRowCells,
  readCell,
} from "@tuanwu/domain";
import type ExcelJS from "exceljs";
import { isWorksheetEntry, openWorkbookReader } from "./utf8-safe-workbook-reader";
import { DEFAULT_XLSX_LIMITS, inspectXlsxArchive, type XlsxLimits } from "./xlsx-archive";

/**
 * Reads the first worksheet of a registry workbook (智慧团建's export or tuanwu's template) with
 * ExcelJS's streaming reader: locates the header row (title rows above it are allowed), maps columns
 * to fields, turns each non-empty row into a member record with `parseRegistryRow`, and reports every
 * problem as {row, column, value, message}. Rows are not kept in memory beyond their parsed records.
 */

/** A problem with one cell (or the sheet), as the API and CLI report it. */
export interface ImportProblem {
  /** The Excel row number (1-based); the header row for problems with the columns. */
  row: number;
  /** The header text as found in the file (or the expected header for a missing column). */
  column: string;
  /** The cell's value as text, null when empty. */
  value: string | null;
  /** What is wrong, in Chinese. */
  message: string;
}

/** A row read into a member record, with its Excel row number. */
export interface SheetRecord {
  row: number;
  record: ImportedMemberRecord;
}

export interface SheetReading {
  /** Non-empty data rows (below the header row). */
  rows: number;
  records: SheetRecord[];
  problems: ImportProblem[];
  /** The header of each recognised field, as written in the file. */
  headers: ReadonlyMap<RegistryField, string>;
}

export interface ReadSheetOptions {
  today: string;
  /** Whether the 所在团支部 column is required (false for an import into one branch). */
  requireOrganization: boolean;
  /** Most non-empty data rows read; more is refused (default 200,000). */
  maxRows?: number;
  limits?: XlsxLimits;
  /** Called every 1,000 data rows with the number read so far. */
  onProgress?: (rowsRead: number) => void;
}

export const DEFAULT_MAX_IMPORT_ROWS = 200_000;
/** Rows searched for the header (title rows above it are common in registry exports). */
const HEADER_SEARCH_ROWS = 10;

/** A cell's value for a problem report: its text, the error shown, or the formula without a result. */
export function problemValue(value: unknown): string | null {
  const reading = readCell(value);
  if (reading.ok) return reading.value === null ? null : cellText(value);
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    if ("error" in record) return String(record.error);
    const formula = record.formula ?? record.sharedFormula;
    if (formula !== undefined) return `=${String(formula)}`;
  }
  return null;
}

/** Column letters → 1-based number ("A" → 1, "AC" → 29). */
function columnNumber(letters: string): number {
  let result = 0;
  for (const letter of letters) result = result * 26 + (letter.charCodeAt(0) - 64);
  return result;
}

function parseRange(ref: string): { top: number; left: number; bottom: number } | null {
  const match = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(ref);
  if (!match) return null;
  const top = Number(match[2]);
  return {
    top,
    left: columnNumber(match[1] ?? "A"),
    bottom: match[4] === undefined ? top : Number(match[4]),
  };
}

function rowValues(row: ExcelJS.Row): unknown[] {
  const values = row.values;
  return Array.isArray(values) ? values.slice(1) : [];
}

/**
 * Reads the registry sheet in `filePath`. File-level refusals throw DomainError (400 `not_xlsx`,
 * `xlsx_too_large`, `too_many_rows`); everything about the sheet's content comes back as problems:
 * no header row, missing or repeated columns, merged cells at or below the header, formulas without a
 * cached result, and every cell rule of `parseRegistryRow`. Empty rows (10,000 trailing ones too) are
 * skipped.
 */
export async function readRegistrySheet(filePath: string, options: ReadSheetOptions): Promise<SheetReading> {
  const inspection = await inspectXlsxArchive(filePath, options.limits ?? DEFAULT_XLSX_LIMITS);
  const maxRows = options.maxRows ?? DEFAULT_MAX_IMPORT_ROWS;
  const required: RegistryField[] = options.requireOrganization
    ? ["name", "citizenId", "joinedOn", "organization"]
    : ["name", "citizenId", "joinedOn"];
  const reading: SheetReading = { rows: 0, records: [], problems: [], headers: new Map() };
  const headers = reading.headers as Map<RegistryField, string>;
  let columns: { index: number; field: RegistryField }[] | null = null;
  let headerRow = 0;
  let columnsMissing = false;
  const headerOf = (field: RegistryField): string =>
    headers.get(field) ?? REGISTRY_EXPORT_COLUMNS.find((column) => column.field === field)?.header ?? field;
  const pending: { number: number; values: unknown[] }[] = [];

  const locateHeader = (): boolean => {
    const located = locateHeaderRow(
      pending.map((row) => row.values),
      { required, maxRows: HEADER_SEARCH_ROWS },
    );
    if (located === null) return false;
    headerRow = pending[located.rowIndex]?.number ?? 1;
    columns = located.recognition.columns;
    for (const column of located.recognition.columns) headers.set(column.field, column.header);
    columnsMissing = located.recognition.missing.length > 0;
    for (const field of located.recognition.missing) {
      const expected = headerOf(field);
      const variants = REGISTRY_HEADER_VARIANTS[field].filter((variant) => variant !== expected);
      reading.problems.push({
        row: headerRow,
        column: expected,
        value: null,
        message: `缺少必填列“${expected}”${variants.length > 0 ? `（也可写作${variants.slice(0, 3).join("、")}）` : ""}`,
      });
    }
    for (const duplicate of located.recognition.duplicates) {
      reading.problems.push({
        row: headerRow,
        column: duplicate.header,
        value: duplicate.header,
        message: `列“${duplicate.header}”与列“${headers.get(duplicate.field) ?? ""}”是同一项，请删除其中一列`,
      });
    }
    return true;
  };

  const readDataRow = (number: number, values: readonly unknown[]) => {
    if (columns === null) return;
    const cells: Partial<Record<RegistryField, unknown>> = {};
    for (const column of columns) cells[column.field] = values[column.index] ?? null;
    if (isEmptyRegistryRow(cells as RegistryRowCells)) return;
    reading.rows += 1;
    if (reading.rows > maxRows) {
      throw new DomainError(
        "too_many_rows",
        `一次最多导入${maxRows.toLocaleString("en-US")}行团员信息，请拆分文件后分批导入`,
        { field: "file", status: 400 },
      );
    }
    if (reading.rows % 1_000 === 0) options.onProgress?.(reading.rows);
    // Without the required columns every row would repeat the same problem: report the columns only.
    if (columnsMissing) return;
    const result = parseRegistryRow(cells, options.today, {
      requireOrganization: options.requireOrganization,
    });
    if (result.ok) reading.records.push({ row: number, record: result.record });
    else {
      for (const problem of result.problems) {
        reading.problems.push({
          row: number,
          column: headerOf(problem.field),
          value: problemValue(problem.value),
          message: problem.message,
        });
      }
    }
  };

  if (inspection.firstSheet !== null) {
    const workbook = openWorkbookReader(filePath, {
      worksheets: "emit",
      sharedStrings: "cache",
      hyperlinks: "ignore",
      styles: "ignore",
      entries: "ignore",
    });
    for await (const worksheet of workbook) {
      if (!isWorksheetEntry(worksheet, inspection.firstSheet.entry)) continue;
      for await (const row of worksheet) {
        if (columns === null) {
          pending.push({ number: row.number, values: rowValues(row) });
          if (pending.length < HEADER_SEARCH_ROWS) continue;
          if (!locateHeader()) break;
          for (const buffered of pending)
            if (buffered.number > headerRow) readDataRow(buffered.number, buffered.values);
          continue;
        }
        readDataRow(row.number, rowValues(row));
      }
      break;
    }
    if (columns === null && pending.length > 0 && locateHeader()) {
      for (const buffered of pending)
        if (buffered.number > headerRow) readDataRow(buffered.number, buffered.values);
    }
  }
  if (columns === null) {
    reading.problems.unshift({
      row: 1,
      column: "",
      value: null,
      message: `第一个工作表${inspection.firstSheet ? `“${inspection.firstSheet.name}”` : ""}的前${HEADER_SEARCH_ROWS}行中没有找到表头（应有姓名、身份证号、入团年月等列）；请使用导入模板或智慧团建导出的文件`,
    });
    return reading;
  }
  const mergeProblems: ImportProblem[] = [];
  for (const ref of inspection.merges) {
    const range = parseRange(ref);
    if (range === null || range.bottom < headerRow) continue;
    const field = (columns as { index: number; field: RegistryField }[]).find(
      (column) => column.index === range.left - 1,
    )?.field;
    mergeProblems.push({
      row: range.top,
      column: field ? headerOf(field) : "",
      value: ref,
      message: `合并单元格${ref}：请取消合并，每行每列分别填写`,
    });
  }
  reading.problems.push(...mergeProblems);
  reading.problems.sort((a, b) => a.row - b.row);
  return reading;
}
