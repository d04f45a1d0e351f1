import { describe, expect, it } from "vitest";
import {
  ageBandOfBirthMonth,
  isUnderAgeAtMonthEnd,
  percentOf,
  reachesAgeInYear,
  schoolYearOf,
  topmostEntries,
} from "./indicator-rules";

describe("percentOf", () => {
  it.each([
    [1, 3, 33.3],
    [2, 3, 66.7],
    [5, 10, 50],
    [0, 4, 0],
    [3, 0, null],
    [3, null, null],
  ] as const)("%s / %s → %s", (numerator, denominator, expected) => {
    expect(percentOf(numerator, denominator)).toBe(expected);
  });
});

describe("ageBandOfBirthMonth", () => {
  it.each([
    // The age reached by the end of the as-of month.
    ["2008-06", "2025-06-30", "14-17"], // 17
    ["2007-06", "2025-06-30", "18-22"], // 18 in June 2025
    ["2007-07", "2025-06-30", "14-17"], // still 17
    ["2007-07", "2025-06-10", "14-17"],
    ["2002-06", "2025-06-30", "23-25"],
    ["1999-06", "2025-06-30", "26-28"],
    ["1997-06", "2025-06-30", "26-28"], // 28
    ["1996-06", "2025-06-30", "over_28"], // 29
  ] as const)("born %s, as of %s → %s", (birthMonth, asOf, band) => {
    expect(ageBandOfBirthMonth(birthMonth, asOf)).toBe(band);
  });
});

describe("reachesAgeInYear / isUnderAgeAtMonthEnd", () => {
  it("28th birthday in the as-of year", () => {
    expect(reachesAgeInYear("1997-01", 2025, 28)).toBe(true);
    expect(reachesAgeInYear("1997-12", 2025, 28)).toBe(true);
    expect(reachesAgeInYear("1998-01", 2025, 28)).toBe(false);
    expect(reachesAgeInYear("1996-12", 2025, 28)).toBe(false);
  });

  it("under 35 by the end of the as-of month", () => {
    expect(isUnderAgeAtMonthEnd("1990-07", "2025-06-30", 35)).toBe(true);
    expect(isUnderAgeAtMonthEnd("1990-06", "2025-06-30", 35)).toBe(false);
    expect(isUnderAgeAtMonthEnd("1990-06", "2025-06-01", 35)).toBe(false);
    expect(isUnderAgeAtMonthEnd("1989-12", "2025-06-30", 35)).toBe(false);
  });
});

describe("schoolYearOf", () => {
  it.each([
    ["2025-09-01", 2025],
    ["2025-08-31", 2024],
    ["2026-01-15", 2025],
    ["2025-12-31", 2025],
  ] as const)("%s → %s", (day, year) => expect(schoolYearOf(day)).toBe(year));
});

describe("topmostEntries", () => {
  it("keeps the entries with no entry above them, so a subtree's sum counts nobody twice", () => {
    const entries = [
      { path: "1/2/", value: 100 },
      { path: "1/2/5/", value: 40 },
      { path: "1/3/", value: 60 },
      { path: "1/30/", value: 7 },
      { path: "1/3/9/10/", value: 1 },
    ];
    expect(topmostEntries(entries).map((entry) => entry.value)).toEqual([100, 60, 7]);
    // "1/30/" is not below "1/3/": paths end in "/".
    expect(topmostEntries([{ path: "1/3/" }, { path: "1/30/" }])).toHaveLength(2);
    expect(topmostEntries([])).toEqual([]);
  });

  it("keeps every entry of one organization (several school levels of one school)", () => {
    const entries = [
      { path: "1/2/", level: "junior" },
      { path: "1/2/", level: "senior" },
      { path: "1/2/7/", level: "junior" },
    ];
    expect(topmostEntries(entries)).toHaveLength(2);
  });
});
