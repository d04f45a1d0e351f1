/**
 * Responsible units (责任单位) and deadline fields of plan tasks (domain.md §8). In the Wangcang
 * plan (`fixtures/wangcang-reform-plan.txt`) each task ends with "责任单位:县委组织部、县委编办…"
 * and "完成时限:2023年2月底前"; other plans write 牵头单位 / 配合单位 / 责任部门 and 时间节点,
 * often several on one line. The first named unit leads (牵头).
 */

import { toHalfWidth } from "./plan-text";

/** Which field a label opens. */
export type PlanFieldKind = "units" | "leadUnits" | "supportUnits" | "deadline";

/** One labelled field found in a line: its kind, the label as written and the value after the colon. */
export interface PlanField {
  kind: PlanFieldKind;
  label: string;
  value: string;
}

const FIELD_LABELS: Record<string, PlanFieldKind> = {
  责任单位: "units",
  责任部门: "units",
  主责单位: "units",
  牵头单位: "leadUnits",
  牵头部门: "leadUnits",
  配合单位: "supportUnits",
  配合部门: "supportUnits",
  协同单位: "supportUnits",
  完成时限: "deadline",
  完成时间: "deadline",
  时间节点: "deadline",
  时间安排: "deadline",
};

const LABELS = Object.keys(FIELD_LABELS).join("|");
/** "责任单位：" or, as some plans write it, "【责任单位】" (the colon then optional). */
const LABEL_PATTERN = new RegExp(`【\\s*(${LABELS})\\s*】\\s*[:：]?|(${LABELS})\\s*[:：]`, "g");

/** Characters that separate unit names in a list. */
const UNIT_SEPARATORS = /[、，,;；\s]+/;

/**
 * The labelled fields in one line, in order, e.g. "牵头单位:县委组织部;配合单位:县财政局" gives two;
 * "【牵头单位】团县委" is read the same way.
 * A value runs to the next label, or to a closing bracket or full stop.
 */
export function findPlanFields(line: string): { fields: PlanField[]; before: string } {
  const normalized = toHalfWidth(line);
  const matches = [...normalized.matchAll(LABEL_PATTERN)];
  const fields: PlanField[] = [];
  const firstMatch = matches[0];
  const before = firstMatch ? line.slice(0, firstMatch.index).trim() : line;
  matches.forEach((match, position) => {
    const label = match[1] ?? match[2] ?? "";
    const kind = FIELD_LABELS[label];
    if (kind === undefined) return;
    const valueStart = match.index + match[0].length;
    const next = matches[position + 1];
    let valueEnd = next ? next.index : line.length;
    valueEnd = valueStart + lengthBeforeUnbalancedClose(normalized.slice(valueStart, valueEnd));
    const value = line
      .slice(valueStart, valueEnd)
      .trim()
      .replace(/^[(（]+|[;；,，。(（\s]+$/g, "")
      .trim();
    fields.push({ kind, label, value });
  });
  // "(牵头单位:…)" inside a sentence: drop the opening bracket left before the first label.
  return { fields, before: before.replace(/[(（]\s*$/, "").trim() };
}

/** A parenthesis closing a line that names who does the task: "（团省委牵头，省教育厅配合）". */
const TRAILING_UNITS = /[(]([^()]*?(?:牵头|负责|配合|参与|落实|按职责分工负责)[^()]*)[)]\s*[。;；]?\s*$/;
const UNIT_ROLE =
  /^(.+?)(?:共同|分别|按职责分工|按职责)?(牵头负责|牵头|负责落实|负责|配合|参与|落实)(?:负责|落实)?$/;
const DEADLINE_WORDS = /\d{4}\s*年|年底|年内|季度|长期|持续|每年/;

/**
 * Units written without a label in a parenthesis at the end of a line, the way provincial plans
 * write them: "（团省委牵头，省教育厅、省财政厅配合）" → lead 团省委, support 省教育厅 / 省财政厅;
 * "（各市团委负责，2023年底前完成）" also gives a deadline. Null when the parenthesis names no unit.
 */
export function findTrailingUnits(line: string): { fields: PlanField[]; before: string } | null {
  const normalized = toHalfWidth(line);
  const match = TRAILING_UNITS.exec(normalized);
  if (!match?.[1]) return null;
  const fields: PlanField[] = [];
  for (const part of match[1].split(/[,，;；]/)) {
    const piece = part.trim();
    if (piece === "") continue;
    const role = UNIT_ROLE.exec(piece);
    if (role?.[1] !== undefined && !DEADLINE_WORDS.test(role[1])) {
      const kind: PlanFieldKind = role[2]?.startsWith("牵头")
        ? "leadUnits"
        : role[2] === "配合" || role[2] === "参与"
          ? "supportUnits"
          : "units";
      fields.push({ kind, label: role[2] ?? "", value: role[1] });
    } else if (DEADLINE_WORDS.test(piece)) {
      fields.push({ kind: "deadline", label: "", value: piece.replace(/(?:完成|实现|落实)$/, "") });
    }
  }
  if (!fields.some((field) => field.kind !== "deadline")) return null;
  const before = line.slice(0, match.index).trim();
  const ending = /[。;；]\s*$/.exec(normalized.slice(match.index));
  return { fields, before: ending ? `${before}${line.slice(match.index).trim().slice(-1)}` : before };
}

/** Length of `text` up to a full stop or a closing bracket it did not open. */
function lengthBeforeUnbalancedClose(text: string): number {
  let depth = 0;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (character === "(") depth += 1;
    else if (character === ")") {
      if (depth === 0) return index;
      depth -= 1;
    } else if (character === "。") return index;
  }
  return text.length;
}

/** Unit names in a list written "县委组织部、县财政局，团县委 各乡镇", without blanks or repeats. */
export function splitUnits(value: string): string[] {
  const units: string[] = [];
  for (const part of value.split(UNIT_SEPARATORS)) {
    const unit = part.replace(/^[。.]+|[。.]+$/g, "").trim();
    if (unit !== "" && !units.includes(unit)) units.push(unit);
  }
  return units;
}
