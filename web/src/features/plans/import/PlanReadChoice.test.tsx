import { fireEvent, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithApp } from "../../../test/render";
import type { PlanPreview } from "../shared/plan-types";
import { PlanReadChoice, rememberColumns, rememberedColumns } from "./PlanReadChoice";

function preview(overrides: Partial<PlanPreview> = {}): PlanPreview {
  return {
    title: "某县团委2024年工作安排",
    phases: [],
    tasks: [],
    unplaced: ["一、加强思想引领"],
    targets: [{ date: "2022-12-31", value: 30, unit: "%", text: "到2022年…控制在30%以内" }],
    excluded: [{ kind: "cover", text: "关于印发…的通知" }],
    fileName: "plan.txt",
    message: "未识别出任何编号任务",
    review: { unsure: true, reasons: ["未识别出任何任务 / no tasks found"] },
    markers: [{ kind: "chinese-parenthesized", label: "（一）", count: 3 }],
    table: null,
    ...overrides,
  };
}

afterEach(() => localStorage.clear());

describe("PlanReadChoice (the honest part of the plan preview)", () => {
  it("says plainly why it is unsure, shows plan targets and what was left out, and offers the marker", async () => {
    const onReread = vi.fn();
    renderWithApp(<PlanReadChoice organizationId={7} preview={preview()} busy={false} onReread={onReread} />);
    expect(screen.getByTestId("plan-preview-review").textContent).toContain("未识别出任何任务");
    expect(screen.getByTestId("plan-preview-plan-targets").textContent).toContain("2022-12-31：30%");
    expect(screen.getByTestId("plan-preview-excluded").textContent).toContain("印发通知");
    expect(screen.getByTestId("plan-marker-choice")).toBeTruthy();
  });

  it("offers the columns of a task table and remembers the mapping for the organization", async () => {
    const onReread = vi.fn();
    const table = {
      index: 0,
      name: "任务清单",
      headerRow: 0,
      headers: ["编", "事情", "谁来做", "何时"],
      mapping: null,
    };
    // Mapped once before for this organization: the same headers come back mapped.
    rememberColumns(7, table.headers, { title: 1, units: 2, deadline: 3 });
    renderWithApp(
      <PlanReadChoice
        organizationId={7}
        preview={preview({ table, markers: [] })}
        busy={false}
        onReread={onReread}
      />,
    );
    expect(screen.queryByTestId("plan-marker-choice")).toBeNull();
    fireEvent.click(screen.getByTestId("plan-columns-reread"));
    expect(onReread).toHaveBeenCalledWith({
      columns: { title: 1, units: 2, deadline: 3 },
      headerRow: 0,
      table: 0,
    });
    expect(rememberedColumns(7, ["何时", "事情"])).toBeNull();
    expect(rememberedColumns(7, ["序", "事情", "谁来做", "何时"])).toEqual({
      title: 1,
      units: 2,
      deadline: 3,
    });
    expect(rememberedColumns(8, table.headers)).toBeNull();
  });
});
