import { describe, expect, it } from "vitest";
import {
  deferralProblem,
  isUnregisteredOverAYear,
  type RegistrationDecision,
  registrationDecisionProblem,
  registrationEligibilityProblem,
} from "./registration";

// Source: domain.md §5 (registration open to 基本合格 and better; 暂缓注册 lasts 3–6 months; unregistered for
// over a year lapses) and issue 12 part 3 + "bad input" (registering a 不合格 member; deferral outside 3–6 months).

describe("who may register", () => {
  it.each([
    ["excellent", true],
    ["qualified", true],
    ["basically_qualified", true],
    ["unqualified", false],
    [null, false],
  ] as const)("grade %s → eligible %s", (grade, eligible) => {
    expect(registrationEligibilityProblem("张三", grade) === null).toBe(eligible);
  });
  it("names the member refused", () => {
    expect(registrationEligibilityProblem("张三", "unqualified")).toContain("张三");
  });
});

describe("deferral 暂缓注册: 3–6 months with a reason", () => {
  it.each([
    ["2026-06-15", "学业原因", null],
    ["2026-09-15", "学业原因", null],
    ["2026-06-14", "学业原因", "deferredUntil"],
    ["2026-09-16", "学业原因", "deferredUntil"],
    ["2026-04-15", "学业原因", "deferredUntil"],
    [null, "学业原因", "deferredUntil"],
    ["2026-07-01", null, "reason"],
    ["2026-07-01", "  ", "reason"],
  ])("decided 2026-03-15, until %s, reason %s → %s", (until, reason, field) => {
    expect(deferralProblem("2026-03-15", until, reason)?.field ?? null).toBe(field);
  });
});

describe("a registration decision", () => {
  const base: RegistrationDecision = {
    status: "registered",
    name: "李四",
    grade: "qualified",
    deferredUntil: null,
    reason: null,
    decidedOn: "2026-03-15",
  };
  it.each([
    [{}, null],
    [{ grade: "unqualified" }, "status"],
    [{ grade: null }, "status"],
    [{ status: "deferred", deferredUntil: "2026-08-01", reason: "外出务工" }, null],
    [{ status: "deferred", deferredUntil: "2026-05-01", reason: "外出务工" }, "deferredUntil"],
    [{ status: "unregistered", reason: "长期失联" }, null],
    [{ status: "unregistered" }, "reason"],
  ] as const)("%o → %s", (patch, field) => {
    expect(registrationDecisionProblem({ ...base, ...patch } as RegistrationDecision)?.field ?? null).toBe(
      field,
    );
  });
});

describe("unregistered for over a year lapses", () => {
  it.each([
    ["2025-03-15", "2026-03-15", false],
    ["2025-03-15", "2026-03-16", true],
    ["2025-12-01", "2026-03-16", false],
  ])("since %s, on %s → %s", (since, today, lapsed) => {
    expect(isUnregisteredOverAYear(since, today)).toBe(lapsed);
  });
});
