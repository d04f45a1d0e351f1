import { describe, expect, it } from "vitest";
import { personNameInitials, pinyinInitials } from "./pinyin";

describe("pinyinInitials", () => {
  it.each([
    ["张三丰", "zsf"],
    ["东河镇", "dhz"],
    ["旺苍县", "wcx"],
    ["长滩村团支部", "ctctzb"],
    ["高一（1）班团支部", "gy1btzb"],
    ["ABC 科技有限公司", "abckjyxgs"],
    ["吕女", "ln"],
    ["", ""],
  ])("%s → %s", (text, expected) => {
    expect(pinyinInitials(text)).toBe(expected);
  });
});

describe("personNameInitials", () => {
  it.each([
    ["张三丰", "zsf"],
    ["曾小明", "zxm"],
    ["单田芳", "stf"],
    ["仇大山", "qds"],
    ["解放", "xf"],
    ["万俟卨", "mqx"],
    ["司徒治文", "stzw"],
  ])("%s → %s", (name, expected) => {
    expect(personNameInitials(name)).toBe(expected);
  });

  it("reads the surname as a surname, unlike plain text", () => {
    expect(pinyinInitials("曾小明")).toBe("cxm");
    expect(personNameInitials("曾小明")).toBe("zxm");
  });
});
