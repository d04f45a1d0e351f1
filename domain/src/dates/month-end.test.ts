import { describe, expect, it } from "vitest";
import { isMonthEnd, lastDayOfMonth, previousMonthEnd } from "./month-end";

describe("lastDayOfMonth", () => {
  it.each([
    ["2025-02-10", "2025-02-28"],
    ["2024-02-01", "2024-02-29"],
    ["1900-02-14", "1900-02-28"],
    ["2000-02-14", "2000-02-29"],
    ["2025-12-31", "2025-12-31"],
    ["2025-04-15", "2025-04-30"],
  ])("%s → %s", (day, expected) => expect(lastDayOfMonth(day)).toBe(expected));

  it.each(["2025-02-30", "2025-13-01", "2025-2-1", ""])("refuses %j", (day) => {
    expect(() => lastDayOfMonth(day)).toThrow(RangeError);
  });
});

describe("isMonthEnd", () => {
  it.each([
    ["2025-02-28", true],
    ["2024-02-28", false],
    ["2024-02-29", true],
    ["2025-06-30", true],
    ["2025-07-30", false],
    ["2025-01-01", false],
  ])("%s → %s", (day, expected) => expect(isMonthEnd(day)).toBe(expected));
});

describe("previousMonthEnd", () => {
  it.each([
    ["2025-03-01", "2025-02-28"],
    ["2024-03-31", "2024-02-29"],
    ["2025-01-15", "2024-12-31"],
    ["2025-07-31", "2025-06-30"],
  ])("%s → %s", (day, expected) => expect(previousMonthEnd(day)).toBe(expected));
});
