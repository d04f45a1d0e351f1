import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  compareIsoDates,
  daysInMonth,
  formatIsoDate,
  isIsoDate,
  isLeapYear,
  parseIsoDate,
  requireIsoDate,
} from "./iso-date";

describe("isLeapYear", () => {
  it.each([
    [2024, true],
    [2023, false],
    [2000, true],
    [1900, false],
    [2100, false],
    [2400, true],
  ])("%i → %s", (year, expected) => {
    expect(isLeapYear(year)).toBe(expected);
  });
});

describe("daysInMonth", () => {
  it.each([
    [2024, 2, 29],
    [2023, 2, 28],
    [2023, 1, 31],
    [2023, 4, 30],
    [2023, 6, 30],
    [2023, 9, 30],
    [2023, 11, 30],
    [2023, 12, 31],
  ])("%i-%i has %i days", (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });
});

describe("parseIsoDate / isIsoDate", () => {
  it.each([
    ["2024-02-29", { year: 2024, month: 2, day: 29 }],
    ["2000-01-01", { year: 2000, month: 1, day: 1 }],
    ["1999-12-31", { year: 1999, month: 12, day: 31 }],
  ])("reads %s", (text, date) => {
    expect(parseIsoDate(text)).toEqual(date);
    expect(isIsoDate(text)).toBe(true);
  });

  it.each([
    "2023-02-29",
    "2023-02-31",
    "2023-04-31",
    "2023-13-01",
    "2023-00-10",
    "2023-01-00",
    "0000-01-01",
    "2023-1-1",
    "20230101",
    "2023-01-01T00:00:00Z",
    " 2023-01-01",
    "",
  ])("refuses %j", (text) => {
    expect(parseIsoDate(text)).toBeNull();
    expect(isIsoDate(text)).toBe(false);
  });
});

describe("requireIsoDate", () => {
  it("returns the parts of a valid date", () => {
    expect(requireIsoDate("2024-03-01")).toEqual({ year: 2024, month: 3, day: 1 });
  });

  it("throws RangeError naming the parameter", () => {
    expect(() => requireIsoDate("2024-02-30", "today")).toThrow(RangeError);
    expect(() => requireIsoDate("2024-02-30", "today")).toThrow(/today/);
  });
});

describe("formatIsoDate", () => {
  it.each([
    [{ year: 2024, month: 3, day: 1 }, "2024-03-01"],
    [{ year: 999, month: 12, day: 9 }, "0999-12-09"],
  ])("%o → %s", (date, text) => {
    expect(formatIsoDate(date)).toBe(text);
  });
});

describe("compareIsoDates", () => {
  it.each([
    ["2024-01-01", "2024-01-02", -1],
    ["2024-01-02", "2024-01-01", 1],
    ["2024-01-01", "2024-01-01", 0],
    ["2023-12-31", "2024-01-01", -1],
  ])("%s vs %s → %i", (a, b, expected) => {
    expect(compareIsoDates(a, b)).toBe(expected);
  });

  it("sorts dates", () => {
    expect(["2024-03-01", "2023-12-31", "2024-02-29"].sort(compareIsoDates)).toEqual([
      "2023-12-31",
      "2024-02-29",
      "2024-03-01",
    ]);
  });
});

describe("addMonths", () => {
  it.each([
    ["2024-01-15", 6, "2024-07-15"],
    ["2024-08-31", 6, "2025-02-28"],
    ["2023-08-31", 6, "2024-02-29"],
    ["2024-07-31", 6, "2025-01-31"],
    ["2024-12-01", 1, "2025-01-01"],
    ["2024-03-31", -1, "2024-02-29"],
    ["2025-01-15", -6, "2024-07-15"],
    ["2024-05-20", 0, "2024-05-20"],
    ["2024-05-20", 24, "2026-05-20"],
  ])("%s + %i months → %s", (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it.each([
    ["2024-02-30", 1],
    ["2024-01-01", 1.5],
  ])("throws RangeError for %s + %d", (date, months) => {
    expect(() => addMonths(date, months)).toThrow(RangeError);
  });
});

describe("addDays", () => {
  it.each([
    ["2024-02-28", 1, "2024-02-29"],
    ["2023-02-28", 1, "2023-03-01"],
    ["2026-12-31", 1, "2027-01-01"],
    ["2026-07-20", 30, "2026-08-19"],
    ["2026-03-01", -1, "2026-02-28"],
  ])("%s + %i days is %s", (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it("refuses a fractional day count", () => {
    expect(() => addDays("2026-01-01", 1.5)).toThrow(RangeError);
  });
});
