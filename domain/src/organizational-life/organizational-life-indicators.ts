import { addMonths } from "../dates/iso-date";
import { percentOf } from "../indicators/indicator-rules";

/**
 * The organizational-life indicators (组织生活, domain.md §5; issue 12 part 8): the periods they count
 * over and their formulas, from a subtree's tally of meeting records. Pure.
 */

/** A subtree's meeting tally as of a date. */
export interface OrganizationalLifeTally {
  /** Branches (团支部, 团总支) of the subtree. */
  branches: number;
  /** Meetings held from the quarter's first day to the as-of date. */
  meetingsInQuarter: number;
  /** Branches with a meeting in the last 3 months (after {@link organizationalLifePeriods}.activeAfter). */
  activeBranches: number;
  /** Σ class hours × members present over the year's 团课 up to the as-of date. */
  leagueClassPersonHours: number;
}

/** The periods of the tally as of `asOf` ("YYYY-MM-DD"): the quarter's first day, the year's, and 3 months back (exclusive). */
export function organizationalLifePeriods(asOf: string): {
  quarterStart: string;
  yearStart: string;
  activeAfter: string;
} {
  const year = asOf.slice(0, 4);
  const month = Number(asOf.slice(5, 7));
  const quarterMonth = Math.floor((month - 1) / 3) * 3 + 1;
  return {
    quarterStart: `${year}-${String(quarterMonth).padStart(2, "0")}-01`,
    yearStart: `${year}-01-01`,
    activeAfter: addMonths(asOf, -3),
  };
}

/** Meetings per branch in the quarter, one decimal; null without branches. */
export function meetingsPerBranch(
  tally: Pick<OrganizationalLifeTally, "branches" | "meetingsInQuarter">,
): number | null {
  if (tally.branches === 0) return null;
  return Math.round((tally.meetingsInQuarter / tally.branches) * 10) / 10;
}

/** Share of branches with organizational life in the last 3 months, percent one decimal; null without branches. */
export function activeBranchRate(
  tally: Pick<OrganizationalLifeTally, "branches" | "activeBranches">,
): number | null {
  return percentOf(tally.activeBranches, tally.branches);
}
