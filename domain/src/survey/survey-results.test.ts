import { describe, expect, it } from "vitest";
import type { SurveyAnswers } from "./survey-answers";
import { surveyQuestionsSchema } from "./survey-definition";
import { aggregateSurveyResults, crossTabulateSurvey, sharePercent } from "./survey-results";

const questions = surveyQuestionsSchema.parse([
  {
    id: "town",
    kind: "single_choice",
    title: "乡镇",
    required: false,
    options: [
      { id: "a", label: "城关镇" },
      { id: "b", label: "北留镇" },
    ],
  },
  {
    id: "acts",
    kind: "multiple_choice",
    title: "活动",
    required: false,
    options: [
      { id: "x", label: "志愿服务" },
      { id: "y", label: "读书会" },
    ],
  },
  { id: "sat", kind: "scale", title: "满意度", required: false, min: 1, max: 3 },
  { id: "say", kind: "text", title: "建议", required: false },
]);

const sheets: SurveyAnswers[] = [
  { town: "a", acts: ["x", "y"], sat: 3, say: "好" },
  { town: "a", acts: ["x"], sat: 2 },
  { town: "b", sat: 1 },
  { acts: ["y"], say: "多办" },
];

describe("sharePercent", () => {
  it.each([
    [1, 3, 33.3],
    [2, 3, 66.7],
    [0, 0, 0],
    [5, 5, 100],
  ])("%i of %i → %d", (part, whole, share) => {
    expect(sharePercent(part, whole)).toBe(share);
  });
});

describe("aggregateSurveyResults", () => {
  it("counts options, scale points, mean and answered", () => {
    const results = aggregateSurveyResults(questions, sheets);
    expect(results.responseCount).toBe(4);
    expect(results.questions).toEqual([
      {
        questionId: "town",
        kind: "single_choice",
        title: "乡镇",
        answered: 3,
        options: [
          { optionId: "a", label: "城关镇", count: 2, share: 66.7 },
          { optionId: "b", label: "北留镇", count: 1, share: 33.3 },
        ],
      },
      {
        questionId: "acts",
        kind: "multiple_choice",
        title: "活动",
        answered: 3,
        options: [
          { optionId: "x", label: "志愿服务", count: 2, share: 66.7 },
          { optionId: "y", label: "读书会", count: 2, share: 66.7 },
        ],
      },
      {
        questionId: "sat",
        kind: "scale",
        title: "满意度",
        answered: 3,
        mean: 2,
        distribution: [
          { value: 1, count: 1 },
          { value: 2, count: 1 },
          { value: 3, count: 1 },
        ],
      },
      { questionId: "say", kind: "text", title: "建议", answered: 2 },
    ]);
  });

  it("gives a null mean and zero shares with no sheets", () => {
    const results = aggregateSurveyResults(questions, []);
    expect(results.questions[0]).toMatchObject({
      answered: 0,
      options: [
        { count: 0, share: 0 },
        { count: 0, share: 0 },
      ],
    });
    expect(results.questions[2]).toMatchObject({ answered: 0, mean: null });
  });

  it("ignores values that do not fit their question", () => {
    const results = aggregateSurveyResults(questions, [{ town: "zz", acts: ["x", "x", "q"], sat: 9 }]);
    expect(results.questions[0]).toMatchObject({ answered: 0 });
    expect(results.questions[1]).toMatchObject({ answered: 1, options: [{ count: 1 }, { count: 0 }] });
    expect(results.questions[2]).toMatchObject({ answered: 0, mean: null });
  });

  it("rounds the mean to 0.01", () => {
    const results = aggregateSurveyResults(questions, [{ sat: 1 }, { sat: 1 }, { sat: 2 }]);
    expect(results.questions[2]).toMatchObject({ mean: 1.33 });
  });
});

describe("crossTabulateSurvey", () => {
  it("breaks every choice and scale question down by a single choice, with a row for no answer", () => {
    const tab = crossTabulateSurvey(questions, sheets, "town");
    expect(tab.by).toEqual({ questionId: "town", title: "乡镇" });
    expect(tab.tables.map((table) => table.questionId)).toEqual(["acts", "sat"]);
    expect(tab.tables[0]).toEqual({
      questionId: "acts",
      title: "活动",
      kind: "multiple_choice",
      columns: [
        { id: "x", label: "志愿服务" },
        { id: "y", label: "读书会" },
      ],
      rows: [
        { byOptionId: "a", label: "城关镇", respondents: 2, counts: [2, 1], mean: null },
        { byOptionId: "b", label: "北留镇", respondents: 1, counts: [0, 0], mean: null },
        { byOptionId: null, label: "未作答", respondents: 1, counts: [0, 1], mean: null },
      ],
    });
    expect(tab.tables[1]?.columns.map((column) => column.id)).toEqual(["1", "2", "3"]);
    expect(tab.tables[1]?.rows).toEqual([
      { byOptionId: "a", label: "城关镇", respondents: 2, counts: [0, 1, 1], mean: 2.5 },
      { byOptionId: "b", label: "北留镇", respondents: 1, counts: [1, 0, 0], mean: 1 },
      { byOptionId: null, label: "未作答", respondents: 1, counts: [0, 0, 0], mean: null },
    ]);
  });

  it("has no 未作答 row when every sheet answered the by question", () => {
    const tab = crossTabulateSurvey(questions, sheets.slice(0, 3), "town");
    expect(tab.tables[0]?.rows.map((row) => row.label)).toEqual(["城关镇", "北留镇"]);
  });

  it.each([
    ["nope", "交叉分析：问卷没有编号为nope的题目"],
    ["acts", "交叉分析：第2题不是单选题"],
    ["sat", "交叉分析：第3题不是单选题"],
    ["say", "交叉分析：第4题不是单选题"],
  ])("by %s → 400 %s", (by, message) => {
    expect(() => crossTabulateSurvey(questions, sheets, by)).toThrow(
      expect.objectContaining({ status: 400, field: "by", message }),
    );
  });
});
