import { COVERAGE_SECTORS, TWO_NEW_SECTORS, topmostEntries } from "@tuanwu/domain";
import { eachOf, type IndicatorImplementation, NO_RESULT, ratio } from "../indicator-family";
import { enteredPaths } from "./entered-ratio.indicators";

/**
 * 建团率 (League coverage of units, domain.md §1, §9) of `sectors` together: the covered units under
 * the topmost eligible-unit entries of each sector / the units those entries count. Null when nothing
 * is entered. Its list: the covered units (an organization whose sector differs from its parent's).
 */
function coverage(sectors: readonly string[]): IndicatorImplementation {
  return {
    compute: async (figures) => {
      const entries = await figures.entered("eligible_units");
      let numerator = 0;
      let denominator = 0;
      let any = false;
      for (const sector of sectors) {
        for (const entry of topmostEntries(entries.filter((candidate) => candidate.key === sector))) {
          any = true;
          denominator += entry.value;
          numerator += await figures.coveredUnits(entry.organizationId, sector);
        }
      }
      return any ? ratio(numerator, denominator) : NO_RESULT;
    },
    drillDown: {
      kind: "organizations",
      filter: async ({ db, rootPath, asOf }) => {
        const coveredUnits = [];
        for (const sector of sectors) {
          coveredUnits.push({
            sector,
            underPaths: await enteredPaths(db, "eligible_units", rootPath, asOf, sector),
          });
        }
        return { coveredUnits };
      },
    },
  };
}

export const COVERAGE_INDICATORS = {
  ...eachOf(
    COVERAGE_SECTORS,
    (sector) => `coverage_rate_${sector}` as const,
    (sector) => coverage([sector]),
  ),
  coverage_rate_two_new: coverage(TWO_NEW_SECTORS),
} satisfies Record<string, IndicatorImplementation>;
