/**
 * The plan-document parser (改革任务台账, domain.md §8): turns the text of a Chinese government
 * implementation plan (实施方案) into its title, phases, numbered tasks with responsible units and
 * deadlines, and whatever it could not place. Reference input: the Wangcang plan
 * (`fixtures/wangcang-reform-plan.txt`, 26 tasks under four reform areas and ten sub-areas, three
 * phases). Pure: text in, structure out.
 */

import { type ParsedDeadline, parseDateRange, parseDeadline, type RecurringDeadline } from "./deadline";
import { type ExcludedText, prepareLines } from "./plan-cleanup";
import { joinBrokenLines, removeStraySpaces, toHalfWidth } from "./plan-text";
import { extractTargets, type PlanTarget } from "./targets";
import { findPlanFields, findTrailingUnits, type PlanField, splitUnits } from "./units";

export { type DeadlineContext, type ParsedDeadline, parseDateRange, parseDeadline } from "./deadline";
export type { ExcludedText } from "./plan-cleanup";
export type { PlanTarget } from "./targets";

/**
 * Which rule found a task, shown in the import preview so a person knows how far to trust it:
 * labelled — the task carries 责任单位 / 牵头单位 / 完成时限 (or "（团省委牵头）") itself;
 * sibling — same marker as labelled tasks beside it, but no fields of its own;
 * bullet — an em-dash (——) or ● item in a task section; enumeration — one of "一是…二是…";
 * heading — the last numbered heading with body text in a task section (主要任务, 重点任务 …);
 * marker — every item of the marker the user chose; table-row — a row of a task table (任务清单).
 */
export type TaskRule = "labelled" | "sibling" | "bullet" | "enumeration" | "heading" | "marker" | "table-row";

/** The Chinese label of each {@link TaskRule}, for the preview. */
export const TASK_RULE_LABELS: Record<TaskRule, string> = {
  labelled: "带责任单位/时限的条目",
  sibling: "与带责任单位条目同级的编号",
  bullet: "破折号/圆点条目",
  enumeration: "“一是…二是…”分项",
  heading: "任务部分的末级编号标题",
  marker: "按所选编号识别",
  "table-row": "任务表格的一行",
};

/** A heading marker kind found in the document and how many headings use it: the choice offered when unsure. */
export interface MarkerUse {
  kind: string;
  /** How it looks: 一、 （一） 1. （1） ① —— ● 第一章 #. */
  label: string;
  count: number;
}

/** Whether the parser is sure of its reading; when not, the reasons in plain words (Chinese). */
export interface PlanReview {
  unsure: boolean;
  reasons: string[];
}

/** Options of {@link parsePlan}: take every heading of this marker kind as a task (the user's choice). */
export interface ParsePlanOptions {
  taskMarker?: string;
}

/** A phase of the plan (实施步骤), e.g. 组织筹备阶段 2022-09-01 – 2022-12-31. */
export interface ParsedPhase {
  name: string;
  start: string | null;
  end: string | null;
  text: string;
}

/** One numbered task: its content, responsible units (the first leads), deadline and place in the plan. */
export interface ParsedTask {
  number: number;
  title: string;
  text: string;
  units: string[];
  leadUnit: string | null;
  deadline: string | null;
  deadlineText: string | null;
  /** True when there is no deadline or it could not be read as a date; a person should check it. */
  deadlineFlagged: boolean;
  deadlineRecurring: RecurringDeadline | null;
  /** Heading titles from the top of the document down to the task's parent. */
  path: string[];
  targets: PlanTarget[];
  /** Which rule found the task. */
  rule: TaskRule;
}

/** The parsed plan; `unplaced` keeps every paragraph that is neither a task, a phase nor a heading above one. */
export interface ParsedPlan {
  title: string;
  phases: ParsedPhase[];
  tasks: ParsedTask[];
  unplaced: string[];
  /** Plan-level targets (总体目标: "到2022年…控制在30%以内"), outside every task. */
  targets: PlanTarget[];
  /** The cover letter and attachments, kept out of the tasks. */
  excluded: ExcludedText[];
  /** Marker kinds used by headings, most used first (for the marker choice). */
  markers: MarkerUse[];
  review: PlanReview;
}

/** Kinds of heading markers, from 一、 to ①, ——, 第一章 and Markdown #. */
type MarkerKind =
  | "chapter"
  | "chinese-number"
  | "chinese-parenthesized"
  | "arabic"
  | "arabic-parenthesized"
  | "circled"
  | "dash"
  | "bullet"
  | `markdown-${number}`;

const MARKERS: { kind: MarkerKind; pattern: RegExp }[] = [
  { kind: "chapter", pattern: /^第[一二三四五六七八九十百\d]+[章节部分篇]\s*[、.:]?\s*/ },
  { kind: "chinese-number", pattern: /^[一二三四五六七八九十百]+\s*[、.,]\s*/ },
  { kind: "chinese-parenthesized", pattern: /^\(\s*[一二三四五六七八九十百]+\s*\)\s*[、.]?\s*/ },
  { kind: "arabic-parenthesized", pattern: /^\(\s*\d{1,3}\s*\)\s*[、.]?\s*/ },
  { kind: "arabic", pattern: /^\d{1,3}\s*[、.](?!\d)\s*/ },
  { kind: "circled", pattern: /^[\u2460-\u2473]\s*[、.]?\s*/ },
  { kind: "dash", pattern: /^(?:——|--|—)\s*/ },
  { kind: "bullet", pattern: /^(?:[●•■◆▪◇○□]\s*|[-*+]\s+)/ },
];

const MARKER_LABELS: Record<string, string> = {
  chapter: "第一章",
  "chinese-number": "一、",
  "chinese-parenthesized": "（一）",
  arabic: "1.",
  "arabic-parenthesized": "（1）",
  circled: "①",
  dash: "——",
  bullet: "●",
};

/** Sections that are not tasks: guiding ideas, principles, targets, safeguards, requirements. */
const NON_TASK_SECTION =
  /指导思想|总体要求|基本原则|工作原则|目标|组织保障|保障措施|工作保障|工作要求|组织领导|重要意义|背景|适用范围|实施步骤|步骤安排|方法步骤|工作步骤|进度安排/;
/** Sections whose items are tasks. */
const TASK_SECTION = /任务|举措|措施|重点工作|主要工作|工作内容|改革内容|具体工作|行动/;
const ENUMERATION = /(?:^|[。；;，,\s])([一二三四五六七八九十]{1,3})是/g;
const CHINESE_DIGITS = "一二三四五六七八九十";
const DATE_CORE =
  "\\d{4}\\s*年(?:\\s*\\d{1,2}\\s*月(?:\\s*\\d{1,2}\\s*日)?)?(?:底|末)?|\\d{1,2}\\s*月(?:\\s*\\d{1,2}\\s*日)?(?:底|末)?|年底|年末|上半年|下半年|第[一二三四]季度";
/** A deadline written inside a task's text: "2023年6月底前", "年底前", "第一季度", "长期坚持", "每年3月". */
const DEADLINE_PHRASE = new RegExp(
  `(?:${DATE_CORE})\\s*(?:前|之前|以前)|(?:\\d{4}\\s*年)?(?:第[一二三四]季度|上半年|下半年)|长期坚持|持续推进|常态化推进|每年(?:\\s*\\d{1,2}\\s*月)?`,
  "g",
);

const PHASE_SECTION = /实施步骤|步骤安排|方法步骤|工作步骤|时间安排|进度安排|实施阶段|阶段安排/;
const SENTENCE_END = /[。！？!?;；:：”"）)]$/;
const MAX_TITLE_LENGTH = 80;

interface HeadingNode {
  kind: MarkerKind | null;
  /** The heading line without its marker. */
  head: string;
  /** The heading line as written, marker included. */
  line: string;
  /** Paragraphs after the heading line, broken lines joined. */
  paragraphs: string[];
  /** Raw lines that held labelled fields. */
  fieldLines: string[];
  fields: PlanField[];
  children: HeadingNode[];
  path: string[];
}

function readMarker(line: string): { kind: MarkerKind; rest: string } | null {
  const normalized = toHalfWidth(line);
  const markdown = /^(#{1,6})\s+/.exec(normalized);
  if (markdown?.[1] !== undefined) {
    return { kind: `markdown-${markdown[1].length}`, rest: line.slice(markdown[0].length).trim() };
  }
  for (const { kind, pattern } of MARKERS) {
    const match = pattern.exec(normalized);
    if (match && match[0].length < line.length) return { kind, rest: line.slice(match[0].length).trim() };
  }
  return null;
}

function markdownLevel(kind: MarkerKind | null): number | null {
  if (kind === null || !kind.startsWith("markdown-")) return null;
  return Number(kind.slice("markdown-".length));
}

/** The heading's title: its first sentence, without closing punctuation. */
function titleOf(head: string): string {
  const normalized = toHalfWidth(head);
  const end = normalized.search(/[。;!?]/);
  const sentence = end >= 0 ? head.slice(0, end) : head;
  return sentence.replace(/[\s,，、:：]+$/, "").trim();
}

function newNode(kind: MarkerKind | null, head: string, line: string, path: string[]): HeadingNode {
  return { kind, head, line, paragraphs: [], fieldLines: [], fields: [], children: [], path };
}

/** Where a heading of `kind` goes in the stack of open headings: the index to cut the stack at. */
function stackDepthFor(stack: HeadingNode[], kind: MarkerKind): number {
  const level = markdownLevel(kind);
  if (level !== null) {
    // A Markdown heading outranks list markers: it sits just below the last shallower Markdown heading.
    for (let index = stack.length - 1; index >= 0; index -= 1) {
      const open = markdownLevel(stack[index]?.kind ?? null);
      if (open !== null && open < level) return index + 1;
    }
    return 0;
  }
  const existing = stack.findIndex((node) => node.kind === kind);
  return existing >= 0 ? existing : stack.length;
}

function addText(node: HeadingNode, text: string): void {
  const last = node.paragraphs.at(-1);
  const headIsSentence = /[。，,；;]/.test(node.head);
  const previous = last ?? (node.kind !== null && headIsSentence ? node.head : undefined);
  if (previous !== undefined && !SENTENCE_END.test(previous)) {
    if (last !== undefined) node.paragraphs[node.paragraphs.length - 1] = joinBrokenLines(last, text);
    else node.head = joinBrokenLines(node.head, text);
    return;
  }
  node.paragraphs.push(text);
}

interface DocumentTree {
  title: string;
  root: HeadingNode;
}

/** Whether a line lists items "一是…，二是…" (its fields are read per item, not for the line). */
function isEnumerationLine(line: string): boolean {
  return /一是/.test(line) && /二是/.test(line);
}

/** Labelled fields of a line, or units in a trailing parenthesis ("（团省委牵头）"). */
function fieldsOf(line: string): { fields: PlanField[]; before: string; trailing: boolean } {
  const labelled = findPlanFields(line);
  if (labelled.fields.length > 0) return { ...labelled, trailing: false };
  const trailing = findTrailingUnits(line);
  if (trailing) return { ...trailing, trailing: true };
  return { fields: [], before: line, trailing: false };
}

function buildTree(lines: string[]): DocumentTree {
  const root = newNode(null, "", "", []);
  let title = "";
  const first = lines[0];
  if (first !== undefined) {
    const marker = readMarker(first);
    const isTitle =
      (marker === null || marker.kind === "markdown-1") &&
      first.length <= MAX_TITLE_LENGTH &&
      !/[。]/.test(first) &&
      findPlanFields(first).fields.length === 0;
    if (isTitle) {
      title = removeStraySpaces(marker ? marker.rest : first);
      lines.shift();
    }
  }
  const stack: HeadingNode[] = [];
  for (const line of lines) {
    const marker = readMarker(line);
    if (marker) {
      const depth = stackDepthFor(stack, marker.kind);
      stack.length = depth;
      const parent = stack.at(-1) ?? root;
      const path = parent === root ? [] : [...parent.path, titleOf(parent.head)];
      const { fields, before } = isEnumerationLine(marker.rest)
        ? { fields: [], before: marker.rest }
        : fieldsOf(marker.rest);
      const node = newNode(marker.kind, removeStraySpaces(before), removeStraySpaces(line), path);
      node.fields.push(...fields);
      if (fields.length > 0) node.fieldLines.push(line);
      parent.children.push(node);
      stack.push(node);
      continue;
    }
    const current = stack.at(-1) ?? root;
    const { fields, before, trailing } = isEnumerationLine(line)
      ? { fields: [], before: line, trailing: false }
      : fieldsOf(line);
    if (fields.length > 0 && !(trailing && current === root)) {
      current.fields.push(...fields);
      current.fieldLines.push(line);
      if (before !== "") addText(current, removeStraySpaces(before));
    } else {
      addText(current, removeStraySpaces(line));
    }
  }
  return { title, root };
}

function isTaskNode(node: HeadingNode): boolean {
  return node.kind !== null && node.fields.length > 0;
}

/** Mark tasks: nodes with fields, and their siblings of the same marker kind (a task missing its fields). */
function findTaskNodes(node: HeadingNode, tasks: Map<HeadingNode, TaskRule>): void {
  const taskKinds = new Set(node.children.filter(isTaskNode).map((child) => child.kind));
  for (const child of node.children) {
    if (isTaskNode(child)) tasks.set(child, "labelled");
    else if (taskKinds.has(child.kind)) tasks.set(child, "sibling");
    findTaskNodes(child, tasks);
  }
}

function fullText(node: HeadingNode): string {
  return [node.head, ...node.paragraphs].filter((part) => part !== "").join("\n");
}

function phaseOf(node: HeadingNode, parent: HeadingNode): ParsedPhase | null {
  const sentence = titleOf(node.head);
  const inPhaseSection = PHASE_SECTION.test(titleOf(parent.head));
  if (!inPhaseSection && !/阶段/.test(sentence)) return null;
  const { start, end } = parseDateRange(sentence);
  if (start === null && !inPhaseSection) return null;
  const nameEnd = toHalfWidth(sentence).search(/[(:]/);
  const name = (nameEnd > 0 ? sentence.slice(0, nameEnd) : sentence).trim();
  return { name, start, end, text: fullText(node) };
}

/** The title of a "一是…" item: its text up to the first comma or full stop. */
function shortTitle(text: string): string {
  const title = titleOf(text);
  const comma = toHalfWidth(title).search(/[,;]/);
  return comma >= 4 ? title.slice(0, comma) : title;
}

/** The deadline named inside a task's text: the latest dated phrase (or milestone), else a recurring one. */
function deadlineInText(
  text: string,
  targets: PlanTarget[],
  defaultYear: number | undefined,
): { text: string; parsed: ParsedDeadline } | null {
  const context = defaultYear === undefined ? {} : { defaultYear };
  let best: { text: string; parsed: ParsedDeadline } | null = null;
  let recurring: { text: string; parsed: ParsedDeadline } | null = null;
  for (const match of toHalfWidth(text).matchAll(DEADLINE_PHRASE)) {
    const phrase = text.slice(match.index, match.index + match[0].length);
    const parsed = parseDeadline(phrase, context);
    if (parsed.date !== null) {
      if (best === null || (best.parsed.date ?? "") <= parsed.date) best = { text: phrase, parsed };
    } else if (parsed.recurring) recurring ??= { text: phrase, parsed };
  }
  for (const target of targets) {
    if (best === null || (best.parsed.date ?? "") < target.date) {
      const anchor = /^\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:底|末)?\s*(?:前|之前|以前)?/.exec(
        toHalfWidth(target.text),
      );
      best = {
        text: anchor ? target.text.slice(0, anchor[0].length) : target.date,
        parsed: { date: target.date, flagged: false },
      };
    }
  }
  return best ?? recurring;
}

function taskFrom(
  parts: { title: string; text: string; fields: PlanField[]; path: string[] },
  number: number,
  rule: TaskRule,
  defaultYear: number | undefined,
): ParsedTask {
  const units: string[] = [];
  let leadUnit: string | null = null;
  const deadlineTexts: string[] = [];
  for (const field of parts.fields) {
    if (field.kind === "deadline") {
      if (field.value !== "") deadlineTexts.push(field.value);
      continue;
    }
    const named = splitUnits(field.value);
    if (field.kind === "leadUnits" && leadUnit === null) leadUnit = named[0] ?? null;
    for (const unit of named) if (!units.includes(unit)) units.push(unit);
  }
  leadUnit ??= units[0] ?? null;
  if (leadUnit !== null && units[0] !== leadUnit) {
    units.splice(units.indexOf(leadUnit), 1);
    units.unshift(leadUnit);
  }
  const targets = extractTargets(parts.text);
  let deadlineText = deadlineTexts.length > 0 ? deadlineTexts.join("；") : null;
  let deadline: ParsedDeadline =
    deadlineText === null
      ? { date: null, flagged: true }
      : parseDeadline(deadlineText, defaultYear === undefined ? {} : { defaultYear });
  if (deadlineText === null) {
    const found = deadlineInText(parts.text, targets, defaultYear);
    if (found) {
      deadlineText = found.text;
      deadline = found.parsed;
    }
  }
  return {
    number,
    title: parts.title,
    text: parts.text,
    units,
    leadUnit,
    deadline: deadline.date,
    deadlineText,
    deadlineFlagged: deadline.flagged,
    deadlineRecurring: deadline.recurring ?? null,
    path: parts.path,
    targets,
    rule,
  };
}

function taskOf(
  node: HeadingNode,
  number: number,
  rule: TaskRule,
  defaultYear: number | undefined,
): ParsedTask {
  return taskFrom(
    { title: titleOf(node.head), text: fullText(node), fields: node.fields, path: node.path },
    number,
    rule,
    defaultYear,
  );
}

/** The items of "一是…；二是…；三是…" in `text` (at least two, numbered in order), or none. */
function enumerationItems(text: string): { lead: string; items: string[] } {
  const starts: { index: number; bodyStart: number }[] = [];
  for (const match of text.matchAll(ENUMERATION)) {
    const digits = match[1];
    if (digits === undefined || digits !== CHINESE_DIGITS[starts.length]) continue;
    const index = match.index + match[0].length - digits.length - 1;
    starts.push({ index, bodyStart: match.index + match[0].length });
  }
  if (starts.length < 2) return { lead: text, items: [] };
  const items = starts.map((start, position) => {
    const end = starts[position + 1]?.index ?? text.length;
    return text
      .slice(start.bodyStart, end)
      .replace(/^[:：,，\s]+/, "")
      .replace(/[；;，,\s]+$/, "")
      .trim();
  });
  return { lead: text.slice(0, starts[0]?.index ?? 0).trim(), items };
}

/** Whether `node` or a heading above it names a section that holds no tasks. */
function inNonTaskSection(node: HeadingNode): boolean {
  return [...node.path, titleOf(node.head)].some(
    (title) => NON_TASK_SECTION.test(title) && !TASK_SECTION.test(title),
  );
}

function inTaskSection(node: HeadingNode): boolean {
  return node.path.some((title) => TASK_SECTION.test(title));
}

function collectMarkers(node: HeadingNode, counts: Map<string, number>): void {
  for (const child of node.children) {
    if (child.kind !== null) counts.set(child.kind, (counts.get(child.kind) ?? 0) + 1);
    collectMarkers(child, counts);
  }
}

function markerLabel(kind: string): string {
  const level = markdownLevel(kind as MarkerKind);
  return level !== null ? "#".repeat(level) : (MARKER_LABELS[kind] ?? kind);
}

/** The year a plan is about: the year in its title, else the first year it names. */
function planYearOf(title: string, lines: string[]): number | undefined {
  const inTitle = /(\d{4})\s*年/.exec(toHalfWidth(title));
  if (inTitle?.[1]) return Number(inTitle[1]);
  for (const line of lines) {
    const year = /(20\d{2})\s*年/.exec(toHalfWidth(line));
    if (year?.[1]) return Number(year[1]);
  }
  return undefined;
}

/**
 * Whether the reading looks doubtful, in plain words: no tasks; few tasks for the document's length
 * (more than 1,500 characters a task over 3,000 characters); deadlines missing or unreadable on more
 * than half the tasks; units missing on more than half; tasks found only by the weaker rules
 * (heading); more than half of the text left unplaced.
 */
export function reviewPlan(plan: Pick<ParsedPlan, "tasks" | "unplaced">, textLength: number): PlanReview {
  const reasons: string[] = [];
  const count = plan.tasks.length;
  if (count === 0) reasons.push("未识别出任何任务 / no tasks found");
  else {
    if (textLength > 3_000 && textLength / count > 1_500) {
      reasons.push(`全文约${textLength}字只识别出${count}项任务，可能漏识 / few tasks for the length`);
    }
    const noDeadline = plan.tasks.filter((task) => task.deadlineFlagged).length;
    if (noDeadline * 2 > count) {
      reasons.push(`${count}项任务中${noDeadline}项没有可识别的完成时限 / deadlines missing on most tasks`);
    }
    const noUnits = plan.tasks.filter((task) => task.units.length === 0).length;
    if (noUnits * 2 > count) {
      reasons.push(`${count}项任务中${noUnits}项没有责任单位 / units missing on most tasks`);
    }
    if (plan.tasks.every((task) => task.rule === "heading")) {
      reasons.push("任务仅按末级编号标题推断，请核对或选择任务编号 / tasks guessed from headings only");
    }
  }
  const unplacedLength = plan.unplaced.join("").length;
  if (textLength > 1_000 && unplacedLength * 2 > textLength) {
    reasons.push(
      `约${Math.round((unplacedLength * 100) / textLength)}%的文字未归入任务 / most text unplaced`,
    );
  }
  return { unsure: reasons.length > 0, reasons };
}

/**
 * Parse the text of a plan. The text is cleaned first ({@link prepareLines}: conversion leftovers,
 * page breaks, cover letter 通知 and attachments 附件 set aside). Headings at every level (一、 (一)
 * 1. （1） ① —— ● 第一章, Markdown #) nest by the order their kinds first appear. Tasks, each with the
 * {@link TaskRule} that found it: a heading carrying 责任单位 / 牵头单位 / 配合单位 / 责任部门 or
 * 完成时限 / 时间节点, or a trailing "（团省委牵头，…配合）"; its siblings of the same marker; where a
 * section has no such task: em-dash / ● items, "一是…二是…" items and last-level headings with body
 * text under a task section (重点任务, 主要举措 …). With `options.taskMarker` every heading of that
 * kind is a task instead. A deadline missing from the fields is read from the text (the latest dated
 * milestone). Headings with a date range under 实施步骤 (or named …阶段) are phases; "到2022年…30%"
 * outside tasks is a plan target; everything else is returned in `unplaced`; `review` says when the
 * reading is doubtful.
 */
export function parsePlan(text: string, options: ParsePlanOptions = {}): ParsedPlan {
  const { lines, excluded } = prepareLines(text);
  const bodyLength = lines.join("").length;
  const { title, root } = buildTree(lines);
  const taskNodes = new Map<HeadingNode, TaskRule>();
  const chosen = options.taskMarker;
  if (chosen === undefined) findTaskNodes(root, taskNodes);
  const phases: ParsedPhase[] = [];
  const tasks: ParsedTask[] = [];
  const unplaced: string[] = [...root.paragraphs, ...root.fieldLines];
  const planYear = planYearOf(title, lines);
  let defaultYear: number | undefined = planYear;

  const addTask = (task: ParsedTask): void => {
    if (task.deadline !== null) defaultYear = Number(task.deadline.slice(0, 4));
    tasks.push(task);
  };

  /** Fallback rules, for a node outside any labelled task. Returns whether it made tasks. */
  const fallback = (node: HeadingNode, parent: HeadingNode): boolean => {
    if (chosen !== undefined) {
      if (node.kind !== chosen || PHASE_SECTION.test(titleOf(parent.head))) return false;
      addTask(taskOf(node, tasks.length + 1, "marker", defaultYear));
      return true;
    }
    // The weaker rules only inside a section whose heading names tasks (重点任务, 主要举措 …).
    if (node.kind === null || node.children.length > 0 || inNonTaskSection(node)) return false;
    if (!inTaskSection(node)) return false;
    const body = fullText(node);
    const { lead, items } = enumerationItems(body.replace(/\n/g, ""));
    if (items.length >= 2) {
      const path = [...node.path, titleOf(lead || node.head)];
      for (const item of items) {
        const { fields, before } = fieldsOf(item);
        const itemText = removeStraySpaces(before);
        addTask(
          taskFrom(
            { title: shortTitle(itemText), text: itemText, fields, path },
            tasks.length + 1,
            "enumeration",
            defaultYear,
          ),
        );
      }
      return true;
    }
    if (node.kind === "dash" || node.kind === "bullet") {
      addTask(taskOf(node, tasks.length + 1, "bullet", defaultYear));
      return true;
    }
    const hasBody = node.paragraphs.length > 0 || /[。；;]/.test(node.head.replace(/[。]$/, ""));
    if (hasBody) {
      addTask(taskOf(node, tasks.length + 1, "heading", defaultYear));
      return true;
    }
    return false;
  };

  const visit = (node: HeadingNode, parent: HeadingNode): boolean => {
    const rule = taskNodes.get(node);
    if (rule !== undefined) {
      addTask(taskOf(node, tasks.length + 1, rule, defaultYear));
      for (const child of node.children) visit(child, node);
      return true;
    }
    const phase = phaseOf(node, parent);
    if (phase) {
      phases.push(phase);
      return true;
    }
    if (fallback(node, parent)) return true;
    const before = unplaced.length;
    let placesSomething = false;
    for (const child of node.children) placesSomething = visit(child, node) || placesSomething;
    const ownText = placesSomething ? node.paragraphs : [joinHead(node), ...node.paragraphs];
    unplaced.splice(before, 0, ...ownText);
    return placesSomething;
  };
  for (const child of root.children) visit(child, root);

  const counts = new Map<string, number>();
  collectMarkers(root, counts);
  const markers = [...counts.entries()]
    .map(([kind, count]) => ({ kind, label: markerLabel(kind), count }))
    .sort((left, right) => right.count - left.count);
  const targets = unplaced.flatMap((paragraph) => extractTargets(paragraph, { planLevel: true }));
  const plan = { title, phases, tasks, unplaced, targets, excluded, markers };
  return { ...plan, review: reviewPlan(plan, bodyLength) };
}

/** The heading line as written, with any broken-off continuation joined back. */
function joinHead(node: HeadingNode): string {
  const marker = node.line.slice(0, node.line.length - readMarkerRestLength(node.line));
  return `${marker}${node.head}`;
}

function readMarkerRestLength(line: string): number {
  return readMarker(line)?.rest.length ?? line.length;
}
