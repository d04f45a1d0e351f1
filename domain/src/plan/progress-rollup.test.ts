import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import {
  assertWeightsSumTo100,
  rollUpPlanProgress,
  type TaskProgressInput,
  taskPercent,
} from "./progress-rollup";

function task(number: number, overrides: Partial<TaskProgressInput> = {}): TaskProgressInput {
  return { number, status: "in_progress", reportedPercent: null, weight: null, ...overrides };
}

describe("taskPercent", () => {
  it.each([
    ["done", 40, 100],
    ["closed_out", null, 100],
    ["in_progress", 40, 40],
    ["overdue", 70, 70],
    ["not_started", null, 0],
  ] as const)("%s with report %s → %s", (status, reportedPercent, expected) => {
    expect(taskPercent({ status, reportedPercent })).toBe(expected);
  });
});

describe("rollUpPlanProgress", () => {
  it("averages the tasks, leaving cancelled ones out", () => {
    const result = rollUpPlanProgress("average", [
      task(1, { reportedPercent: 50 }),
      task(2, { status: "done" }),
      task(3, { status: "cancelled", reportedPercent: 0 }),
      task(4),
    ]);
    expect(result).toEqual({ rule: "average", percent: 50, counted: 3, excluded: 1 });
  });

  it("weighs tasks by their weights", () => {
    const result = rollUpPlanProgress("weighted", [
      task(1, { reportedPercent: 50, weight: 60 }),
      task(2, { status: "closed_out", weight: 40 }),
      task(3, { status: "cancelled" }),
    ]);
    expect(result.percent).toBe(70);
  });

  it("rounds to one decimal", () => {
    const result = rollUpPlanProgress("average", [task(1, { reportedPercent: 10 }), task(2), task(3)]);
    expect(result.percent).toBe(3.3);
  });

  it("has no percent when every task is cancelled", () => {
    expect(rollUpPlanProgress("average", [task(1, { status: "cancelled" })]).percent).toBeNull();
  });

  it("refuses weights that do not sum to 100%, naming the sum", () => {
    const run = () => rollUpPlanProgress("weighted", [task(1, { weight: 60 }), task(2, { weight: 30 })]);
    expect(run).toThrow(DomainError);
    expect(run).toThrow(/实际为 90%/);
  });

  it("refuses a counted task without a weight, naming it", () => {
    expect(() => assertWeightsSumTo100([task(1, { weight: 100 }), task(7)])).toThrow(/任务 7/);
  });

  it("accepts weights with two decimals that sum to 100", () => {
    expect(() =>
      assertWeightsSumTo100([
        task(1, { weight: 33.33 }),
        task(2, { weight: 33.33 }),
        task(3, { weight: 33.34 }),
      ]),
    ).not.toThrow();
  });
});
