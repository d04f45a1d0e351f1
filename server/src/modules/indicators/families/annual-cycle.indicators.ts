import type { AnnualCycleTally } from "../annual-cycle-figures.repository";
import { type IndicatorImplementation, NO_RESULT, ratio } from "../indicator-family";

/**
 * Annual-cycle indicators (domain.md §5 团籍注册 and 团员教育评议; issue 12 part 8), each over the
 * latest campaign of its kind at, above or under the subtree (annual-cycle-figures.repository.ts, one
 * statement per batch; NOT counters): 团籍注册率 = registered / current members due to register;
 * 教育评议完成率 = branches whose review was approved / branches in the campaign; the grade
 * distribution = each grade's share of the members graded in approved reviews. Percent; null without
 * a campaign (or nobody under it). No list behind them yet (drillDown null).
 */
function gradeShare(grade: (tally: AnnualCycleTally) => number): IndicatorImplementation {
  return {
    compute: async (figures) => {
      const tally = await figures.annualCycle();
      const graded = tally.excellent + tally.qualified + tally.basicallyQualified + tally.unqualified;
      return graded === 0 ? NO_RESULT : ratio(grade(tally), graded);
    },
    drillDown: null,
  };
}

export const ANNUAL_CYCLE_INDICATORS = {
  registration_rate: {
    compute: async (figures) => {
      const tally = await figures.annualCycle();
      return tally.dueToRegister === 0 ? NO_RESULT : ratio(tally.registered, tally.dueToRegister);
    },
    drillDown: null,
  },
  review_completion_rate: {
    compute: async (figures) => {
      const tally = await figures.annualCycle();
      return tally.reviewBranches === 0 ? NO_RESULT : ratio(tally.reviewsApproved, tally.reviewBranches);
    },
    drillDown: null,
  },
  review_grade_excellent_share: gradeShare((tally) => tally.excellent),
  review_grade_qualified_share: gradeShare((tally) => tally.qualified),
  review_grade_basically_qualified_share: gradeShare((tally) => tally.basicallyQualified),
  review_grade_unqualified_share: gradeShare((tally) => tally.unqualified),
} satisfies Record<string, IndicatorImplementation>;
