import { describe, expect, it } from "vitest";
import {
  eligibleUnitsInputSchema,
  schoolEnrollmentInputSchema,
  youthPopulationInputSchema,
} from "./entered-data";

function firstIssue(result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) {
  const issue = result.error?.issues[0];
  return issue ? { path: issue.path.join("."), message: issue.message } : null;
}

describe("entered data schemas", () => {
  it("accepts well-formed entries", () => {
    expect(
      youthPopulationInputSchema.safeParse({
        entries: [{ year: 2025, population: 5000, source: "统计年鉴" }],
      }).success,
    ).toBe(true);
    expect(
      schoolEnrollmentInputSchema.safeParse({
        entries: [
          { schoolYear: 2025, level: "junior_secondary", grade: 3, students: 400, source: "学籍系统" },
        ],
      }).success,
    ).toBe(true);
    expect(
      eligibleUnitsInputSchema.safeParse({
        entries: [{ year: 2025, sector: "agency", units: 12, source: "编办" }],
      }).success,
    ).toBe(true);
  });

  it.each([
    [
      youthPopulationInputSchema,
      { entries: [{ year: 2025, population: -1, source: "x" }] },
      "entries.0.population",
      "青年人口",
    ],
    [
      youthPopulationInputSchema,
      { entries: [{ year: 1800, population: 1, source: "x" }] },
      "entries.0.year",
      "年份",
    ],
    [
      youthPopulationInputSchema,
      { entries: [{ year: 2025, population: 1, source: " " }] },
      "entries.0.source",
      "来源",
    ],
    [
      youthPopulationInputSchema,
      {
        entries: [
          { year: 2025, population: 1, source: "a" },
          { year: 2025, population: 2, source: "b" },
        ],
      },
      "entries",
      "同一年份",
    ],
    [
      schoolEnrollmentInputSchema,
      { entries: [{ schoolYear: 2025, level: "senior_secondary", grade: 4, students: 1, source: "x" }] },
      "entries.0.grade",
      "年级",
    ],
    [
      schoolEnrollmentInputSchema,
      { entries: [{ schoolYear: 2025, level: "kindergarten", grade: 1, students: 1, source: "x" }] },
      "entries.0.level",
      "学段",
    ],
    [
      eligibleUnitsInputSchema,
      { entries: [{ year: 2025, sector: "rural", units: 1, source: "x" }] },
      "entries.0.sector",
      "领域",
    ],
  ] as const)("refuses a bad entry, naming the field (%#)", (schema, input, path, label) => {
    const issue = firstIssue(schema.safeParse(input));
    expect(issue?.path).toBe(path);
    expect(issue?.message).toContain(label);
  });
});
