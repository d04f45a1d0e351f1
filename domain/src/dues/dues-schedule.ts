/**
 * 团费 — League dues as data (domain.md §5; issue 12 part 4): the schedule of monthly amounts by
 * category and income band, the amount expected of a member for a month, the check of a recorded
 * payment against it, arrears months and the collection rate. Recording only, no payment processing.
 */

/** Dues categories (团费类别): 学生, 无业/失业, 有工资收入, 其他. */
export const DUES_CATEGORIES = ["student", "unemployed", "wage_earner", "other"] as const;
/** One of {@link DUES_CATEGORIES}. */
export type DuesCategory = (typeof DUES_CATEGORIES)[number];

/** Chinese labels of the categories, for messages and the import's 类别 column. */
export const DUES_CATEGORY_LABELS: Record<DuesCategory, string> = {
  student: "学生",
  unemployed: "无业",
  wage_earner: "有工资收入",
  other: "其他",
};

/**
 * One row of a dues schedule: members of `category` whose monthly income (yuan, after tax) lies in
 * [incomeMinYuan, incomeMaxYuan] (max null = no upper bound; only wage earners use bands) pay
 * `monthlyYuan` a month, from `effectiveFrom` (YYYY-MM-DD) on.
 */
export interface DuesScheduleRow {
  category: DuesCategory;
  incomeMinYuan: number;
  incomeMaxYuan: number | null;
  monthlyYuan: number;
  effectiveFrom: string;
}

/**
 * The default schedule, used where no organization on the path has its own. Students and the
 * unemployed pay 0.2 yuan a month (domain.md §5). The wage-earner bands and amounts below are a
 * placeholder default (≤ 3,000 yuan: 0.5; ≤ 5,000: 1; ≤ 10,000: 2; above: 3) — published provincial
 * schedules differ (some take a share of the income) and no authoritative national table was found;
 * an administrator replaces them with the province's via PUT /organizations/{id}/dues-schedule.
 */
export const DEFAULT_DUES_SCHEDULE: readonly DuesScheduleRow[] = [
  {
    category: "student",
    incomeMinYuan: 0,
    incomeMaxYuan: null,
    monthlyYuan: 0.2,
    effectiveFrom: "2000-01-01",
  },
  {
    category: "unemployed",
    incomeMinYuan: 0,
    incomeMaxYuan: null,
    monthlyYuan: 0.2,
    effectiveFrom: "2000-01-01",
  },
  {
    category: "wage_earner",
    incomeMinYuan: 0,
    incomeMaxYuan: 3000,
    monthlyYuan: 0.5,
    effectiveFrom: "2000-01-01",
  },
  {
    category: "wage_earner",
    incomeMinYuan: 3000.01,
    incomeMaxYuan: 5000,
    monthlyYuan: 1,
    effectiveFrom: "2000-01-01",
  },
  {
    category: "wage_earner",
    incomeMinYuan: 5000.01,
    incomeMaxYuan: 10000,
    monthlyYuan: 2,
    effectiveFrom: "2000-01-01",
  },
  {
    category: "wage_earner",
    incomeMinYuan: 10000.01,
    incomeMaxYuan: null,
    monthlyYuan: 3,
    effectiveFrom: "2000-01-01",
  },
  { category: "other", incomeMinYuan: 0, incomeMaxYuan: null, monthlyYuan: 0.2, effectiveFrom: "2000-01-01" },
];

/** A problem found in a schedule or a payment row: which row (0-based), which field, the Chinese message. */
export interface DuesRowProblem {
  row: number;
  field: string;
  message: string;
}

/** Yuan to fen (integer cents), so that comparisons never meet floating-point noise. */
export function yuanToFen(yuan: number): number {
  return Math.round(yuan * 100);
}

/** A money amount in yuan: finite, ≥ 0, at most 2 decimals. */
export function isYuanAmount(yuan: number): boolean {
  return Number.isFinite(yuan) && yuan >= 0 && Math.abs(yuan * 100 - Math.round(yuan * 100)) < 1e-6;
}

/**
 * The problems of a schedule an administrator submits (empty = valid): amounts ≥ 0 with at most 2
 * decimals, min ≤ max, and within one category and effective date no two bands overlapping.
 */
export function duesScheduleProblems(rows: readonly DuesScheduleRow[]): DuesRowProblem[] {
  const problems: DuesRowProblem[] = [];
  rows.forEach((row, index) => {
    const label = `第${index + 1}行`;
    if (!isYuanAmount(row.monthlyYuan))
      problems.push({
        row: index,
        field: "monthlyYuan",
        message: `团费标准${label}：月缴金额须为不小于0、最多两位小数的数`,
      });
    if (row.incomeMaxYuan !== null && row.incomeMaxYuan < row.incomeMinYuan)
      problems.push({
        row: index,
        field: "incomeMaxYuan",
        message: `团费标准${label}：收入上限不能低于下限`,
      });
    if (row.category !== "wage_earner" && (row.incomeMinYuan !== 0 || row.incomeMaxYuan !== null))
      problems.push({
        row: index,
        field: "incomeMinYuan",
        message: `团费标准${label}：只有“有工资收入”类别按收入分档`,
      });
    rows.forEach((other, j) => {
      if (j >= index || other.category !== row.category || other.effectiveFrom !== row.effectiveFrom) return;
      const overlaps =
        (row.incomeMaxYuan === null || other.incomeMinYuan <= row.incomeMaxYuan) &&
        (other.incomeMaxYuan === null || row.incomeMinYuan <= other.incomeMaxYuan);
      if (overlaps)
        problems.push({
          row: index,
          field: "incomeMinYuan",
          message: `团费标准${label}：与第${j + 1}行的收入档重叠`,
        });
    });
  });
  return problems;
}

/** What decides a member's monthly dues: the category and, for wage earners, the monthly income (yuan). */
export interface DuesBasis {
  category: DuesCategory;
  monthlyIncomeYuan?: number | null;
}

/**
 * The amount (yuan) a member owes for `month` (YYYY-MM-01) under `schedule`: among the rows of the
 * basis' category whose band holds the income (non-wage categories ignore income) and whose
 * effectiveFrom ≤ month, the one with the latest effectiveFrom. Null when no row applies (a wage
 * earner without an income, or a schedule with no such row).
 */
export function expectedMonthlyDues(
  schedule: readonly DuesScheduleRow[],
  basis: DuesBasis,
  month: string,
): number | null {
  const income = basis.monthlyIncomeYuan ?? null;
  let best: DuesScheduleRow | null = null;
  for (const row of schedule) {
    if (row.category !== basis.category || row.effectiveFrom > month) continue;
    if (basis.category === "wage_earner") {
      if (income === null) continue;
      if (income < row.incomeMinYuan || (row.incomeMaxYuan !== null && income > row.incomeMaxYuan)) continue;
    }
    if (!best || row.effectiveFrom > best.effectiveFrom) best = row;
  }
  return best ? best.monthlyYuan : null;
}

/**
 * Why a recorded payment is refused, or null: an amount that does not match the schedule needs a
 * deviation reason (issue 12 "bad input": a dues amount that does not match the schedule without a
 * reason); an amount must be ≥ 0 with at most 2 decimals. `expectedYuan` null (no schedule row) also
 * needs a reason.
 */
export function duesPaymentProblem(payment: {
  amountYuan: number;
  expectedYuan: number | null;
  deviationReason?: string | null;
}): { field: string; message: string } | null {
  if (!isYuanAmount(payment.amountYuan))
    return { field: "amountYuan", message: "金额须为不小于0、最多两位小数的数" };
  const matches =
    payment.expectedYuan !== null && yuanToFen(payment.amountYuan) === yuanToFen(payment.expectedYuan);
  if (matches || (payment.deviationReason ?? "").trim() !== "") return null;
  return payment.expectedYuan === null
    ? { field: "deviationReason", message: "团费标准中没有适用的档次，须填写说明" }
    : {
        field: "deviationReason",
        message: `金额${payment.amountYuan}元与团费标准${payment.expectedYuan}元不符，须填写原因`,
      };
}

/** "2026-03" or "2026-03-01" → "2026-03-01"; null when not a month. */
export function parseDuesMonth(text: string): string | null {
  const match = /^(\d{4})-(0[1-9]|1[0-2])(?:-01)?$/.exec(text.trim());
  return match ? `${match[1]}-${match[2]}-01` : null;
}

/** The months (YYYY-MM-01) from `from` to `to` inclusive, both given as any date within their month. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const endKey = Number(to.slice(0, 4)) * 12 + Number(to.slice(5, 7));
  while (year * 12 + month <= endKey) {
    months.push(`${year}-${String(month).padStart(2, "0")}-01`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

/**
 * A member's arrears 欠缴月份: the months from the later of `since` (joined, or the start of the
 * period looked at) to `through` (the last month due, usually last month) with no payment.
 * Arrears never end membership by themselves (domain.md §5).
 */
export function arrearsMonths(since: string, through: string, paidMonths: Iterable<string>): string[] {
  const paid = new Set([...paidMonths].map((m) => `${m.slice(0, 7)}-01`));
  return monthsBetween(since, through).filter((month) => !paid.has(month));
}

/**
 * 团费收缴率 — paid member-months / expected member-months as a percent with one decimal; null when
 * nothing was expected (issue 12 part 8).
 */
export function duesCollectionRate(paidMemberMonths: number, expectedMemberMonths: number): number | null {
  if (expectedMemberMonths <= 0) return null;
  return Math.round((Math.min(paidMemberMonths, expectedMemberMonths) / expectedMemberMonths) * 1000) / 10;
}
