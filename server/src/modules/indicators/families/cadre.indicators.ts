import {
  addDays,
  ageOn,
  BACHELOR_OR_HIGHER,
  CADRE_KINDS,
  CURRENT_MEMBER_STATUSES,
  compareIsoDates,
  isUnderAgeAtMonthEnd,
  TERM_REMINDER_DAYS,
  YOUNG_CADRE_AGE,
} from "@tuanwu/domain";
import {
  type ComputeIndicator,
  count,
  counted,
  eachOf,
  type IndicatorImplementation,
  type MemberDrillDownFilter,
  membersWhere,
  NO_RESULT,
  organizationsWhere,
  ratio,
} from "../indicator-family";
import type { CadreGroup } from "../indicator-records.repository";

/**
 * The cadre profile (团干部, domain.md §6), 配备率, empty posts and terms due for election — from the
 * cadre records (issue 13): the posts open on the as-of date (started by it, not ended), so past
 * month-ends have figures too (education and Party membership as recorded now). Drill-downs list the
 * members holding an open post (cadres who are not members are in GET /organizations/{id}/cadres).
 */

/** Members holding an open post, narrowed further by `filter`. */
function cadresWhere(
  filter: Omit<MemberDrillDownFilter, "statuses" | "cadresOnly"> = {},
): MemberDrillDownFilter {
  return { statuses: CURRENT_MEMBER_STATUSES, cadresOnly: true, ...filter };
}

function total(groups: readonly CadreGroup[]): number {
  return groups.reduce((sum, group) => sum + group.count, 0);
}

/** The share of the subtree's cadres in post for which `test` holds. */
function cadreShare(test: (group: CadreGroup, asOf: string) => boolean): ComputeIndicator {
  return async (figures) => {
    const groups = await figures.cadres();
    return ratio(total(groups.filter((group) => test(group, figures.asOf))), total(groups));
  };
}

/** Full years on `asOf` (0 for a birth date after it: bad data, never negative). */
function ageAt(birthDate: string, asOf: string): number {
  return compareIsoDates(asOf, birthDate) >= 0 ? ageOn(birthDate, asOf) : 0;
}

export const CADRE_INDICATORS = {
  cadres_total: {
    compute: counted(async (figures) => total(await figures.cadres())),
    drillDown: membersWhere(cadresWhere()),
  },
  ...eachOf(
    CADRE_KINDS,
    ({ code }) => `cadres_${code}` as const,
    ({ code }) => ({
      compute: counted(async (figures) =>
        total((await figures.cadres()).filter((group) => group.cadreKind === code)),
      ),
      drillDown: membersWhere(cadresWhere({ valuesIn: { cadreKind: [code] } })),
    }),
  ),
  cadres_party_member_rate: {
    compute: cadreShare((group) => group.partyMember),
    drillDown: membersWhere(
      cadresWhere({ valuesIn: { politicalStatus: ["party_member", "probationary_party_member"] } }),
    ),
  },
  cadres_bachelor_or_higher_rate: {
    compute: cadreShare((group) =>
      (BACHELOR_OR_HIGHER as readonly (string | null)[]).includes(group.education),
    ),
    drillDown: membersWhere(cadresWhere({ valuesIn: { education: BACHELOR_OR_HIGHER } })),
  },
  cadres_under_35_rate: {
    compute: cadreShare((group, asOf) => isUnderAgeAtMonthEnd(group.birthDate.slice(0, 7), asOf, 35)),
    drillDown: {
      kind: "members",
      filter: async ({ asOf }) =>
        cadresWhere({ birthMonthAfter: `${Number(asOf.slice(0, 4)) - 35}-${asOf.slice(5, 7)}` }),
    },
  },
  cadres_under_28_rate: {
    compute: cadreShare((group, asOf) => ageAt(group.birthDate, asOf) <= YOUNG_CADRE_AGE),
    drillDown: {
      kind: "members",
      filter: async ({ asOf }) =>
        cadresWhere({
          birthMonthAfter: `${Number(asOf.slice(0, 4)) - YOUNG_CADRE_AGE - 1}-${asOf.slice(5, 7)}`,
        }),
    },
  },
  cadres_from_grassroots_rate: {
    compute: cadreShare((group) => group.fromGrassroots),
    drillDown: null,
  },
  cadres_trained_rate: {
    compute: cadreShare((group) => group.trained),
    drillDown: null,
  },
  cadres_average_age: {
    compute: async (figures) => {
      const groups = await figures.cadres();
      const n = total(groups);
      if (n === 0) return NO_RESULT;
      const years = groups.reduce(
        (sum, group) => sum + group.count * ageAt(group.birthDate, figures.asOf),
        0,
      );
      return count(Math.round((years / n) * 10) / 10);
    },
    drillDown: null,
  },
  staffing_rate: {
    compute: async (figures) => {
      const { expected, filled } = await figures.staffing();
      return ratio(filled, expected);
    },
    drillDown: organizationsWhere({ secretaryPost: "filled" }),
  },
  posts_empty: {
    compute: counted(async (figures) => {
      const { expected, filled } = await figures.staffing();
      return expected - filled;
    }),
    drillDown: organizationsWhere({ secretaryPost: "empty" }),
  },
  terms_expiring: {
    compute: counted((figures) => figures.expiringTerms()),
    drillDown: {
      kind: "organizations",
      filter: async ({ asOf }) => ({ termsDueBy: addDays(asOf, TERM_REMINDER_DAYS) }),
    },
  },
} satisfies Record<string, IndicatorImplementation>;
