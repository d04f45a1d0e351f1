import { type SeasonTransferRates, type SeasonTransferTally, seasonTransferRates } from "@tuanwu/domain";
import {
  type ComputeIndicator,
  count,
  type IndicatorImplementation,
  NO_RESULT,
  ratio,
} from "../indicator-family";

/**
 * The graduation season's transfer rates (组织关系转接, domain.md §4; issue 11 part 7): 学社衔接率
 * (≥ 99%, Wangcang task 20), 升学衔接率, 转接率, on-time share and median days to complete, of the
 * graduates sent from the subtree in the as-of date's year. NOT counters: read from member_transfer
 * by one indexed statement for the whole batch (transfer-rates.repository.ts), formulas in domain
 * transfer-rates.ts. No list behind them yet (drillDown null).
 */

type Part = {
  numerator: (tally: SeasonTransferTally) => number;
  denominator: (tally: SeasonTransferTally) => number;
};

/** A percent of the season's tally, with the rate computed by the domain (same rounding). */
function seasonRate(rate: keyof SeasonTransferRates, part: Part): IndicatorImplementation {
  const compute: ComputeIndicator = async (figures) => {
    const tally = await figures.seasonTransfers();
    const value = seasonTransferRates(tally)[rate];
    return { ...ratio(part.numerator(tally), part.denominator(tally)), value };
  };
  return { compute, drillDown: null };
}

export const TRANSFER_RATE_INDICATORS = {
  transfer_school_to_society_rate: seasonRate("schoolToSocietyRate", {
    numerator: (t) => t.societyLanded,
    denominator: (t) => t.societyGraduates,
  }),
  transfer_school_to_school_rate: seasonRate("schoolToSchoolRate", {
    numerator: (t) => t.studyLanded,
    denominator: (t) => t.studyGraduates,
  }),
  transfer_employer_rate: seasonRate("employerTransferRate", {
    numerator: (t) => t.employerLanded,
    denominator: (t) => t.societyGraduates,
  }),
  transfer_on_time_share: seasonRate("onTimeShare", {
    numerator: (t) => t.landedOnTime,
    denominator: (t) => t.landed + t.openPastDeadline,
  }),
  transfer_median_days: {
    compute: async (figures) => {
      const days = (await figures.seasonTransfers()).medianDaysToComplete;
      return days === null ? NO_RESULT : count(days);
    },
    drillDown: null,
  },
} satisfies Record<string, IndicatorImplementation>;
