import { fireEvent, screen, waitFor } from "@testing-library/react";
import type { DevelopmentAction } from "@tuanwu/domain";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../../../api/errors";
import { renderWithApp } from "../../../test/render";
import { TransitionError } from "../api/development-queries";
import { ApplicationActions } from "./ApplicationActions";

type Transition = (action: DevelopmentAction, payload: Record<string, unknown>) => Promise<unknown>;

function renderActions(availableActions: DevelopmentAction[], onTransition: Transition = async () => ({})) {
  const transition = vi.fn(onTransition);
  const onReload = vi.fn();
  renderWithApp(
    <ApplicationActions
      availableActions={availableActions}
      returnTargets={["applied", "talked"]}
      memberScopeId={5}
      onTransition={transition}
      onReload={onReload}
    />,
  );
  return { transition, onReload };
}

/** The step buttons shown, by action (data-testid action-<action>). */
function shownActions(): string[] {
  return [...document.querySelectorAll("[data-testid^='action-']")]
    .map((node) => node.getAttribute("data-testid") ?? "")
    .filter((id) => id !== "action-submit" && id !== "action-form" && id !== "action-failures")
    .map((id) => id.replace("action-", ""));
}

function refusal(
  status: number,
  failures: TransitionError["failures"],
  warnings: TransitionError["warnings"] = [],
) {
  const first = failures[0];
  return new TransitionError(
    new ApiError(
      status,
      first?.code ?? "refused",
      failures.map((failure) => failure.message).join("；"),
      first?.field,
    ),
    failures,
    warnings,
  );
}

describe("ApplicationActions: only the steps the server says this user may take", () => {
  it("shows a button for each available action and no other", () => {
    renderActions(["record_talk", "defer", "reject"]);
    expect(shownActions()).toEqual(["record_talk", "defer", "reject"]);
    expect(screen.getByTestId("action-record_talk").textContent?.replace(/\s/g, "")).toBe("记录谈话");
    expect(screen.queryByTestId("action-approve_admission")).toBeNull();
  });

  it("says there is nothing to do when no action is available", () => {
    renderActions([]);
    expect(shownActions()).toEqual([]);
    expect(screen.getByTestId("no-actions").textContent).toContain("没有您可以办理的操作");
  });

  it("sends the step's form (its date defaults to today) with the action", async () => {
    const { transition } = renderActions(["precheck_development_target"]);
    fireEvent.click(screen.getByTestId("action-precheck_development_target"));
    fireEvent.click(await screen.findByTestId("action-submit"));
    await waitFor(() => expect(transition).toHaveBeenCalledTimes(1));
    const [action, payload] = transition.mock.calls[0] ?? [];
    expect(action).toBe("precheck_development_target");
    expect(payload).toEqual({ precheckedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  });
});

describe("ApplicationActions: the server's refusals", () => {
  it("asks to confirm warnings (团学比 cap), then sends again with acknowledgedWarnings", async () => {
    const warning = {
      code: "student_ratio_above_cap",
      message: "旺苍中学毕业年级团学比将达31%，超过30%的上限",
    };
    let calls = 0;
    const { transition } = renderActions(["approve_admission"], async () => {
      calls += 1;
      if (calls === 1) {
        throw refusal(
          422,
          [
            {
              code: "warnings_not_acknowledged",
              field: "acknowledgedWarnings",
              message: `确认：${warning.message}`,
            },
          ],
          [warning],
        );
      }
      return {};
    });
    fireEvent.click(screen.getByTestId("action-approve_admission"));
    fireEvent.click(await screen.findByTestId("action-submit"));
    const confirm = await screen.findByTestId("warnings-confirm");
    expect(confirm.textContent).toContain(warning.message);
    fireEvent.click(screen.getByTestId("warnings-acknowledge"));
    await waitFor(() => expect(transition).toHaveBeenCalledTimes(2));
    expect(transition.mock.calls[1]?.[1]).toMatchObject({
      acknowledgedWarnings: ["student_ratio_above_cap"],
    });
    expect(transition.mock.calls[0]?.[1]).not.toHaveProperty("acknowledgedWarnings");
  });

  it("on 409 says someone else already handled it and offers a reload", async () => {
    const { onReload } = renderActions(["approve_admission"], async () => {
      throw refusal(409, [
        { code: "stale_version", field: "version", message: "版本：申请已被他人办理，请刷新" },
      ]);
    });
    fireEvent.click(screen.getByTestId("action-approve_admission"));
    fireEvent.click(await screen.findByTestId("action-submit"));
    const alert = await screen.findByTestId("conflict-alert");
    expect(alert.textContent).toContain("已有他人先办理了此申请");
    fireEvent.click(screen.getByTestId("conflict-reload"));
    expect(onReload).toHaveBeenCalledTimes(1);
  });

  it("shows a failure naming a field beside that field, the others above the form", async () => {
    renderActions(["record_talk"], async () => {
      throw refusal(422, [
        { code: "date_out_of_order", field: "talkDate", message: "谈话日期：不能早于申请日期（2026-03-01）" },
        {
          code: "prerequisite_missing",
          field: "league_class_hours",
          message: "团课：已有6学时，至少需要8学时",
        },
      ]);
    });
    fireEvent.click(screen.getByTestId("action-record_talk"));
    fireEvent.click(await screen.findByTestId("action-submit"));
    await waitFor(() =>
      expect(
        [...document.querySelectorAll(".ant-form-item-explain-error")].map((node) => node.textContent),
      ).toEqual(["谈话日期：不能早于申请日期（2026-03-01）"]),
    );
    expect(screen.getByTestId("action-failures").textContent).toContain("团课：已有6学时，至少需要8学时");
  });

  it("asks for a reason before returning, deferring or rejecting", async () => {
    const { transition } = renderActions(["reject"]);
    fireEvent.click(screen.getByTestId("action-reject"));
    fireEvent.click(await screen.findByTestId("action-submit"));
    await screen.findByText("必填");
    expect(transition).not.toHaveBeenCalled();
    fireEvent.change(screen.getByTestId("field-reason"), { target: { value: "本人不符合条件" } });
    fireEvent.click(screen.getByTestId("action-submit"));
    await waitFor(() => expect(transition).toHaveBeenCalledWith("reject", { reason: "本人不符合条件" }));
  });

  it("sends the vote's counts as numbers", async () => {
    const { transition } = renderActions(["record_branch_vote"]);
    fireEvent.click(screen.getByTestId("action-record_branch_vote"));
    await screen.findByTestId("action-submit");
    for (const [id, value] of [
      ["votingMembers", "20"],
      ["present", "16"],
      ["yes", "15"],
    ] as const) {
      const input = document.querySelector(`input#${id}`);
      if (!input) throw new Error(`no input ${id}`);
      fireEvent.change(input, { target: { value } });
      fireEvent.blur(input);
    }
    fireEvent.click(screen.getByTestId("action-submit"));
    await waitFor(() => expect(transition).toHaveBeenCalledTimes(1));
    expect(transition.mock.calls[0]?.[1]).toMatchObject({ votingMembers: 20, present: 16, yes: 15 });
  });
});
