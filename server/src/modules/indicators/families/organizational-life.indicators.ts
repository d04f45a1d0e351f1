import { activeBranchRate, meetingsPerBranch } from "@tuanwu/domain";
import { count, type IndicatorImplementation, NO_RESULT, ratio } from "../indicator-family";

/**
 * Organizational-life indicators (组织生活, domain.md §5; issue 12 part 8): meetings held in the as-of
 * date's quarter (in all and per branch), the share of branches with a meeting in the last 3 months,
 * and the year's 团课 person-hours. From the subtree tallies org_life_count (migration 0026,
 * org-life-count.repository.ts: meetings by month, branches by the day of their last meeting); for a
 * date with meetings after it, from the meeting records (organizational-life.repository.ts); formulas in domain
 * organizational-life-indicators.ts. No list behind them yet (drillDown null; the silent-branch
 * list GET /organizations/{id}/silent-branches names the branches).
 */
export const ORGANIZATIONAL_LIFE_INDICATORS = {
  org_life_meetings_quarter: {
    compute: async (figures) => count((await figures.organizationalLife()).meetingsInQuarter),
    drillDown: null,
  },
  org_life_meetings_per_branch_quarter: {
    compute: async (figures) => {
      const value = meetingsPerBranch(await figures.organizationalLife());
      return value === null ? NO_RESULT : count(value);
    },
    drillDown: null,
  },
  org_life_active_branch_rate: {
    compute: async (figures) => {
      const tally = await figures.organizationalLife();
      return { ...ratio(tally.activeBranches, tally.branches), value: activeBranchRate(tally) };
    },
    drillDown: null,
  },
  org_life_league_class_hours: {
    compute: async (figures) => count((await figures.organizationalLife()).leagueClassPersonHours),
    drillDown: null,
  },
} satisfies Record<string, IndicatorImplementation>;
