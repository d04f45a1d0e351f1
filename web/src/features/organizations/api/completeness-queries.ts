import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";

/** GET /organizations/{id}/completeness: 信息完整率 and 录入率 of the subtree and of each child (percent). */
export function completenessQuery(organizationId: number) {
  return queryOptions({
    queryKey: [...queryKeys.organizations, "completeness", organizationId],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/completeness", { params: { path: { id: organizationId } } }),
      ),
  });
}

/** PUT /organizations/{id}/reported-member-count: the organization's own 应录入数, or null to clear it. */
export function setReportedMemberCount(organizationId: number, count: number | null) {
  return unwrap(
    api.PUT("/api/v1/organizations/{id}/reported-member-count", {
      params: { path: { id: organizationId } },
      body: { count },
    }),
  );
}
