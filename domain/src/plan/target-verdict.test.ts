import { describe, expect, it } from "vitest";
import {
  assertTargetValueFits,
  isTargetMet,
  type JudgedTarget,
  judgeTarget,
  TARGET_VERDICT_LABELS,
  TARGET_VERDICTS,
} from "./target-verdict";

const TODAY = "2023-02-15";
const bound: JudgedTarget = { indicatorId: "entry_rate", comparison: ">=", value: 99, dueOn: "2023-06-30" };

describe("isTargetMet", () => {
  it.each([
    [">=", 99, 99, true],
    [">=", 99, 99.8, true],
    [">=", 99, 98.9, false],
    ["<=", 5, 5, true],
    ["<=", 5, 4, true],
    ["<=", 5, 6, false],
    [">=", 0, null, false],
    ["<=", 100, null, false],
  ] as const)("%s %s with actual %s → %s", (comparison, target, actual, met) => {
    expect(isTargetMet(comparison, target, actual)).toBe(met);
  });
});

describe("judgeTarget", () => {
  it.each([
    ["no indicator", { indicatorId: null }, 99.8, "unbound"],
    ["no target value", { value: null }, 99.8, "unbound"],
    ["met before the due date", {}, 99.8, "met"],
    ["met after the due date", { dueOn: "2022-12-31" }, 99, "met"],
    ["not met, due far ahead", {}, 60.3, "on_track"],
    ["not met, no due date", { dueOn: null }, 60.3, "on_track"],
    ["not met, due on the 31st day", { dueOn: "2023-03-18" }, 60.3, "on_track"],
    ["not met, due on the 30th day", { dueOn: "2023-03-17" }, 60.3, "off_track"],
    ["not met, due today", { dueOn: TODAY }, 60.3, "off_track"],
    ["not met, due yesterday", { dueOn: "2023-02-14" }, 60.3, "off_track"],
    ["nothing to measure, past due", { dueOn: "2023-01-31" }, null, "off_track"],
    ["nothing to measure, far ahead", {}, null, "on_track"],
    ["at most: met", { comparison: "<=", value: 5 }, 3, "met"],
    ["at most: exceeded, past due", { comparison: "<=", value: 5, dueOn: "2023-01-01" }, 7, "off_track"],
  ] as const)("%s → %s", (_name, overrides, actual, verdict) => {
    expect(judgeTarget({ ...bound, ...overrides }, actual, TODAY)).toBe(verdict);
  });

  it("takes the warning window as a parameter", () => {
    expect(judgeTarget({ ...bound, dueOn: "2023-03-01" }, 50, TODAY, 7)).toBe("on_track");
    expect(judgeTarget({ ...bound, dueOn: "2023-02-22" }, 50, TODAY, 7)).toBe("off_track");
  });

  it("refuses a malformed today", () => {
    expect(() => judgeTarget(bound, 50, "2023-2-15")).toThrow();
  });

  it("labels every verdict", () => {
    expect(Object.keys(TARGET_VERDICT_LABELS).sort()).toEqual([...TARGET_VERDICTS].sort());
  });
});

describe("assertTargetValueFits", () => {
  it.each([
    ["percent", 0, true],
    ["percent", 99.5, true],
    ["percent", 100, true],
    ["percent", 100.1, false],
    ["percent", -1, false],
    ["count", 0, true],
    ["count", 1200, true],
    ["count", -3, false],
  ] as const)("%s %s → fits %s", (unit, value, fits) => {
    const check = () => assertTargetValueFits(unit, value);
    if (fits) expect(check).not.toThrow();
    else expect(check).toThrow(expect.objectContaining({ field: "value", status: 400 }));
  });
});
