import { fireEvent, screen, waitFor } from "@testing-library/react";
import type { TransferAction } from "@tuanwu/domain";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../../../api/errors";
import { renderWithApp } from "../../../test/render";
import { latestTransferIdOf, TransferStepError } from "../api/transfer-queries";
import { batchBodyOf, batchProblemsOf } from "./ClassBatchModal";
import { TransferActions } from "./TransferActions";

type Transition = (action: TransferAction, payload: Record<string, unknown>) => Promise<unknown>;

function renderActions(availableActions: TransferAction[], onTransition: Transition = async () => ({})) {
  const transition = vi.fn(onTransition);
  const onReload = vi.fn();
  renderWithApp(
    <TransferActions availableActions={availableActions} onTransition={transition} onReload={onReload} />,
  );
  return { transition, onReload };
}

/** The step buttons shown, by action (data-testid transfer-action-<action>). */
function shownActions(): string[] {
  return [...document.querySelectorAll("[data-testid^='transfer-action-']")]
    .map((node) => node.getAttribute("data-testid") ?? "")
    .filter(
      (id) => !["transfer-action-submit", "transfer-action-form", "transfer-action-failures"].includes(id),
    )
    .map((id) => id.replace("transfer-action-", ""));
}

function refusal(
  status: number,
  failures: TransferStepError["failures"],
  warnings: TransferStepError["warnings"] = [],
) {
  const first = failures[0];
  return new TransferStepError(
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

describe("TransferActions: only the detail's availableActions", () => {
  it("shows a button for each available action and no other, approvals before return and withdraw", () => {
    renderActions(["return_transfer", "accept_receiving"]);
    expect(shownActions()).toEqual(["accept_receiving", "return_transfer"]);
    expect(screen.getByTestId("transfer-action-accept_receiving").textContent?.replace(/\s/g, "")).toBe(
      "转入组织接收",
    );
    expect(screen.queryByTestId("transfer-action-withdraw_by_sending")).toBeNull();
  });

  it("says there is nothing to do when no action is available", () => {
    renderActions([]);
    expect(shownActions()).toEqual([]);
    expect(screen.getByTestId("transfer-no-actions").textContent).toContain("没有您可以办理的操作");
  });

  it("approves with the remark typed, nothing else in the payload", async () => {
    const { transition } = renderActions(["approve_sending_committee"]);
    fireEvent.click(screen.getByTestId("transfer-action-approve_sending_committee"));
    fireEvent.change(await screen.findByTestId("transfer-note"), { target: { value: " 同意转出 " } });
    fireEvent.click(screen.getByTestId("transfer-action-submit"));
    await waitFor(() =>
      expect(transition).toHaveBeenCalledWith("approve_sending_committee", { note: "同意转出" }),
    );
  });

  it("asks for the reason before returning", async () => {
    const { transition } = renderActions(["return_transfer"]);
    fireEvent.click(screen.getByTestId("transfer-action-return_transfer"));
    fireEvent.click(await screen.findByTestId("transfer-action-submit"));
    await screen.findByText("请填写退回理由");
    expect(transition).not.toHaveBeenCalled();
    fireEvent.change(screen.getByTestId("transfer-reason"), { target: { value: "转入组织不对" } });
    fireEvent.click(screen.getByTestId("transfer-action-submit"));
    await waitFor(() =>
      expect(transition).toHaveBeenCalledWith("return_transfer", { reason: "转入组织不对" }),
    );
  });

  it("withdraws without a reason (optional)", async () => {
    const { transition } = renderActions(["withdraw_by_member"]);
    fireEvent.click(screen.getByTestId("transfer-action-withdraw_by_member"));
    fireEvent.click(await screen.findByTestId("transfer-action-submit"));
    await waitFor(() => expect(transition).toHaveBeenCalledWith("withdraw_by_member", {}));
  });
});

describe("TransferActions: the server's refusals", () => {
  it("on 409 says someone else already handled it and offers a reload", async () => {
    const { onReload } = renderActions(["approve_sending_branch"], async () => {
      throw refusal(409, [
        { code: "stale_version", field: "version", message: "版本：转接已被他人办理，请刷新" },
      ]);
    });
    fireEvent.click(screen.getByTestId("transfer-action-approve_sending_branch"));
    fireEvent.click(await screen.findByTestId("transfer-action-submit"));
    const alert = await screen.findByTestId("transfer-conflict");
    expect(alert.textContent).toContain("该转接已被他人办理");
    expect(screen.getByTestId("transfer-action-submit")).toHaveProperty("disabled", true);
    fireEvent.click(screen.getByTestId("transfer-conflict-reload"));
    expect(onReload).toHaveBeenCalledTimes(1);
  });

  it("shows a 422 failure naming a field beside it, the others above the form", async () => {
    renderActions(["accept_receiving"], async () => {
      throw refusal(422, [
        {
          code: "branch_required",
          field: "payload.assignedBranchId",
          message: "接收团支部：转入组织为团委，须指定团支部",
        },
        { code: "not_active", field: "member", message: "团员：状态不是在团" },
      ]);
    });
    fireEvent.click(screen.getByTestId("transfer-action-accept_receiving"));
    fireEvent.click(await screen.findByTestId("transfer-action-submit"));
    await waitFor(() =>
      expect(
        [...document.querySelectorAll(".ant-form-item-explain-error")].map((node) => node.textContent),
      ).toEqual(["接收团支部：转入组织为团委，须指定团支部"]),
    );
    expect(screen.getByTestId("transfer-action-failures").textContent).toContain("团员：状态不是在团");
  });

  it("asks to confirm warnings, then sends again with acknowledgedWarnings", async () => {
    const warning = { code: "season_deadline_passed", message: "已过毕业季审批截止日期（9月30日）" };
    let calls = 0;
    const { transition } = renderActions(["approve_receiving_committee"], async () => {
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
    fireEvent.click(screen.getByTestId("transfer-action-approve_receiving_committee"));
    fireEvent.click(await screen.findByTestId("transfer-action-submit"));
    expect((await screen.findByTestId("transfer-warnings")).textContent).toContain(warning.message);
    fireEvent.click(screen.getByTestId("transfer-warnings-acknowledge"));
    await waitFor(() => expect(transition).toHaveBeenCalledTimes(2));
    expect(transition.mock.calls[0]?.[1]).not.toHaveProperty("acknowledgedWarnings");
    expect(transition.mock.calls[1]?.[1]).toEqual({ acknowledgedWarnings: ["season_deadline_passed"] });
  });
});

describe("the class batch and the member's page, pure parts", () => {
  it("sends only the included rows, each with its destination's organization field", () => {
    const body = batchBodyOf("2026-07-01", [
      {
        memberId: 1,
        name: "甲",
        include: true,
        destination: "continuing_study",
        target: "schoolOrganizationId",
        organizationId: 9,
      },
      {
        memberId: 2,
        name: "乙",
        include: false,
        destination: "employed",
        target: "employerOrganizationId",
        organizationId: 8,
      },
      {
        memberId: 3,
        name: "丙",
        include: true,
        destination: "unplaced",
        target: "mobileBranchId",
        organizationId: 7,
      },
      { memberId: 4, name: "丁", include: true, destination: "employed", target: "townshipOrganizationId" },
    ]);
    expect(body).toEqual({
      startedOn: "2026-07-01",
      rows: [
        { memberId: 1, destination: "continuing_study", schoolOrganizationId: 9 },
        { memberId: 3, destination: "unplaced", mobileBranchId: 7 },
        { memberId: 4, destination: "employed" },
      ],
    });
  });

  it("lists every row a refused batch names", () => {
    const error = new ApiError(
      400,
      "batch_refused",
      "第1行（甲）：不是毕业生；第4行（丁）：就业：须指定用人单位团组织",
      "rows.0.memberId",
    );
    expect(batchProblemsOf(error, "出错了")).toEqual([
      "第1行（甲）：不是毕业生",
      "第4行（丁）：就业：须指定用人单位团组织",
    ]);
  });

  it("finds the member's latest transfer in their archive", () => {
    expect(
      latestTransferIdOf([
        { kind: "joined", detail: {} },
        { kind: "transfer_started", detail: { transferId: 3 } },
        { kind: "transfer_step", detail: { transferId: 3 } },
        { kind: "transfer_started", detail: { transferId: 11 } },
      ]),
    ).toBe(11);
    expect(latestTransferIdOf([{ kind: "joined", detail: null }])).toBeUndefined();
  });
});
