import { describe, expect, it } from "vitest";
import { isTaskAssignedTo, namesEveryTownship } from "./task-assignment";

describe("namesEveryTownship", () => {
  it.each([
    ["各乡镇", true],
    ["各乡镇（街道）", true],
    ["各乡镇团委", true],
    ["各乡（镇）", true],
    [" 各乡镇 ", true],
    ["东河镇", false],
    ["团县委", false],
    ["各县直部门", false],
    ["县委组织部、各乡镇", false],
  ])("%s → %s", (unit, expected) => {
    expect(namesEveryTownship(unit)).toBe(expected);
  });
});

describe("isTaskAssignedTo", () => {
  const township = { id: 7, kind: "committee", level: "township" };
  const mapped = new Map<string, number | null>([
    ["县教育团工委", 9],
    ["东河镇团委", 7],
    ["县委组织部", null],
  ]);

  it.each([
    ["a unit mapped to it", { units: ["县委组织部", "东河镇团委"], leadUnit: null }, township, true],
    ["its lead unit mapped to it", { units: [], leadUnit: "东河镇团委" }, township, true],
    [
      "every township, to a township committee",
      { units: ["团县委", "各乡镇"], leadUnit: null },
      township,
      true,
    ],
    [
      "every township, not to a working committee",
      { units: ["各乡镇"], leadUnit: null },
      { id: 9, kind: "working_committee", level: "county" },
      false,
    ],
    [
      "every township, not to a branch at township level",
      { units: ["各乡镇"], leadUnit: null },
      { id: 11, kind: "branch", level: "township" },
      false,
    ],
    ["a unit mapped to another organization", { units: ["县教育团工委"], leadUnit: null }, township, false],
    ["a free-text unit", { units: ["县委组织部"], leadUnit: null }, township, false],
    ["no unit", { units: [], leadUnit: null }, township, false],
  ])("%s → %s", (_case, task, organization, expected) => {
    expect(isTaskAssignedTo(task, organization, mapped)).toBe(expected);
  });
});
