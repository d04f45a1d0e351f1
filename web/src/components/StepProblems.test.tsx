import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/errors";
import { renderWithApp } from "../test/render";
import { type StepProblem, StepProblemAlerts, stepProblemOf } from "./StepProblems";

const TEXTS = {
  conflictTitle: "已被他人办理",
  reload: "刷新",
  refused: "不能办理：",
  warningsTitle: "请确认以下提示",
  warningsHint: "确认后将继续办理",
  acknowledge: "确认并办理",
  cancel: "取消",
};
const IDS = {
  conflict: "c",
  reload: "c-reload",
  failures: "f",
  warnings: "w",
  acknowledge: "w-ack",
};

/** A refusal as the features' error classes carry it (an ApiError with failures and warnings). */
function refusal(
  failures: { code: string; field: string; message: string }[],
  warnings: { code: string; message: string }[] = [],
) {
  return Object.assign(new ApiError(422, "refused", "refused"), { failures, warnings });
}

function renderAlerts(problem: StepProblem | undefined) {
  const handlers = { onReload: vi.fn(), onAcknowledge: vi.fn(), onCancelWarnings: vi.fn() };
  renderWithApp(
    <StepProblemAlerts problem={problem} pending={false} texts={TEXTS} testIds={IDS} {...handlers} />,
  );
  return handlers;
}

describe("stepProblemOf: a step's refusal sorted", () => {
  it("a 409 is a conflict", () => {
    const { problem, fieldErrors } = stepProblemOf(new ApiError(409, "stale", "已被办理"), {}, ["note"], "x");
    expect(problem).toEqual({ kind: "conflict", message: "已被办理" });
    expect(fieldErrors).toEqual([]);
  });

  it("a 422 whose only failure is warnings_not_acknowledged asks to confirm, keeping the payload", () => {
    const error = refusal(
      [{ code: "warnings_not_acknowledged", field: "payload.acknowledgedWarnings", message: "请确认" }],
      [{ code: "season_approval_late", message: "已超期" }],
    );
    const { problem } = stepProblemOf(error, { note: "好" }, ["note"], "x");
    expect(problem).toEqual({
      kind: "warnings",
      warnings: [{ code: "season_approval_late", message: "已超期" }],
      payload: { note: "好" },
    });
  });

  it("failures naming a field go beside it, the others above; every field's errors are reset", () => {
    const error = refusal([
      { code: "required", field: "payload.reason", message: "退回理由：必填" },
      { code: "member_not_active", field: "member", message: "团员：状态不是在团" },
    ]);
    const { problem, fieldErrors } = stepProblemOf(error, {}, ["reason", "note"], "x");
    expect(problem).toEqual({ kind: "failures", messages: ["团员：状态不是在团"] });
    expect(fieldErrors).toEqual([
      { name: "reason", errors: ["退回理由：必填"] },
      { name: "note", errors: [] },
    ]);
  });

  it("a 400 naming a field goes beside it; an error saying nothing shows the fallback", () => {
    const named = stepProblemOf(
      new ApiError(400, "invalid", "说明：太长", "payload.note"),
      {},
      ["note"],
      "x",
    );
    expect(named.problem).toEqual({ kind: "failures", messages: [] });
    expect(named.fieldErrors).toEqual([{ name: "note", errors: ["说明：太长"] }]);
    expect(stepProblemOf(new Error("network"), {}, ["note"], "出错了").problem).toEqual({
      kind: "failures",
      messages: ["出错了"],
    });
  });
});

describe("StepProblemAlerts", () => {
  it("renders nothing without a problem, or with failures all shown beside fields", () => {
    renderAlerts(undefined);
    renderAlerts({ kind: "failures", messages: [] });
    expect(screen.queryByTestId("c")).toBeNull();
    expect(screen.queryByTestId("f")).toBeNull();
    expect(screen.queryByTestId("w")).toBeNull();
  });

  it("a conflict offers a reload", () => {
    const handlers = renderAlerts({ kind: "conflict", message: "版本已变化" });
    expect(screen.getByTestId("c").textContent).toContain("版本已变化");
    fireEvent.click(screen.getByTestId("c-reload"));
    expect(handlers.onReload).toHaveBeenCalledTimes(1);
  });

  it("lists the failures", () => {
    renderAlerts({ kind: "failures", messages: ["团课：学时不足", "团员：状态不是在团"] });
    const alert = screen.getByTestId("f");
    expect(alert.textContent).toContain("团课：学时不足");
    expect(alert.textContent).toContain("团员：状态不是在团");
  });

  it("asks to confirm the warnings, or to go back", () => {
    const handlers = renderAlerts({
      kind: "warnings",
      warnings: [{ code: "late_talk", message: "谈话晚于规定" }],
      payload: {},
    });
    expect(screen.getByTestId("w").textContent).toContain("谈话晚于规定");
    expect(screen.getByTestId("w").textContent).toContain("确认后将继续办理");
    fireEvent.click(screen.getByTestId("w-ack"));
    expect(handlers.onAcknowledge).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByText("取 消"));
    expect(handlers.onCancelWarnings).toHaveBeenCalledTimes(1);
  });
});
