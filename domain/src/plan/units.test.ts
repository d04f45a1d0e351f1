import { describe, expect, it } from "vitest";
import { findPlanFields, splitUnits } from "./units";

describe("splitUnits", () => {
  it.each([
    ["县委组织部、县委编办、县财政局", ["县委组织部", "县委编办", "县财政局"]],
    ["团县委，县民政局,县财政局  各乡镇。", ["团县委", "县民政局", "县财政局", "各乡镇"]],
    ["设团委（团支部）的机关企事业单位、各乡镇", ["设团委（团支部）的机关企事业单位", "各乡镇"]],
    ["团县委、团县委", ["团县委"]],
    ["", []],
  ])("%s", (value, units) => {
    expect(splitUnits(value)).toEqual(units);
  });
});

describe("findPlanFields", () => {
  it.each([
    ["责任单位:县委组织部、团县委", [["units", "县委组织部、团县委"]], ""],
    ["完成时限： 2023年2月底前", [["deadline", "2023年2月底前"]], ""],
    [
      "牵头单位：团县委；配合单位：县民政局 时间节点：2023年6月",
      [
        ["leadUnits", "团县委"],
        ["supportUnits", "县民政局"],
        ["deadline", "2023年6月"],
      ],
      "",
    ],
    ["开展培训。（牵头单位:县委组织部）", [["leadUnits", "县委组织部"]], "开展培训。"],
    ["没有字段的一行。", [], "没有字段的一行。"],
  ])("%s", (line, fields, before) => {
    const found = findPlanFields(line);
    expect(found.fields.map((field) => [field.kind, field.value])).toEqual(fields);
    expect(found.before).toBe(before);
  });
});
