import { neutralizeSpreadsheetValue } from "@tuanwu/domain";
import ExcelJS from "exceljs";

/** The sheet of the public notice. */
export const PUBLIC_NOTICE_SHEET_NAME = "公示名单";

/** The columns of the public notice (row 3 of the sheet), in order. */
export const PUBLIC_NOTICE_COLUMNS = [
  { header: "序号", width: 6 },
  { header: "团支部", width: 34 },
  { header: "姓名", width: 12 },
  { header: "性别", width: 6 },
  { header: "出生年月", width: 12 },
  { header: "身份证号", width: 22 },
  { header: "类别", width: 14 },
  { header: "申请入团日期", width: 14 },
  { header: "确定为入团积极分子日期", width: 16 },
  { header: "确定为发展对象日期", width: 16 },
] as const;

/** One person on the notice, formatted for print. */
export interface PublicNoticeRow {
  branch: string;
  name: string;
  sex: string;
  birthMonth: string;
  citizenId: string;
  category: string;
  applicationDate: string;
  /** null: not (yet) named. */
  candidateDate: string | null;
  targetDate: string | null;
}

/** Text for a cell: OWASP formula neutralizing, as every export of the project (domain neutralizeSpreadsheetValue). */
function text(value: string): string {
  return String(neutralizeSpreadsheetValue(value));
}

/**
 * The public notice (公示) of candidates 入团积极分子 and development targets 发展对象 as .xlsx, one sheet
 * 公示名单: a title (the organization), the date of the notice, then {@link PUBLIC_NOTICE_COLUMNS} with
 * a row per person, grouped by branch. Every text cell is neutralized against formulas; the citizen ID
 * is given as the caller shows it (masked unless allowed). A4 landscape, header repeated on each page.
 */
export async function buildPublicNoticeWorkbook(input: {
  organizationName: string;
  date: string;
  rows: readonly PublicNoticeRow[];
}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "tuanwu";
  const sheet = workbook.addWorksheet(PUBLIC_NOTICE_SHEET_NAME, {
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.addRow([`${text(input.organizationName)} 入团积极分子和发展对象公示名单`]);
  sheet.addRow([`公示日期：${input.date}　共${input.rows.length}人`]);
  sheet.addRow(PUBLIC_NOTICE_COLUMNS.map((column) => column.header));
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.getRow(3).font = { bold: true };
  input.rows.forEach((row, index) => {
    sheet.addRow([
      index + 1,
      text(row.branch),
      text(row.name),
      row.sex,
      row.birthMonth,
      text(row.citizenId),
      row.category,
      row.applicationDate,
      row.candidateDate,
      row.targetDate,
    ]);
  });
  sheet.columns.forEach((column, index) => {
    column.width = PUBLIC_NOTICE_COLUMNS[index]?.width ?? 14;
  });
  sheet.views = [{ state: "frozen", ySplit: 3 }];
  sheet.pageSetup.printTitlesRow = "3:3";
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
