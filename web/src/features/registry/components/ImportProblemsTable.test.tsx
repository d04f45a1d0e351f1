import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ImportProblem } from "../../../api/types";
import { renderWithApp } from "../../../test/render";
import { ImportProblemsTable } from "./ImportProblemsTable";

const problems: ImportProblem[] = [
  { row: 3, column: "公民身份号码", value: "41010219990101123X", message: "身份证号码校验码不正确" },
  { row: 3, column: "出生日期", value: null, message: "必填" },
  { row: 7, column: "入团年月", value: "2031-05", message: "不能晚于今天" },
];

/** The body rows of the problems table, each as its cells' text. */
function tableRows(): string[][] {
  const table = screen.getByRole("table");
  return within(table)
    .getAllByRole("row")
    .slice(1)
    .map((row) =>
      within(row)
        .getAllByRole("cell")
        .map((cell) => cell.textContent ?? ""),
    );
}

describe("ImportProblemsTable (the import wizard's step 2)", () => {
  it("with no problems says so with the number of rows read, and shows no table", () => {
    renderWithApp(<ImportProblemsTable result={{ rows: 120, imported: 0, problems: [] }} />);
    expect(screen.getByText("未发现问题：共 120 行")).toBeTruthy();
    expect(screen.queryByRole("table")).toBeNull();
  });

  it("counts the problems and the distinct rows they are on", () => {
    renderWithApp(<ImportProblemsTable result={{ rows: 40, imported: 0, problems }} />);
    expect(screen.getByText("发现 3 个问题，涉及 2 行（共 40 行）")).toBeTruthy();
    expect(screen.getByText("请在 Excel 中修改后重新上传")).toBeTruthy();
    expect(screen.getByText("共 3 条")).toBeTruthy();
  });

  it("lists each problem by row, column, value (— when empty) and message", () => {
    renderWithApp(<ImportProblemsTable result={{ rows: 40, imported: 0, problems }} />);
    const headers = within(screen.getByRole("table"))
      .getAllByRole("columnheader")
      .map((header) => header.textContent);
    expect(headers).toEqual(["行号", "列", "内容", "问题"]);
    expect(tableRows()).toEqual([
      ["3", "公民身份号码", "41010219990101123X", "身份证号码校验码不正确"],
      ["3", "出生日期", "—", "必填"],
      ["7", "入团年月", "2031-05", "不能晚于今天"],
    ]);
  });
});
