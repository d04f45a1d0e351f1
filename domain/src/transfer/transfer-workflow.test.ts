import { describe, expect, it } from "vitest";
import {
  availableActions,
  checkWorkflowDefinition,
  evaluateTransition,
  type WorkflowActor,
  type WorkflowInstanceState,
} from "../workflow/workflow";
import {
  graduateSeasonWarnings,
  isDueForAutoReturn,
  isOverdueAfterSeason,
  TRANSFER_ACTIONS,
  TRANSFER_OUT_MAIN_LINE,
  TRANSFER_PAYLOAD_SCHEMAS,
  TRANSFER_STATES,
  TRANSFER_WORKFLOW,
  type TransferAction,
  type TransferFacts,
  type TransferState,
  transferDestinationProblem,
  transferStartingState,
  transferStartSchema,
} from "./transfer-workflow";

const SENDING_BRANCH = "1/2/3/";
const RECEIVING_BRANCH = "1/7/8/";
const actor = (paths: string[], isSubject = false): WorkflowActor => ({
  scopePathsByPermission: { "member:write": paths },
  isSubject,
});
const sendingBranch = actor([SENDING_BRANCH]);
const sendingCommittee = actor(["1/2/"]);
const receivingBranch = actor([RECEIVING_BRANCH]);
const receivingCommittee = actor(["1/7/"]);
const member: WorkflowActor = { scopePathsByPermission: {}, isSubject: true };
const county = actor(["1/"]);

const facts: TransferFacts = {
  today: "2026-07-10",
  initiator: "sending",
  outOfInstallation: false,
  counterpartIsBranch: true,
  assignedBranch: null,
  lastStepOn: "2026-07-01",
  graduateSeason: false,
};

const at = (state: TransferState): WorkflowInstanceState<TransferState> => ({
  state,
  pausedFrom: null,
  organizationPath: SENDING_BRANCH,
  counterpartOrganizationPath: RECEIVING_BRANCH,
});

/** Who takes each main-line action, and the state it leaves. */
const MAIN_LINE: [TransferAction, TransferState, WorkflowActor, TransferState][] = [
  ["approve_sending_branch", "awaiting_sending_branch", sendingBranch, "awaiting_sending_committee"],
  ["approve_sending_committee", "awaiting_sending_committee", sendingCommittee, "awaiting_receiving_branch"],
  ["accept_receiving", "awaiting_receiving_branch", receivingBranch, "awaiting_receiving_committee"],
  ["approve_receiving_committee", "awaiting_receiving_committee", receivingCommittee, "completed"],
];

describe("the transfer workflow (组织关系转接, domain.md §4)", () => {
  it("is a sound definition", () => {
    expect(checkWorkflowDefinition(TRANSFER_WORKFLOW)).toEqual([]);
  });

  it.each(MAIN_LINE)("%s from %s leads on", (action, from, who, to) => {
    const decision = evaluateTransition(TRANSFER_WORKFLOW, at(from), {
      action,
      actor: who,
      facts,
      payload: {},
    });
    expect(decision).toEqual({ allowed: true, to, warnings: [] });
  });

  it("refuses each main-line action from every other state (409: no skipped or repeated step)", () => {
    for (const [action, from, who] of MAIN_LINE) {
      for (const state of TRANSFER_STATES.filter((candidate) => candidate !== from)) {
        const decision = evaluateTransition(TRANSFER_WORKFLOW, at(state), {
          action,
          actor: who,
          facts,
          payload: {},
        });
        expect(decision.allowed ? "allowed" : decision.status, `${action} from ${state}`).toBe(409);
      }
    }
  });

  it("lets the receiving side act only on the receiving organization (the counterpart), and the sending side only on its own", () => {
    const byReceivingAtSending = evaluateTransition(TRANSFER_WORKFLOW, at("awaiting_sending_branch"), {
      action: "approve_sending_branch",
      actor: receivingBranch,
      facts,
      payload: {},
    });
    expect(byReceivingAtSending.allowed ? 200 : byReceivingAtSending.status).toBe(403);
    const bySendingAtReceiving = evaluateTransition(TRANSFER_WORKFLOW, at("awaiting_receiving_branch"), {
      action: "accept_receiving",
      actor: sendingCommittee,
      facts,
      payload: {},
    });
    expect(bySendingAtReceiving.allowed ? 200 : bySendingAtReceiving.status).toBe(403);
    // A county above both may act on either side.
    expect(availableActions(TRANSFER_WORKFLOW, at("awaiting_receiving_committee"), county)).toContain(
      "approve_receiving_committee",
    );
  });

  it("lets whoever is awaited return it, and no one else", () => {
    const cases: [TransferState, WorkflowActor, WorkflowActor][] = [
      ["awaiting_sending_committee", sendingCommittee, receivingCommittee],
      ["awaiting_receiving_branch", receivingBranch, sendingCommittee],
      ["awaiting_receiving_committee", receivingCommittee, sendingBranch],
    ];
    for (const [state, awaited, other] of cases) {
      const payload = { reason: "材料不全" };
      expect(
        evaluateTransition(TRANSFER_WORKFLOW, at(state), {
          action: "return_transfer",
          actor: awaited,
          facts,
          payload,
        }),
      ).toEqual({ allowed: true, to: "returned", warnings: [] });
      const refused = evaluateTransition(TRANSFER_WORKFLOW, at(state), {
        action: "return_transfer",
        actor: other,
        facts,
        payload,
      });
      expect(refused.allowed ? 200 : refused.status, state).toBe(403);
    }
  });

  it("lets only the initiator withdraw, and only until the receiving side decides", () => {
    const asMember = { ...facts, initiator: "member" as const };
    expect(
      evaluateTransition(TRANSFER_WORKFLOW, at("awaiting_receiving_branch"), {
        action: "withdraw_by_member",
        actor: member,
        facts: asMember,
        payload: {},
      }),
    ).toEqual({ allowed: true, to: "withdrawn", warnings: [] });
    const notInitiator = evaluateTransition(TRANSFER_WORKFLOW, at("awaiting_sending_branch"), {
      action: "withdraw_by_sending",
      actor: sendingBranch,
      facts: asMember,
      payload: {},
    });
    expect(notInitiator.allowed ? [] : notInitiator.failures.map((failure) => failure.code)).toEqual([
      "not_initiator",
    ]);
    const afterDecision = evaluateTransition(TRANSFER_WORKFLOW, at("awaiting_receiving_committee"), {
      action: "withdraw_by_member",
      actor: member,
      facts: asMember,
      payload: {},
    });
    expect(afterDecision.allowed ? 200 : afterDecision.status).toBe(409);
  });

  it("makes a receiving committee name a branch when it accepts, and checks the branch", () => {
    const toCommittee = { ...facts, counterpartIsBranch: false };
    const missing = evaluateTransition(TRANSFER_WORKFLOW, at("awaiting_receiving_branch"), {
      action: "accept_receiving",
      actor: receivingBranch,
      facts: toCommittee,
      payload: {},
    });
    expect(missing.allowed ? [] : missing.failures.map((failure) => failure.field)).toEqual([
      "assignedBranchId",
    ]);
    const wrong = evaluateTransition(TRANSFER_WORKFLOW, at("awaiting_receiving_branch"), {
      action: "accept_receiving",
      actor: receivingBranch,
      facts: { ...toCommittee, assignedBranch: { ok: false, message: "不在转入组织之下" } },
      payload: { assignedBranchId: 99 },
    });
    expect(wrong.allowed ? [] : wrong.failures.map((failure) => failure.message)).toEqual([
      "接收团支部：不在转入组织之下",
    ]);
  });

  it("warns a graduate's late approval and returns overdue applications after 30 Sep", () => {
    expect(graduateSeasonWarnings({ today: "2026-09-30", graduateSeason: true })).toEqual([]);
    expect(graduateSeasonWarnings({ today: "2026-10-01", graduateSeason: true }).map((w) => w.code)).toEqual([
      "season_approval_late",
    ]);
    expect(graduateSeasonWarnings({ today: "2026-11-01", graduateSeason: true }).map((w) => w.code)).toEqual([
      "season_over",
    ]);
    expect(graduateSeasonWarnings({ today: "2026-11-01", graduateSeason: false })).toEqual([]);
    expect(isDueForAutoReturn("awaiting_sending_committee", "2026-09-01", "2026-10-10")).toBe(false);
    expect(isDueForAutoReturn("awaiting_sending_committee", "2026-09-01", "2026-10-11")).toBe(true);
    expect(isDueForAutoReturn("awaiting_sending_committee", "2026-10-05", "2026-10-15")).toBe(false);
    expect(isDueForAutoReturn("completed", "2026-09-01", "2026-12-01")).toBe(false);
    expect(isDueForAutoReturn("awaiting_sending_branch", "2026-05-01", "2026-09-30")).toBe(false);
    // A committee's own approval deadline (transfer_season) moves the cut.
    expect(isDueForAutoReturn("awaiting_sending_committee", "2026-09-01", "2026-10-11", "2026-10-15")).toBe(
      false,
    );
    expect(isDueForAutoReturn("awaiting_sending_committee", "2026-09-01", "2026-09-26", "2026-09-15")).toBe(
      true,
    );
  });

  it("starts where the initiator stands, and every action has its payload schema", () => {
    expect(transferStartingState("sending")).toBe("awaiting_sending_committee");
    expect(transferStartingState("member")).toBe("awaiting_sending_branch");
    expect(Object.keys(TRANSFER_PAYLOAD_SCHEMAS).sort()).toEqual([...TRANSFER_ACTIONS].sort());
    const bad = transferStartSchema.safeParse({
      memberId: 1,
      toOrganizationId: 2,
      reason: "holiday",
      kind: "ordinary",
      startedOn: "2026-07-01",
    });
    expect(bad.success ? [] : bad.error.issues.map((issue) => issue.message)).toEqual([
      "转接原因：无效的取值",
    ]);
  });
});

describe("a transfer out of the installation (转出本系统, issue 11 part 3)", () => {
  const out: TransferFacts = { ...facts, outOfInstallation: true };
  const outAt = (state: TransferState): WorkflowInstanceState<TransferState> => ({
    ...at(state),
    counterpartOrganizationPath: null,
  });

  it("runs sending branch → sending committee, whose approval closes it as transferred_out", () => {
    expect(TRANSFER_OUT_MAIN_LINE).toEqual([
      "awaiting_sending_branch",
      "awaiting_sending_committee",
      "transferred_out",
    ]);
    const steps: [TransferAction, TransferState, WorkflowActor, TransferState][] = [
      ["approve_sending_branch", "awaiting_sending_branch", sendingBranch, "awaiting_sending_committee"],
      ["approve_transfer_out", "awaiting_sending_committee", sendingCommittee, "transferred_out"],
    ];
    for (const [action, from, who, to] of steps) {
      expect(
        evaluateTransition(TRANSFER_WORKFLOW, outAt(from), { action, actor: who, facts: out, payload: {} }),
      ).toEqual({ allowed: true, to, warnings: [] });
    }
    expect(TRANSFER_WORKFLOW.terminal).toContain("transferred_out");
    expect(TRANSFER_WORKFLOW.awaiting.transferred_out).toBeNull();
  });

  it("refuses the ordinary committee approval for it, and the letter approval for a transfer inside (422)", () => {
    const ordinary = evaluateTransition(TRANSFER_WORKFLOW, outAt("awaiting_sending_committee"), {
      action: "approve_sending_committee",
      actor: sendingCommittee,
      facts: out,
      payload: {},
    });
    expect(ordinary.allowed ? [] : [ordinary.status, ...ordinary.failures.map((f) => f.code)]).toEqual([
      422,
      "transfer_out_needs_letter",
    ]);
    const letter = evaluateTransition(TRANSFER_WORKFLOW, at("awaiting_sending_committee"), {
      action: "approve_transfer_out",
      actor: sendingCommittee,
      facts,
      payload: {},
    });
    expect(letter.allowed ? [] : [letter.status, ...letter.failures.map((f) => f.code)]).toEqual([
      422,
      "not_out_of_installation",
    ]);
  });

  it("lets only the sending committee issue it (403 for the branch), from no other state (409)", () => {
    const byBranch = evaluateTransition(TRANSFER_WORKFLOW, outAt("awaiting_sending_committee"), {
      action: "approve_transfer_out",
      actor: sendingBranch,
      facts: out,
      payload: {},
    });
    expect(byBranch.allowed ? 200 : byBranch.status).toBe(403);
    for (const state of TRANSFER_STATES.filter((candidate) => candidate !== "awaiting_sending_committee")) {
      const decision = evaluateTransition(TRANSFER_WORKFLOW, outAt(state), {
        action: "approve_transfer_out",
        actor: sendingCommittee,
        facts: out,
        payload: {},
      });
      expect(decision.allowed ? 200 : decision.status, state).toBe(409);
    }
  });

  it("names nobody on the receiving side: no receiving action is anyone's", () => {
    expect(availableActions(TRANSFER_WORKFLOW, outAt("awaiting_sending_committee"), county)).toEqual([
      "approve_sending_committee",
      "approve_transfer_out",
      "return_transfer",
      "withdraw_by_sending",
      "auto_return",
    ]);
    expect(availableActions(TRANSFER_WORKFLOW, outAt("transferred_out"), county)).toEqual([]);
  });

  it.each([
    [{ toOrganizationId: 2 }, null],
    [{ toExternalName: "共青团某大学委员会" }, null],
    [{ toExternalName: "共青团某大学委员会", toExternalAddress: "某市某路1号" }, null],
    [{}, "toOrganizationId"],
    [{ toExternalName: "   " }, "toOrganizationId"],
    [{ toOrganizationId: 2, toExternalName: "共青团某大学委员会" }, "toExternalName"],
    [{ toExternalContact: "王老师 010-12345678" }, "toExternalName"],
  ] as const)("destination %j: problem on %s", (destination, field) => {
    expect(transferDestinationProblem(destination)?.field ?? null).toBe(field);
  });
});

describe("the automatic return's boundary (China dates; issue 11 item 6)", () => {
  it.each([
    // [lastStepOn, today, approvedBy, overdue]
    ["2026-09-01", "2026-10-10", undefined, false],
    ["2026-09-01", "2026-10-11", undefined, true],
    // A step at 2026-10-01 23:30 UTC is 2026-10-02 in China: due only after 2026-10-12.
    ["2026-10-02", "2026-10-12", undefined, false],
    ["2026-10-02", "2026-10-13", undefined, true],
    // The committee's own approval deadline moves the cut both ways.
    ["2026-09-01", "2026-10-11", "2026-10-15", false],
    ["2026-09-01", "2026-10-26", "2026-10-15", true],
    ["2026-09-01", "2026-09-26", "2026-09-15", true],
    ["2026-09-20", "2026-09-30", "2026-09-15", false],
    ["2026-09-20", "2026-10-01", "2026-09-15", true],
  ] as const)("last step %s, today %s, deadline %s: overdue %s", (lastStepOn, today, approvedBy, overdue) => {
    expect(isOverdueAfterSeason(lastStepOn, today, approvedBy)).toBe(overdue);
  });
});
