import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import type { MemberStatusRequest, StatusDecisionBody, StatusRequestBody } from "../../../api/types";

/**
 * POST /members/{id}/status-requests: a direct change applies at once (`applied: true`), a leaving one
 * or a restore waits for the higher committee's review (`applied: false` with the request).
 */
export function requestStatusChange(memberId: number, body: StatusRequestBody) {
  return unwrap(
    api.POST("/api/v1/members/{id}/status-requests", { params: { path: { id: memberId } }, body }),
  );
}

/** POST /member-status-requests/{id}/decision: approve or return (higher committee), withdraw (requester). */
export function decideStatusRequest(
  requestId: number,
  body: StatusDecisionBody,
): Promise<MemberStatusRequest> {
  return unwrap(
    api.POST("/api/v1/member-status-requests/{id}/decision", { params: { path: { id: requestId } }, body }),
  );
}

export interface WorkListPaging {
  page: number;
  pageSize: number;
}

/** GET /organizations/{id}/member-status-requests?state=pending: the subtree's requests to review. */
export function pendingStatusRequestsQuery(organizationId: number, paging: WorkListPaging) {
  return queryOptions({
    queryKey: [...queryKeys.reviews, "status-requests", organizationId, paging],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/member-status-requests", {
          params: { path: { id: organizationId }, query: { state: "pending", ...paging } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** GET /organizations/{id}/work-lists/age-out?year=: turning 28 in the year or over 28, cadres excluded. */
export function ageOutListQuery(organizationId: number, year: number, paging: WorkListPaging) {
  return queryOptions({
    queryKey: [...queryKeys.reviews, "age-out", organizationId, year, paging],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/work-lists/age-out", {
          params: { path: { id: organizationId }, query: { year, ...paging } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** GET /organizations/{id}/work-lists/lapse: six months without dues or organizational life, where recorded. */
export function lapseListQuery(organizationId: number, paging: WorkListPaging) {
  return queryOptions({
    queryKey: [...queryKeys.reviews, "lapse", organizationId, paging],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/work-lists/lapse", {
          params: { path: { id: organizationId }, query: paging },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}
