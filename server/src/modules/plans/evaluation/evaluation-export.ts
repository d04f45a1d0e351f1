import { neutralizeSpreadsheetRow, neutralizeSpreadsheetValue } from "@tuanwu/domain";
import ExcelJS from "exceljs";
import type { Database } from "../../../db/database";
import { recordAudit } from "../../audit/audit.service";
import type { Actor } from "../../auth/actor";
import type { EvaluationResults } from "./evaluation.schemas";
import { getEvaluationResults } from "./evaluation.service";

/** Sheet names of the results workbook. */
export const EVALUATION_SHEETS = { tasks: "任务得分", organizations: "单位排名" } as const;

/**
 * The results workbook: sheet 任务得分 (one row per task: 单位, 方案, 编号, 任务, one column per item
 * "name（满分 max，权重 w%）", 总分, 是否评完) and sheet 单位排名 (排名, 单位, 平均分, 已评完任务数,
 * 未评完任务数, 任务数). Unscored cells are empty.
 */
export async function writeEvaluationWorkbook(results: EvaluationResults): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const tasks = workbook.addWorksheet(EVALUATION_SHEETS.tasks, { views: [{ state: "frozen", ySplit: 1 }] });
  tasks.columns = [
    { header: "单位", key: "organization", width: 24 },
    { header: "方案", key: "plan", width: 30 },
    { header: "编号", key: "number", width: 8 },
    { header: "任务", key: "title", width: 40 },
    ...results.round.items.map((item) => ({
      header: neutralizeSpreadsheetValue(`${item.name}（满分${item.maxScore}，权重${item.weight}%）`),
      key: `item${item.id}`,
      width: Math.max(12, item.name.length * 2 + 14),
    })),
    { header: "总分", key: "total", width: 10 },
    { header: "是否评完", key: "complete", width: 10 },
  ];
  for (const task of results.tasks) {
    tasks.addRow(
      neutralizeSpreadsheetRow([
        task.organizationName,
        task.planTitle,
        task.number,
        task.title,
        ...task.scores.map((score) => score.score),
        task.total,
        task.complete ? "是" : "否",
      ]),
    );
  }
  const organizations = workbook.addWorksheet(EVALUATION_SHEETS.organizations, {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  organizations.columns = [
    { header: "排名", key: "rank", width: 8 },
    { header: "单位", key: "organization", width: 24 },
    { header: "平均分", key: "average", width: 10 },
    { header: "已评完任务数", key: "scored", width: 14 },
    { header: "未评完任务数", key: "incomplete", width: 14 },
    { header: "任务数", key: "tasks", width: 10 },
  ];
  for (const entry of results.organizations) {
    organizations.addRow(
      neutralizeSpreadsheetRow([
        entry.rank,
        entry.organizationName,
        entry.average,
        entry.scoredTasks,
        entry.incompleteTasks,
        entry.taskCount,
      ]),
    );
  }
  for (const sheet of [tasks, organizations]) sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * Exports a round's results (as GET /evaluation-rounds/{id}/results shows them, narrowed to the
 * actor's scope) as an .xlsx workbook ({@link writeEvaluationWorkbook}); audited like the member
 * export (`evaluation.export`, with the task and organization counts). Source: issue 5 part 5 ("exported").
 * Errors: 404 round missing or outside the scope; 403 without plan:read.
 */
export async function exportEvaluationResults(
  db: Database,
  actor: Actor,
  roundId: number,
  today: string,
): Promise<{ bytes: Buffer; fileName: string }> {
  const results = await getEvaluationResults(db, actor, roundId, today);
  const bytes = await writeEvaluationWorkbook(results);
  await recordAudit(db, actor, {
    action: "evaluation.export",
    entityType: "evaluation_round",
    entityId: results.round.id,
    organizationId: results.round.organizationId,
    detail: {
      round: results.round.name,
      tasks: results.tasks.length,
      organizations: results.organizations.length,
    },
  });
  return { bytes, fileName: `${results.round.name}评估结果.xlsx` };
}
