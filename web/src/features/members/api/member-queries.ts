import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import type { MemberStatus } from "../../../api/types";

export const membersKey = ["members"] as const;

export interface MemberFilters {
  page: number;
  pageSize: number;
  /** 姓名, 拼音首字母, 身份证后几位 or 团员编号. */
  q: string;
  status: MemberStatus | undefined;
}

/** One page of the members of an organization's subtree (citizen ID and phone come masked). */
export function membersQuery(organizationId: number, filters: MemberFilters) {
  return queryOptions({
    queryKey: [...membersKey, organizationId, filters],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/members", {
          params: {
            path: { id: organizationId },
            query: {
              page: filters.page,
              pageSize: filters.pageSize,
              q: filters.q || undefined,
              status: filters.status,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}
