import { describe, expect, it } from "vitest";
import {
  type EnrollmentEntry,
  type EnteredMembers,
  gradeBirthMonths,
  graduatingGrade,
  schoolLeagueRatios,
} from "./league-ratios";

describe("graduatingGrade", () => {
  it.each([
    ["junior_secondary", 3, 3],
    ["junior_secondary", 2, 3],
    ["junior_secondary", 4, 4],
    ["senior_secondary", 3, 3],
    ["vocational", 2, 3],
    ["university", 3, 4],
    ["university", 5, 5],
  ] as const)("%s up to grade %s → %s", (level, highest, expected) =>
    expect(graduatingGrade(level, highest)).toBe(expected),
  );
});

describe("gradeBirthMonths", () => {
  it.each([
    ["junior_secondary", 3, 2025, 3, { from: "2010-09", to: "2011-08" }],
    ["junior_secondary", 1, 2025, 3, { from: "2012-09", to: "2013-08" }],
    ["junior_secondary", 4, 2025, 4, { from: "2010-09", to: "2011-08" }],
    ["senior_secondary", 3, 2025, 3, { from: "2007-09", to: "2008-08" }],
    ["vocational", 1, 2026, 3, { from: "2010-09", to: "2011-08" }],
    ["university", 1, 2025, 4, { from: "2006-09", to: "2007-08" }],
  ] as const)("%s grade %s of %s (%s grades) → %o", (level, grade, year, grades, expected) =>
    expect(gradeBirthMonths(level, grade, year, grades)).toEqual(expected),
  );
});

const school = "1/2/";
const entry = (
  organizationId: number,
  path: string,
  key: string,
  grade: number,
  value: number,
): EnrollmentEntry => ({
  organizationId,
  path,
  key,
  grade,
  value,
});
const members = (total: number, months: Record<string, number> = {}): EnteredMembers => ({
  total,
  birthMonths: new Map(Object.entries(months)),
});

describe("schoolLeagueRatios", () => {
  it("answers null students and ratios when nothing was entered (never 0%)", () => {
    expect(schoolLeagueRatios([], () => members(0), 40, 2025)).toEqual({
      members: 40,
      students: null,
      ratio: null,
      levels: [],
      grades: [],
      graduating: [],
    });
  });

  it("counts a one-level school's members exactly for the level and by birth cohort per grade", () => {
    const entries = [
      entry(2, school, "junior_secondary", 1, 100),
      entry(2, school, "junior_secondary", 2, 100),
      entry(2, school, "junior_secondary", 3, 100),
    ];
    const figures = members(60, { "2010-09": 20, "2011-08": 15, "2011-09": 10, "2012-09": 5, "2009-01": 10 });
    const result = schoolLeagueRatios(entries, () => figures, 999, 2025);
    expect(result).toMatchObject({ members: 60, students: 300, ratio: 20 });
    expect(result.levels).toEqual([
      expect.objectContaining({
        level: "junior_secondary",
        grade: null,
        members: 60,
        ratio: 20,
        membersBasis: "organization",
      }),
    ]);
    expect(
      result.grades.map((grade) => [grade.grade, grade.members, grade.membersBasis, grade.graduating]),
    ).toEqual([
      [1, 5, "birth_cohort", false],
      [2, 10, "birth_cohort", false],
      [3, 35, "birth_cohort", true],
    ]);
    expect(result.graduating).toEqual([
      expect.objectContaining({ grade: 3, ratio: 35, cap: 30, exceedsCap: true }),
    ]);
  });

  it("takes a grade organization's members exactly and counts only the topmost entries", () => {
    const entries = [
      entry(3, `${school}3/`, "senior_secondary", 3, 200),
      entry(4, `${school}4/`, "senior_secondary", 2, 100),
      entry(5, `${school}3/5/`, "senior_secondary", 3, 50),
    ];
    const totals: Record<number, number> = { 3: 110, 4: 30, 5: 999 };
    const result = schoolLeagueRatios(entries, (id) => members(totals[id] ?? 0), 0, 2025);
    expect(result).toMatchObject({ members: 140, students: 300, ratio: 46.7 });
    expect(result.graduating).toEqual([
      expect.objectContaining({
        level: "senior_secondary",
        grade: 3,
        members: 110,
        ratio: 55,
        cap: 60,
        exceedsCap: false,
        membersBasis: "organization",
      }),
    ]);
  });

  it("splits a school of two levels by birth cohort, vocational grades without a cap", () => {
    const entries = [entry(2, school, "junior_secondary", 3, 50), entry(2, school, "vocational", 3, 40)];
    const figures = members(30, { "2011-01": 12, "2008-01": 8 });
    const result = schoolLeagueRatios(entries, () => figures, 0, 2025);
    expect(result.levels.map((level) => [level.level, level.members, level.membersBasis])).toEqual([
      ["junior_secondary", 12, "birth_cohort"],
      ["vocational", 8, "birth_cohort"],
    ]);
    expect(result.graduating.map((grade) => grade.level)).toEqual(["junior_secondary"]);
    expect(result.grades.find((grade) => grade.level === "vocational")).toMatchObject({
      cap: null,
      exceedsCap: null,
    });
  });
});
