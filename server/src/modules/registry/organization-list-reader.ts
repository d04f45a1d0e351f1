import { open } from "node:fs/promises";
import {
  DomainError,
  isEmptyOrganizationListRow,
  type OrganizationListField,
  type OrganizationListProblem,
  type OrganizationListRow,
  parseOrganizationListRow,
  recognizeOrganizationListHeader,
} from "@tuanwu/domain";
import type ExcelJS from "exceljs";
import { problemValue } from "./registry-sheet-reader";
import { isWorksheetEntry, openWorkbookReader } from "./utf8-safe-workbook-reader";
import { DEFAULT_XLSX_LIMITS, inspectXlsxArchive, type XlsxLimits } from "./xlsx-archive";

/** Rows searched for the header (registry exports start with title rows). */
const HEADER_SEARCH_ROWS = 10;
/** Most data rows in one organization list (a province has ~100,000 organizations; a county ~1,000). */
export const DEFAULT_MAX_ORGANIZATION_ROWS = 50_000;

/** The first bytes of an OLE compound file: what Excel and WPS write for a workbook with an open password. */
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Refuses an encrypted (password-protected) workbook with its own message (400 `password_protected`). */
async function refuseEncryptedWorkbook(filePath: string): Promise<void> {
  const handle = await open(filePath, "r");
  try {
    const head = Buffer.alloc(OLE_SIGNATURE.length);
    await handle.read(head, 0, head.length, 0);
    if (!head.equals(OLE_SIGNATURE)) return;
  } finally {
    await handle.close();
  }
  throw new DomainError(
    "password_protected",
    "文件已加密或是旧版.xls格式：请在Excel或WPS中取消打开密码，另存为“Excel工作簿(*.xlsx)”后重新上传",
    { field: "file", status: 400 },
  );
}

/** An organization list read: its rows, the problems of its cells, the headers found. */
export interface OrganizationListReading {
  /** Non-empty data rows read (with or without problems). */
  dataRows: number;
  rows: OrganizationListRow[];
  problems: OrganizationListProblem[];
  /** The header of each recognised field as written in the file. */
  headers: ReadonlyMap<OrganizationListField, string>;
}

function rowValues(row: ExcelJS.Row): unknown[] {
  const values = row.values;
  return Array.isArray(values) ? values.slice(1) : [];
}

/**
 * Reads the first worksheet of an organization list (智慧团建's 组织列表 export or a hand-made sheet,
 * .xlsx) with ExcelJS's streaming reader: the header row is the first of the first 10 rows with a
 * 组织名称 column; each non-empty row below it goes through the domain's parseOrganizationListRow.
 * Throws DomainError 400 for a file that is not an .xlsx (a password-protected workbook is not one:
 * it is an encrypted OLE file), unpacks to too much, or has more than `maxRows` rows. A sheet
 * without a header row comes back as one problem.
 */
export async function readOrganizationList(
  filePath: string,
  options: { maxRows?: number; limits?: XlsxLimits } = {},
): Promise<OrganizationListReading> {
  await refuseEncryptedWorkbook(filePath);
  const inspection = await inspectXlsxArchive(filePath, options.limits ?? DEFAULT_XLSX_LIMITS);
  const maxRows = options.maxRows ?? DEFAULT_MAX_ORGANIZATION_ROWS;
  const reading: OrganizationListReading = { dataRows: 0, rows: [], problems: [], headers: new Map() };
  let columns: ReturnType<typeof recognizeOrganizationListHeader> = null;
  const readRow = (number: number, values: readonly unknown[]) => {
    if (columns === null) {
      columns = recognizeOrganizationListHeader(values);
      if (columns !== null) {
        for (const column of columns)
          (reading.headers as Map<OrganizationListField, string>).set(column.field, column.header);
      }
      return;
    }
    const cells: Partial<Record<OrganizationListField, unknown>> = {};
    for (const column of columns) cells[column.field] = values[column.index] ?? null;
    if (isEmptyOrganizationListRow(cells)) return;
    reading.dataRows += 1;
    if (reading.dataRows > maxRows) {
      throw new DomainError(
        "too_many_rows",
        `一次最多导入${maxRows.toLocaleString("en-US")}个组织，请拆分文件后分批导入`,
        { field: "file", status: 400 },
      );
    }
    const result = parseOrganizationListRow(number, cells);
    if (result.ok) reading.rows.push(result.record);
    else {
      for (const problem of result.problems) {
        reading.problems.push({
          ...problem,
          value: problem.value ?? (problem.field ? problemValue(cells[problem.field]) : null),
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
        if (columns === null && row.number > HEADER_SEARCH_ROWS) break;
        readRow(row.number, rowValues(row));
      }
      break;
    }
  }
  if (columns === null) {
    reading.problems.push({
      row: 1,
      field: null,
      value: null,
      message: `第一个工作表的前${HEADER_SEARCH_ROWS}行中没有找到表头（应有“组织名称”列，以及组织类型、上级组织、行政区划代码等列）`,
    });
  }
  return reading;
}
