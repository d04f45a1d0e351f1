import { percentOf } from "../indicators/indicator-rules";
import type { TransferKind, TransferReason } from "./transfer-workflow";

/**
 * The graduation season's transfer rates (domain.md §4; issue 11 part 7): 学社衔接率, 升学衔接率,
 * 转接率, the on-time share and the median days to complete, over the season's graduates of a subtree.
 *
 * Who counts: a member with a transfer of season year Y (member_transfer.season_year, set by the
 * class batch) sent from a branch of the subtree — once, by their LATEST transfer of the season (a
 * returned application started again counts by the new one; one returned and never restarted counts
 * as not landed). "Landed" = the transfer was completed (completed_on set: accepted in tuanwu, or
 * closed as transferred out with an introduction letter). A graduate routed to a mobile members'
 * branch (member_flow, no transfer) is not counted.
 *
 * The server computes the {@link SeasonTransferTally} in ONE SQL statement (the transfer rows are not
 * in the subtree counters); {@link tallySeasonTransfers} is the same rule over rows, the reference the
 * server's test compares its SQL against.
 */

/** One graduate's latest transfer of the season, as the rates read it. */
export interface SeasonTransferFacts {
  memberId: number;
  /** member_transfer.id: the latest (highest) of a member's season counts. */
  transferId: number;
  kind: TransferKind;
  reason: TransferReason;
  startedOn: string;
  /** "YYYY-MM-DD" when landed (completed or transferred out); null while open or when it ended otherwise. */
  completedOn: string | null;
  /** Whether it is still open (not completed, returned, withdrawn). */
  open: boolean;
}

/** What the season's rates are computed from (every count is of members, once each). */
export interface SeasonTransferTally {
  /** Graduates going on to study (升学衔接, kind school_to_school). */
  studyGraduates: number;
  /** … of them landed in the new school's organization. */
  studyLanded: number;
  /** Graduates not going on to study (学社衔接, kind school_to_society): employed or unplaced. */
  societyGraduates: number;
  /** … of them landed (workplace, township/street or residence organization, or transferred out). */
  societyLanded: number;
  /** … of them landed in an employer's League organization (reason employed_with_league_organization). */
  employerLanded: number;
  /** Landed graduates, both kinds. */
  landed: number;
  /** … landed on or before the season's completion deadline (completedBy). */
  landedOnTime: number;
  /** Graduates whose transfer is still open after the completion deadline (late already). */
  openPastDeadline: number;
  /** Median of completedOn − startedOn over landed graduates, in days; null when none landed. */
  medianDaysToComplete: number | null;
}

/** The season's rates: percents 0–100 with one decimal (null without a denominator), days. */
export interface SeasonTransferRates {
  /** 学社衔接率 = societyLanded / societyGraduates (target ≥ 99%, Wangcang plan task 20). */
  schoolToSocietyRate: number | null;
  /** 升学衔接率 = studyLanded / studyGraduates (Taiyuan 99.9%). */
  schoolToSchoolRate: number | null;
  /** 转接率 = employerLanded / societyGraduates (domain.md §4). */
  employerTransferRate: number | null;
  /** On-time share = landedOnTime / (landed + openPastDeadline). */
  onTimeShare: number | null;
  /** Median days from start to completion. */
  medianDaysToComplete: number | null;
}

/** The median of `values` (the mean of the two middle ones for an even count); null when empty. */
export function medianOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Whole days from `from` to `to` (both "YYYY-MM-DD"). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Tallies the season's transfers (see the module's rule): each member once by their latest transfer,
 * of kind school_to_school or school_to_society (other kinds are not graduates' and are ignored).
 * `completedBy` is the season's completion deadline, `today` the date the tally is of.
 */
export function tallySeasonTransfers(
  transfers: readonly SeasonTransferFacts[],
  completedBy: string,
  today: string,
): SeasonTransferTally {
  const latest = new Map<number, SeasonTransferFacts>();
  for (const transfer of transfers) {
    if (transfer.kind !== "school_to_school" && transfer.kind !== "school_to_society") continue;
    const seen = latest.get(transfer.memberId);
    if (!seen || seen.transferId < transfer.transferId) latest.set(transfer.memberId, transfer);
  }
  const tally: SeasonTransferTally = {
    studyGraduates: 0,
    studyLanded: 0,
    societyGraduates: 0,
    societyLanded: 0,
    employerLanded: 0,
    landed: 0,
    landedOnTime: 0,
    openPastDeadline: 0,
    medianDaysToComplete: null,
  };
  const days: number[] = [];
  for (const transfer of latest.values()) {
    const landed = transfer.completedOn !== null;
    if (transfer.kind === "school_to_school") {
      tally.studyGraduates += 1;
      if (landed) tally.studyLanded += 1;
    } else {
      tally.societyGraduates += 1;
      if (landed) tally.societyLanded += 1;
      if (landed && transfer.reason === "employed_with_league_organization") tally.employerLanded += 1;
    }
    if (transfer.completedOn !== null) {
      tally.landed += 1;
      if (transfer.completedOn <= completedBy) tally.landedOnTime += 1;
      days.push(daysBetween(transfer.startedOn, transfer.completedOn));
    } else if (transfer.open && today > completedBy) {
      tally.openPastDeadline += 1;
    }
  }
  tally.medianDaysToComplete = medianOf(days);
  return tally;
}

/** The season's rates from its tally (percentOf: one decimal; null without a denominator). */
export function seasonTransferRates(tally: SeasonTransferTally): SeasonTransferRates {
  return {
    schoolToSocietyRate: percentOf(tally.societyLanded, tally.societyGraduates),
    schoolToSchoolRate: percentOf(tally.studyLanded, tally.studyGraduates),
    employerTransferRate: percentOf(tally.employerLanded, tally.societyGraduates),
    onTimeShare: percentOf(tally.landedOnTime, tally.landed + tally.openPastDeadline),
    medianDaysToComplete: tally.medianDaysToComplete,
  };
}
