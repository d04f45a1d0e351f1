import {
  CAPPED_GRADUATING_LEVELS,
  type CappedGraduatingLevel,
  CURRENT_MEMBER_STATUSES,
  type EnteredMembers,
  SCHOOL_LEVELS,
  schoolLeagueRatios,
  schoolYearOf,
  topmostEntries,
} from "@tuanwu/domain";
import type { Executor } from "../../../db/database";
import {
  type ComputeIndicator,
  eachOf,
  type IndicatorDrillDown,
  type IndicatorImplementation,
  type IndicatorResult,
  NO_RESULT,
  ratio,
} from "../indicator-family";
import type { EnteredTable, SubtreeFigures } from "../indicator-figures";
import { type EnteredFigure, findEnteredFigures } from "../indicator-records.repository";

/**
 * Ratios over entered data (填报数据, domain.md §3): 团青比 (members / youth population) and 团学比
 * (members / students, all levels or one), with the entries of asOf's year (school year for
 * students); the topmost entries of the subtree count, so nothing counts twice.
 */

/**
 * Paths of the topmost organizations that entered `table` data (of `key` when given) in the subtree
 * of `rootPath`, for asOf's year (school year for school_enrollment).
 */
export async function enteredPaths(
  db: Executor,
  table: EnteredTable,
  rootPath: string,
  asOf: string,
  key?: string,
): Promise<string[]> {
  const year = table === "school_enrollment" ? schoolYearOf(asOf) : Number(asOf.slice(0, 4));
  const entries = (await findEnteredFigures(db, table, rootPath, year)).filter(
    (entry) => key === undefined || entry.key === key,
  );
  return [...new Set(topmostEntries(entries).map((entry) => entry.path))];
}

/**
 * A ratio over entered data: the topmost entries of the subtree (domain topmostEntries); denominator =
 * their sum, numerator = current members of the subtrees of the organizations that made them. Null
 * when nothing is entered.
 */
async function enteredRatio(
  figures: SubtreeFigures,
  entries: readonly EnteredFigure[],
): Promise<IndicatorResult> {
  const topmost = topmostEntries(entries);
  if (topmost.length === 0) return NO_RESULT;
  const denominator = topmost.reduce((sum, entry) => sum + entry.value, 0);
  const organizations = [...new Set(topmost.map((entry) => entry.organizationId))];
  let numerator = 0;
  for (const id of organizations) numerator += await figures.membersOfEntered(id);
  return ratio(numerator, denominator);
}

/** The ratio of current members to the `table` entries (of `key` when given). */
function enteredRatioOf(table: EnteredTable, key?: string): ComputeIndicator {
  return async (figures) => {
    const entries = await figures.entered(table);
    return enteredRatio(figures, key === undefined ? entries : entries.filter((entry) => entry.key === key));
  };
}

/** The numerator's list: current members under the organizations whose entries count. */
function membersUnderEntries(table: EnteredTable, key?: string): IndicatorDrillDown {
  return {
    kind: "members",
    filter: async ({ db, rootPath, asOf }) => ({
      statuses: CURRENT_MEMBER_STATUSES,
      underPaths: await enteredPaths(db, table, rootPath, asOf, key),
    }),
  };
}

/**
 * 毕业年级团学比 of a capped level (初中 ≤ 30%, 高中 ≤ 60%): over the topmost 在校学生数 entries of the
 * subtree, each entering organization taken as one school (domain schoolLeagueRatios: its graduating
 * grade's students; its members exactly when it entered that grade alone, else by birth cohort from
 * the counters' birth months), summed. Null when no graduating grade of the level is entered.
 */
function graduatingRatioOf(level: CappedGraduatingLevel): ComputeIndicator {
  return async (figures) => {
    const topmost = topmostEntries(await figures.entered("school_enrollment"));
    const schoolYear = schoolYearOf(figures.asOf);
    const cohorts = new Map<number, EnteredMembers>();
    for (const id of new Set(topmost.map((entry) => entry.organizationId))) {
      cohorts.set(id, await figures.enteredCohort(id));
    }
    let numerator = 0;
    let denominator = 0;
    let found = false;
    for (const [id, members] of cohorts) {
      const school = schoolLeagueRatios(
        topmost.filter((entry) => entry.organizationId === id),
        () => members,
        members.total,
        schoolYear,
      );
      for (const graduating of school.graduating.filter((figure) => figure.level === level)) {
        found = true;
        numerator += graduating.members;
        denominator += graduating.students;
      }
    }
    return found ? ratio(numerator, denominator) : NO_RESULT;
  };
}

export const ENTERED_RATIO_INDICATORS = {
  youth_league_ratio: {
    compute: enteredRatioOf("youth_population"),
    drillDown: membersUnderEntries("youth_population"),
  },
  league_student_ratio: {
    compute: enteredRatioOf("school_enrollment"),
    drillDown: membersUnderEntries("school_enrollment"),
  },
  ...eachOf(
    SCHOOL_LEVELS,
    (level) => `league_student_ratio_${level}` as const,
    (level) => ({
      compute: enteredRatioOf("school_enrollment", level),
      drillDown: membersUnderEntries("school_enrollment", level),
    }),
  ),
  ...eachOf(
    CAPPED_GRADUATING_LEVELS,
    (level) => `league_student_ratio_graduating_${level}` as const,
    (level) => ({ compute: graduatingRatioOf(level), drillDown: null }),
  ),
} satisfies Record<string, IndicatorImplementation>;
