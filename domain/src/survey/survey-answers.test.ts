import { describe, expect, it } from "vitest";
import { validateSurveyAnswers } from "./survey-answers";
import { surveyQuestionsSchema } from "./survey-definition";

const questions = surveyQuestionsSchema.parse([
  {
    id: "town",
    kind: "single_choice",
    title: "你所在的乡镇",
    required: true,
    options: [
      { id: "a", label: "城关镇" },
      { id: "b", label: "北留镇" },
    ],
  },
  {
    id: "acts",
    kind: "multiple_choice",
    title: "你参加过哪些活动",
    required: false,
    maxSelections: 2,
    options: [
      { id: "x", label: "志愿服务" },
      { id: "y", label: "读书会" },
      { id: "z", label: "技能培训" },
    ],
  },
  { id: "sat", kind: "scale", title: "对青年之家的满意度", required: true, min: 1, max: 5 },
  { id: "say", kind: "text", title: "你的建议", required: false, maxLength: 10 },
]);

describe("validateSurveyAnswers", () => {
  it("accepts a full sheet and normalizes it", () => {
    expect(
      validateSurveyAnswers(questions, { town: "a", acts: ["y", "x"], sat: 4, say: "  多办活动 " }),
    ).toEqual({
      ok: true,
      answers: { town: "a", acts: ["x", "y"], sat: 4, say: "多办活动" },
    });
  });

  it("drops unanswered optional questions", () => {
    expect(validateSurveyAnswers(questions, { town: "b", acts: [], sat: 1, say: "  " })).toEqual({
      ok: true,
      answers: { town: "b", sat: 1 },
    });
  });

  it.each([
    [
      "missing required single",
      { sat: 3 },
      "required_missing",
      "answers.town",
      "第1题「你所在的乡镇」：必答",
    ],
    [
      "null required",
      { town: null, sat: 3 },
      "required_missing",
      "answers.town",
      "第1题「你所在的乡镇」：必答",
    ],
    [
      "option that does not exist",
      { town: "c", sat: 3 },
      "unknown_option",
      "answers.town",
      "第1题「你所在的乡镇」：选项c不存在",
    ],
    [
      "single as list",
      { town: ["a"], sat: 3 },
      "wrong_type",
      "answers.town",
      "第1题「你所在的乡镇」：应选择一个选项",
    ],
    [
      "multiple unknown",
      { town: "a", acts: ["x", "w"], sat: 3 },
      "unknown_option",
      "answers.acts",
      "第2题「你参加过哪些活动」：选项w不存在",
    ],
    [
      "multiple duplicate",
      { town: "a", acts: ["x", "x"], sat: 3 },
      "duplicate_option",
      "answers.acts",
      undefined,
    ],
    [
      "too many selections",
      { town: "a", acts: ["x", "y", "z"], sat: 3 },
      "too_many_selections",
      "answers.acts",
      "第2题「你参加过哪些活动」：至多选2项，选了3项",
    ],
    ["multiple as text", { town: "a", acts: "x", sat: 3 }, "wrong_type", "answers.acts", undefined],
    [
      "scale above",
      { town: "a", sat: 6 },
      "scale_out_of_range",
      "answers.sat",
      "第3题「对青年之家的满意度」：应在1到5之间，填了6",
    ],
    ["scale below", { town: "a", sat: 0 }, "scale_out_of_range", "answers.sat", undefined],
    [
      "scale fraction",
      { town: "a", sat: 2.5 },
      "wrong_type",
      "answers.sat",
      "第3题「对青年之家的满意度」：应为整数",
    ],
    ["scale as text", { town: "a", sat: "3" }, "wrong_type", "answers.sat", undefined],
    [
      "text too long",
      { town: "a", sat: 3, say: "一二三四五六七八九十十" },
      "text_too_long",
      "answers.say",
      "第4题「你的建议」：至多10字，填了11字",
    ],
    [
      "text control character",
      { town: "a", sat: 3, say: "a\u0000b" },
      "control_characters",
      "answers.say",
      undefined,
    ],
    ["text as number", { town: "a", sat: 3, say: 5 }, "wrong_type", "answers.say", undefined],
    [
      "unknown question",
      { town: "a", sat: 3, extra: "1" },
      "unknown_question",
      "answers.extra",
      "答卷：问卷没有编号为extra的题目",
    ],
  ])("%s → %s", (_name, sheet, code, field, message) => {
    const result = validateSurveyAnswers(questions, sheet);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ code, field });
    if (message !== undefined) expect(result.problems[0]?.message).toBe(message);
  });

  it("returns every problem at once, in question order after unknown questions", () => {
    const result = validateSurveyAnswers(questions, { acts: ["w"], sat: 9, bogus: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => [problem.code, problem.questionId])).toEqual([
      ["unknown_question", "bogus"],
      ["required_missing", "town"],
      ["unknown_option", "acts"],
      ["scale_out_of_range", "sat"],
    ]);
  });

  it.each([null, [], "text", 3])("refuses %j as a sheet", (sheet) => {
    const result = validateSurveyAnswers(questions, sheet);
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          code: "not_an_object",
          questionId: null,
          field: "answers",
          message: "答卷：应为按题目编号填写的答案",
        },
      ],
    });
  });

  it("does not read inherited properties as answers", () => {
    const sheet = Object.create({ town: "a", sat: 3 });
    const result = validateSurveyAnswers(questions, sheet);
    expect(result.ok).toBe(false);
  });

  it("names a long title cut to 20 characters", () => {
    const long = surveyQuestionsSchema.parse([
      {
        id: "q",
        kind: "scale",
        title: "一二三四五六七八九十一二三四五六七八九十一二",
        required: true,
        min: 1,
        max: 3,
      },
    ]);
    const result = validateSurveyAnswers(long, {});
    expect(!result.ok && result.problems[0]?.message).toBe(
      "第1题「一二三四五六七八九十一二三四五六七八九十…」：必答",
    );
  });
});
