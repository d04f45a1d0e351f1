import { describe, expect, it } from "vitest";
import {
  admissionRatioWarnings,
  allotmentProblem,
  formatMemberNumber,
  quotaAvailable,
  reclaimableQuota,
} from "./admission-quota";

describe("quota figures", () => {
  it.each([
    [{ amount: 100, used: 10, subAllotted: 60 }, 30],
    [{ amount: 10, used: 10, subAllotted: 0 }, 0],
    [{ amount: 10, used: 8, subAllotted: 5 }, 0],
  ])("%j has %i available", (quota, available) => {
    expect(quotaAvailable(quota)).toBe(available);
    expect(reclaimableQuota(quota)).toBe(available);
  });

  const parent = { amount: 100, used: 10, subAllotted: 60 }; // 30 left
  const child = { amount: 20, used: 5, subAllotted: 3, previousAmount: 20 };
  it.each([
    [50, null],
    [51, "名额：上级可分配名额不足（最多可分配50个）"],
    [8, null],
    [7, "名额：不能少于已使用和已下达的8个"],
    [-1, "名额：应为不小于0的整数"],
    [2.5, "名额：应为不小于0的整数"],
  ])("a child allotment of %s: %s", (amount, problem) => {
    expect(allotmentProblem(parent, child, amount)).toBe(problem);
  });
});

describe("formatMemberNumber", () => {
  it("prefixes the year and the county", () => {
    expect(formatMemberNumber(2026, "510821", 42)).toBe("2026510821000042");
    expect(formatMemberNumber(2026, "510821", 999_999)).toBe("2026510821999999");
  });
  it.each([
    [1999, "510821", 1],
    [2026, "51082", 1],
    [2026, "510821", 0],
    [2026, "510821", 1_000_000],
    [2026, "510821", 1.5],
  ])("refuses %i %s %i", (year, county, sequence) => {
    expect(() => formatMemberNumber(year, county, sequence)).toThrow(RangeError);
  });
});

describe("admissionRatioWarnings", () => {
  const county = { name: "旺苍县", members: 100, youthPopulation: 1000 };
  it("warns for a graduating junior-high class above 30% and a county above 30%", () => {
    expect(
      admissionRatioWarnings({
        school: {
          name: "旺苍县东河中学",
          level: "junior_secondary",
          graduatingClass: true,
          members: 30,
          students: 100,
        },
        county: { name: "旺苍县", members: 300, youthPopulation: 1000 },
      }),
    ).toEqual([
      { code: "student_ratio_above_cap", message: "旺苍县东河中学毕业年级团学比将达31%，超过30%的上限" },
      { code: "youth_ratio_above_cap", message: "旺苍县团青比将达30.1%，超过30%的上限" },
    ]);
  });
  it.each([
    [{ name: "高中", level: "senior_secondary" as const, graduatingClass: true, members: 59, students: 100 }],
    [
      {
        name: "初中",
        level: "junior_secondary" as const,
        graduatingClass: false,
        members: 90,
        students: 100,
      },
    ],
    [{ name: "大学", level: "university" as const, graduatingClass: true, members: 99, students: 100 }],
    [
      {
        name: "初中",
        level: "junior_secondary" as const,
        graduatingClass: true,
        members: 29,
        students: null,
      },
    ],
  ])("no warning for %j", (school) => {
    expect(admissionRatioWarnings({ school, county })).toEqual([]);
  });
});
