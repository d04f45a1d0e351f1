import { describe, expect, it } from "vitest";
import { SECTORS } from "../organization/sector";
import { findIndicator, INDICATOR_IDS, INDICATORS, isIndicatorId } from "./catalog";

describe("INDICATORS", () => {
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
    expect(INDICATORS).toHaveLength(4 + 2 * SECTORS.length);
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
