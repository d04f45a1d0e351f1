import { PLAN_TASK_STATUS_LABELS, PLAN_TASK_STATUSES, PROGRESS_RULE_LABELS } from "@tuanwu/domain";
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import type { ExportLedger, ExportTask } from "./export-ledger";

function paragraph(text: string, options: { bold?: boolean } = {}): Paragraph {
  return new Paragraph({ children: [new TextRun({ text, bold: options.bold ?? false })] });
}

function heading(text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]): Paragraph {
  return new Paragraph({ heading: level, children: [new TextRun({ text })] });
}

/** A simple table: a bold header row, then one row per entry of `rows`. */
function table(headers: readonly string[], rows: readonly (readonly string[])[]): Table {
  const row = (cells: readonly string[], bold: boolean) =>
    new TableRow({
      tableHeader: bold,
      children: cells.map((text) => new TableCell({ children: [paragraph(text, { bold })] })),
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [row(headers, true), ...rows.map((cells) => row(cells, false))],
  });
}

/** A task in one line of the overdue and due-soon lists: number, title, deadline, lead unit, owner. */
function taskRow(task: ExportTask): string[] {
  return [
    String(task.number),
    task.title,
    task.deadline ?? task.deadlineText ?? "—",
    task.leadUnit ?? "—",
    task.ownerName ?? "—",
  ];
}

const TASK_HEADERS = ["序号", "任务", "完成时限", "牵头单位", "责任人"] as const;

/** The overall-progress sentence: percent and rule, or why it cannot be computed. */
function progressSentence(ledger: ExportLedger): string {
  const rule = PROGRESS_RULE_LABELS[ledger.rule].zh;
  if (ledger.progress === null) return `总体进度无法计算（${rule}）：${ledger.progressProblem ?? ""}`;
  if (ledger.progress.percent === null) return `总体进度：无计入任务（${rule}）。`;
  const excluded = ledger.progress.excluded > 0 ? `，已取消 ${ledger.progress.excluded} 项不计` : "";
  return `总体进度：${ledger.progress.percent}%（${rule}，计入 ${ledger.progress.counted} 项${excluded}）。`;
}

/**
 * The progress report (信息报送) of a plan as of a date as a Word document (issue 5 part 8): the
 * plan's title and organization, the date, the progress rolled up by the plan's rule (domain
 * rollUpPlanProgress), counts by status, the overdue and due-soon tasks, and each task's latest
 * progress (percent, date, narrative from plan_progress_report, or "暂无报送").
 */
export async function buildProgressDocument(ledger: ExportLedger): Promise<Buffer> {
  const counts = new Map(PLAN_TASK_STATUSES.map((status) => [status, 0]));
  for (const task of ledger.tasks) counts.set(task.status, (counts.get(task.status) ?? 0) + 1);
  const overdue = ledger.tasks.filter((task) => task.status === "overdue");
  const dueSoon = ledger.tasks.filter((task) => task.dueSoon);
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: `${ledger.title}推进情况报告` })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: `${ledger.organizationName}　截至 ${ledger.asOf}` })],
    }),
    heading("一、总体进度", HeadingLevel.HEADING_1),
    paragraph(progressSentence(ledger)),
    heading("二、任务状态", HeadingLevel.HEADING_1),
    table(
      ["状态", "任务数"],
      [
        ...PLAN_TASK_STATUSES.map((status) => [
          PLAN_TASK_STATUS_LABELS[status].zh,
          String(counts.get(status) ?? 0),
        ]),
        ["合计", String(ledger.tasks.length)],
      ],
    ),
    heading("三、逾期任务", HeadingLevel.HEADING_1),
    overdue.length > 0 ? table(TASK_HEADERS, overdue.map(taskRow)) : paragraph("无逾期任务。"),
    heading(`四、${ledger.dueSoonDays}天内到期任务`, HeadingLevel.HEADING_1),
    dueSoon.length > 0 ? table(TASK_HEADERS, dueSoon.map(taskRow)) : paragraph("无即将到期任务。"),
    heading("五、各项任务进展", HeadingLevel.HEADING_1),
  ];
  for (const task of ledger.tasks) {
    children.push(heading(`${task.number}. ${task.title}`, HeadingLevel.HEADING_2));
    const status = PLAN_TASK_STATUS_LABELS[task.status].zh;
    const units = task.units.length > 0 ? task.units.join("、") : "—";
    children.push(
      paragraph(
        `状态：${status}；完成时限：${task.deadline ?? task.deadlineText ?? "—"}；责任单位：${units}；责任人：${task.ownerName ?? "—"}`,
      ),
    );
    const report = task.latestReport;
    children.push(
      report
        ? paragraph(
            `最新进度 ${report.percent}%（${report.reportedOn}，${report.reportedByName}报送）：${report.narrative}`,
          )
        : paragraph("暂无报送。"),
    );
  }
  const document = new Document({
    creator: "tuanwu",
    title: `${ledger.title}推进情况报告`,
    styles: { default: { document: { run: { font: "SimSun", size: 24 } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}
