import { count, type IndicatorImplementation, NO_RESULT, ratio } from "../indicator-family";

/**
 * 推优入党 indicators (domain.md §5; issue 12 parts 5 and 8): recommendations approved this year, and
 * the share of members aged 18–28 holding one. NOT counters: read from party_recommendation by one
 * statement for the whole batch (party-recommendation-figures.repository.ts). No list behind them yet
 * (drillDown null; GET /organizations/{id}/party-recommendations names them).
 */
export const PARTY_RECOMMENDATION_INDICATORS = {
  party_recommendations: {
    compute: async (figures) => count(await figures.partyRecommendationsThisYear()),
    drillDown: null,
  },
  party_recommendation_share: {
    compute: async (figures) => {
      const tally = await figures.partyRecommendations();
      return tally.membersOfAge === 0 ? NO_RESULT : ratio(tally.membersOfAgeRecommended, tally.membersOfAge);
    },
    drillDown: null,
  },
} satisfies Record<string, IndicatorImplementation>;
