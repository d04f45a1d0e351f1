/**
 * The plan-document parser (改革任务台账, domain.md §8): turns the text of a Chinese government
 * implementation plan (实施方案) into its title, phases, numbered tasks with responsible units and
 * deadlines, and whatever it could not place. Reference input: the Wangcang plan
 * (`fixtures/wangcang-reform-plan.txt`, 26 tasks under four reform areas and ten sub-areas, three
 * phases). Pure: text in, structure out.
 */

import { parseDateRange, parseDeadline, type RecurringDeadline } from "./deadline";
import { cleanLine, joinBrokenLines, removeStraySpaces, toHalfWidth } from "./plan-text";
import { extractTargets, type PlanTarget } from "./targets";
import { findPlanFields, type PlanField, splitUnits } from "./units";

export { type DeadlineContext, type ParsedDeadline, parseDateRange, parseDeadline } from "./deadline";
export type { PlanTarget } from "./targets";

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
}

/** The parsed plan; `unplaced` keeps every paragraph that is neither a task, a phase nor a heading above one. */
export interface ParsedPlan {
  title: string;
  phases: ParsedPhase[];
  tasks: ParsedTask[];
  unplaced: string[];
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
  | `markdown-${number}`;

const MARKERS: { kind: MarkerKind; pattern: RegExp }[] = [
  { kind: "chapter", pattern: /^第[一二三四五六七八九十百\d]+[章节部分篇]\s*[、.:]?\s*/ },
  { kind: "chinese-number", pattern: /^[一二三四五六七八九十百]+\s*[、.,]\s*/ },
  { kind: "chinese-parenthesized", pattern: /^\(\s*[一二三四五六七八九十百]+\s*\)\s*[、.]?\s*/ },
  { kind: "arabic-parenthesized", pattern: /^\(\s*\d{1,3}\s*\)\s*[、.]?\s*/ },
  { kind: "arabic", pattern: /^\d{1,3}\s*[、.](?!\d)\s*/ },
  { kind: "circled", pattern: /^[\u2460-\u2473]\s*[、.]?\s*/ },
  { kind: "dash", pattern: /^——\s*/ },
];

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

function buildTree(text: string): DocumentTree {
  const lines = text
    .split(/\r\n|\r|\n/)
    .map(cleanLine)
    .filter((line) => line !== "");
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
      const { fields, before } = findPlanFields(marker.rest);
      const node = newNode(marker.kind, removeStraySpaces(before), removeStraySpaces(line), path);
      node.fields.push(...fields);
      if (fields.length > 0) node.fieldLines.push(line);
      parent.children.push(node);
      stack.push(node);
      continue;
    }
    const current = stack.at(-1) ?? root;
    const { fields, before } = findPlanFields(line);
    if (fields.length > 0) {
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
function findTaskNodes(node: HeadingNode, tasks: Set<HeadingNode>): void {
  const taskKinds = new Set(node.children.filter(isTaskNode).map((child) => child.kind));
  for (const child of node.children) {
    if (isTaskNode(child) || taskKinds.has(child.kind)) tasks.add(child);
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

function taskOf(node: HeadingNode, number: number, defaultYear: number | undefined): ParsedTask {
  const units: string[] = [];
  let leadUnit: string | null = null;
  const deadlineTexts: string[] = [];
  for (const field of node.fields) {
    if (field.kind === "deadline") {
      if (field.value !== "") deadlineTexts.push(field.value);
      continue;
    }
    const named = splitUnits(field.value);
    if (field.kind === "leadUnits" && leadUnit === null) leadUnit = named[0] ?? null;
    for (const unit of named) if (!units.includes(unit)) units.push(unit);
  }
  leadUnit ??= units[0] ?? null;
  const deadlineText = deadlineTexts.length > 0 ? deadlineTexts.join("；") : null;
  const deadline =
    deadlineText === null
      ? { date: null, flagged: true }
      : parseDeadline(deadlineText, defaultYear === undefined ? {} : { defaultYear });
  const text = fullText(node);
  return {
    number,
    title: titleOf(node.head),
    text,
    units,
    leadUnit,
    deadline: deadline.date,
    deadlineText,
    deadlineFlagged: deadline.flagged,
    deadlineRecurring: "recurring" in deadline && deadline.recurring ? deadline.recurring : null,
    path: node.path,
    targets: extractTargets(text),
  };
}

/**
 * Parse the text of a plan. Headings at every level (一、 (一) 1. （1） ① —— 第一章, Markdown #)
 * nest by the order their kinds first appear; a heading carrying 责任单位 / 牵头单位 / 配合单位 /
 * 责任部门 or 完成时限 / 时间节点 is a task, numbered in document order; headings with a date range
 * under 实施步骤 (or named …阶段) are phases; everything else that is not a heading above a task or
 * phase is returned in `unplaced`.
 */
export function parsePlan(text: string): ParsedPlan {
  const { title, root } = buildTree(text);
  const taskNodes = new Set<HeadingNode>();
  findTaskNodes(root, taskNodes);
  const phases: ParsedPhase[] = [];
  const tasks: ParsedTask[] = [];
  const unplaced: string[] = [...root.paragraphs, ...root.fieldLines];
  let defaultYear: number | undefined;

  const visit = (node: HeadingNode, parent: HeadingNode): boolean => {
    if (taskNodes.has(node)) {
      const task = taskOf(node, tasks.length + 1, defaultYear);
      if (task.deadline !== null) defaultYear = Number(task.deadline.slice(0, 4));
      tasks.push(task);
      for (const child of node.children) visit(child, node);
      return true;
    }
    const phase = phaseOf(node, parent);
    if (phase) {
      phases.push(phase);
      return true;
    }
    const before = unplaced.length;
    let placesSomething = false;
    for (const child of node.children) placesSomething = visit(child, node) || placesSomething;
    const ownText = placesSomething ? node.paragraphs : [joinHead(node), ...node.paragraphs];
    unplaced.splice(before, 0, ...ownText);
    return placesSomething;
  };
  for (const child of root.children) visit(child, root);
  return { title, phases, tasks, unplaced };
}

/** The heading line as written, with any broken-off continuation joined back. */
function joinHead(node: HeadingNode): string {
  const marker = node.line.slice(0, node.line.length - readMarkerRestLength(node.line));
  return `${marker}${node.head}`;
}

function readMarkerRestLength(line: string): number {
  return readMarker(line)?.rest.length ?? line.length;
}
