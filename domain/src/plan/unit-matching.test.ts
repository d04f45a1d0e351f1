import { describe, expect, it } from "vitest";
import { distinctPlanUnits, matchUnitOrganization, placeNameOf, unitNameCandidates } from "./unit-matching";

describe("placeNameOf", () => {
  it.each([
    [{ name: "共青团旺苍县委员会", shortName: "团旺苍县委" }, "旺苍县"],
    [{ name: "共青团晋城市委员会", shortName: null }, "晋城市"],
    [{ name: "共青团城区委员会", shortName: null }, "城区"],
    [{ name: "共青团东河镇委员会", shortName: "东河镇团委" }, null],
    [{ name: "共青团四川省委员会", shortName: "团省委" }, null],
    [{ name: "某某单位", shortName: "团测试县委" }, "测试县"],
  ])("%o → %s", (organization, place) => {
    expect(placeNameOf(organization)).toBe(place);
  });
});

describe("unitNameCandidates", () => {
  it.each([
    ["县教育团工委", "旺苍县", ["县教育团工委", "旺苍县教育团工委"]],
    ["团县委", "旺苍县", ["团县委", "团旺苍县委"]],
    ["旺苍县教育局", "旺苍县", ["旺苍县教育局"]],
    ["团市委", "晋城市", ["团市委", "团晋城市委"]],
    ["县教育局", null, ["县教育局"]],
    [" 县委组织部 ", "旺苍县", ["县委组织部", "旺苍县委组织部"]],
    ["各乡镇", "旺苍县", ["各乡镇"]],
    ["  ", "旺苍县", []],
  ])("%s with %s → %o", (unit, place, candidates) => {
    expect(unitNameCandidates(unit, place)).toEqual(candidates);
  });
});

describe("matchUnitOrganization", () => {
  const tree = [
    { id: 1, name: "共青团旺苍县委员会", shortName: "团旺苍县委" },
    { id: 2, name: "旺苍县教育团工委", shortName: null },
    { id: 3, name: "共青团东河镇委员会", shortName: "东河镇团委" },
    { id: 4, name: "城东社区团支部", shortName: null },
    { id: 5, name: "城东社区团支部", shortName: null },
  ];

  it.each([
    ["团县委", 1],
    ["县教育团工委", 2],
    ["旺苍县教育团工委", 2],
    ["东河镇团委", 3],
    ["县委组织部", null],
    ["县财政局", null],
    ["城东社区团支部", null],
    ["教育团工委", null],
  ])("%s → %s", (unit, id) => {
    expect(matchUnitOrganization(unit, tree, "旺苍县")).toBe(id);
  });

  it("matches only exact names without a place", () => {
    expect(matchUnitOrganization("团县委", tree, null)).toBeNull();
    expect(matchUnitOrganization("旺苍县教育团工委", tree, null)).toBe(2);
  });
});

describe("distinctPlanUnits", () => {
  it("lists each unit once, lead units first, in order of first mention", () => {
    expect(
      distinctPlanUnits([
        { leadUnit: "县委组织部", units: ["县委组织部", "团县委"] },
        { leadUnit: null, units: ["团县委", " 县教育局 ", ""] },
        { leadUnit: "县财政局", units: [] },
      ]),
    ).toEqual(["县委组织部", "团县委", "县教育局", "县财政局"]);
  });
});
