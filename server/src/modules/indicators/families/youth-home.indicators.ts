import { type ComputeIndicator, count, type IndicatorImplementation, ratio } from "../indicator-family";
import type { YouthHomeTally } from "../youth-home-figures.repository";

/**
 * The Youth Home figures (domain.md §7 and §9; issue 14 part 6): homes and service posts active in the
 * last quarter (count and share of those listed), activities held and checked-in participants this
 * year, approved volunteer hours per current member, survey answers this year — for any subtree and
 * as-of date. NOT counters: read from the records by one indexed statement for the whole batch
 * (youth-home-figures.repository.ts); members per subtree from the counters. No list behind them yet
 * (drillDown null).
 */

function tallied(read: (tally: YouthHomeTally) => number): IndicatorImplementation {
  const compute: ComputeIndicator = async (figures) => count(read(await figures.youthHomes()));
  return { compute, drillDown: null };
}

export const YOUTH_HOME_INDICATORS = {
  youth_homes_active_last_quarter: tallied((tally) => tally.activeHomes),
  youth_homes_active_share: {
    compute: async (figures) => {
      const tally = await figures.youthHomes();
      return ratio(tally.activeHomes, tally.listedHomes);
    },
    drillDown: null,
  },
  activities_held: tallied((tally) => tally.activities),
  activity_participants: tallied((tally) => tally.participants),
  volunteer_hours_per_member: {
    compute: async (figures) => {
      const hours = (await figures.youthHomes()).approvedHours;
      const members = await figures.currentMembers();
      return {
        value: members === 0 ? null : Math.round((hours / members) * 10) / 10,
        numerator: hours,
        denominator: members,
      };
    },
    drillDown: null,
  },
  surveys_answered: tallied((tally) => tally.surveyAnswers),
} satisfies Record<string, IndicatorImplementation>;
