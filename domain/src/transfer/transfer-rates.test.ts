import { describe, expect, it } from "vitest";
import {
  daysBetween,
  medianOf,
  type SeasonTransferFacts,
  seasonTransferRates,
  tallySeasonTransfers,
} from "./transfer-rates";

let nextId = 1;
function transfer(overrides: Partial<SeasonTransferFacts> & { memberId: number }): SeasonTransferFacts {
  return {
    transferId: nextId++,
    kind: "school_to_society",
    reason: "moved_residence",
    startedOn: "2026-07-01",
    completedOn: null,
    open: true,
    ...overrides,
  };
}

const DEADLINE = "2026-10-31";

describe("medianOf and daysBetween", () => {
  it.each([
    [[], null],
    [[5], 5],
    [[9, 1, 5], 5],
    [[1, 2, 3, 10], 2.5],
  ])("median of %j is %s", (values, median) => {
    expect(medianOf(values)).toBe(median);
  });

  it.each([
    ["2026-07-01", "2026-07-01", 0],
    ["2026-07-01", "2026-07-11", 10],
    ["2026-02-28", "2026-03-01", 1],
  ])("%s → %s is %i days", (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });
});

describe("tallySeasonTransfers", () => {
  it("counts each member once by the latest transfer: a returned one started again counts by the new one", () => {
    const tally = tallySeasonTransfers(
      [
        transfer({ memberId: 1, transferId: 10, open: false }),
        transfer({ memberId: 1, transferId: 11, completedOn: "2026-07-21", open: false }),
        transfer({ memberId: 2, transferId: 12, open: false }),
      ],
      DEADLINE,
      "2026-08-01",
    );
    expect(tally).toMatchObject({
      societyGraduates: 2,
      societyLanded: 1,
      landed: 1,
      medianDaysToComplete: 20,
    });
  });

  it("ignores kinds that are not a graduate's (ordinary, migrant)", () => {
    const tally = tallySeasonTransfers(
      [transfer({ memberId: 1, kind: "ordinary", completedOn: "2026-07-02", open: false })],
      DEADLINE,
      "2026-08-01",
    );
    expect(tally.societyGraduates + tally.studyGraduates).toBe(0);
  });

  it.each([
    // [case, completedOn, open, today, landedOnTime, openPastDeadline]
    ["landed before the deadline", "2026-10-31", false, "2026-11-05", 1, 0],
    ["landed after the deadline", "2026-11-01", false, "2026-11-05", 0, 0],
    ["open before the deadline: not yet late", null, true, "2026-10-31", 0, 0],
    ["open after the deadline", null, true, "2026-11-01", 0, 1],
    ["returned and never restarted: not late, not landed", null, false, "2026-11-01", 0, 0],
  ] as const)("%s", (_case, completedOn, open, today, onTime, pastDeadline) => {
    const tally = tallySeasonTransfers([transfer({ memberId: 1, completedOn, open })], DEADLINE, today);
    expect(tally.landedOnTime).toBe(onTime);
    expect(tally.openPastDeadline).toBe(pastDeadline);
  });
});

describe("seasonTransferRates", () => {
  const season: SeasonTransferFacts[] = [
    // 升学: 3 graduates, 2 landed
    transfer({
      memberId: 1,
      kind: "school_to_school",
      reason: "further_study",
      completedOn: "2026-07-11",
      open: false,
    }),
    transfer({
      memberId: 2,
      kind: "school_to_school",
      reason: "further_study",
      completedOn: "2026-09-01",
      open: false,
    }),
    transfer({ memberId: 3, kind: "school_to_school", reason: "further_study" }),
    // 学社: 4 graduates, 3 landed, 1 of them at an employer's organization
    transfer({
      memberId: 4,
      reason: "employed_with_league_organization",
      completedOn: "2026-07-05",
      open: false,
    }),
    transfer({
      memberId: 5,
      reason: "employed_without_league_organization",
      completedOn: "2026-11-10",
      open: false,
    }),
    transfer({ memberId: 6, reason: "moved_residence", completedOn: "2026-07-31", open: false }),
    transfer({ memberId: 7, reason: "employed_with_league_organization" }),
  ];

  it.each([
    ["on the deadline: open ones are not late yet", "2026-10-31", { onTimeShare: 80 }],
    ["after the deadline: open ones count as late", "2026-11-15", { onTimeShare: 57.1 }],
  ])("%s", (_case, today, expected) => {
    const rates = seasonTransferRates(tallySeasonTransfers(season, DEADLINE, today));
    expect(rates).toEqual({
      schoolToSocietyRate: 75,
      schoolToSchoolRate: 66.7,
      employerTransferRate: 25,
      // days: 10, 62, 4, 132, 30 → median 30
      medianDaysToComplete: 30,
      ...expected,
    });
  });

  it("gives null rates without graduates", () => {
    expect(seasonTransferRates(tallySeasonTransfers([], DEADLINE, "2026-09-01"))).toEqual({
      schoolToSocietyRate: null,
      schoolToSchoolRate: null,
      employerTransferRate: null,
      onTimeShare: null,
      medianDaysToComplete: null,
    });
  });
});
