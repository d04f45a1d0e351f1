import { DomainError } from "../errors";
import type { SurveyAnswers } from "./survey-answers";
import type { SurveyQuestion, SurveyQuestions } from "./survey-definition";

/**
 * A survey's results (问卷结果, issue 14 part 4): counts per option, a scale's mean and distribution,
 * how many answered each question, and cross-tabs by a single-choice question. Pure: the server hands
 * in the stored answer sheets (already validated when they were given); a value that does not fit its
 * question (it cannot happen through the API) is ignored rather than counted.
 */

/** An option's count: `share` is the percentage of those who answered the question, to 0.1. */
export interface OptionCount {
  optionId: string;
  label: string;
  count: number;
  share: number;
}

/** A scale point's count. */
export interface ScaleCount {
  value: number;
  count: number;
}

/** The result of one question; `answered` counts the sheets that answered it. */
export type QuestionResult =
  | {
      questionId: string;
      kind: "single_choice" | "multiple_choice";
      title: string;
      answered: number;
      options: OptionCount[];
    }
  | {
      questionId: string;
      kind: "scale";
      title: string;
      answered: number;
      /** Mean of the answers to 0.01; null when nobody answered. */
      mean: number | null;
      distribution: ScaleCount[];
    }
  | { questionId: string; kind: "text"; title: string; answered: number };

/** A survey's results. */
export interface SurveyResults {
  responseCount: number;
  questions: QuestionResult[];
}

/** `part` of `whole` as a percentage to 0.1; 0 when `whole` is 0. */
export function sharePercent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}

function scaleValues(question: Extract<SurveyQuestion, { kind: "scale" }>): number[] {
  return Array.from({ length: question.max - question.min + 1 }, (_, index) => question.min + index);
}

/** The option ids a sheet chose for a choice question (none when it did not answer or does not fit). */
function chosenOptions(question: SurveyQuestion, value: SurveyAnswers[string] | undefined): string[] {
  if (question.kind === "single_choice") return typeof value === "string" ? [value] : [];
  if (question.kind === "multiple_choice") {
    return Array.isArray(value) ? [...new Set(value.filter((each) => typeof each === "string"))] : [];
  }
  return [];
}

function scaleAnswer(question: SurveyQuestion, value: SurveyAnswers[string] | undefined): number | null {
  if (question.kind !== "scale" || typeof value !== "number") return null;
  return Number.isInteger(value) && value >= question.min && value <= question.max ? value : null;
}

function mean(total: number, count: number): number | null {
  return count === 0 ? null : Math.round((total / count) * 100) / 100;
}

/** One question's result over `sheets`. */
function questionResult(question: SurveyQuestion, sheets: readonly SurveyAnswers[]): QuestionResult {
  const base = { questionId: question.id, title: question.title };
  switch (question.kind) {
    case "single_choice":
    case "multiple_choice": {
      const counts = new Map(question.options.map((option) => [option.id, 0]));
      let answered = 0;
      for (const sheet of sheets) {
        const chosen = chosenOptions(question, sheet[question.id]).filter((id) => counts.has(id));
        if (chosen.length === 0) continue;
        answered += 1;
        for (const id of chosen) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return {
        ...base,
        kind: question.kind,
        answered,
        options: question.options.map((option) => {
          const count = counts.get(option.id) ?? 0;
          return { optionId: option.id, label: option.label, count, share: sharePercent(count, answered) };
        }),
      };
    }
    case "scale": {
      const counts = new Map(scaleValues(question).map((value) => [value, 0]));
      let answered = 0;
      let total = 0;
      for (const sheet of sheets) {
        const value = scaleAnswer(question, sheet[question.id]);
        if (value === null) continue;
        answered += 1;
        total += value;
        counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      return {
        ...base,
        kind: "scale",
        answered,
        mean: mean(total, answered),
        distribution: [...counts].map(([value, count]) => ({ value, count })),
      };
    }
    case "text": {
      const answered = sheets.filter((sheet) => {
        const value = sheet[question.id];
        return typeof value === "string" && value.length > 0;
      }).length;
      return { ...base, kind: "text", answered };
    }
  }
}

/**
 * Aggregates answer sheets: for each question in order, how many answered it and — by kind — the
 * count and share of each option (a multiple choice's shares may sum above 100%), a scale's mean and
 * count per point, a text question's answered count (the texts themselves are read in the export).
 */
export function aggregateSurveyResults(
  questions: SurveyQuestions,
  sheets: readonly SurveyAnswers[],
): SurveyResults {
  return {
    responseCount: sheets.length,
    questions: questions.map((question) => questionResult(question, sheets)),
  };
}

/** One row of a cross-tab: the sheets that chose one option of the "by" question (null: did not answer it). */
export interface CrossTabRow {
  byOptionId: string | null;
  label: string;
  /** Sheets in this row. */
  respondents: number;
  /** Per column: count of the row's sheets that chose it (an option, or a scale point). */
  counts: number[];
  /** For a scale: the row's mean to 0.01 (null when none in the row answered it). */
  mean: number | null;
}

/** A question broken down by the "by" question. */
export interface CrossTabTable {
  questionId: string;
  title: string;
  kind: "single_choice" | "multiple_choice" | "scale";
  /** The columns: options (id, label) or scale points (value as text). */
  columns: { id: string; label: string }[];
  rows: CrossTabRow[];
}

/** Cross-tabs of every choice and scale question by one single-choice question. */
export interface SurveyCrossTab {
  by: { questionId: string; title: string };
  tables: CrossTabTable[];
}

/**
 * Cross-tabs by the single-choice question `byQuestionId` (交叉分析, e.g. satisfaction by township or
 * by age group): one table per other choice or scale question, a row per option of the "by" question
 * (plus "未作答" when some sheets did not answer it) and a column per option or scale point.
 * Errors: 400 field "by" — no such question, or it is not a single choice.
 */
export function crossTabulateSurvey(
  questions: SurveyQuestions,
  sheets: readonly SurveyAnswers[],
  byQuestionId: string,
): SurveyCrossTab {
  const byIndex = questions.findIndex((question) => question.id === byQuestionId);
  const by = questions[byIndex];
  if (by === undefined) {
    throw new DomainError("invalid_input", `交叉分析：问卷没有编号为${byQuestionId.slice(0, 32)}的题目`, {
      field: "by",
      status: 400,
    });
  }
  if (by.kind !== "single_choice") {
    throw new DomainError("invalid_input", `交叉分析：第${byIndex + 1}题不是单选题`, {
      field: "by",
      status: 400,
    });
  }
  const groups = new Map<string | null, SurveyAnswers[]>(by.options.map((option) => [option.id, []]));
  const unanswered: SurveyAnswers[] = [];
  for (const sheet of sheets) {
    const [chosen] = chosenOptions(by, sheet[by.id]);
    const group = chosen === undefined ? undefined : groups.get(chosen);
    (group ?? unanswered).push(sheet);
  }
  const rowGroups: { byOptionId: string | null; label: string; sheets: SurveyAnswers[] }[] = by.options.map(
    (option) => ({ byOptionId: option.id, label: option.label, sheets: groups.get(option.id) ?? [] }),
  );
  if (unanswered.length > 0) rowGroups.push({ byOptionId: null, label: "未作答", sheets: unanswered });

  const tables: CrossTabTable[] = [];
  for (const question of questions) {
    if (question.id === by.id || question.kind === "text") continue;
    if (question.kind === "scale") {
      const values = scaleValues(question);
      tables.push({
        questionId: question.id,
        title: question.title,
        kind: "scale",
        columns: values.map((value) => ({ id: String(value), label: String(value) })),
        rows: rowGroups.map((group) => {
          const counts = values.map(() => 0);
          let total = 0;
          let answered = 0;
          for (const sheet of group.sheets) {
            const value = scaleAnswer(question, sheet[question.id]);
            if (value === null) continue;
            counts[value - question.min] = (counts[value - question.min] ?? 0) + 1;
            total += value;
            answered += 1;
          }
          return {
            byOptionId: group.byOptionId,
            label: group.label,
            respondents: group.sheets.length,
            counts,
            mean: mean(total, answered),
          };
        }),
      });
      continue;
    }
    tables.push({
      questionId: question.id,
      title: question.title,
      kind: question.kind,
      columns: question.options.map((option) => ({ id: option.id, label: option.label })),
      rows: rowGroups.map((group) => {
        const counts = question.options.map(() => 0);
        for (const sheet of group.sheets) {
          for (const id of chosenOptions(question, sheet[question.id])) {
            const column = question.options.findIndex((option) => option.id === id);
            if (column >= 0) counts[column] = (counts[column] ?? 0) + 1;
          }
        }
        return {
          byOptionId: group.byOptionId,
          label: group.label,
          respondents: group.sheets.length,
          counts,
          mean: null,
        };
      }),
    });
  }
  return { by: { questionId: by.id, title: by.title }, tables };
}
