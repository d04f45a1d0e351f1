import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import { findIndicator } from "../indicators/catalog";
import {
  assertAttendeesOnRoll,
  assertMeetingNotInFuture,
  classHoursPerAttendee,
  isSilentBranch,
  LEAGUE_SCHOOL_SESSIONS_PER_YEAR,
  leagueSchoolProgress,
  MEETING_KIND_LABELS,
  meetingInputSchema,
  requireClassHours,
  silentCutoff,
  weeksSince,
} from "./meeting-rules";
import {
  activeBranchRate,
  meetingsPerBranch,
  organizationalLifePeriods,
} from "./organizational-life-indicators";

describe("meeting kinds (domain.md §5: 三会两制一课, theme days, 中学团校)", () => {
  it.each([
    ["general_meeting", "支部团员大会"],
    ["committee_meeting", "支委会"],
    ["group_meeting", "团小组会"],
    ["league_class", "团课"],
    ["theme_day", "主题团日"],
    ["league_school_session", "中学团校"],
  ] as const)("%s is labelled %s", (kind, zh) => {
    expect(MEETING_KIND_LABELS[kind].zh).toBe(zh);
  });
});

describe("not dated in the future (issue 12 'Bad input'; China date)", () => {
  it.each([
    ["2026-12-05", "2026-12-06", true],
    ["2026-12-06", "2026-12-06", true],
    ["2026-12-07", "2026-12-06", false],
  ])("held %s, today %s → accepted %s", (heldOn, today, ok) => {
    if (ok) expect(() => assertMeetingNotInFuture(heldOn, today)).not.toThrow();
    else
      expect(() => assertMeetingNotInFuture(heldOn, today)).toThrow(
        expect.objectContaining({ code: "meeting_in_future", status: 400, field: "heldOn" }),
      );
  });
});

describe("attendees on the branch roll (issue 12 'Bad input')", () => {
  const roll = [
    { id: 1, name: "张三" },
    { id: 2, name: "李四" },
  ];
  it("accepts members of the roll", () => {
    expect(() => assertAttendeesOnRoll([{ memberId: 1 }, { memberId: 2 }], roll)).not.toThrow();
  });
  it("names the outsider and the field", () => {
    try {
      assertAttendeesOnRoll([{ memberId: 1 }, { memberId: 9 }], roll, new Map([[9, "王五"]]));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).message).toContain("王五");
      expect((error as DomainError).field).toBe("attendance.1.memberId");
    }
  });
});

describe("meeting input", () => {
  const base = { kind: "general_meeting", heldOn: "2026-11-01", topic: "学习", attendance: [] };
  it.each([
    [
      "absence without a reason",
      { attendance: [{ memberId: 1, status: "absent" }] },
      "attendance.0.absenceReason",
    ],
    [
      "a member twice",
      {
        attendance: [
          { memberId: 1, status: "present" },
          { memberId: 1, status: "present" },
        ],
      },
      "attendance.1.memberId",
    ],
    ["团课 without hours", { kind: "league_class" }, "classHours"],
    ["hours on a 支委会", { kind: "committee_meeting", classHours: 2 }, "classHours"],
    ["two decimals", { kind: "league_class", classHours: 1.25 }, "classHours"],
    ["a bad date", { heldOn: "2026-02-30" }, "heldOn"],
  ])("refuses %s", (_name, change, field) => {
    const result = meetingInputSchema.safeParse({ ...base, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join(".")).toBe(field);
  });
  it("accepts an absence with a reason and a 团课 with 1.5 hours", () => {
    const result = meetingInputSchema.safeParse({
      ...base,
      kind: "league_class",
      classHours: 1.5,
      attendance: [{ memberId: 1, status: "absent", absenceReason: "出差" }],
    });
    expect(result.success).toBe(true);
  });
  it("requireClassHours mirrors the rule", () => {
    expect(requireClassHours("league_class", 2)).toBe(2);
    expect(requireClassHours("theme_day", null)).toBeNull();
    expect(() => requireClassHours("league_class", null)).toThrow(DomainError);
  });
});

describe("团课 class hours per attendee (issue 12 part 1: feeding the development points scheme)", () => {
  it("sums hours of classes attended, present only", () => {
    const hours = classHoursPerAttendee([
      {
        kind: "league_class",
        classHours: 1.5,
        attendance: [
          { memberId: 1, status: "present" },
          { memberId: 2, status: "absent" },
        ],
      },
      { kind: "league_class", classHours: 2, attendance: [{ memberId: 1, status: "present" }] },
      { kind: "theme_day", classHours: null, attendance: [{ memberId: 2, status: "present" }] },
    ]);
    expect(Object.fromEntries(hours)).toEqual({ 1: 3.5 });
  });
});

describe("中学团校 ≥ 6 sessions a year (domain.md §5; Wangcang task 18)", () => {
  it.each([
    [0, 6, false],
    [5, 1, false],
    [6, 0, true],
    [9, 0, true],
  ])("%i sessions → shortfall %i, met %s", (sessions, shortfall, met) => {
    expect(leagueSchoolProgress(sessions)).toEqual({
      sessions,
      required: LEAGUE_SCHOOL_SESSIONS_PER_YEAR,
      shortfall,
      met,
    });
  });
});

describe("silent branches: no meeting for N weeks (issue 12 part 1; default 8)", () => {
  it.each([
    [null, 8, true],
    ["2026-10-11", 8, true],
    ["2026-10-12", 8, false],
    ["2026-12-01", 8, false],
    ["2026-11-20", 2, true],
  ])("last met %s, %i weeks → silent %s (today 2026-12-07)", (last, weeks, silent) => {
    expect(isSilentBranch(last, "2026-12-07", weeks)).toBe(silent);
  });
  it("cutoff is today − 7·weeks; weeks outside 1–104 refused", () => {
    expect(silentCutoff("2026-12-07")).toBe("2026-10-12");
    expect(() => silentCutoff("2026-12-07", 0)).toThrow(expect.objectContaining({ field: "weeks" }));
    expect(weeksSince("2026-10-12", "2026-12-07")).toBe(8);
    expect(weeksSince(null, "2026-12-07")).toBeNull();
  });
});

describe("organizational-life indicator formulas (issue 12 part 8)", () => {
  it.each([
    ["2026-12-06", "2026-10-01", "2026-01-01", "2026-09-06"],
    ["2026-03-31", "2026-01-01", "2026-01-01", "2025-12-31"],
    ["2026-04-01", "2026-04-01", "2026-01-01", "2026-01-01"],
  ])(
    "as of %s: quarter from %s, year from %s, active after %s",
    (asOf, quarterStart, yearStart, activeAfter) => {
      expect(organizationalLifePeriods(asOf)).toEqual({ quarterStart, yearStart, activeAfter });
    },
  );
  it.each([
    [0, 0, 0, null, null],
    [4, 9, 3, 2.3, 75],
    [3, 0, 0, 0, 0],
  ])(
    "%i branches, %i meetings, %i active → %s per branch, %s%%",
    (branches, meetingsInQuarter, active, per, rate) => {
      expect(meetingsPerBranch({ branches, meetingsInQuarter })).toBe(per);
      expect(activeBranchRate({ branches, activeBranches: active })).toBe(rate);
    },
  );
});

describe("organizational-life indicators in the catalog", () => {
  it("holds the four ids: counts without a denominator, the 3-month share a percent", () => {
    expect(findIndicator("org_life_meetings_quarter")).toMatchObject({ unit: "count", denominator: null });
    expect(findIndicator("org_life_meetings_per_branch_quarter")).toMatchObject({ unit: "count" });
    expect(findIndicator("org_life_active_branch_rate")).toMatchObject({
      unit: "percent",
      direction: "higher",
    });
    expect(findIndicator("org_life_league_class_hours")?.source).toContain("团课");
  });
});
