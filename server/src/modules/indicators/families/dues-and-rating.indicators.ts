import { duesCollectionRate } from "@tuanwu/domain";
import { count, type IndicatorImplementation, NO_RESULT, ratio } from "../indicator-family";

/**
 * Dues collection rate and the star distribution (团费收缴率, 五星级占比, 软弱涣散支部数; issue 12
 * part 8). From the subtree tallies org_life_count (migration 0026, org-life-count.repository.ts:
 * members by joined month, paid member-months by month, ratings by year and stars; same figures as the
 * record read dues-and-rating.repository.ts); the rate's formula is domain duesCollectionRate. No list behind
 * them yet (drillDown null; GET /organizations/{id}/dues/arrears and …/star-ratings name them).
 */
export const DUES_AND_RATING_INDICATORS = {
  dues_collection_rate: {
    compute: async (figures) => {
      const tally = await figures.duesAndRating();
      const value = duesCollectionRate(tally.paidMemberMonths, tally.expectedMemberMonths);
      return value === null
        ? NO_RESULT
        : { ...ratio(tally.paidMemberMonths, tally.expectedMemberMonths), value };
    },
    drillDown: null,
  },
  star_five_star_share: {
    compute: async (figures) => {
      const tally = await figures.duesAndRating();
      return tally.ratedBranches === 0 ? NO_RESULT : ratio(tally.fiveStar, tally.ratedBranches);
    },
    drillDown: null,
  },
  star_weak_branch_count: {
    compute: async (figures) => count((await figures.duesAndRating()).weak),
    drillDown: null,
  },
} satisfies Record<string, IndicatorImplementation>;
