import {
  BACHELOR_OR_HIGHER,
  CADRE_KINDS,
  CURRENT_MEMBER_STATUSES,
  isUnderAgeAtMonthEnd,
} from "@tuanwu/domain";
import {
  type ComputeIndicator,
  counted,
  eachOf,
  type IndicatorImplementation,
  type MemberDrillDownFilter,
  membersWhere,
  organizationsWhere,
  ratio,
  todayOnly,
} from "../indicator-family";
import type { CadreGroup } from "../indicator-records.repository";

/**
 * The cadre profile (团干部, domain.md §6) and 配备率: cadres in total (subtree counters), by kind,
 * and the shares of Party members, bachelor's or higher and under 35 among them, and branches with a
 * secretary — all but the total from today's member records (null at a past month-end).
 */

const PARTY = ["party_member", "probationary_party_member"] as const;

/** Current cadres, narrowed further by `filter`. */
function cadresWhere(
  filter: Omit<MemberDrillDownFilter, "statuses" | "cadresOnly"> = {},
): MemberDrillDownFilter {
  return { statuses: CURRENT_MEMBER_STATUSES, cadresOnly: true, ...filter };
}

/** The share of today's cadres of the subtree for which `test` holds. */
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

export const CADRE_INDICATORS = {
  cadres_total: {
    compute: counted((figures) => figures.currentMembers("cadre", "true")),
    drillDown: membersWhere(cadresWhere()),
  },
  ...eachOf(
    CADRE_KINDS,
    ({ code }) => `cadres_${code}` as const,
    ({ code }) => ({
      compute: todayOnly(
        counted(async (figures) =>
          (await figures.cadres())
            .filter((group) => group.cadreKind === code)
            .reduce((sum, group) => sum + group.count, 0),
        ),
      ),
      drillDown: membersWhere(cadresWhere({ valuesIn: { cadreKind: [code] } })),
    }),
  ),
  cadres_party_member_rate: {
    compute: cadreShare((group) => (PARTY as readonly (string | null)[]).includes(group.politicalStatus)),
    drillDown: membersWhere(cadresWhere({ valuesIn: { politicalStatus: PARTY } })),
  },
  cadres_bachelor_or_higher_rate: {
    compute: cadreShare((group) =>
      (BACHELOR_OR_HIGHER as readonly (string | null)[]).includes(group.education),
    ),
    drillDown: membersWhere(cadresWhere({ valuesIn: { education: BACHELOR_OR_HIGHER } })),
  },
  cadres_under_35_rate: {
    compute: cadreShare((group, asOf) => isUnderAgeAtMonthEnd(group.birthMonth, asOf, 35)),
    drillDown: {
      kind: "members",
      filter: async ({ asOf }) =>
        cadresWhere({ birthMonthAfter: `${Number(asOf.slice(0, 4)) - 35}-${asOf.slice(5, 7)}` }),
    },
  },
  staffing_rate: {
    compute: todayOnly(async (figures) =>
      ratio(await figures.staffedBranches(), await figures.organizations("kind", "branch")),
    ),
    drillDown: organizationsWhere({ kind: "branch", withSecretary: true }),
  },
} satisfies Record<string, IndicatorImplementation>;
