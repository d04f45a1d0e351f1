import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { areaOfPath, sharedHeadingDepth } from "./plan-areas";
import { parsePlan } from "./plan-parser";

describe("sharedHeadingDepth", () => {
  it.each([
    ["no tasks", [], 0],
    ["no headings", [[], []], 0],
    [
      "a shared chapter",
      [
        ["改革举措", "甲", "1"],
        ["改革举措", "乙", "2"],
      ],
      1,
    ],
    ["nothing shared", [["甲"], ["乙"]], 0],
    [
      "one area only: keeps it and its sub-areas",
      [
        ["组织建设", "甲"],
        ["组织建设", "乙"],
      ],
      0,
    ],
    ["one task", [["改革举措", "甲", "1"]], 1],
    ["a task without headings is ignored", [["改革举措", "甲", "1"], [], ["改革举措", "乙", "2"]], 1],
  ] as const)("%s → %s", (_name, paths, expected) => {
    expect(sharedHeadingDepth(paths)).toBe(expected);
  });
});

describe("areaOfPath", () => {
  it("takes the area and sub-area after the shared headings", () => {
    expect(areaOfPath(["改革举措", "甲", "1"], 1)).toEqual({ area: "甲", subArea: "1" });
    expect(areaOfPath(["甲"], 0)).toEqual({ area: "甲", subArea: null });
    expect(areaOfPath([], 0)).toEqual({ area: null, subArea: null });
  });

  it("gives the Wangcang plan its four areas and ten sub-areas", () => {
    const plan = parsePlan(
      readFileSync(new URL("./fixtures/wangcang-reform-plan.txt", import.meta.url), "utf8"),
    );
    const depth = sharedHeadingDepth(plan.tasks.map((task) => task.path));
    const areas = plan.tasks.map((task) => areaOfPath(task.path, depth));
    expect(new Set(areas.map((area) => area.area)).size).toBe(4);
    expect(new Set(areas.map((area) => `${area.area}/${area.subArea}`)).size).toBe(10);
  });
});
