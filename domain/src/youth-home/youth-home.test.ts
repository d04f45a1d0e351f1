import { describe, expect, it } from "vitest";
import {
  checkFiveHasStandard,
  DEMONSTRATION_DELISTING_RULE,
  delistingDue,
  type FiveHasChecklist,
  monthsBefore,
} from "./youth-home";

// Source: domain.md §7 — the "五有" standard: a venue, projects, a team, rules, a sign.
const all: FiveHasChecklist = { venue: true, projects: true, team: true, rules: true, sign: true };

describe("checkFiveHasStandard (domain.md §7 五有)", () => {
  it.each([
    ["all five", all, true, 5, []],
    ["no sign", { ...all, sign: false }, false, 4, ["sign"]],
    ["no venue, no team", { ...all, venue: false, team: false }, false, 3, ["venue", "team"]],
    [
      "none",
      { venue: false, projects: false, team: false, rules: false, sign: false },
      false,
      0,
      ["venue", "projects", "team", "rules", "sign"],
    ],
  ] as const)("%s", (_name, checklist, met, metCount, missing) => {
    expect(checkFiveHasStandard(checklist)).toEqual({ met, metCount, missing });
  });
});

describe("monthsBefore", () => {
  it.each([
    ["2026-12-06", 6, "2026-06-06"],
    ["2026-03-31", 1, "2026-02-28"],
    ["2026-01-15", 1, "2025-12-15"],
    ["2024-08-31", 6, "2024-02-29"],
  ] as const)("%s − %i months = %s", (date, months, expected) => {
    expect(monthsBefore(date, months)).toBe(expected);
  });
});

// Source: domain.md §7 "inactive demonstration homes are de-listed 摘牌"; the period is data
// (DEMONSTRATION_DELISTING_RULE, 6 months), not in the source documents.
describe("delistingDue (domain.md §7 摘牌)", () => {
  const today = "2026-12-06";
  const home = { isDemonstration: true, listedOn: "2025-01-01", delistedOn: null, lastActivityOn: null };
  it.each([
    ["demonstration, never active", home, true],
    [
      "demonstration, active 2026-06-06 (the period's first day)",
      { ...home, lastActivityOn: "2026-06-06" },
      false,
    ],
    ["demonstration, last active 2026-06-05", { ...home, lastActivityOn: "2026-06-05" }, true],
    ["demonstration, active last month", { ...home, lastActivityOn: "2026-11-20" }, false],
    ["not a demonstration home", { ...home, isDemonstration: false }, false],
    ["already de-listed", { ...home, delistedOn: "2026-01-01" }, false],
    ["listed three months ago", { ...home, listedOn: "2026-09-01" }, false],
    ["listing date unknown", { ...home, listedOn: null }, true],
  ] as const)("%s → due %s", (_name, input, due) => {
    const result = delistingDue(input, today);
    expect(result.due).toBe(due);
    expect(result.reason === null).toBe(!due);
  });

  it("reads the period from the rule", () => {
    expect(DEMONSTRATION_DELISTING_RULE.inactiveMonths).toBe(6);
    expect(delistingDue({ ...home, lastActivityOn: "2026-10-01" }, today, { inactiveMonths: 2 }).due).toBe(
      true,
    );
    expect(delistingDue(home, today).reason).toBe("示范青年之家近6个月未开展活动");
  });
});
