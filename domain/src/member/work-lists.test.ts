import { describe, expect, it } from "vitest";
import {
  ageOutListBirthDateBound,
  ageOutListReason,
  isOnAgeOutList,
  isOverAge,
  turnsTwentyEightInYear,
} from "./work-lists";

describe("turnsTwentyEightInYear", () => {
  it.each([
    ["1996-01-01", 2024, true],
    ["1996-12-31", 2024, true],
    ["1995-12-31", 2024, false],
    ["1997-01-01", 2024, false],
    ["1996-02-29", 2024, true],
    ["2000-02-29", 2028, true],
    ["2001-02-28", 2029, true],
  ])("born %s, in %i: %s", (birthDate, year, expected) => {
    expect(turnsTwentyEightInYear(birthDate, year)).toBe(expected);
  });

  it("refuses a fractional year", () => {
    expect(() => turnsTwentyEightInYear("1996-01-01", 2024.5)).toThrow(RangeError);
  });
});

describe("isOverAge", () => {
  it.each([
    ["1996-06-15", "2024-06-14", false],
    ["1996-06-15", "2024-06-15", true],
    ["1980-01-01", "2024-06-15", true],
    ["2008-02-29", "2036-02-28", false],
    ["2008-02-29", "2036-02-29", true],
  ])("born %s, on %s: %s", (birthDate, today, expected) => {
    expect(isOverAge(birthDate, today)).toBe(expected);
  });
});

describe("age-out work list", () => {
  it.each([
    ["1996-06-15", false, "over_age"],
    ["1996-06-16", false, "turns_28_this_year"],
    ["1996-12-31", false, "turns_28_this_year"],
    ["1997-01-01", false, null],
    ["1980-01-01", false, "over_age"],
    ["1980-01-01", true, null],
    ["1996-12-31", true, null],
  ] as const)("born %s, cadre %s, on 2024-06-15: %s", (birthDate, isCadre, reason) => {
    expect(ageOutListReason({ birthDate, isCadre }, "2024-06-15")).toBe(reason);
    expect(isOnAgeOutList({ birthDate, isCadre }, "2024-06-15")).toBe(reason !== null);
  });

  it.each(["2024-01-01", "2024-06-15", "2024-12-31", "2028-02-29"])(
    "the birth-date bound agrees with the predicate on %s",
    (today) => {
      const bound = ageOutListBirthDateBound(today);
      for (const birthDate of [
        "1990-05-05",
        "1995-12-31",
        "1996-01-01",
        "1996-12-31",
        "1997-01-01",
        "2000-02-29",
        "2000-12-31",
        "2001-01-01",
      ]) {
        expect(birthDate <= bound).toBe(isOnAgeOutList({ birthDate, isCadre: false }, today));
      }
    },
  );

  it("bounds at the end of the year of birth of those turning 28", () => {
    expect(ageOutListBirthDateBound("2024-06-15")).toBe("1996-12-31");
  });
});
