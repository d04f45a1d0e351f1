import {
  DomainError,
  findTaskHeader,
  guessTaskColumns,
  type ParsedPlan,
  parsePlan,
  parseTaskTable,
  reviewPlan,
  TASK_COLUMNS,
  type TaskColumnMapping,
} from "@tuanwu/domain";
import { type PlanSource, readPlanSource } from "./plan-file";

/** How the user asked the document to be read (the import wizard's marker / column choice). */
export interface PlanReadOptions {
  /** Take every heading of this marker kind as a task (a kind from the preview's `markers`). */
  taskMarker?: string | undefined;
  /** Which column holds what, 0-based, in the table `table` (default the first). */
  columns?: TaskColumnMapping | undefined;
  /** The header row of that table, 0-based (default the row found, else 0). */
  headerRow?: number | undefined;
  /** Which table of the document (0-based; an Excel sheet, a Word table). */
  table?: number | undefined;
}

/** The task table the preview used, or the one it could not map: its header cells and the mapping. */
export interface TablePreview {
  index: number;
  name: string | null;
  headerRow: number;
  headers: string[];
  mapping: TaskColumnMapping | null;
}

/** The message of a table whose columns could not be mapped (the wizard then asks for the columns). */
export const TABLE_UNMAPPED_MESSAGE =
  "无法识别任务表的列（需要“任务/内容”列，以及责任单位或完成时限等列），请在导入向导中指定各列 / the table's columns could not be mapped; choose them in the wizard";

function badColumns(reason: string): DomainError {
  return new DomainError("invalid_columns", `columns：${reason}`, { field: "columns", status: 400 });
}

function tableTitle(rows: string[][], headerRow: number): string {
  for (const row of rows.slice(0, headerRow)) {
    const filled = row.filter((cell) => cell.trim() !== "");
    if (new Set(filled).size === 1 && filled[0]) return filled[0].trim();
  }
  return "";
}

/** Tasks of one or more tables appended, renumbered in order. */
function appendTasks(into: ParsedPlan["tasks"], from: ParsedPlan["tasks"]): void {
  for (const task of from) into.push({ ...task, number: into.length + 1 });
}

/**
 * A plan read from a document, with the tables used: the text through the domain's parsePlan (Word,
 * PDF, text, Markdown), the task tables (任务清单) through parseTaskTable — every table whose header
 * maps, or the one the user mapped. When task tables give tasks they are the plan's tasks and the
 * text gives the title, phases, plan targets and what was set aside; a workbook or CSV with no
 * mappable table answers no tasks and `table` with its header for the wizard. Nothing is written.
 * With a header row or table but no columns, that row's words are read as the header (the wizard's
 * "header row" choice); when they do not map, `table` shows that row for mapping.
 * Errors: those of readPlanSource (400, field "file"); 400 invalid_columns (field "columns") for a
 * mapping naming a table or a column that does not exist, or without a task column.
 */
export async function readPlanDocumentWith(
  bytes: Buffer,
  fileName: string,
  options: PlanReadOptions = {},
): Promise<{ plan: ParsedPlan; table: TablePreview | null; source: PlanSource }> {
  const source = await readPlanSource(bytes, fileName);
  const tabular = source.kind === "xlsx" || source.kind === "csv";
  const textPlan = tabular
    ? null
    : parsePlan(source.text, options.taskMarker ? { taskMarker: options.taskMarker } : {});
  const fallbackTitle = fileName.replace(/\.[^.]+$/, "");
  const tasks: ParsedPlan["tasks"] = [];
  const unplaced: string[] = [];
  let table: TablePreview | null = null;
  let title = "";

  const explicitColumns =
    options.columns && Object.keys(options.columns).length > 0 ? options.columns : undefined;
  if (explicitColumns || options.headerRow !== undefined || options.table !== undefined) {
    const index = options.table ?? source.tables.findIndex((candidate) => candidate.rows.length > 0);
    const chosen = source.tables[index];
    if (!chosen) throw badColumns(`文件中没有第 ${index + 1} 个表格 / no such table`);
    const headerRow = options.headerRow ?? findTaskHeader(chosen.rows)?.index ?? 0;
    const width = Math.max(0, ...chosen.rows.map((row) => row.length));
    for (const column of TASK_COLUMNS) {
      const at = explicitColumns?.[column];
      if (at !== undefined && (at < 0 || at >= width)) {
        throw badColumns(`“${column}”指向第 ${at + 1} 列，表格只有 ${width} 列 / column out of range`);
      }
    }
    // Without columns, the header row the user chose is read for its words.
    const mapping = explicitColumns ?? guessTaskColumns(chosen.rows[headerRow] ?? []);
    if (mapping) {
      const result = parseTaskTable(chosen.rows, { mapping, headerIndex: headerRow });
      if (!result.ok)
        throw badColumns("须指定“任务名称”或“具体内容”列 / a task or content column is required");
      appendTasks(tasks, result.plan.tasks);
      unplaced.push(...result.plan.unplaced);
      title = tableTitle(chosen.rows, headerRow);
      table = { index, name: chosen.name, headerRow, headers: result.headers, mapping: result.mapping };
    } else {
      const headers = (chosen.rows[headerRow] ?? []).map((cell) => cell.trim());
      table = { index, name: chosen.name, headerRow, headers, mapping: null };
    }
  } else {
    source.tables.forEach((candidate, index) => {
      const found = findTaskHeader(candidate.rows);
      if (!found) return;
      const result = parseTaskTable(candidate.rows);
      if (!result.ok) return;
      appendTasks(tasks, result.plan.tasks);
      unplaced.push(...result.plan.unplaced);
      title ||= tableTitle(candidate.rows, found.index);
      table ??= {
        index,
        name: candidate.name,
        headerRow: found.index,
        headers: result.headers,
        mapping: result.mapping,
      };
    });
    if (table === null && tabular) {
      const index = Math.max(
        0,
        source.tables.findIndex((candidate) => candidate.rows.length > 0),
      );
      const first = source.tables[index];
      // The likely header: the first row with two or more filled cells (a title row above is skipped).
      const headerRow = Math.max(
        0,
        (first?.rows ?? []).findIndex((row) => row.filter((cell) => cell.trim() !== "").length >= 2),
      );
      table = {
        index,
        name: first?.name ?? null,
        headerRow,
        headers: first?.rows[headerRow] ?? [],
        mapping: null,
      };
    }
  }

  if (tasks.length === 0 && textPlan) return { plan: textPlan, table, source };
  const base = {
    title: textPlan?.title || title || fallbackTitle,
    phases: textPlan?.phases ?? [],
    tasks,
    unplaced: tasks.length === 0 ? [] : unplaced,
    targets: textPlan?.targets ?? [],
    excluded: textPlan?.excluded ?? [],
    markers: textPlan?.markers ?? [],
  };
  const textLength = source.text.replace(/\s/g, "").length;
  return { plan: { ...base, review: reviewPlan(base, textLength) }, table, source };
}
