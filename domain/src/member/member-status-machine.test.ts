import { describe, expect, it } from "vitest";
import { addMonths } from "../dates/iso-date";
import { DomainError } from "../errors";
import { MEMBER_EVENT_KINDS } from "./member-event";
import { MEMBER_STATUSES, type MemberStatus } from "./member-status";
import {
  allowedTransitions,
  assertAgeOutAllowed,
  assertTransitionAllowed,
  immediateTransitionInto,
  isLapseCandidate,
  lapseReasons,
  lapseThresholdDate,
  MEMBER_STATUS_ACTION_LABELS,
  MEMBER_STATUS_ACTIONS,
  MEMBER_STATUS_TRANSITIONS,
} from "./member-status-machine";

/** Every allowed pair: from → to, action, reviewed. Everything else is forbidden. */
const allowed: [MemberStatus, MemberStatus, string, boolean][] = [
  ["active", "transferring", "start_transfer", false],
  ["transferring", "active", "finish_transfer", false],
  ["transferring", "transferred_out", "transfer_out", false],
  ["transferred_out", "active", "return_from_outside", false],
  ["active", "flowing", "start_flowing", false],
  ["flowing", "active", "end_flowing", false],
  ["active", "aged_out", "request_age_out", true],
  ["active", "lapsed", "request_lapse", true],
  ["active", "withdrawn", "request_withdrawal", true],
  ["active", "expelled", "request_expulsion", true],
  ["flowing", "aged_out", "request_age_out", true],
  ["flowing", "lapsed", "request_lapse", true],
  ["flowing", "withdrawn", "request_withdrawal", true],
  ["flowing", "expelled", "request_expulsion", true],
  ["aged_out", "active", "request_restore", true],
  ["lapsed", "active", "request_restore", true],
  ["withdrawn", "active", "request_restore", true],
  ["expelled", "active", "request_restore", true],
];
const allowedKeys = new Set(allowed.map(([from, to]) => `${from}>${to}`));
const forbidden = MEMBER_STATUSES.flatMap((from) => MEMBER_STATUSES.map((to) => [from, to] as const)).filter(
  ([from, to]) => !allowedKeys.has(`${from}>${to}`),
);

describe("MEMBER_STATUS_TRANSITIONS", () => {
  it("holds exactly the allowed pairs, each once", () => {
    expect(MEMBER_STATUS_TRANSITIONS.map((t) => `${t.from}>${t.to}`).sort()).toEqual([...allowedKeys].sort());
  });

  it.each(allowed)("%s → %s: %s, reviewed %s", (from, to, action, requiresReview) => {
    const transition = assertTransitionAllowed(from, to);
    expect(transition).toMatchObject({ action, requiresReview });
    expect(transition.decidedBy).toBe(requiresReview ? "higher_committee" : null);
    expect(transition.requestPermission).toBe("member:write");
    expect(transition.requesterRoles).toEqual(["system_admin", "org_admin", "branch_secretary"]);
    expect(MEMBER_EVENT_KINDS).toContain(transition.eventKind);
    expect(transition.source).not.toBe("");
  });

  it.each(forbidden)("%s → %s is refused", (from, to) => {
    let error: unknown;
    try {
      assertTransitionAllowed(from, to);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: "status_transition_not_allowed", field: "toStatus", status: 422 });
  });

  it.each([
    ["active", "active", "团籍状态：不能从“正常”变为“正常”（状态未改变）"],
    ["transferring", "aged_out", "团籍状态：不能从“转接中”变为“满28周岁离团”（请先完成或撤回组织关系转接）"],
    ["aged_out", "expelled", "团籍状态：不能从“满28周岁离团”变为“开除团籍”（已离团，只能申请恢复团籍）"],
    ["lapsed", "flowing", "团籍状态：不能从“自行脱团”变为“流动”（已离团，只能申请恢复团籍）"],
    ["flowing", "transferring", "团籍状态：不能从“流动”变为“转接中”（请发起组织关系转接）"],
    [
      "transferred_out",
      "flowing",
      "团籍状态：不能从“转出本系统”变为“流动”（组织关系已转出本系统，凭介绍信转回）",
    ],
  ] as const)("%s → %s says %s", (from, to, message) => {
    expect(() => assertTransitionAllowed(from, to)).toThrow(message);
  });

  it("only reviewed leaving and restoring; only restore names a target branch", () => {
    for (const transition of MEMBER_STATUS_TRANSITIONS) {
      const leavingOrRestoring = transition.action.startsWith("request_");
      expect(transition.requiresReview).toBe(leavingOrRestoring);
      expect(transition.needsTargetBranch).toBe(transition.action === "request_restore");
    }
  });

  it("labels every action", () => {
    expect(Object.keys(MEMBER_STATUS_ACTION_LABELS)).toEqual([...MEMBER_STATUS_ACTIONS]);
  });
});

describe("assertTransitionAllowed with an initiator", () => {
  it.each([
    ["active", "transferring", "user", "团籍状态：从“正常”变为“转接中”由组织关系转接流程办理，不能直接修改"],
    ["transferring", "active", "user", "团籍状态：从“转接中”变为“正常”由组织关系转接流程办理，不能直接修改"],
    [
      "transferring",
      "transferred_out",
      "user",
      "团籍状态：从“转接中”变为“转出本系统”由组织关系转接流程办理，不能直接修改",
    ],
    [
      "active",
      "aged_out",
      "transfer_workflow",
      "团籍状态：从“正常”变为“满28周岁离团”须由团组织提出申请，转接流程不能办理",
    ],
  ] as const)("%s → %s by %s is refused", (from, to, initiatedBy, message) => {
    expect(() => assertTransitionAllowed(from, to, initiatedBy)).toThrow(message);
  });

  it.each([
    ["active", "transferring", "transfer_workflow"],
    ["active", "flowing", "user"],
    ["expelled", "active", "user"],
  ] as const)("%s → %s by %s is allowed", (from, to, initiatedBy) => {
    expect(assertTransitionAllowed(from, to, initiatedBy).to).toBe(to);
  });
});

describe("allowedTransitions", () => {
  it.each([
    ["active", ["transferring", "flowing", "aged_out", "lapsed", "withdrawn", "expelled"]],
    ["flowing", ["active", "aged_out", "lapsed", "withdrawn", "expelled"]],
    ["transferring", ["active", "transferred_out"]],
    ["transferred_out", ["active"]],
    ["aged_out", ["active"]],
    ["expelled", ["active"]],
  ] as const)("from %s", (from, targets) => {
    expect(allowedTransitions(from).map((t) => t.to)).toEqual(targets);
  });
});

describe("immediateTransitionInto", () => {
  it("names the one source a user changes from at once, for every target status", () => {
    const sources = Object.fromEntries(
      MEMBER_STATUSES.map((to) => [to, immediateTransitionInto(to)?.from ?? null]),
    );
    // active: from flowing (a restore into active is reviewed, a return from outside is the transfer's).
    expect(sources).toEqual({
      active: "flowing",
      flowing: "active",
      transferring: null,
      transferred_out: null,
      aged_out: null,
      lapsed: null,
      withdrawn: null,
      expelled: null,
    });
  });

  it("agrees with assertTransitionAllowed: the change it names applies at once", () => {
    for (const to of MEMBER_STATUSES) {
      const transition = immediateTransitionInto(to);
      if (!transition) continue;
      const allowed = assertTransitionAllowed(transition.from, to, "user");
      expect(allowed.requiresReview || allowed.needsTargetBranch).toBe(false);
    }
  });
});

describe("assertAgeOutAllowed", () => {
  it.each([
    ["1996-06-15", false, "2024-06-15"],
    ["1990-01-01", false, "2024-06-15"],
    ["1996-02-29", false, "2024-02-29"],
  ])("born %s, cadre %s, on %s: allowed", (birthDate, isCadre, today) => {
    expect(() => assertAgeOutAllowed(birthDate, isCadre, today)).not.toThrow();
  });

  it.each([
    [
      "1996-06-15",
      false,
      "2024-06-14",
      "age_out_under_age",
      "团籍状态：未满28周岁，不能办理超龄离团（2024-06-15年满28周岁）",
    ],
    [
      "1996-02-29",
      false,
      "2024-02-28",
      "age_out_under_age",
      "团籍状态：未满28周岁，不能办理超龄离团（2024-02-29年满28周岁）",
    ],
    [
      "1990-01-01",
      true,
      "2024-06-15",
      "age_out_holds_league_post",
      "团籍状态：该团员在团内担任职务，按团章保留团籍；在「团干部」页签办理离任后再办理超龄离团",
    ],
    [
      "2000-01-01",
      true,
      "2024-06-15",
      "age_out_under_age",
      "团籍状态：未满28周岁，不能办理超龄离团（2028-01-01年满28周岁）",
    ],
  ])("born %s, cadre %s, on %s: %s", (birthDate, isCadre, today, code, message) => {
    expect(() => assertAgeOutAllowed(birthDate, isCadre, today)).toThrow(
      expect.objectContaining({ code, message, field: "toStatus", status: 422 }),
    );
  });
});

describe("lapse rule", () => {
  it.each([
    ["2024-07-15", "2024-01-15"],
    ["2024-07-31", "2024-01-31"],
    ["2024-08-31", "2024-02-29"],
    ["2024-08-30", "2024-02-29"],
    ["2024-08-29", "2024-02-29"],
    ["2024-08-28", "2024-02-28"],
    ["2025-02-28", "2024-08-31"],
    ["2024-02-29", "2023-08-31"],
    ["2024-03-01", "2023-09-01"],
  ])("on %s the threshold is %s", (today, threshold) => {
    expect(lapseThresholdDate(today)).toBe(threshold);
  });

  // The threshold agrees with its definition: a record r is six months old when addMonths(r, 6) <= today.
  const todays = [
    "2024-02-29",
    "2024-03-31",
    "2024-08-30",
    "2024-08-31",
    "2025-02-28",
    "2025-03-01",
    "2024-12-31",
  ];
  for (const today of todays) {
    it(`agrees with addMonths on ${today}`, () => {
      const threshold = lapseThresholdDate(today);
      for (let offset = 150; offset <= 220; offset += 1) {
        const record = new Date(Date.parse(`${today}T00:00:00Z`) - offset * 86_400_000)
          .toISOString()
          .slice(0, 10);
        expect(record <= threshold).toBe(addMonths(record, 6) <= today);
      }
    });
  }

  it.each([
    [{ lastDuesPaidOn: null, lastOrganizationalLifeOn: null }, []],
    [{ lastDuesPaidOn: "2024-01-15", lastOrganizationalLifeOn: null }, ["dues"]],
    [{ lastDuesPaidOn: "2024-01-16", lastOrganizationalLifeOn: null }, []],
    [{ lastDuesPaidOn: "2024-06-01", lastOrganizationalLifeOn: "2023-12-01" }, ["organizational_life"]],
    [
      { lastDuesPaidOn: "2023-01-01", lastOrganizationalLifeOn: "2023-01-01" },
      ["dues", "organizational_life"],
    ],
    [
      {
        lastDuesPaidOn: "2024-06-01",
        lastOrganizationalLifeOn: "2024-06-01",
        lastAssignedWorkOn: "2024-01-01",
      },
      ["assigned_work"],
    ],
    [{ lastDuesPaidOn: "2024-06-01", lastOrganizationalLifeOn: "2024-06-01", lastAssignedWorkOn: null }, []],
  ] as const)("%j on 2024-07-15 → %j", (activity, reasons) => {
    expect(lapseReasons(activity, "2024-07-15")).toEqual(reasons);
    expect(isLapseCandidate(activity, "2024-07-15")).toBe(reasons.length > 0);
  });

  it("throws RangeError on a malformed date", () => {
    expect(() =>
      isLapseCandidate({ lastDuesPaidOn: "2024-1-1", lastOrganizationalLifeOn: null }, "2024-07-15"),
    ).toThrow(RangeError);
  });
});
