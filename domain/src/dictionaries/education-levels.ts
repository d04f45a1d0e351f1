import type { Dictionary, DictionaryCode } from "./dictionary";

/**
 * Education levels (学历) of the national registry's columns 全日制学历 and 最高学历: completed levels
 * 小学 … 博士, and for students the level they are studying for, "…在读" (code suffix `_in_progress`).
 * Ordered from lowest to highest, each "在读" level just before the completed one (domain.md §2).
 */
export const EDUCATION_LEVELS = [
  { code: "primary", zh: "小学", en: "Primary school" },
  { code: "junior_high_in_progress", zh: "初中在读", en: "Junior high school (studying)" },
  { code: "junior_high", zh: "初中", en: "Junior high school" },
  { code: "senior_high_in_progress", zh: "高中在读", en: "Senior high school (studying)" },
  { code: "senior_high", zh: "高中", en: "Senior high school" },
  { code: "secondary_vocational_in_progress", zh: "中职在读", en: "Secondary vocational school (studying)" },
  { code: "secondary_vocational", zh: "中职", en: "Secondary vocational school" },
  { code: "junior_college_in_progress", zh: "大专在读", en: "Junior college (studying)" },
  { code: "junior_college", zh: "大专", en: "Junior college" },
  { code: "bachelor_in_progress", zh: "本科在读", en: "Undergraduate (studying)" },
  { code: "bachelor", zh: "本科", en: "Bachelor's degree" },
  { code: "master_in_progress", zh: "硕士在读", en: "Master's (studying)" },
  { code: "master", zh: "硕士", en: "Master's degree" },
  { code: "doctorate_in_progress", zh: "博士在读", en: "Doctorate (studying)" },
  { code: "doctorate", zh: "博士", en: "Doctorate" },
] as const satisfies Dictionary;

/** Code of an education level, e.g. "bachelor", "senior_high_in_progress" (see {@link EDUCATION_LEVELS}). */
export type EducationLevelCode = DictionaryCode<typeof EDUCATION_LEVELS>;

/** Whether `code` is a "…在读" level, i.e. the member is still studying (code ends in `_in_progress`). */
export function isEducationInProgress(code: string): boolean {
  return code.endsWith("_in_progress");
}
