import {
  AGE_BANDS,
  AGE_OUT_AGE,
  ageBandIdPart,
  ageBandOfBirthMonth,
  BACHELOR_OR_HIGHER,
  CADRE_KINDS,
  COVERAGE_SECTORS,
  EDUCATION_LEVELS,
  ETHNICITIES,
  type IndicatorId,
  isUnderAgeAtMonthEnd,
  MEMBER_STATUSES,
  OCCUPATIONS,
  percentOf,
  reachesAgeInYear,
  SCHOOL_LEVELS,
  SECTORS,
  SEXES,
  TWO_NEW_SECTORS,
  topmostEntries,
} from "@tuanwu/domain";
import type { SubtreeFigures } from "./indicator-figures";
import type { CadreGroup, EnteredFigure } from "./indicator-records.repository";

/**
 * An indicator's value with what it was computed from: a count (numerator = value, no denominator),
 * or a percent 0–100 with one decimal and its numerator and denominator; value null when there is
 * nothing to measure against (no denominator, or a figure that does not exist for the date).
 */
export interface IndicatorResult {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

/** Computes one indicator from a subtree's figures. */
export type ComputeIndicator = (figures: SubtreeFigures) => Promise<IndicatorResult>;

/** No figure for this date. */
export const NO_RESULT: IndicatorResult = { value: null, numerator: null, denominator: null };

function count(value: number): IndicatorResult {
  return { value, numerator: value, denominator: null };
}

function ratio(numerator: number, denominator: number | null): IndicatorResult {
  return { value: percentOf(numerator, denominator), numerator, denominator };
}

/** A count computation from a function giving the number. */
function counted(compute: (figures: SubtreeFigures) => Promise<number>): ComputeIndicator {
  return async (figures) => count(await compute(figures));
}

/** Only today's member records hold it (cadre profile, secretaries, completeness): null at a past month-end. */
function todayOnly(compute: ComputeIndicator): ComputeIndicator {
  return async (figures) => (figures.isLive ? compute(figures) : NO_RESULT);
}

/** Current members with one value of a counter dimension. */
const byDimension = (dimension: string, value: string): ComputeIndicator =>
  counted((figures) => figures.currentMembers(dimension, value));

/** Current members whose birth month satisfies `test` (from the counters' sex_birth_month rows). */
function byBirthMonth(test: (birthMonth: string, asOf: string) => boolean): ComputeIndicator {
  return counted(async (figures) =>
    (await figures.sexBirthMonths())
      .filter(([, birthMonth]) => test(birthMonth, figures.asOf))
      .reduce((sum, [, , n]) => sum + n, 0),
  );
}

/**
 * A ratio over entered data (团青比, 团学比): the topmost entries of the subtree (domain topmostEntries,
 * so nothing counts twice); denominator = their sum, numerator = current members of the subtrees of
 * the organizations that made them. Null when nothing is entered.
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

/** 建团率 of `sectors` together: covered units under the topmost eligible-unit entries of each sector / their units. */
function coverage(sectors: readonly string[]): ComputeIndicator {
  return async (figures) => {
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
  };
}

function cadreShare(test: (group: CadreGroup, asOf: string) => boolean): ComputeIndicator {
  return todayOnly(async (figures) => {
    const groups = await figures.cadres();
    const total = groups.reduce((sum, group) => sum + group.count, 0);
    const matching = groups
      .filter((group) => test(group, figures.asOf))
      .reduce((sum, group) => sum + group.count, 0);
    return ratio(matching, total);
  });
}

const PARTY = new Set(["party_member", "probationary_party_member"]);
const BACHELOR = new Set<string>(BACHELOR_OR_HIGHER);

/**
 * How each indicator of the domain catalog (domain/src/indicators/catalog.ts) is computed, keyed by
 * its id (TypeScript refuses a catalog id without one). Counts by a member dimension come from the
 * subtree counters (exact for today and every past month-end); the cadre profile, 配备率 and 信息完整率
 * read today's member records (null at a past month-end); ratios over entered data use the entries of
 * asOf's year (school year for students).
 */
export const INDICATOR_COMPUTATIONS: Readonly<Record<IndicatorId, ComputeIndicator>> = {
  entry_rate: async (figures) => ratio(await figures.currentMembers(), await figures.reported()),
  completeness_rate: todayOnly(async (figures) => {
    const { recorded, complete } = await figures.recorded();
    return ratio(complete, recorded);
  }),
  members_total: counted((figures) => figures.currentMembers()),
  organizations_total: counted((figures) => figures.organizations()),
  ...Object.fromEntries(
    SECTORS.flatMap((sector) => [
      [`members_sector_${sector}`, byDimension("sector", sector)],
      [`organizations_sector_${sector}`, counted((figures) => figures.organizations("sector", sector))],
    ]),
  ),
  ...Object.fromEntries(
    MEMBER_STATUSES.map((status) => [
      `members_status_${status}`,
      counted((figures) => figures.membersWithStatus(status)),
    ]),
  ),
  ...Object.fromEntries(
    SEXES.map((sex) => [
      `members_sex_${sex}`,
      counted(async (figures) =>
        (await figures.sexBirthMonths())
          .filter(([candidate]) => candidate === sex)
          .reduce((sum, [, , n]) => sum + n, 0),
      ),
    ]),
  ),
  ...Object.fromEntries(
    AGE_BANDS.map((band) => [
      `members_age_${ageBandIdPart(band)}`,
      byBirthMonth((birthMonth, asOf) => ageBandOfBirthMonth(birthMonth, asOf) === band),
    ]),
  ),
  ...Object.fromEntries(
    OCCUPATIONS.map(({ code }) => [`members_occupation_${code}`, byDimension("occupation", code)]),
  ),
  ...Object.fromEntries(
    EDUCATION_LEVELS.map(({ code }) => [`members_education_${code}`, byDimension("education", code)]),
  ),
  ...Object.fromEntries(
    ETHNICITIES.map(({ code }) => [`members_ethnicity_${code}`, byDimension("ethnicity", code)]),
  ),
  members_turning_28: byBirthMonth((birthMonth, asOf) =>
    reachesAgeInYear(birthMonth, Number(asOf.slice(0, 4)), AGE_OUT_AGE),
  ),
  youth_league_ratio: async (figures) => enteredRatio(figures, await figures.entered("youth_population")),
  league_student_ratio: async (figures) => enteredRatio(figures, await figures.entered("school_enrollment")),
  ...Object.fromEntries(
    SCHOOL_LEVELS.map((level) => [
      `league_student_ratio_${level}`,
      async (figures: SubtreeFigures) =>
        enteredRatio(
          figures,
          (await figures.entered("school_enrollment")).filter((entry) => entry.key === level),
        ),
    ]),
  ),
  ...Object.fromEntries(COVERAGE_SECTORS.map((sector) => [`coverage_rate_${sector}`, coverage([sector])])),
  coverage_rate_two_new: coverage(TWO_NEW_SECTORS),
  cadres_total: byDimension("cadre", "true"),
  ...Object.fromEntries(
    CADRE_KINDS.map(({ code }) => [
      `cadres_${code}`,
      todayOnly(
        counted(async (figures) =>
          (await figures.cadres())
            .filter((group) => group.cadreKind === code)
            .reduce((sum, group) => sum + group.count, 0),
        ),
      ),
    ]),
  ),
  cadres_party_member_rate: cadreShare((group) => PARTY.has(group.politicalStatus ?? "")),
  cadres_bachelor_or_higher_rate: cadreShare((group) => BACHELOR.has(group.education ?? "")),
  cadres_under_35_rate: cadreShare((group, asOf) => isUnderAgeAtMonthEnd(group.birthMonth, asOf, 35)),
  staffing_rate: todayOnly(async (figures) =>
    ratio(await figures.staffedBranches(), await figures.organizations("kind", "branch")),
  ),
} as Record<IndicatorId, ComputeIndicator>;
