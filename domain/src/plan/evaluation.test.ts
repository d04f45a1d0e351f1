import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import {
  assertEvaluationRoundDates,
  assertEvaluationRoundOpen,
  assertScoreValid,
  assertScoringSheetValid,
  type EvaluationItemInput,
  scoreOrganization,
  scoreTask,
  type TaskEvaluationScore,
} from "./evaluation";

function item(name: string, weight: number, maxScore = 10): EvaluationItemInput {
  return { name, weight, maxScore };
}

function errorOf(run: () => void): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a DomainError");
}

describe("assertScoringSheetValid", () => {
  it.each([
    ["one item of 100%", [item("落实情况", 100)]],
    ["weights summing to 100", [item("组织建设", 40), item("制度执行", 35.5), item("实际成效", 24.5)]],
    ["two-decimal weights", [item("甲", 33.33), item("乙", 33.33), item("丙", 33.34)]],
  ])("accepts %s", (_name, items) => {
    expect(() => assertScoringSheetValid(items)).not.toThrow();
  });

  it.each([
    ["no item", [], "no_items", "items", /至少需要一个评分项/],
    ["weights summing to 90", [item("甲", 60), item("乙", 30)], "weights_not_100", "items", /实际为 90%/],
    ["weights over 100", [item("甲", 60), item("乙", 50.5)], "weights_not_100", "items", /110.5%/],
    ["a zero weight", [item("甲", 100), item("乙", 0)], "invalid_item", "items.1.weight", /权重/],
    ["a negative weight", [item("甲", -10), item("乙", 110)], "invalid_item", "items.0.weight", /权重/],
    ["a zero maximum", [item("甲", 100, 0)], "invalid_item", "items.0.maxScore", /满分/],
    ["an empty name", [item(" ", 100)], "invalid_item", "items.0.name", /名称/],
    ["a repeated name", [item("甲", 50), item(" 甲 ", 50)], "duplicate_item", "items.1.name", /重复/],
  ])("refuses %s", (_name, items, code, field, message) => {
    const error = errorOf(() => assertScoringSheetValid(items));
    expect(error).toMatchObject({ code, field, status: 422 });
    expect(error.message).toMatch(message);
  });
});

describe("assertScoreValid", () => {
  it.each([0, 5.5, 10])("accepts %s out of 10", (score) => {
    expect(() => assertScoreValid(score, 10)).not.toThrow();
  });

  it.each([-0.5, 10.01, Number.NaN, Number.POSITIVE_INFINITY])("refuses %s out of 10", (score) => {
    const error = errorOf(() => assertScoreValid(score, 10, "scores.3.score"));
    expect(error).toMatchObject({ code: "score_out_of_range", field: "scores.3.score", status: 422 });
    expect(error.message).toMatch(/0 到 10/);
  });

  it("names the field 'score' by default", () => {
    expect(errorOf(() => assertScoreValid(11, 10)).field).toBe("score");
  });
});

describe("assertEvaluationRoundOpen", () => {
  const round = { startsOn: "2023-03-01", endsOn: "2023-03-31" };

  it.each(["2023-03-01", "2023-03-15", "2023-03-31"])("is open on %s", (today) => {
    expect(() => assertEvaluationRoundOpen(round, today)).not.toThrow();
  });

  it.each([
    ["2023-02-28", "startsOn"],
    ["2023-04-01", "endsOn"],
  ])("is closed on %s (field %s)", (today, field) => {
    expect(errorOf(() => assertEvaluationRoundOpen(round, today))).toMatchObject({
      code: "round_not_open",
      field,
      status: 422,
    });
  });
});

describe("scoreTask", () => {
  const items = [
    { id: 1, weight: 40, maxScore: 10 },
    { id: 2, weight: 60, maxScore: 5 },
  ];

  it.each([
    [
      "full marks",
      [
        [1, 10],
        [2, 5],
      ],
      { total: 100, complete: true, scoredItems: 2 },
    ],
    [
      "zero everywhere",
      [
        [1, 0],
        [2, 0],
      ],
      { total: 0, complete: true, scoredItems: 2 },
    ],
    [
      "8/10 and 3/5",
      [
        [1, 8],
        [2, 3],
      ],
      { total: 68, complete: true, scoredItems: 2 },
    ],
    ["one item only (partial)", [[1, 5]], { total: 20, complete: false, scoredItems: 1 }],
    ["nothing scored", [], { total: null, complete: false, scoredItems: 0 }],
    [
      "a score of an item not on the sheet",
      [
        [1, 10],
        [3, 5],
      ],
      { total: 40, complete: false, scoredItems: 1 },
    ],
    [
      "thirds, rounded to two decimals",
      [
        [1, 10 / 3],
        [2, 5],
      ],
      { total: 73.33, complete: true, scoredItems: 2 },
    ],
  ] as const)("%s", (_name, scores, expected) => {
    const map = new Map<number, number>(scores.map(([id, score]) => [id, score]));
    expect(scoreTask(items, map)).toEqual(expected);
  });

  it("is never complete for an empty sheet", () => {
    expect(scoreTask([], new Map()).complete).toBe(false);
  });
});

describe("scoreOrganization", () => {
  const complete = (total: number): TaskEvaluationScore => ({ total, complete: true, scoredItems: 2 });
  const partial: TaskEvaluationScore = { total: 20, complete: false, scoredItems: 1 };
  const unscored: TaskEvaluationScore = { total: null, complete: false, scoredItems: 0 };

  it.each([
    [
      "averages complete tasks",
      [complete(80), complete(90)],
      { average: 85, scoredTasks: 2, incompleteTasks: 0 },
    ],
    [
      "leaves partial and unscored tasks out of the average",
      [complete(70), partial, unscored],
      { average: 70, scoredTasks: 1, incompleteTasks: 1 },
    ],
    [
      "has no average without a complete task",
      [partial, unscored],
      { average: null, scoredTasks: 0, incompleteTasks: 1 },
    ],
    ["has no average for no tasks", [], { average: null, scoredTasks: 0, incompleteTasks: 0 }],
    [
      "rounds to two decimals",
      [complete(100), complete(90), complete(90)],
      { average: 93.33, scoredTasks: 3, incompleteTasks: 0 },
    ],
  ] as const)("%s", (_name, tasks, expected) => {
    expect(scoreOrganization(tasks)).toEqual(expected);
  });
});

describe("assertEvaluationRoundDates", () => {
  it.each([
    ["2023-03-01", "2023-03-01", null],
    ["2023-03-01", "2023-03-31", null],
    ["2023-03-31", "2023-03-01", "endsOn"],
  ])("%s – %s", (startsOn, endsOn, field) => {
    const run = () => assertEvaluationRoundDates({ startsOn, endsOn });
    if (field === null) expect(run).not.toThrow();
    else expect(errorOf(run)).toMatchObject({ code: "dates_reversed", field, status: 422 });
  });
});
