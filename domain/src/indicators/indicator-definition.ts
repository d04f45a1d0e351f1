import type { CadreKindCode } from "../dictionaries/cadre-kinds";
import type { Label } from "../dictionaries/dictionary";
import type { EducationLevelCode } from "../dictionaries/education-levels";
import type { EthnicityCode } from "../dictionaries/ethnicities";
import type { OccupationCode } from "../dictionaries/occupations";
import type { AgeBand } from "../member/age";
import type { MemberStatus } from "../member/member-status";
import type { Sex } from "../member/sex";
import { FULL_COVERAGE_SECTORS, type Sector, TWO_NEW_SECTORS } from "../organization/sector";

/**
 * What an indicator of the catalog (指标目录, domain.md §9; catalog.ts) is made of: ids, units,
 * directions, categories, drill-down kinds, the entered data denominators need, school levels and
 * the sectors whose 建团率 is computed.
 */

/** How an indicator's value reads: a percentage 0–100 (one decimal) or a whole count. */
export const INDICATOR_UNITS = ["percent", "count"] as const;

/** An indicator unit (see {@link INDICATOR_UNITS}). */
export type IndicatorUnit = (typeof INDICATOR_UNITS)[number];

/** Which way is better: a higher value (录入率) or a lower one (e.g. a count of overdue items). */
export const INDICATOR_DIRECTIONS = ["higher", "lower"] as const;

/** An indicator direction (see {@link INDICATOR_DIRECTIONS}). */
export type IndicatorDirection = (typeof INDICATOR_DIRECTIONS)[number];

/** Ids of the indicators counted per sector: `members_sector_<sector>`, `organizations_sector_<sector>`. */
export type SectorIndicatorId = `members_sector_${Sector}` | `organizations_sector_${Sector}`;

/** Where an indicator is listed on the indicator page (its card group). */
export const INDICATOR_CATEGORIES = ["members", "organizations", "rates", "cadres", "students"] as const;

/** An indicator category (see {@link INDICATOR_CATEGORIES}). */
export type IndicatorCategory = (typeof INDICATOR_CATEGORIES)[number];

/** What list is behind an indicator's number: members, organizations (or nothing, null). */
export const INDICATOR_DRILL_DOWNS = ["members", "organizations"] as const;

/** A drill-down kind (see {@link INDICATOR_DRILL_DOWNS}). */
export type IndicatorDrillDown = (typeof INDICATOR_DRILL_DOWNS)[number];

/**
 * Entered data (填报数据) a denominator needs — figures the registry cannot know and an administrator
 * enters per organization: the member count it reports (应录入数), the youth population of its area,
 * its schools' student counts, the eligible units of a sector.
 */
export const ENTERED_DATA_KINDS = [
  "reported_member_count",
  "youth_population",
  "school_enrollment",
  "eligible_units",
] as const;

/** A kind of entered data (see {@link ENTERED_DATA_KINDS}). */
export type EnteredDataKind = (typeof ENTERED_DATA_KINDS)[number];

/** School levels of 团学比 (domain.md §3): 初中, 高中, 中职, 高校. */
export const SCHOOL_LEVELS = ["junior_secondary", "senior_secondary", "vocational", "university"] as const;

/** A school level (see {@link SCHOOL_LEVELS}). */
export type SchoolLevel = (typeof SCHOOL_LEVELS)[number];

/** Display labels of {@link SCHOOL_LEVELS}. */
export const SCHOOL_LEVEL_LABELS: Readonly<Record<SchoolLevel, Label>> = {
  junior_secondary: { zh: "初中", en: "Junior secondary" },
  senior_secondary: { zh: "高中", en: "Senior secondary" },
  vocational: { zh: "中职", en: "Secondary vocational" },
  university: { zh: "高校", en: "University" },
};

/** School levels whose graduating classes (毕业年级) have a 团学比 cap: 初中 ≤ 30%, 高中 ≤ 60% (domain.md §3). */
export const CAPPED_GRADUATING_LEVELS = ["junior_secondary", "senior_secondary"] as const;

/** A level of {@link CAPPED_GRADUATING_LEVELS}. */
export type CappedGraduatingLevel = (typeof CAPPED_GRADUATING_LEVELS)[number];

/** Highest grade (年级, 1 = first year) of each school level that student counts are entered for. */
export const SCHOOL_LEVEL_GRADES: Readonly<Record<SchoolLevel, number>> = {
  junior_secondary: 4,
  senior_secondary: 3,
  vocational: 3,
  university: 5,
};

/** Sectors whose 建团率 (League coverage of units) is computed: the 100% ones and the two 两新 ones. */
export const COVERAGE_SECTORS = [
  ...FULL_COVERAGE_SECTORS,
  ...TWO_NEW_SECTORS,
] as const satisfies readonly Sector[];

/** A sector whose 建团率 is computed (see {@link COVERAGE_SECTORS}). */
export type CoverageSector = (typeof COVERAGE_SECTORS)[number];

/** Education levels counted as 本科 or higher (completed bachelor's, and master's or doctorate studied or completed). */
export const BACHELOR_OR_HIGHER: readonly EducationLevelCode[] = [
  "bachelor",
  "master_in_progress",
  "master",
  "doctorate_in_progress",
  "doctorate",
];

/** The id part of an age band as a type: "14-17" → "14_17", "over_28" unchanged. */
export type AgeBandIdPart<Band extends string> = Band extends `${infer From}-${infer To}`
  ? `${From}_${To}`
  : Band;

/** The id part of an age band: "14-17" → "14_17", "over_28" unchanged. */
export function ageBandIdPart<Band extends AgeBand>(band: Band): AgeBandIdPart<Band> {
  return band.replace("-", "_") as AgeBandIdPart<Band>;
}

/** Ids of the member counts by one value of a member dimension. */
export type MemberDimensionIndicatorId =
  | `members_status_${MemberStatus}`
  | `members_sex_${Sex}`
  | `members_age_${AgeBandIdPart<AgeBand>}`
  | `members_occupation_${OccupationCode}`
  | `members_education_${EducationLevelCode}`
  | `members_ethnicity_${EthnicityCode}`;

/** Ids of the rates and cadre figures. */
export type RateIndicatorId =
  | "members_turning_28"
  | "youth_league_ratio"
  | "league_student_ratio"
  | `league_student_ratio_${SchoolLevel}`
  | `league_student_ratio_graduating_${CappedGraduatingLevel}`
  | `coverage_rate_${CoverageSector}`
  | "coverage_rate_two_new"
  | "cadres_total"
  | `cadres_${CadreKindCode}`
  | "cadres_party_member_rate"
  | "cadres_bachelor_or_higher_rate"
  | "cadres_under_35_rate"
  | "staffing_rate"
  | CadreRecordIndicatorId
  | TransferRateIndicatorId
  | OrganizationalLifeIndicatorId
  | DuesAndRatingIndicatorId
  | PartyRecommendationIndicatorId
  | AnnualCycleIndicatorId;

/**
 * Ids of the annual cycle's figures (团籍注册率, 教育评议完成率 and the grade distribution; domain.md §5,
 * issue 12 part 8): each over the latest campaign of its kind at or under the subtree.
 */
export type AnnualCycleIndicatorId =
  | "registration_rate"
  | "review_completion_rate"
  | "review_grade_excellent_share"
  | "review_grade_qualified_share"
  | "review_grade_basically_qualified_share"
  | "review_grade_unqualified_share";

/** Ids of the recommendation-to-the-Party indicators (推优入党, domain.md §5; issue 12 part 8). */
export type PartyRecommendationIndicatorId = "party_recommendations" | "party_recommendation_share";

/** Ids of the dues collection rate and the star distribution (团费, 评星定级; issue 12 part 8). */
export type DuesAndRatingIndicatorId =
  | "dues_collection_rate"
  | "star_five_star_share"
  | "star_weak_branch_count";

/** Ids of the organizational-life indicators (组织生活, domain.md §5; issue 12 part 8). */
export type OrganizationalLifeIndicatorId =
  | "org_life_meetings_quarter"
  | "org_life_meetings_per_branch_quarter"
  | "org_life_active_branch_rate"
  | "org_life_league_class_hours";

/** Ids of the figures read from cadre records beyond the profile's first ones (issue 13 part 6). */
export type CadreRecordIndicatorId =
  | "cadres_under_28_rate"
  | "cadres_from_grassroots_rate"
  | "cadres_average_age"
  | "cadres_trained_rate"
  | "posts_empty"
  | "terms_expiring"
  | "cadres_grassroots_days";

/** Ids of the graduation season's transfer rates (domain.md §4; issue 11 part 7). */
export type TransferRateIndicatorId =
  | "transfer_school_to_society_rate"
  | "transfer_school_to_school_rate"
  | "transfer_employer_rate"
  | "transfer_on_time_share"
  | "transfer_median_days";

/** Ids of the Youth Home figures (青年之家, activities, volunteer hours, surveys; domain.md §7, issue 14 part 6). */
export type YouthHomeIndicatorId =
  | "youth_homes_active_last_quarter"
  | "youth_homes_active_share"
  | "activities_held"
  | "activity_participants"
  | "volunteer_hours_per_member"
  | "surveys_answered";

/** The id of an indicator of the catalog. */
export type IndicatorId =
  | "entry_rate"
  | "completeness_rate"
  | "members_total"
  | "organizations_total"
  | SectorIndicatorId
  | MemberDimensionIndicatorId
  | RateIndicatorId
  | YouthHomeIndicatorId;

/** One indicator: what it counts, over what, in which unit, which way is better, and where it comes from. */
export interface IndicatorDefinition {
  id: IndicatorId;
  /** Display name, e.g. 录入率 / Data-entry rate. */
  name: Label;
  /** What is counted over the registry (for a percent, the numerator). */
  numerator: Label;
  /** What the numerator is divided by, for a percent; null for a count. */
  denominator: Label | null;
  unit: IndicatorUnit;
  direction: IndicatorDirection;
  /** The sector counted, for per-sector indicators; null otherwise. */
  sector: Sector | null;
  /** The rule or source the indicator comes from (a bulletin, a plan, domain.md). */
  source: string;
  /** The card group it is shown in. */
  category: IndicatorCategory;
  /** The list behind the number (for a rate, its numerator's list); null when there is none. */
  drillDown: IndicatorDrillDown | null;
  /** The entered data its denominator needs; null when the registry alone computes it. */
  enteredData: EnteredDataKind | null;
}
