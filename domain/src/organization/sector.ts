import type { Label } from "../dictionaries/dictionary";

/**
 * Sectors (领域) of League organizations (domain.md §1): rural, community, university, secondary
 * school, vocational school, agency, public institution, state enterprise, non-public enterprise,
 * social organization, and the "flying enclave" for members working outside the county.
 */
export const SECTORS = [
  "rural",
  "community",
  "university",
  "secondary_school",
  "vocational_school",
  "agency",
  "public_institution",
  "state_enterprise",
  "non_public_enterprise",
  "social_organization",
  "flying_enclave",
] as const;

/** A sector (see {@link SECTORS}). */
export type Sector = (typeof SECTORS)[number];

/** Display labels of {@link SECTORS}. */
export const SECTOR_LABELS: Readonly<Record<Sector, Label>> = {
  rural: { zh: "农村", en: "Rural" },
  community: { zh: "社区", en: "Community" },
  university: { zh: "高校", en: "University" },
  secondary_school: { zh: "中学", en: "Secondary school" },
  vocational_school: { zh: "中职", en: "Vocational school" },
  agency: { zh: "机关", en: "Government agency" },
  public_institution: { zh: "事业单位", en: "Public institution" },
  state_enterprise: { zh: "国有企业", en: "State-owned enterprise" },
  non_public_enterprise: { zh: "非公企业", en: "Non-public enterprise" },
  social_organization: { zh: "社会组织", en: "Social organization" },
  flying_enclave: { zh: "飞地团组织", en: "Flying enclave" },
};

/** 两新组织: the "two new" sectors, non-public enterprises and social organizations, whose coverage is counted and grown (domain.md §1). */
export const TWO_NEW_SECTORS = [
  "non_public_enterprise",
  "social_organization",
] as const satisfies readonly Sector[];

/**
 * Sectors where every eligible unit must have a League organization (100% coverage): agencies,
 * public institutions and state enterprises (domain.md §1, Wangcang task 8).
 */
export const FULL_COVERAGE_SECTORS = [
  "agency",
  "public_institution",
  "state_enterprise",
] as const satisfies readonly Sector[];

/** Whether `value` is one of {@link SECTORS} (type guard). */
export function isSector(value: string): value is Sector {
  return (SECTORS as readonly string[]).includes(value);
}
