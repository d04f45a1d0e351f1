import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithApp } from "../../../test/render";
import { BranchNameMappingPanel } from "./BranchNameMappingPanel";

const organization = { id: 2, name: "共青团东河镇委员会" };

describe("BranchNameMappingPanel (names to map in the member import)", () => {
  it("lists each unmatched name once with its row count, the close candidate chosen already", () => {
    renderWithApp(
      <BranchNameMappingPanel
        organization={organization}
        unmatched={[
          {
            name: "东河镇东二村村民委员会团支部",
            rows: 37,
            firstRow: 2,
            candidates: [{ id: 5, name: "东二村团支部", code: "T-5", score: 0.769 }],
          },
          { name: "某某公司团支部", rows: 4, firstRow: 9, candidates: [] },
        ]}
        onSaved={() => undefined}
      />,
    );
    expect(screen.getByText("团支部名称对照：2 个名称在本组织下找不到")).toBeTruthy();
    const rows = within(screen.getByRole("table")).getAllByRole("row").slice(1);
    expect(rows.map((row) => within(row).getAllByRole("cell")[1]?.textContent)).toEqual(["37", "4"]);
    expect(within(rows[0] as HTMLElement).getByText("东二村团支部（T-5，77%）")).toBeTruthy();
    expect(screen.getByTestId("mapping-save").hasAttribute("disabled")).toBe(false);
  });

  it("offers nothing to save while no name is mapped", () => {
    renderWithApp(
      <BranchNameMappingPanel
        organization={organization}
        unmatched={[
          {
            name: "某某公司团支部",
            rows: 4,
            firstRow: 9,
            candidates: [{ id: 6, name: "某某村团支部", code: "T-6", score: 0.4 }],
          },
        ]}
        onSaved={() => undefined}
      />,
    );
    expect(screen.getByTestId("mapping-save").hasAttribute("disabled")).toBe(true);
  });
});
