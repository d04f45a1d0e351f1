import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";

/** The statistics of an organization's subtree, computed by the server. */
export function statsQuery(organizationId: number) {
  return queryOptions({
    queryKey: [...queryKeys.stats, organizationId],
    queryFn: () =>
      unwrap(api.GET("/api/v1/organizations/{id}/stats", { params: { path: { id: organizationId } } })),
    staleTime: 60_000,
  });
}
