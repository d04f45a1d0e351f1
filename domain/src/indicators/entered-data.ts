import { z } from "zod";
import { enumSchema, textSchema, typeErrorMessage } from "../field-schemas";
import { COVERAGE_SECTORS, SCHOOL_LEVEL_GRADES, SCHOOL_LEVELS } from "./indicator-definition";

/**
 * Entered data (填报数据) of the indicators whose denominators the registry cannot know (domain.md
 * §3 团青比, 团学比; §1 建团率): each organization enters its own figures per year, with their source;
 * a PUT replaces the organization's entries. Messages name the field, Chinese first.
 */

/** Earliest and latest year an entry may be for. */
export const ENTERED_YEAR_RANGE = { min: 2000, max: 2100 } as const;

function yearSchema(label: string) {
  return z
    .number({ error: typeErrorMessage(label, "年份") })
    .int({ error: `${label}：应为整数年份` })
    .min(ENTERED_YEAR_RANGE.min, { error: `${label}：不能早于${ENTERED_YEAR_RANGE.min}年` })
    .max(ENTERED_YEAR_RANGE.max, { error: `${label}：不能晚于${ENTERED_YEAR_RANGE.max}年` });
}

function countSchema(label: string) {
  return z
    .number({ error: typeErrorMessage(label, "数字") })
    .int({ error: `${label}：应为非负整数` })
    .min(0, { error: `${label}：应为非负整数` })
    .max(2_000_000_000, { error: `${label}：数值过大` });
}

const sourceSchema = textSchema("来源 source", 200);

/** Entries with the same key twice are refused (each key may be entered once per organization). */
function uniqueBy<Entry>(entries: readonly Entry[], key: (entry: Entry) => string): boolean {
  return new Set(entries.map(key)).size === entries.length;
}

/** One 青年人口 entry: the youth aged 14–28 of the organization's area in a year. */
export const youthPopulationEntrySchema = z.object({
  year: yearSchema("年份 year"),
  population: countSchema("青年人口 population"),
  source: sourceSchema,
});

/** PUT body of an organization's youth population entries (replaces them). */
export const youthPopulationInputSchema = z.object({
  entries: z
    .array(youthPopulationEntrySchema, { error: typeErrorMessage("entries", "列表") })
    .max(200, { error: "entries：最多200条 / at most 200 entries" })
    .refine((entries) => uniqueBy(entries, (entry) => String(entry.year)), {
      error: "entries：同一年份只能填报一次 / one entry per year",
    }),
});

/** One 在校学生数 entry: students of a school level and grade in a school year (named by its first year). */
export const schoolEnrollmentEntrySchema = z
  .object({
    schoolYear: yearSchema("学年 schoolYear"),
    level: enumSchema("学段 level", SCHOOL_LEVELS),
    grade: z
      .number({ error: typeErrorMessage("年级 grade", "数字") })
      .int({ error: "年级 grade：应为正整数" })
      .min(1, { error: "年级 grade：应为正整数" }),
    students: countSchema("学生数 students"),
    source: sourceSchema,
  })
  .refine((entry) => entry.grade <= SCHOOL_LEVEL_GRADES[entry.level], {
    error: "年级 grade：超出该学段的年级数 / grade beyond the level's grades",
    path: ["grade"],
  });

/** PUT body of an organization's school enrollment entries (replaces them). */
export const schoolEnrollmentInputSchema = z.object({
  entries: z
    .array(schoolEnrollmentEntrySchema, { error: typeErrorMessage("entries", "列表") })
    .max(500, { error: "entries：最多500条 / at most 500 entries" })
    .refine((entries) => uniqueBy(entries, (entry) => `${entry.schoolYear}|${entry.level}|${entry.grade}`), {
      error: "entries：同一学年、学段、年级只能填报一次 / one entry per school year, level and grade",
    }),
});

/** One 应建团单位数 entry: the units of a sector in the organization's area that should have a League organization. */
export const eligibleUnitsEntrySchema = z.object({
  year: yearSchema("年份 year"),
  sector: enumSchema("领域 sector", COVERAGE_SECTORS),
  units: countSchema("应建团单位数 units"),
  source: sourceSchema,
});

/** PUT body of an organization's eligible unit entries (replaces them). */
export const eligibleUnitsInputSchema = z.object({
  entries: z
    .array(eligibleUnitsEntrySchema, { error: typeErrorMessage("entries", "列表") })
    .max(500, { error: "entries：最多500条 / at most 500 entries" })
    .refine((entries) => uniqueBy(entries, (entry) => `${entry.year}|${entry.sector}`), {
      error: "entries：同一年份、领域只能填报一次 / one entry per year and sector",
    }),
});

export type YouthPopulationInput = z.infer<typeof youthPopulationInputSchema>;
export type SchoolEnrollmentInput = z.infer<typeof schoolEnrollmentInputSchema>;
export type EligibleUnitsInput = z.infer<typeof eligibleUnitsInputSchema>;
