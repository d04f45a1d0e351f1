import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import type { AgeBand, PoliticalStatusCode, Sector } from "@tuanwu/domain";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import { downloadFile } from "../../../api/transfer";
import type { MemberListQuery, MemberStatus } from "../../../api/types";

export interface MemberFilters {
  /** Page number shown (1 = first); with `cursor`, the page the cursor leads to. */
  page: number;
  /** Keyset paging (issue 18 part 3): the nextCursor of the page before, so deep pages stay fast. */
  cursor?: string | undefined;
  pageSize: number;
  /** 姓名, 拼音首字母, 身份证后几位 or 团员编号. */
  q: string;
  status: MemberStatus | undefined;
  sector: Sector | undefined;
  ageBand: AgeBand | undefined;
  /** 是否团干部. */
  isCadre: boolean | undefined;
  /** 政治面貌 (中共党员, 中共预备党员, 团员). */
  politicalStatus: PoliticalStatusCode | undefined;
}

/** One page of the members of an organization's subtree (citizen ID and phone come masked). */
export function membersQuery(organizationId: number, filters: MemberFilters) {
  const query: MemberListQuery = {
    page: filters.cursor ? undefined : filters.page,
    cursor: filters.cursor,
    pageSize: filters.pageSize,
    q: filters.q || undefined,
    status: filters.status,
    sector: filters.sector,
    ageBand: filters.ageBand,
    isCadre: filters.isCadre === undefined ? undefined : filters.isCadre ? "true" : "false",
    politicalStatus: filters.politicalStatus,
  };
  return queryOptions({
    queryKey: [...queryKeys.members, organizationId, filters],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/members", { params: { path: { id: organizationId }, query } }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** GET /organizations/{id}/members.xlsx (a file, so outside the typed client): the subtree in the registry's columns; `full` unmasks (member:export_full). */
export function exportMembers(organizationId: number, full: boolean): Promise<void> {
  return downloadFile(
    "/api/v1/organizations/{id}/members.xlsx",
    { path: { id: organizationId }, query: { full: full ? "true" : undefined } },
    `members-${organizationId}.xlsx`,
  );
}
