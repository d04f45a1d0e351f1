import { describe, expect, it } from "vitest";
import {
  neutralizeSpreadsheetRow,
  neutralizeSpreadsheetValue,
  restoreSpreadsheetText,
} from "./spreadsheet-formula";

describe("neutralizeSpreadsheetValue (OWASP CSV injection)", () => {
  it.each([
    ['=HYPERLINK("http://x","点我")', '\'=HYPERLINK("http://x","点我")'],
    ["+1+1", "'+1+1"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
    ["张三", "张三"],
    ["a=b", "a=b"],
    ["'quoted", "'quoted"],
    ["", ""],
  ])("%j → %j, and back", (input, expected) => {
    expect(neutralizeSpreadsheetValue(input)).toBe(expected);
    expect(restoreSpreadsheetText(expected)).toBe(input);
  });

  it("leaves numbers, dates and null as they are", () => {
    const date = new Date("2026-01-01");
    expect(neutralizeSpreadsheetRow([-5, 0, date, null, "=1"])).toEqual([-5, 0, date, null, "'=1"]);
  });
});
