import { describe, expect, it } from "vitest";
import {
  type BatchRowFacts,
  batchRowProblems,
  daysAtStep,
  defaultSeasonSettings,
  type GraduateBatchRow,
  mobileBranchReminder,
  mobileBranchReminderOn,
  mobileBranchUntil,
  routeGraduate,
  transferSeasonInputSchema,
} from "./graduate-season";

describe("routeGraduate (domain.md §4 destination routing)", () => {
  const base = { memberId: 1 };
  it.each<[string, GraduateBatchRow, unknown]>([
    [
      "continuing study → the new school",
      { ...base, destination: "continuing_study", schoolOrganizationId: 7 },
      { kind: "transfer", toOrganizationId: 7, reason: "further_study", transferKind: "school_to_school" },
    ],
    [
      "employed with an organization → the employer's",
      { ...base, destination: "employed", employerOrganizationId: 8, townshipOrganizationId: 9 },
      {
        kind: "transfer",
        toOrganizationId: 8,
        reason: "employed_with_league_organization",
        transferKind: "school_to_society",
      },
    ],
    [
      "employed without one → the township/street",
      { ...base, destination: "employed", townshipOrganizationId: 9 },
      {
        kind: "transfer",
        toOrganizationId: 9,
        reason: "employed_without_league_organization",
        transferKind: "school_to_society",
      },
    ],
    [
      "unplaced → the residence township",
      { ...base, destination: "unplaced", residenceOrganizationId: 10, mobileBranchId: 11 },
      {
        kind: "transfer",
        toOrganizationId: 10,
        reason: "moved_residence",
        transferKind: "school_to_society",
      },
    ],
    [
      "unplaced → a mobile members' branch",
      { ...base, destination: "unplaced", mobileBranchId: 11 },
      { kind: "mobile_branch", mobileBranchId: 11 },
    ],
  ])("%s", (_name, row, route) => {
    expect(routeGraduate(row)).toEqual({ ok: true, route });
  });

  it.each<[GraduateBatchRow, string]>([
    [{ ...base, destination: "continuing_study", employerOrganizationId: 3 }, "schoolOrganizationId"],
    [{ ...base, destination: "employed" }, "employerOrganizationId"],
    [{ ...base, destination: "unplaced", schoolOrganizationId: 3 }, "residenceOrganizationId"],
  ])("refuses a row naming none of its destination's organizations: %o", (row, field) => {
    expect(routeGraduate(row)).toMatchObject({ ok: false, field });
  });
});

describe("batchRowProblems (the whole batch refused, naming each row)", () => {
  const good: BatchRowFacts = {
    member: { name: "张三", status: "active", inClass: true, hasOpenTransfer: false, hasOpenFlow: false },
    destination: { ok: true },
  };
  const row = (memberId: number): GraduateBatchRow => ({
    memberId,
    destination: "continuing_study",
    schoolOrganizationId: 50,
  });

  it("finds nothing in a good batch", () => {
    expect(batchRowProblems([row(1), row(2)], () => good)).toEqual([]);
  });

  it("names every bad row at once", () => {
    const facts: Record<number, BatchRowFacts> = {
      1: good,
      2: { ...good, member: { ...good.member!, name: "李四", inClass: false } },
      3: { ...good, member: null },
      4: {
        ...good,
        member: { ...good.member!, name: "王五", status: "transferring", hasOpenTransfer: true },
      },
      5: { ...good, destination: { ok: false, message: "转入组织：不能是团员所在团支部" } },
    };
    const problems = batchRowProblems([row(1), row(2), row(3), row(4), row(5), row(1)], (each) => {
      const found = facts[each.memberId];
      if (!found) throw new Error("no facts");
      return found;
    });
    expect(problems.map((problem) => problem.message)).toEqual([
      "第2行（李四）：不是本班（团支部）的毕业生",
      "第3行：团员（编号3）不存在或不在您的管理范围内",
      "第4行（王五）：状态为“转接中”，只有正常状态的团员可以转接",
      "第4行（王五）：已有办理中的组织关系转接",
      "第5行（张三）：转入组织：不能是团员所在团支部",
      "第6行（张三）：同一团员重复出现",
    ]);
    expect(problems.map((problem) => problem.field)).toEqual([
      "rows.1.memberId",
      "rows.2.memberId",
      "rows.3.memberId",
      "rows.3.memberId",
      "rows.4.schoolOrganizationId",
      "rows.5.memberId",
    ]);
  });

  it("reports a row without a destination organization", () => {
    const problems = batchRowProblems([{ memberId: 1, destination: "employed" }], () => good);
    expect(problems).toEqual([
      {
        index: 0,
        field: "rows.0.employerOrganizationId",
        message: "第1行（张三）：就业：须指定用人单位团组织，单位未建团组织的指定所在乡镇（街道）团组织",
      },
    ]);
  });
});

describe("season settings", () => {
  it("defaults to 31 Aug / 30 Sep / 31 Oct and 6 months", () => {
    expect(defaultSeasonSettings(2026)).toEqual({
      year: 2026,
      initiatedBy: "2026-08-31",
      approvedBy: "2026-09-30",
      completedBy: "2026-10-31",
      mobileBranchMonths: 6,
    });
  });

  it.each<[Record<string, unknown>, string | null]>([
    [
      {
        initiatedBy: "2026-08-31",
        approvedBy: "2026-09-30",
        completedBy: "2026-10-31",
        mobileBranchMonths: 12,
      },
      null,
    ],
    [
      {
        initiatedBy: "2026-08-31",
        approvedBy: "2026-08-30",
        completedBy: "2026-10-31",
        mobileBranchMonths: 6,
      },
      "approvedBy",
    ],
    [
      {
        initiatedBy: "2026-08-31",
        approvedBy: "2026-09-30",
        completedBy: "2026-09-01",
        mobileBranchMonths: 6,
      },
      "completedBy",
    ],
    [
      {
        initiatedBy: "2020-08-31",
        approvedBy: "2026-09-30",
        completedBy: "2026-10-31",
        mobileBranchMonths: 6,
      },
      "initiatedBy",
    ],
    [
      {
        initiatedBy: "2026-08-31",
        approvedBy: "2026-09-30",
        completedBy: "2026-10-31",
        mobileBranchMonths: 13,
      },
      "mobileBranchMonths",
    ],
    [
      {
        initiatedBy: "2026-08-31",
        approvedBy: "2026-09-30",
        completedBy: "2026-10-31",
        mobileBranchMonths: 5,
      },
      "mobileBranchMonths",
    ],
  ])("validates %o → %s", (input, field) => {
    const parsed = transferSeasonInputSchema(2026).safeParse(input);
    expect(parsed.success).toBe(field === null);
    if (!parsed.success) expect(parsed.error.issues[0]?.path.join(".")).toBe(field);
  });
});

describe("mobile members' branch stay (6–12 months, a reminder 30 days before)", () => {
  it.each([
    ["2026-07-01", 6, "2027-01-01", "2026-12-02"],
    ["2026-08-31", 6, "2027-02-28", "2027-01-29"],
    ["2026-07-01", 12, "2027-07-01", "2027-06-01"],
  ])("%s + %i months → until %s, reminder from %s", (since, months, until, reminder) => {
    expect(mobileBranchUntil(since, months)).toBe(until);
    expect(mobileBranchReminderOn(until)).toBe(reminder);
  });

  it("refuses a stay outside 6–12 months", () => {
    expect(() => mobileBranchUntil("2026-07-01", 5)).toThrow(RangeError);
    expect(() => mobileBranchUntil("2026-07-01", 13)).toThrow(RangeError);
  });

  it.each<[string | null, string, string]>([
    [null, "2027-01-01", "none"],
    ["2027-01-01", "2026-12-01", "none"],
    ["2027-01-01", "2026-12-02", "due"],
    ["2027-01-01", "2026-12-31", "due"],
    ["2027-01-01", "2027-01-01", "expired"],
  ])("until %s on %s → %s", (until, today, state) => {
    expect(mobileBranchReminder(until, today)).toBe(state);
  });

  it("counts days at a step", () => {
    expect(daysAtStep("2026-09-01", "2026-09-01")).toBe(0);
    expect(daysAtStep("2026-09-01", "2026-10-11")).toBe(40);
  });
});
