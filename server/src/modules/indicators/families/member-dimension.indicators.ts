import {
  AGE_BANDS,
  AGE_OUT_AGE,
  type AgeBand,
  ageBandBirthDateThresholds,
  ageBandIdPart,
  ageBandOfBirthMonth,
  CURRENT_MEMBER_STATUSES,
  EDUCATION_LEVELS,
  ETHNICITIES,
  lastDayOfMonth,
  MEMBER_STATUSES,
  OCCUPATIONS,
  reachesAgeInYear,
  SEXES,
} from "@tuanwu/domain";
import {
  type ComputeIndicator,
  counted,
  eachOf,
  type IndicatorImplementation,
  type MemberDrillDownFilter,
  type MemberFilterField,
  membersWhere,
} from "../indicator-family";

/**
 * Member counts by one value of a member dimension (domain.md §2, §9): by status, sex, age band,
 * occupation, education and ethnicity, and those reaching 28 this year — all from the subtree
 * counters (exact for today and every past month-end). Age bands are by birth month, as of the end
 * of asOf's month.
 */

/**
 * `compute(birthMonth, asOf)` remembered per (birth month, asOf): the age tests parse dates, and a
 * children table asks them for every counter row of every child (≈ 1,500 rows × 5 bands × 18 children
 * at a province: 170 ms of Node CPU per request; issue 18 part 1). Pure functions of their arguments;
 * the memo is emptied past 20,000 entries.
 */
function memoized<T>(
  compute: (birthMonth: string, asOf: string) => T,
): (birthMonth: string, asOf: string) => T {
  const memo = new Map<string, T>();
  return (birthMonth, asOf) => {
    const key = `${birthMonth}|${asOf}`;
    if (memo.has(key)) return memo.get(key) as T;
    if (memo.size >= 20_000) memo.clear();
    const value = compute(birthMonth, asOf);
    memo.set(key, value);
    return value;
  };
}

const ageBandOfMonth = memoized(ageBandOfBirthMonth);
const turns28In = memoized((birthMonth, asOf) =>
  reachesAgeInYear(birthMonth, Number(asOf.slice(0, 4)), AGE_OUT_AGE),
);

/** Current members whose birth month satisfies `test` (from the counters' sex_birth_month rows). */
function byBirthMonth(test: (birthMonth: string, asOf: string) => boolean): ComputeIndicator {
  return counted(async (figures) =>
    (await figures.sexBirthMonths())
      .filter(([, birthMonth]) => test(birthMonth, figures.asOf))
      .reduce((sum, [, , n]) => sum + n, 0),
  );
}

/** Current members with one value of a counter dimension, listed by the same member column. */
function byDimension(dimension: string, field: MemberFilterField, value: string): IndicatorImplementation {
  return {
    compute: counted((figures) => figures.currentMembers(dimension, value)),
    drillDown: membersWhere({ statuses: CURRENT_MEMBER_STATUSES, valuesIn: { [field]: [value] } }),
  };
}

/** The current members of an age band on `asOf`'s month-end, by birth month (the counters' precision). */
function ageBandFilter(band: AgeBand, asOf: string): MemberDrillDownFilter {
  const thresholds = ageBandBirthDateThresholds(lastDayOfMonth(asOf)).map((entry) => ({
    band: entry.band,
    month: entry.bornOnOrBefore.slice(0, 7),
  }));
  const index = thresholds.findIndex((entry) => entry.band === band);
  const upTo = index >= 0 ? thresholds[index]?.month : undefined;
  const after =
    index > 0 ? thresholds[index - 1]?.month : index === -1 ? thresholds.at(-1)?.month : undefined;
  return {
    statuses: CURRENT_MEMBER_STATUSES,
    ...(upTo !== undefined && band !== "14-17" ? { birthMonthUpTo: upTo } : {}),
    ...(after !== undefined ? { birthMonthAfter: after } : {}),
  };
}

export const MEMBER_DIMENSION_INDICATORS = {
  ...eachOf(
    MEMBER_STATUSES,
    (status) => `members_status_${status}` as const,
    (status) => ({
      compute: counted((figures) => figures.membersWithStatus(status)),
      drillDown: membersWhere({ statuses: [status] }),
    }),
  ),
  ...eachOf(
    SEXES,
    (sex) => `members_sex_${sex}` as const,
    (sex) => ({
      compute: counted(async (figures) =>
        (await figures.sexBirthMonths())
          .filter(([candidate]) => candidate === sex)
          .reduce((sum, [, , n]) => sum + n, 0),
      ),
      drillDown: membersWhere({ statuses: CURRENT_MEMBER_STATUSES, valuesIn: { sex: [sex] } }),
    }),
  ),
  ...eachOf(
    AGE_BANDS,
    (band) => `members_age_${ageBandIdPart(band)}` as const,
    (band) => ({
      compute: byBirthMonth((birthMonth, asOf) => ageBandOfMonth(birthMonth, asOf) === band),
      drillDown: { kind: "members", filter: async ({ asOf }) => ageBandFilter(band, asOf) },
    }),
  ),
  ...eachOf(
    OCCUPATIONS,
    ({ code }) => `members_occupation_${code}` as const,
    ({ code }) => byDimension("occupation", "occupation", code),
  ),
  ...eachOf(
    EDUCATION_LEVELS,
    ({ code }) => `members_education_${code}` as const,
    ({ code }) => byDimension("education", "education", code),
  ),
  ...eachOf(
    ETHNICITIES,
    ({ code }) => `members_ethnicity_${code}` as const,
    ({ code }) => byDimension("ethnicity", "ethnicity", code),
  ),
  members_turning_28: {
    compute: byBirthMonth(turns28In),
    drillDown: {
      kind: "members",
      filter: async ({ asOf }) => ({
        statuses: CURRENT_MEMBER_STATUSES,
        birthYear: Number(asOf.slice(0, 4)) - AGE_OUT_AGE,
      }),
    },
  },
} satisfies Record<string, IndicatorImplementation>;
