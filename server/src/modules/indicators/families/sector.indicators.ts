import { CURRENT_MEMBER_STATUSES, SECTORS } from "@tuanwu/domain";
import { counted, eachOf, membersWhere, organizationsWhere } from "../indicator-family";

/** 团员数 and 团组织数 per sector (domain.md §1 sectors, §9 figures by sector), from the subtree counters. */
export const SECTOR_INDICATORS = {
  ...eachOf(
    SECTORS,
    (sector) => `members_sector_${sector}` as const,
    (sector) => ({
      compute: counted((figures) => figures.currentMembers("sector", sector)),
      drillDown: membersWhere({ statuses: CURRENT_MEMBER_STATUSES, valuesIn: { branchSector: [sector] } }),
    }),
  ),
  ...eachOf(
    SECTORS,
    (sector) => `organizations_sector_${sector}` as const,
    (sector) => ({
      compute: counted((figures) => figures.organizations("sector", sector)),
      drillDown: organizationsWhere({ sector }),
    }),
  ),
};
