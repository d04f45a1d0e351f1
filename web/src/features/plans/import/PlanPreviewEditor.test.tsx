import { fireEvent, screen, within } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { renderWithApp } from "../../../test/render";
import type { ParsedPlanTask } from "../shared/plan-types";
import { PlanPreviewEditor } from "./PlanPreviewEditor";
import { type DraftFieldError, importBodyOf, type PlanImportDraft } from "./plan-import-draft";

function task(number: number, overrides: Partial<ParsedPlanTask> = {}): ParsedPlanTask {
  return {
    number,
    title: `任务${number}`,
    text: `（${number}）任务${number}的原文。`,
    units: ["团县委", "县教育局"],
    leadUnit: "团县委",
    deadline: "2026-06-30",
    deadlineText: "2026年6月底前",
    deadlineFlagged: false,
    deadlineRecurring: null,
    path: ["一、深化改革"],
    targets: [],
    ...overrides,
  };
}

const draft: PlanImportDraft = {
  title: "共青团县域改革实施方案",
  phases: [{ name: "动员部署", start: "2026-01-01", end: "2026-02-28" }],
  tasks: [
    task(1),
    task(2, { deadline: null, deadlineText: "适时", deadlineFlagged: true }),
    task(3, { targets: [{ date: "2026-12-31", value: 95, unit: "%", text: "达到95%" }] }),
  ],
  unplaced: ["附件：联系人名单", "抄送：县委办"],
  sourceFileName: "方案.docx",
};

/** The editor with its draft in state, as the import page holds it; `onDraft` sees every change. */
function Harness({
  onDraft,
  errorField,
}: {
  onDraft?: (draft: PlanImportDraft) => void;
  errorField?: DraftFieldError;
}) {
  const [current, setCurrent] = useState(draft);
  return (
    <PlanPreviewEditor
      draft={current}
      message={null}
      errorField={errorField}
      onChange={(next) => {
        setCurrent(next);
        onDraft?.(next);
      }}
    />
  );
}

describe("PlanPreviewEditor (step 2 of the plan import)", () => {
  it("summarises what was recognised: tasks, phases, unreadable deadlines, unplaced passages", () => {
    renderWithApp(<Harness />);
    expect(screen.getByTestId("plan-preview-summary").textContent).toBe(
      "识别出 3 项任务、1 个阶段；1 项时限无法识别，2 段文字未归类",
    );
    expect(screen.getByTestId("plan-preview-phases").textContent).toContain(
      "动员部署：2026-01-01 — 2026-02-28",
    );
    expect(screen.getByText("未归类的文字（2 段）")).toBeTruthy();
    expect(screen.queryByTestId("plan-preview-message")).toBeNull();
  });

  it("shows each task's title, units with the lead marked, flagged deadline and targets", () => {
    renderWithApp(<Harness />);
    const titles = screen.getAllByTestId("plan-preview-task-title") as HTMLTextAreaElement[];
    expect(titles.map((input) => input.value)).toEqual(["任务1", "任务2", "任务3"]);
    const firstUnits = screen.getAllByTestId("plan-preview-task-units")[0]!;
    expect(firstUnits.textContent).toContain("团县委（牵头）");
    expect(firstUnits.textContent).toContain("县教育局");
    expect(firstUnits.textContent).not.toContain("县教育局（牵头）");
    expect(screen.getAllByTestId("plan-deadline-flagged")).toHaveLength(1);
    expect(screen.getByText("2026-12-31：95%")).toBeTruthy();
  });

  it("corrects a task's title in place, leaving the other tasks as they were", () => {
    const onDraft = vi.fn<(draft: PlanImportDraft) => void>();
    renderWithApp(<Harness onDraft={onDraft} />);
    const second = screen.getAllByTestId("plan-preview-task-title")[1]!;
    fireEvent.change(second, { target: { value: " 推进团建 " } });
    const last = onDraft.mock.lastCall?.[0];
    expect(last?.tasks.map((each) => each.title)).toEqual(["任务1", " 推进团建 ", "任务3"]);
    expect((second as HTMLTextAreaElement).value).toBe(" 推进团建 ");
    // What is sent is trimmed; the lead unit is the first unit.
    expect(importBodyOf(last!).tasks[1]).toMatchObject({ title: "推进团建", leadUnit: "团县委" });
  });

  it("removing the lead unit makes the next unit lead", () => {
    const onDraft = vi.fn<(draft: PlanImportDraft) => void>();
    renderWithApp(<Harness onDraft={onDraft} />);
    const firstUnits = screen.getAllByTestId("plan-preview-task-units")[0]!;
    const leadTag = within(firstUnits)
      .getByText(/团县委（牵头）/)
      .closest(".ant-tag")!;
    fireEvent.click(leadTag.querySelector(".ant-tag-close-icon")!);
    expect(onDraft.mock.lastCall?.[0].tasks[0]).toMatchObject({ units: ["县教育局"], leadUnit: "县教育局" });
    expect(firstUnits.textContent).toContain("县教育局（牵头）");
  });

  it("marks the field the server named (task 3's title) and no other", () => {
    renderWithApp(<Harness errorField={{ taskIndex: 2, name: "title" }} />);
    const titles = screen.getAllByTestId("plan-preview-task-title");
    expect(titles.map((input) => input.className.includes("ant-input-status-error"))).toEqual([
      false,
      false,
      true,
    ]);
    expect(screen.getByTestId("plan-preview-title").className).not.toContain("ant-input-status-error");
  });

  it("shows why the plan cannot be imported as it is", () => {
    renderWithApp(
      <PlanPreviewEditor
        draft={{ ...draft, tasks: [] }}
        message="未识别出任务"
        errorField={undefined}
        onChange={() => {}}
      />,
    );
    expect(screen.getByTestId("plan-preview-message").textContent).toContain("未识别出任务");
    expect(screen.getByTestId("plan-preview-summary").textContent).toBe(
      "识别出 0 项任务、1 个阶段；0 项时限无法识别，2 段文字未归类",
    );
  });
});
