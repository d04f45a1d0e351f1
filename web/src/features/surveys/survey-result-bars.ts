import type { CrossTabTable, QuestionResult } from "@tuanwu/domain";
import type { CountBar, CrossTab } from "./survey-chart-options";

/** The bars of one question's result: a choice question's options, or a scale's points; none for text. */
export function barsOf(question: QuestionResult): CountBar[] {
  switch (question.kind) {
    case "single_choice":
    case "multiple_choice":
      return question.options.map((option) => ({ label: option.label, count: option.count }));
    case "scale":
      return question.distribution.map((point) => ({ label: String(point.value), count: point.count }));
    case "text":
      return [];
  }
}

/** A cross-tab table as grouped bars: the question's options on the axis, a series per "by" option. */
export function crossTabChartOf(table: CrossTabTable): CrossTab {
  return {
    categories: table.columns.map((column) => column.label),
    groups: table.rows.map((row) => ({ label: row.label, counts: row.counts })),
  };
}
