import { describe, expect, it } from "vitest";
import { divisionTierOf, isDivisionCode, parentDivisionCode } from "./division-code";

describe("division codes", () => {
  it.each([
    ["51", "province", null],
    ["5108", "city", "51"],
    ["510821", "county", "5108"],
    ["510821100", "township", "510821"],
    ["510821100201", "village", "510821100"],
  ] as const)("%s is a %s code under %s", (code, tier, parent) => {
    expect(isDivisionCode(code)).toBe(true);
    expect(divisionTierOf(code)).toBe(tier);
    expect(parentDivisionCode(code)).toBe(parent);
  });

  it.each([
    "",
    "5",
    "510",
    "51082",
    "5108211",
    "51082110",
    "5108211002",
    "51082110020",
    "5108211002011",
    "51082a",
  ])("%j is not a division code", (code) => {
    expect(isDivisionCode(code)).toBe(false);
    expect(divisionTierOf(code)).toBeNull();
    expect(parentDivisionCode(code)).toBeNull();
  });
});
