import { describe, expect, it } from "vitest";
import { EDUCATION_LEVELS } from "../dictionaries/education-levels";
import { ETHNICITIES } from "../dictionaries/ethnicities";
import { OCCUPATIONS } from "../dictionaries/occupations";
import { AGE_BANDS } from "../member/age";
import { MEMBER_STATUSES } from "../member/member-status";
import { SEXES } from "../member/sex";
import { SECTORS } from "../organization/sector";
import { findIndicator, INDICATOR_IDS, INDICATORS, isIndicatorId } from "./catalog";
import {
  ageBandIdPart,
  COVERAGE_SECTORS,
  ENTERED_DATA_KINDS,
  INDICATOR_CATEGORIES,
  INDICATOR_DRILL_DOWNS,
  SCHOOL_LEVELS,
} from "./indicator-definition";

describe("INDICATORS", () => {
  it("lists the graduation season's transfer rates last, 学社衔接率 bound to Wangcang task 20", () => {
    expect(INDICATOR_IDS.slice(-5)).toEqual([
      "transfer_school_to_society_rate",
      "transfer_school_to_school_rate",
      "transfer_employer_rate",
      "transfer_on_time_share",
      "transfer_median_days",
    ]);
    expect(findIndicator("transfer_school_to_society_rate")).toMatchObject({
      name: { zh: "学社衔接率" },
      unit: "percent",
      direction: "higher",
      category: "rates",
      enteredData: null,
    });
    expect(findIndicator("transfer_school_to_society_rate")?.source).toContain("task 20");
    expect(findIndicator("transfer_median_days")).toMatchObject({ unit: "count", direction: "lower" });
  });

  it("defines each indicator once", () => {
    expect(new Set(INDICATOR_IDS).size).toBe(INDICATORS.length);
  });

  it("starts with the entries of issue 5 part 6, then one per sector for members and organizations", () => {
    expect(INDICATOR_IDS.slice(0, 4)).toEqual([
      "entry_rate",
      "completeness_rate",
      "members_total",
      "organizations_total",
    ]);
    for (const sector of SECTORS) {
      expect(findIndicator(`members_sector_${sector}`)).toMatchObject({ sector, unit: "count" });
      expect(findIndicator(`organizations_sector_${sector}`)).toMatchObject({ sector, unit: "count" });
    }
    expect(INDICATORS.filter((indicator) => indicator.sector !== null)).toHaveLength(2 * SECTORS.length);
  });

  it("generates one member count per status, sex, age band and dictionary value", () => {
    for (const status of MEMBER_STATUSES) expect(isIndicatorId(`members_status_${status}`)).toBe(true);
    for (const sex of SEXES) expect(isIndicatorId(`members_sex_${sex}`)).toBe(true);
    for (const band of AGE_BANDS) expect(isIndicatorId(`members_age_${ageBandIdPart(band)}`)).toBe(true);
    for (const [prefix, dictionary] of [
      ["occupation", OCCUPATIONS],
      ["education", EDUCATION_LEVELS],
      ["ethnicity", ETHNICITIES],
    ] as const) {
      for (const entry of dictionary) {
        expect(findIndicator(`members_${prefix}_${entry.code}`)).toMatchObject({
          unit: "count",
          category: "members",
          drillDown: "members",
          enteredData: null,
        });
      }
    }
    expect(findIndicator("members_age_14_17")?.name.zh).toContain("14—17岁");
    expect(findIndicator("members_status_lapsed")?.direction).toBe("lower");
  });

  it("binds the ratios to the entered data their denominators need, with their sources", () => {
    expect(findIndicator("youth_league_ratio")).toMatchObject({
      name: { zh: "团青比" },
      enteredData: "youth_population",
      direction: "lower",
    });
    expect(findIndicator("youth_league_ratio")?.source).toContain("30%");
    for (const level of SCHOOL_LEVELS) {
      expect(findIndicator(`league_student_ratio_${level}`)).toMatchObject({
        unit: "percent",
        category: "students",
        enteredData: "school_enrollment",
      });
    }
    expect(findIndicator("league_student_ratio_graduating_junior_secondary")).toMatchObject({
      name: { zh: "毕业年级团学比（初中）" },
      unit: "percent",
      direction: "lower",
      enteredData: "school_enrollment",
    });
    expect(findIndicator("league_student_ratio_graduating_junior_secondary")?.source).toContain("≤ 30%");
    expect(findIndicator("league_student_ratio_graduating_senior_secondary")?.source).toContain("≤ 60%");
    expect(isIndicatorId("league_student_ratio_graduating_vocational")).toBe(false);
    for (const sector of COVERAGE_SECTORS) {
      expect(findIndicator(`coverage_rate_${sector}`)).toMatchObject({
        enteredData: "eligible_units",
        drillDown: "organizations",
      });
    }
    expect(findIndicator("coverage_rate_two_new")?.name.zh).toBe("两新组织建团率");
    expect(findIndicator("staffing_rate")).toMatchObject({ name: { zh: "配备率" }, category: "cadres" });
    expect(findIndicator("staffing_rate")?.source).toContain("≥ 90%");
    expect(findIndicator("entry_rate")?.enteredData).toBe("reported_member_count");
  });

  it.each(INDICATORS)(
    "$id has names, a numerator, a source, and a denominator exactly when a percent",
    (indicator) => {
      expect(indicator.name.zh).not.toBe("");
      expect(indicator.name.en).not.toBe("");
      expect(indicator.numerator.zh).not.toBe("");
      expect(indicator.source).not.toBe("");
      expect(indicator.denominator === null).toBe(indicator.unit === "count");
      expect(["higher", "lower"]).toContain(indicator.direction);
      expect(INDICATOR_CATEGORIES).toContain(indicator.category);
      expect(indicator.drillDown === null || INDICATOR_DRILL_DOWNS.includes(indicator.drillDown)).toBe(true);
      expect(indicator.enteredData === null || ENTERED_DATA_KINDS.includes(indicator.enteredData)).toBe(true);
      expect(indicator.id).toMatch(/^[a-z0-9_]+$/);
    },
  );

  it("describes 录入率 and 信息完整率 as two figures, from their sources", () => {
    expect(findIndicator("entry_rate")).toMatchObject({
      name: { zh: "录入率" },
      unit: "percent",
      direction: "higher",
    });
    expect(findIndicator("entry_rate")?.source).toContain("60.3% → 99.8%");
    expect(findIndicator("completeness_rate")).toMatchObject({ name: { zh: "信息完整率" }, unit: "percent" });
    expect(findIndicator("members_sector_secondary_school")?.name.zh).toBe("中学领域团员数");
  });
});

describe("isIndicatorId / findIndicator", () => {
  it.each([
    ["entry_rate", true],
    ["members_sector_rural", true],
    ["organizations_sector_flying_enclave", true],
    ["members_sector_mars", false],
    ["ENTRY_RATE", false],
    ["", false],
    ["toString", false],
  ])("%s → %s", (id, known) => {
    expect(isIndicatorId(id)).toBe(known);
    expect(findIndicator(id) !== undefined).toBe(known);
  });
});
