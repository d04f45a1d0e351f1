import { describe, expect, it } from "vitest";
import { type RollupTask, rollUpLedgerProgress } from "./plan-progress-rollup";

function task(number: number, overrides: Partial<RollupTask> = {}): RollupTask {
  return { number, status: "in_progress", latestPercent: null, weight: null, ...overrides };
}

describe("rollUpLedgerProgress", () => {
  it("averages the latest percents, done counting 100%, cancelled left out", () => {
    expect(
      rollUpLedgerProgress("average", [
        task(1, { latestPercent: 50 }),
        task(2, { status: "done", latestPercent: 10 }),
        task(3, { status: "cancelled", latestPercent: 90 }),
      ]),
    ).toEqual({ rule: "average", percent: 75, counted: 2, excluded: 1, problem: null });
  });

  it("weighs by the weights", () => {
    expect(
      rollUpLedgerProgress("weighted", [task(1, { latestPercent: 50, weight: 40 }), task(2, { weight: 60 })]),
    ).toMatchObject({ percent: 20, problem: null });
  });

  it("reports the problem instead of failing when the weights do not sum to 100%", () => {
    const progress = rollUpLedgerProgress("weighted", [task(1, { weight: 40 }), task(2, { weight: 40 })]);
    expect(progress).toMatchObject({ rule: "weighted", percent: null, counted: 2, excluded: 0 });
    expect(progress.problem).toContain("80%");
  });

  it("has no percent when every task is cancelled", () => {
    expect(rollUpLedgerProgress("average", [task(1, { status: "cancelled" })])).toEqual({
      rule: "average",
      percent: null,
      counted: 0,
      excluded: 1,
      problem: null,
    });
  });
});
