import { screen } from "@testing-library/react";
import { ROLE_PERMISSIONS } from "@tuanwu/domain";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestQueryClient, meWith, renderWithApp } from "../../../test/render";
import { ownArchiveQuery, ownRecordQuery, type TransferDetail, transferQuery } from "../api/transfer-queries";
import { MyTransferPage } from "./MyTransferPage";

const member = meWith([...ROLE_PERMISSIONS.member]);

const record = { id: 7, name: "李小明", organization: { id: 9, name: "旺苍中学高三（1）班团支部" } };

const transfer: TransferDetail = {
  id: 11,
  instanceId: 31,
  state: "awaiting_sending_branch",
  stateLabel: "待转出团支部审核",
  version: 1,
  closed: false,
  member: {
    id: 7,
    name: "李小明",
    sex: "男",
    birthDate: "2008-05-01",
    citizenId: "5108**********123X",
    phone: null,
    memberNumber: null,
    status: "transferring",
    masked: true,
  },
  from: { id: 9, name: "旺苍中学高三（1）班团支部" },
  fromExternalName: null,
  to: { id: 20, name: "东河镇团委" },
  toExternalName: null,
  toExternalAddress: null,
  toExternalContact: null,
  outOfInstallation: false,
  assignedBranch: null,
  reason: "moved_residence",
  reasonLabel: "居住地变动",
  kind: "ordinary",
  kindLabel: "一般转接",
  initiator: "member",
  startedOn: "2026-07-02",
  completedOn: null,
  seasonYear: null,
  destination: null,
  letterNumber: null,
  incomingLetterNumber: null,
  side: "member",
  history: [
    {
      sequence: 1,
      action: "start",
      actionLabel: "发起转接",
      fromState: null,
      toState: "awaiting_sending_branch",
      toStateLabel: "待转出团支部审核",
      occurredOn: "2026-07-02",
      actorName: "李小明",
      note: null,
      recordedAt: "2026-07-02T08:00:00Z",
    },
  ],
  availableActions: [{ action: "withdraw_by_member", label: "撤回转接申请" }],
};

// Nothing should be fetched: the cache holds every answer.
beforeEach(() => {
  vi.stubGlobal(
    "fetch",
    vi.fn(async () => new Response("{}", { status: 500, headers: { "content-type": "application/json" } })),
  );
});
afterEach(() => vi.unstubAllGlobals());

describe("MyTransferPage (我的组织关系)", () => {
  it("follows the transfer the archive names: its step, history, and only the member's withdrawal", async () => {
    const queryClient = createTestQueryClient();
    queryClient.setQueryData(ownRecordQuery.queryKey, record as never);
    queryClient.setQueryData(ownArchiveQuery.queryKey, [
      {
        id: 1,
        kind: "transfer_started",
        occurredOn: "2026-07-02",
        recordedAt: "",
        actorName: "李小明",
        summary: "",
        detail: { transferId: 11 },
      },
    ]);
    queryClient.setQueryData(transferQuery(11).queryKey, transfer);
    renderWithApp(<MyTransferPage />, { me: member, queryClient });
    expect((await screen.findByTestId("transfer-state")).textContent).toBe("待转出团支部审核");
    expect(screen.getByTestId("transfer-to").textContent).toBe("东河镇团委");
    expect(screen.getByTestId("transfer-history").textContent).toContain("发起转接");
    expect(screen.getByTestId("transfer-action-withdraw_by_member")).toBeDefined();
    expect(screen.queryByTestId("transfer-action-approve_sending_branch")).toBeNull();
    // An open transfer: no second request.
    expect(screen.queryByTestId("my-transfer-request")).toBeNull();
  });

  it("a member transferred out of the installation sees the letter's number, and no new request", async () => {
    const queryClient = createTestQueryClient();
    queryClient.setQueryData(ownRecordQuery.queryKey, record as never);
    queryClient.setQueryData(ownArchiveQuery.queryKey, [
      {
        id: 1,
        kind: "transfer_started",
        occurredOn: "2026-07-02",
        recordedAt: "",
        actorName: "李小明",
        summary: "",
        detail: { transferId: 11 },
      },
    ]);
    queryClient.setQueryData(transferQuery(11).queryKey, {
      ...transfer,
      state: "transferred_out",
      closed: true,
      to: null,
      toExternalName: "共青团四川大学委员会",
      outOfInstallation: true,
      letterNumber: "20260720-000011",
      availableActions: [],
    });
    renderWithApp(<MyTransferPage />, { me: member, queryClient });
    expect((await screen.findByTestId("transfer-letter-member")).textContent).toContain("20260720-000011");
    expect(screen.getByTestId("transfer-to").textContent).toBe("共青团四川大学委员会");
    // The member cannot print it (the sending side does): no download buttons, no new request.
    expect(screen.queryByTestId("transfer-letter-docx")).toBeNull();
    expect(screen.queryByTestId("my-transfer-request")).toBeNull();
  });

  it("offers to request a transfer when the member has none", async () => {
    const queryClient = createTestQueryClient();
    queryClient.setQueryData(ownRecordQuery.queryKey, record as never);
    queryClient.setQueryData(ownArchiveQuery.queryKey, []);
    renderWithApp(<MyTransferPage />, { me: member, queryClient });
    expect((await screen.findByTestId("my-transfer-none")).textContent).toContain("没有办理中的组织关系转接");
    expect(screen.getByTestId("my-transfer-request")).toBeDefined();
  });
});
