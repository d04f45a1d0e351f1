import { describe, expect, it } from "vitest";
import {
  isSurveyAccepting,
  maySurveyTransition,
  SURVEY_STATUSES,
  type SurveyQuestionInput,
  surveyDeviceKeySchema,
  surveyQuestionsSchema,
  uniqueDeviceKeyFor,
} from "./survey-definition";

const options = [
  { id: "a", label: "城关镇" },
  { id: "b", label: "北留镇" },
];
const single: SurveyQuestionInput = {
  id: "q1",
  kind: "single_choice",
  title: "你所在的乡镇",
  required: true,
  options,
};

function firstIssue(questions: unknown) {
  const parsed = surveyQuestionsSchema.safeParse(questions);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  return { path: issue?.path.join("."), message: issue?.message };
}

describe("surveyQuestionsSchema", () => {
  it("accepts the four kinds and fills defaults", () => {
    const parsed = surveyQuestionsSchema.parse([
      single,
      { id: "q2", kind: "multiple_choice", title: "参加过的活动", required: false, options },
      { id: "q3", kind: "scale", title: "满意度", required: true, min: 1, max: 5 },
      { id: "q4", kind: "text", title: "建议", required: false },
    ]);
    expect(parsed[1]).toMatchObject({ maxSelections: null });
    expect(parsed[2]).toMatchObject({ minLabel: null, maxLabel: null });
    expect(parsed[3]).toMatchObject({ maxLength: 500 });
  });

  it.each([
    ["no question", [], "", "题目：至少一题"],
    ["duplicate question id", [single, { ...single }], "1.id", "题目编号：q1重复"],
    [
      "duplicate option id",
      [
        {
          ...single,
          options: [
            { id: "a", label: "甲" },
            { id: "a", label: "乙" },
          ],
        },
      ],
      "0.options.1.id",
      "选项编号：第1题的a重复",
    ],
    [
      "duplicate option label",
      [
        {
          ...single,
          options: [
            { id: "a", label: "甲" },
            { id: "b", label: "甲" },
          ],
        },
      ],
      "0.options.1.label",
      "选项内容：第1题的「甲」重复",
    ],
    ["one option", [{ ...single, options: [{ id: "a", label: "甲" }] }], "0.options", "选项：至少两项"],
    [
      "bad option id",
      [
        {
          ...single,
          options: [
            { id: "1a", label: "甲" },
            { id: "b", label: "乙" },
          ],
        },
      ],
      "0.options.0.id",
      undefined,
    ],
    ["unknown kind", [{ ...single, kind: "ranking" }], "0.kind", "题型：应为单选、多选、量表或填空"],
    [
      "scale min = max",
      [{ id: "s", kind: "scale", title: "t", required: true, min: 3, max: 3 }],
      "0.max",
      "量表最大值：第1题应大于最小值3",
    ],
    [
      "scale of 12 points",
      [{ id: "s", kind: "scale", title: "t", required: true, min: 0, max: 11 }],
      "0.max",
      "量表最大值：第1题至多11个刻度",
    ],
    [
      "scale not integer",
      [{ id: "s", kind: "scale", title: "t", required: true, min: 0.5, max: 5 }],
      "0.min",
      "量表最小值：应为整数",
    ],
    [
      "maxSelections above the options",
      [{ ...single, kind: "multiple_choice", maxSelections: 3 }],
      "0.maxSelections",
      "最多可选：第1题只有2个选项",
    ],
    [
      "text too long allowed",
      [{ id: "t", kind: "text", title: "t", required: false, maxLength: 5000 }],
      "0.maxLength",
      "最多字数：至多2000",
    ],
    ["blank title", [{ ...single, title: " \u200b " }], "0.title", "题目：不能为空"],
    ["required not boolean", [{ ...single, required: "yes" }], "0.required", "是否必答：应为是或否"],
  ])("%s → %s", (_name, questions, path, message) => {
    const issue = firstIssue(questions);
    expect(issue?.path).toBe(path);
    if (message !== undefined) expect(issue?.message).toBe(message);
  });
});

describe("the survey status machine", () => {
  const allowed = new Set(["draft:open", "closed:open", "open:close"]);
  for (const status of SURVEY_STATUSES) {
    for (const action of ["open", "close"] as const) {
      const expected = allowed.has(`${status}:${action}`);
      it(`${action} from ${status}: ${expected}`, () => {
        expect(maySurveyTransition(status, action)).toBe(expected);
      });
    }
  }
});

describe("isSurveyAccepting", () => {
  const now = new Date("2026-12-06T10:00:00Z");
  it.each([
    ["open, no bounds", { status: "open", opensAt: null, closesAt: null }, true],
    ["draft", { status: "draft", opensAt: null, closesAt: null }, false],
    ["closed", { status: "closed", opensAt: null, closesAt: null }, false],
    ["before opensAt", { status: "open", opensAt: new Date("2026-12-06T10:00:01Z"), closesAt: null }, false],
    ["at opensAt", { status: "open", opensAt: now, closesAt: null }, true],
    ["at closesAt", { status: "open", opensAt: null, closesAt: now }, false],
    ["before closesAt", { status: "open", opensAt: null, closesAt: new Date("2026-12-06T10:00:01Z") }, true],
  ] as const)("%s → %s", (_name, survey, expected) => {
    expect(isSurveyAccepting(survey, now)).toBe(expected);
  });
});

describe("device keys", () => {
  it.each([
    ["abcdefghijklmnop", true],
    ["550e8400-e29b-41d4-a716-446655440000", true],
    ["short", false],
    ["has space in it here", false],
    ["x".repeat(65), false],
  ])("%s valid: %s", (key, valid) => {
    expect(surveyDeviceKeySchema.safeParse(key).success).toBe(valid);
  });

  it("fills the unique key only when repeats are not allowed", () => {
    expect(uniqueDeviceKeyFor({ allowRepeatPerDevice: false }, "k".repeat(16))).toBe("k".repeat(16));
    expect(uniqueDeviceKeyFor({ allowRepeatPerDevice: true }, "k".repeat(16))).toBeNull();
  });
});
