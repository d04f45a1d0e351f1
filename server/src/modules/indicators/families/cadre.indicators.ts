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
import { type CadreTally, countEducation } from "../../cadres/cadre-tally";
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

/**
 * The cadre profile (团干部, domain.md §6), 配备率, empty posts and terms due for election (issue 13).
 * Today's figures read the subtree tallies cadre_count (migration 0019) — the figures GET
 * /organizations/{id}/staffing and …/cadre-profile answer, never the subtree's records; a past
 * month-end's come from the cadre records in post on it (started by it, not ended), folded into the
 * same tally (FigureBatch.cadresOf). Drill-downs list the members holding an open post (cadres who are
 * not members are in GET /organizations/{id}/cadres).
 */

/** Members holding an open post, narrowed further by `filter`. */
function cadresWhere(
  filter: Omit<MemberDrillDownFilter, "statuses" | "cadresOnly"> = {},
): MemberDrillDownFilter {
  return { statuses: CURRENT_MEMBER_STATUSES, cadresOnly: true, ...filter };
}

/** The share of the subtree's cadres in post counted by `part` of its tally. */
function cadreShare(part: (tally: CadreTally, asOf: string) => number): ComputeIndicator {
  return async (figures) => {
    const tally = await figures.cadres();
    return ratio(part(tally, figures.asOf), tally.total);
  };
}

/** Cadres of the tally whose birth date passes `test`. */
function bornWhere(tally: CadreTally, test: (birthDate: string) => boolean): number {
  return tally.birthDates.reduce((sum, each) => sum + (test(each.birthDate) ? each.count : 0), 0);
}

/** Full years on `asOf` (0 for a birth date after it: bad data, never negative). */
function ageAt(birthDate: string, asOf: string): number {
  return compareIsoDates(asOf, birthDate) >= 0 ? ageOn(birthDate, asOf) : 0;
}

export const CADRE_INDICATORS = {
  cadres_total: {
    compute: counted(async (figures) => (await figures.cadres()).total),
    drillDown: membersWhere(cadresWhere()),
  },
  ...eachOf(
    CADRE_KINDS,
    ({ code }) => `cadres_${code}` as const,
    ({ code }) => ({
      compute: counted(async (figures) => (await figures.cadres()).kinds[code] ?? 0),
      drillDown: membersWhere(cadresWhere({ valuesIn: { cadreKind: [code] } })),
    }),
  ),
  cadres_party_member_rate: {
    compute: cadreShare((tally) => tally.partyMembers),
    drillDown: membersWhere(
      cadresWhere({ valuesIn: { politicalStatus: ["party_member", "probationary_party_member"] } }),
    ),
  },
  cadres_bachelor_or_higher_rate: {
    compute: cadreShare((tally) => countEducation(tally, BACHELOR_OR_HIGHER)),
    drillDown: membersWhere(cadresWhere({ valuesIn: { education: BACHELOR_OR_HIGHER } })),
  },
  cadres_under_35_rate: {
    compute: cadreShare((tally, asOf) =>
      bornWhere(tally, (birthDate) => isUnderAgeAtMonthEnd(birthDate.slice(0, 7), asOf, 35)),
    ),
    drillDown: {
      kind: "members",
      filter: async ({ asOf }) =>
        cadresWhere({ birthMonthAfter: `${Number(asOf.slice(0, 4)) - 35}-${asOf.slice(5, 7)}` }),
    },
  },
  cadres_under_28_rate: {
    compute: cadreShare((tally, asOf) =>
      bornWhere(tally, (birthDate) => ageAt(birthDate, asOf) <= YOUNG_CADRE_AGE),
    ),
    drillDown: {
      kind: "members",
      filter: async ({ asOf }) =>
        cadresWhere({
          birthMonthAfter: `${Number(asOf.slice(0, 4)) - YOUNG_CADRE_AGE - 1}-${asOf.slice(5, 7)}`,
        }),
    },
  },
  cadres_from_grassroots_rate: {
    compute: cadreShare((tally) => tally.fromGrassroots),
    drillDown: null,
  },
  cadres_trained_rate: {
    compute: cadreShare((tally) => tally.trained),
    drillDown: null,
  },
  cadres_average_age: {
    compute: async (figures) => {
      const tally = await figures.cadres();
      const n = tally.total;
      if (n === 0) return NO_RESULT;
      const years = tally.birthDates.reduce(
        (sum, each) => sum + each.count * ageAt(each.birthDate, figures.asOf),
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
  cadres_grassroots_days: {
    compute: counted((figures) => figures.grassrootsDays()),
    drillDown: null,
  },
} satisfies Record<string, IndicatorImplementation>;
