import { neutralizeSpreadsheetRow, PLAN_TASK_STATUS_LABELS, PROGRESS_RULE_LABELS } from "@tuanwu/domain";
import ExcelJS from "exceljs";
import type { ExportLedger, ExportTask } from "./export-ledger";

/** The name of the ledger's worksheet. */
export const LEDGER_SHEET_NAME = "改革任务台账";

/** Fill and font of an overdue row (Excel's "light red fill with dark red text"). */
const OVERDUE_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFC7CE" } };
const OVERDUE_FONT: Partial<ExcelJS.Font> = { color: { argb: "FF9C0006" } };
/** Fill of a row due soon (light amber). */
const DUE_SOON_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFEB9C" } };
const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9E1F2" } };

type CellValue = string | number | Date | null;

/** A column of the ledger: its header, width, and how a task fills it. */
interface LedgerColumn {
  header: string;
  width: number;
  value: (task: ExportTask) => CellValue;
  date?: boolean;
  wrap?: boolean;
}

/** "YYYY-MM-DD" as a Date at midnight UTC (Excel shows it as that calendar date), or null. */
function excelDate(date: string | null): Date | null {
  return date === null ? null : new Date(`${date}T00:00:00Z`);
}

/**
 * The columns of the 台账, in order: 序号, 改革领域, 子领域, 任务, 任务内容, 牵头单位, 责任单位, 完成时限,
 * 时限原文, 阶段, 责任人, 状态, 开始日期, 完成日期, 销号日期, 最新进度(%), 进度报送日期, 权重(%), 量化目标.
 */
export const LEDGER_COLUMNS: readonly LedgerColumn[] = [
  { header: "序号", width: 6, value: (task) => task.number },
  { header: "改革领域", width: 18, value: (task) => task.area, wrap: true },
  { header: "子领域", width: 18, value: (task) => task.subArea, wrap: true },
  { header: "任务", width: 24, value: (task) => task.title, wrap: true },
  { header: "任务内容", width: 60, value: (task) => task.text, wrap: true },
  { header: "牵头单位", width: 16, value: (task) => task.leadUnit, wrap: true },
  { header: "责任单位", width: 28, value: (task) => task.units.join("、") || null, wrap: true },
  { header: "完成时限", width: 12, value: (task) => excelDate(task.deadline), date: true },
  { header: "时限原文", width: 16, value: (task) => task.deadlineText, wrap: true },
  { header: "阶段", width: 12, value: (task) => task.phase },
  { header: "责任人", width: 10, value: (task) => task.ownerName },
  { header: "状态", width: 8, value: (task) => PLAN_TASK_STATUS_LABELS[task.status].zh },
  { header: "开始日期", width: 12, value: (task) => excelDate(task.startedOn), date: true },
  { header: "完成日期", width: 12, value: (task) => excelDate(task.doneOn), date: true },
  { header: "销号日期", width: 12, value: (task) => excelDate(task.closedOutOn), date: true },
  { header: "最新进度(%)", width: 11, value: (task) => task.latestReport?.percent ?? null },
  {
    header: "进度报送日期",
    width: 13,
    value: (task) => excelDate(task.latestReport?.reportedOn ?? null),
    date: true,
  },
  { header: "权重(%)", width: 9, value: (task) => task.weight },
  { header: "量化目标", width: 40, value: (task) => task.targets.join("\n") || null, wrap: true },
];

/**
 * The 台账 workbook (issue 5 part 8): one sheet "改革任务台账" with a header row (frozen, with filters)
 * and one row per task in number order in {@link LEDGER_COLUMNS}; dates as Excel dates (yyyy-mm-dd),
 * status as its Chinese label; overdue rows in red, rows due soon in amber. A second sheet "说明"
 * records the plan, organization, date, progress rule and rolled-up progress.
 */
export async function buildLedgerWorkbook(ledger: ExportLedger): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "tuanwu";
  const sheet = workbook.addWorksheet(LEDGER_SHEET_NAME, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = LEDGER_COLUMNS.map((column) => ({
    header: column.header,
    width: column.width,
    style: {
      ...(column.date ? { numFmt: "yyyy-mm-dd" } : {}),
      alignment: { vertical: "top", ...(column.wrap ? { wrapText: true } : {}) },
    },
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
  for (const task of ledger.tasks) {
    const row = sheet.addRow(neutralizeSpreadsheetRow(LEDGER_COLUMNS.map((column) => column.value(task))));
    const fill = task.status === "overdue" ? OVERDUE_FILL : task.dueSoon ? DUE_SOON_FILL : undefined;
    if (!fill) continue;
    for (let index = 1; index <= LEDGER_COLUMNS.length; index += 1) {
      const cell = row.getCell(index);
      cell.fill = fill;
      if (task.status === "overdue") cell.font = OVERDUE_FONT;
    }
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: LEDGER_COLUMNS.length } };

  const about = workbook.addWorksheet("说明");
  about.columns = [{ width: 16 }, { width: 60 }];
  const progress = ledger.progress?.percent;
  about.addRows([
    ["实施方案", ledger.title],
    ["组织", ledger.organizationName],
    ["状态截至", ledger.asOf],
    ["任务数", ledger.tasks.length],
    ["进度计算规则", PROGRESS_RULE_LABELS[ledger.rule].zh],
    ["总体进度(%)", progress ?? ledger.progressProblem ?? "—"],
    ["标色", `红色：逾期；黄色：${ledger.dueSoonDays}天内到期`],
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
