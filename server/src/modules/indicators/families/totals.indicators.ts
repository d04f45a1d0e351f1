import { CURRENT_MEMBER_STATUSES } from "@tuanwu/domain";
import {
  counted,
  type IndicatorImplementation,
  membersWhere,
  organizationsWhere,
  ratio,
  todayOnly,
} from "../indicator-family";

/**
 * The headline figures (domain.md §2, §9): 录入率 (current members / the counts the subtree's
 * organizations report), 信息完整率 (today's records only), 团员数 and 团组织数.
 */
export const TOTAL_INDICATORS = {
  entry_rate: {
    compute: async (figures) => ratio(await figures.currentMembers(), await figures.reported()),
    drillDown: membersWhere({ statuses: CURRENT_MEMBER_STATUSES }),
  },
  completeness_rate: {
    compute: todayOnly(async (figures) => {
      const { recorded, complete } = await figures.recorded();
      return ratio(complete, recorded);
    }),
    drillDown: null,
  },
  members_total: {
    compute: counted((figures) => figures.currentMembers()),
    drillDown: membersWhere({ statuses: CURRENT_MEMBER_STATUSES }),
  },
  organizations_total: {
    compute: counted((figures) => figures.organizations()),
    drillDown: organizationsWhere({}),
  },
} satisfies Record<string, IndicatorImplementation>;
