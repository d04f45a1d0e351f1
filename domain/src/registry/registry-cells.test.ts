import { describe, expect, it } from "vitest";
import { cellText, normalizeForMatching, readCell } from "./registry-cells";

describe("readCell", () => {
  const date = new Date(Date.UTC(2015, 4, 1));
  it.each([
    [null, null],
    [undefined, null],
    ["", null],
    ["   ", null],
    [" 张三 ", " 张三 "],
    [42125, 42125],
    [true, true],
    [date, date],
    [{ richText: [{ text: "张" }, { text: "三" }] }, "张三"],
    [{ text: "a@example.com", hyperlink: "mailto:a@example.com" }, "a@example.com"],
    [{ formula: "A1&B1", result: "张三" }, "张三"],
    [{ sharedFormula: "A1", result: 5 }, 5],
    [{ formula: "A1", result: { richText: [{ text: "x" }] } }, "x"],
  ])("%j → %j", (cell, value) => {
    expect(readCell(cell)).toEqual({ ok: true, value });
  });

  it.each([
    [{ formula: "A1+B1" }, "单元格是公式且没有计算结果，请复制后“粘贴为数值”"],
    [{ error: "#N/A" }, "单元格为错误值#N/A"],
    [Number.NaN, "单元格不是有效的数字"],
    [{ something: 1 }, "无法识别的单元格内容"],
    [Symbol("x"), "无法识别的单元格内容"],
  ])("%s is refused", (cell, message) => {
    expect(readCell(cell)).toEqual({ ok: false, message });
  });
});

describe("cellText", () => {
  it.each([
    [" 姓名 ", " 姓名 "],
    [12, "12"],
    [new Date(Date.UTC(2015, 4, 1)), "2015-05-01"],
    [{ richText: [{ text: "身份证号" }] }, "身份证号"],
    [null, ""],
    [{ error: "#REF!" }, ""],
  ])("%j → %j", (cell, text) => {
    expect(cellText(cell)).toBe(text);
  });
});

describe("normalizeForMatching", () => {
  it.each([
    ["是否同级党委（支部）成员", "是否同级党委(支部)成员"],
    [" 身份证 号\n码 ", "身份证号码"],
    ["ＱＱ", "qq"],
    ["E-mail", "e-mail"],
    ["２０１５年５月", "2015年5月"],
  ])("%j → %j", (text, normalized) => {
    expect(normalizeForMatching(text)).toBe(normalized);
  });
});
