import type { Label } from "../dictionaries/dictionary";

/**
 * Levels of League organization (级别), from the top: national, province, city, county, township,
 * and grassroots (schools, units and villages under a county or township). Separate from kind
 * (domain.md §1).
 */
export const ORGANIZATION_LEVELS = [
  "national",
  "province",
  "city",
  "county",
  "township",
  "grassroots",
] as const;

/** A level of League organization (see {@link ORGANIZATION_LEVELS}). */
export type OrganizationLevel = (typeof ORGANIZATION_LEVELS)[number];

/** Display labels of {@link ORGANIZATION_LEVELS}. */
export const ORGANIZATION_LEVEL_LABELS: Readonly<Record<OrganizationLevel, Label>> = {
  national: { zh: "全国", en: "National" },
  province: { zh: "省级", en: "Province" },
  city: { zh: "市级", en: "City" },
  county: { zh: "县级", en: "County" },
  township: { zh: "乡镇（街道）级", en: "Township" },
  grassroots: { zh: "基层", en: "Grassroots" },
};

/** Whether `value` is one of {@link ORGANIZATION_LEVELS} (type guard). */
export function isOrganizationLevel(value: string): value is OrganizationLevel {
  return (ORGANIZATION_LEVELS as readonly string[]).includes(value);
}
