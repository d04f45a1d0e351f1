import { describe, expect, it } from "vitest";
import { countBarOption, crossTabOption } from "./survey-chart-options";
import { barsOf, crossTabChartOf } from "./survey-result-bars";

const HOSTILE = '<img src=x onerror="alert(1)">';

/** Every function or HTML-looking string anywhere in a chart option, except the data labels themselves. */
function formatters(value: unknown, path = ""): string[] {
  if (typeof value === "function") return [path];
  if (Array.isArray(value)) return value.flatMap((each, index) => formatters(each, `${path}[${index}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, each]) =>
      key === "formatter" ? [`${path}.${key}`] : formatters(each, `${path}.${key}`),
    );
  }
  return [];
}

describe("survey charts", () => {
  it("puts option labels in as data, with no formatter (ECharts' default tooltip escapes them)", () => {
    const option = countBarOption([
      { label: HOSTILE, count: 3 },
      { label: "技能培训", count: 5 },
    ]);
    expect(formatters(option)).toEqual([]);
    expect(JSON.stringify(option)).toContain("技能培训");
    const cross = crossTabOption({ categories: ["很满意"], groups: [{ label: HOSTILE, counts: [2] }] });
    expect(formatters(cross)).toEqual([]);
  });

  it("draws a choice question's options, a scale's points and nothing for text", () => {
    expect(
      barsOf({
        questionId: "q1",
        kind: "single_choice",
        title: "年龄",
        answered: 3,
        options: [{ optionId: "a", label: "14–18岁", count: 3, share: 100 }],
      }),
    ).toEqual([{ label: "14–18岁", count: 3 }]);
    expect(
      barsOf({
        questionId: "q2",
        kind: "scale",
        title: "满意度",
        answered: 2,
        mean: 4.5,
        distribution: [
          { value: 4, count: 1 },
          { value: 5, count: 1 },
        ],
      }),
    ).toEqual([
      { label: "4", count: 1 },
      { label: "5", count: 1 },
    ]);
    expect(barsOf({ questionId: "q3", kind: "text", title: "建议", answered: 9 })).toEqual([]);
    expect(
      crossTabChartOf({
        questionId: "q2",
        title: "满意度",
        kind: "scale",
        columns: [{ id: "5", label: "5" }],
        rows: [{ byOptionId: "a", label: "14–18岁", respondents: 2, counts: [2], mean: 5 }],
      }),
    ).toEqual({ categories: ["5"], groups: [{ label: "14–18岁", counts: [2] }] });
  });
});
