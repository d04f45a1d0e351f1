import { describe, expect, it } from "vitest";
import {
  arrearsMonths,
  DEFAULT_DUES_SCHEDULE,
  type DuesScheduleRow,
  duesCollectionRate,
  duesPaymentProblem,
  duesScheduleProblems,
  expectedMonthlyDues,
  monthsBetween,
  parseDuesMonth,
} from "./dues-schedule";

// Source: domain.md §5 (students and the unemployed 0.2 yuan a month; wage earners by an income
// schedule kept as data); issue 12 part 4 and "bad input".

describe("expectedMonthlyDues on the default schedule", () => {
  it.each([
    [{ category: "student" as const }, 0.2],
    [{ category: "unemployed" as const }, 0.2],
    [{ category: "wage_earner" as const, monthlyIncomeYuan: 2500 }, 0.5],
    [{ category: "wage_earner" as const, monthlyIncomeYuan: 3000 }, 0.5],
    [{ category: "wage_earner" as const, monthlyIncomeYuan: 4000 }, 1],
    [{ category: "wage_earner" as const, monthlyIncomeYuan: 8000 }, 2],
    [{ category: "wage_earner" as const, monthlyIncomeYuan: 20000 }, 3],
    [{ category: "wage_earner" as const }, null],
  ])("%o → %s yuan", (basis, expected) => {
    expect(expectedMonthlyDues(DEFAULT_DUES_SCHEDULE, basis, "2026-03-01")).toBe(expected);
  });

  it("takes the latest row in effect for the month", () => {
    const schedule: DuesScheduleRow[] = [
      ...DEFAULT_DUES_SCHEDULE,
      {
        category: "student",
        incomeMinYuan: 0,
        incomeMaxYuan: null,
        monthlyYuan: 0.5,
        effectiveFrom: "2026-07-01",
      },
    ];
    expect(expectedMonthlyDues(schedule, { category: "student" }, "2026-06-01")).toBe(0.2);
    expect(expectedMonthlyDues(schedule, { category: "student" }, "2026-07-01")).toBe(0.5);
  });
});

describe("duesScheduleProblems", () => {
  it("accepts the default schedule", () => {
    expect(duesScheduleProblems(DEFAULT_DUES_SCHEDULE)).toEqual([]);
  });
  it.each([
    [{ monthlyYuan: -1 }, "monthlyYuan"],
    [{ monthlyYuan: 0.123 }, "monthlyYuan"],
    [{ incomeMinYuan: 5000, incomeMaxYuan: 1000 }, "incomeMaxYuan"],
    [{ category: "student" as const, incomeMaxYuan: 100 }, "incomeMinYuan"],
  ])("refuses %o naming %s", (patch, field) => {
    const row: DuesScheduleRow = {
      category: "wage_earner",
      incomeMinYuan: 0,
      incomeMaxYuan: null,
      monthlyYuan: 1,
      effectiveFrom: "2026-01-01",
      ...patch,
    };
    const [problem] = duesScheduleProblems([row]);
    expect(problem?.field).toBe(field);
    expect(problem?.message).toContain("第1行");
  });
  it("refuses overlapping bands of one category and date", () => {
    const base = { category: "wage_earner" as const, monthlyYuan: 1, effectiveFrom: "2026-01-01" };
    const problems = duesScheduleProblems([
      { ...base, incomeMinYuan: 0, incomeMaxYuan: 3000 },
      { ...base, incomeMinYuan: 2000, incomeMaxYuan: null },
    ]);
    expect(problems).toEqual([{ row: 1, field: "incomeMinYuan", message: expect.stringContaining("第1行") }]);
  });
});

describe("duesPaymentProblem", () => {
  it.each([
    [{ amountYuan: 0.2, expectedYuan: 0.2 }, null],
    [{ amountYuan: 0.1 + 0.1, expectedYuan: 0.2 }, null],
    [{ amountYuan: 1, expectedYuan: 0.2, deviationReason: "自愿多交" }, null],
    [{ amountYuan: 1, expectedYuan: 0.2 }, "deviationReason"],
    [{ amountYuan: 1, expectedYuan: 0.2, deviationReason: "  " }, "deviationReason"],
    [{ amountYuan: 1, expectedYuan: null }, "deviationReason"],
    [{ amountYuan: -0.2, expectedYuan: 0.2, deviationReason: "x" }, "amountYuan"],
    [{ amountYuan: 0.205, expectedYuan: 0.2, deviationReason: "x" }, "amountYuan"],
  ])("%o → %s", (payment, field) => {
    expect(duesPaymentProblem(payment)?.field ?? null).toBe(field);
  });
});

describe("months, arrears and the collection rate", () => {
  it("parses months", () => {
    expect(parseDuesMonth("2026-03")).toBe("2026-03-01");
    expect(parseDuesMonth("2026-03-01")).toBe("2026-03-01");
    expect(parseDuesMonth("2026-13")).toBeNull();
    expect(parseDuesMonth("2026-03-15")).toBeNull();
  });
  it("lists months across a year end", () => {
    expect(monthsBetween("2025-11-20", "2026-02-01")).toEqual([
      "2025-11-01",
      "2025-12-01",
      "2026-01-01",
      "2026-02-01",
    ]);
    expect(monthsBetween("2026-03-01", "2026-02-01")).toEqual([]);
  });
  it("arrears are the unpaid months", () => {
    expect(arrearsMonths("2026-01-01", "2026-04-01", ["2026-01-01", "2026-03-01"])).toEqual([
      "2026-02-01",
      "2026-04-01",
    ]);
  });
  it.each([
    [9, 10, 90],
    [2, 3, 66.7],
    [0, 0, null],
    [12, 10, 100],
  ])("%i paid of %i expected → %s%%", (paid, expected, rate) => {
    expect(duesCollectionRate(paid, expected)).toBe(rate);
  });
});
