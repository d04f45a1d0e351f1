/**
 * Task tables (任务清单 / 重点任务分工表, domain.md §8): the rows of a Word table, an Excel sheet or a
 * CSV file read as plan tasks. Public plans lay these out as 序号 | 重点任务 | 具体措施 | 牵头单位 |
 * 配合单位 | 完成时限, sometimes with a 领域 column or a row spanning the table that opens a group.
 * Columns are found from the header's words; a person can map them instead (the import wizard).
 */

import { parseDeadline } from "./deadline";
import { type ParsedPlan, type ParsedTask, reviewPlan } from "./plan-parser";
import { removeStraySpaces, toHalfWidth } from "./plan-text";
import { extractTargets } from "./targets";
import { splitUnits } from "./units";

/** What a column of a task table holds. */
export const TASK_COLUMNS = [
  "number",
  "area",
  "title",
  "text",
  "leadUnit",
  "units",
  "supportUnits",
  "deadline",
  "target",
] as const;
export type TaskColumn = (typeof TASK_COLUMNS)[number];

/** The Chinese label of each {@link TaskColumn}, for the wizard's column mapping. */
export const TASK_COLUMN_LABELS: Record<TaskColumn, string> = {
  number: "序号",
  area: "领域/类别",
  title: "任务名称",
  text: "具体内容",
  leadUnit: "牵头单位",
  units: "责任单位",
  supportUnits: "配合单位",
  deadline: "完成时限",
  target: "目标/成果",
};

/** Which column (0-based index) holds what; a column not named is not read. */
export type TaskColumnMapping = Partial<Record<TaskColumn, number>>;

/** Header words of each column, most specific first. */
const HEADER_WORDS: [TaskColumn, RegExp][] = [
  ["number", /^(?:序号|编号|序|No\.?)$/i],
  ["leadUnit", /牵头/],
  ["supportUnits", /配合|协同|协助/],
  ["units", /责任单位|责任部门|主责|承办|责任主体|实施单位|单位/],
  ["deadline", /时限|时间节点|完成时间|时间|进度|期限/],
  ["target", /目标|成果|指标/],
  ["area", /领域|类别|板块|方面|类型/],
  ["text", /具体|措施|举措|内容|要求|工作要点/],
  ["title", /任务|事项|项目|工作/],
];

function normalizeCell(cell: string): string {
  return removeStraySpaces(toHalfWidth(cell).replace(/\s+/g, " ").trim());
}

/**
 * The mapping read from a header row, or null when it names no task column (任务 / 内容) or fewer
 * than two known columns. A word matches the first column kind it fits; each kind is taken once.
 */
export function guessTaskColumns(header: string[]): TaskColumnMapping | null {
  const mapping: TaskColumnMapping = {};
  header.forEach((cell, index) => {
    const text = normalizeCell(cell).replace(/\s/g, "");
    if (text === "" || text.length > 20) return;
    for (const [column, words] of HEADER_WORDS) {
      if (mapping[column] === undefined && words.test(text)) {
        mapping[column] = index;
        return;
      }
    }
  });
  const known = Object.keys(mapping).length;
  if (mapping.title === undefined && mapping.text === undefined) return null;
  return known >= 2 ? mapping : null;
}

/** Where a task table's header is: the first of the first ten rows that {@link guessTaskColumns} reads. */
export function findTaskHeader(rows: string[][]): { index: number; mapping: TaskColumnMapping } | null {
  for (let index = 0; index < Math.min(rows.length, 10); index += 1) {
    const mapping = guessTaskColumns(rows[index] ?? []);
    if (mapping) return { index, mapping };
  }
  return null;
}

/** Why a table could not be read as tasks. */
export type TaskTableProblem = "no_header" | "no_task_column";

/** A table read as tasks, or the problem and the header cells the wizard shows for mapping. */
export type TaskTableResult =
  | { ok: true; plan: ParsedPlan; mapping: TaskColumnMapping; headerIndex: number; headers: string[] }
  | { ok: false; problem: TaskTableProblem; headers: string[]; headerIndex: number };

/**
 * Read a task table. `rows` are the table's cells as text, merged cells repeated or left empty. With
 * `mapping` (and `headerIndex`, default the row found or 0) the columns are the user's; without,
 * they come from the header ({@link findTaskHeader}). A row whose non-empty cells all say the same
 * thing, or that has text only in its first cells and no task text, opens a group (its text is the
 * tasks' path); an empty area cell takes the area above (a merged cell). Each other row with task
 * text is a task (rule "table-row"), numbered in order: the title is the task column (or the first
 * sentence of the content), units the lead, unit and support columns (lead first), the deadline the
 * deadline column, else the latest milestone in the text; dated targets from the text and target
 * columns. Nothing is thrown: a table that cannot be read answers `ok: false`.
 */
export function parseTaskTable(
  rows: string[][],
  options: { mapping?: TaskColumnMapping; headerIndex?: number; title?: string; defaultYear?: number } = {},
): TaskTableResult {
  const found = options.mapping ? null : findTaskHeader(rows);
  const headerIndex = options.headerIndex ?? found?.index ?? 0;
  const headers = (rows[headerIndex] ?? []).map(normalizeCell);
  const mapping = options.mapping ?? found?.mapping;
  if (!mapping)
    return { ok: false, problem: "no_header", headers: (rows[0] ?? []).map(normalizeCell), headerIndex: 0 };
  if (mapping.title === undefined && mapping.text === undefined) {
    return { ok: false, problem: "no_task_column", headers, headerIndex };
  }
  const cell = (row: string[], column: TaskColumn): string => {
    const index = mapping[column];
    return index === undefined ? "" : normalizeCell(row[index] ?? "");
  };
  const tasks: ParsedTask[] = [];
  const unplaced: string[] = [];
  let group: string | null = null;
  let area: string | null = null;
  let defaultYear = options.defaultYear;
  for (const row of rows.slice(headerIndex + 1)) {
    const cells = row.map(normalizeCell);
    const filled = cells.filter((value) => value !== "");
    if (filled.length === 0) continue;
    const title = cell(row, "title");
    const content = cell(row, "text");
    const taskText = [title, content].filter((part) => part !== "").join("\n");
    if (new Set(filled).size === 1 && (filled.length > 1 || taskText === "" || cells.length === 1)) {
      group = filled[0] ?? null;
      area = null;
      continue;
    }
    if (taskText === "") {
      unplaced.push(filled.join(" | "));
      continue;
    }
    if (/^(?:序号|编号)$/.test(cell(row, "number"))) continue;
    area = cell(row, "area") || area;
    const lead = splitUnits(cell(row, "leadUnit"));
    const units = [...lead];
    for (const unit of [...splitUnits(cell(row, "units")), ...splitUnits(cell(row, "supportUnits"))]) {
      if (!units.includes(unit)) units.push(unit);
    }
    const targetText = [content || title, cell(row, "target")].filter((part) => part !== "").join("\n");
    const targets = extractTargets(targetText);
    let deadlineText: string | null = cell(row, "deadline") || null;
    let deadline =
      deadlineText === null ? null : parseDeadline(deadlineText, defaultYear ? { defaultYear } : {});
    if (deadlineText === null && targets.length > 0) {
      const last = targets.reduce((latest, target) => (target.date > latest.date ? target : latest));
      deadlineText = last.text;
      deadline = { date: last.date, flagged: false };
    }
    if (deadline?.date) defaultYear = Number(deadline.date.slice(0, 4));
    const sentence = toHalfWidth(content).search(/[。;!?]/);
    tasks.push({
      number: tasks.length + 1,
      title: title || (sentence > 0 ? content.slice(0, sentence) : content).slice(0, 200),
      text: taskText,
      units,
      leadUnit: lead[0] ?? units[0] ?? null,
      deadline: deadline?.date ?? null,
      deadlineText,
      deadlineFlagged: deadline?.flagged ?? true,
      deadlineRecurring: deadline?.recurring ?? null,
      path: [group, area].filter((part): part is string => part !== null && part !== ""),
      targets,
      rule: "table-row",
    });
  }
  const textLength = rows.flat().join("").length;
  const base = {
    title: options.title ?? "",
    phases: [],
    tasks,
    unplaced,
    targets: [],
    excluded: [],
    markers: [],
  };
  return {
    ok: true,
    plan: { ...base, review: reviewPlan(base, textLength) },
    mapping,
    headerIndex,
    headers,
  };
}

/**
 * The rows of a CSV text (RFC 4180: comma-separated, fields in double quotes may hold commas, line
 * breaks and doubled quotes ""), a byte-order mark dropped. Also reads Markdown tables
 * ("| a | b |", the |---| line skipped) when every non-blank line starts with "|".
 */
export function parseCsv(text: string): string[][] {
  const source = text.replace(/^\ufeff/, "");
  const lines = source.split(/\r\n|\r|\n/).filter((line) => line.trim() !== "");
  if (lines.length > 0 && lines.every((line) => line.trim().startsWith("|"))) {
    return lines
      .filter((line) => !/^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*$/.test(line))
      .map((line) =>
        line
          .trim()
          .replace(/^\||\|$/g, "")
          .split("|")
          .map((cell) => cell.trim()),
      );
  }
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let index = 0; index < source.length; index += 1) {
    const character = source[index];
    if (quoted) {
      if (character === '"' && source[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"' && field === "") quoted = true;
    else if (character === ",") {
      row.push(field);
      field = "";
    } else if (character === "\n" || character === "\r") {
      if (character === "\r" && source[index + 1] === "\n") index += 1;
      row.push(field);
      if (row.some((cell) => cell.trim() !== "")) rows.push(row);
      row = [];
      field = "";
    } else field += character;
  }
  row.push(field);
  if (row.some((cell) => cell.trim() !== "")) rows.push(row);
  return rows;
}
