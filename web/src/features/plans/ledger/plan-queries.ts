import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import type { PlanTask, PlanTaskGrouping, UpdatePlanTaskBody } from "../shared/plan-types";

/** GET /organizations/{id}/plans: the organization's plans, newest first. */
export function organizationPlansQuery(organizationId: number) {
  return queryOptions({
    queryKey: [...queryKeys.plans, "organization", organizationId],
    queryFn: async () =>
      (
        await unwrap(
          api.GET("/api/v1/organizations/{id}/plans", { params: { path: { id: organizationId } } }),
        )
      ).items,
  });
}

/** GET /plans/{id}?dueSoonDays=: the ledger, statuses derived as of today on the server. */
export function planQuery(planId: number, dueSoonDays: number) {
  return queryOptions({
    queryKey: [...queryKeys.plans, "plan", planId, dueSoonDays],
    queryFn: () =>
      unwrap(api.GET("/api/v1/plans/{id}", { params: { path: { id: planId }, query: { dueSoonDays } } })),
    placeholderData: keepPreviousData,
  });
}

/** GET /plans/{id}/tasks?groupBy=area|unit|phase (a task sits under each of its units). */
export function planTaskGroupsQuery(planId: number, groupBy: PlanTaskGrouping, dueSoonDays: number) {
  return queryOptions({
    queryKey: [...queryKeys.plans, "plan", planId, "groups", groupBy, dueSoonDays],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/plans/{id}/tasks", {
          params: { path: { id: planId }, query: { groupBy, dueSoonDays } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** PATCH /plan-tasks/{id}: the person responsible (责任到人), start and done dates (null clears). */
export function updatePlanTask(taskId: number, body: UpdatePlanTaskBody): Promise<PlanTask> {
  return unwrap(api.PATCH("/api/v1/plan-tasks/{id}", { params: { path: { id: taskId } }, body }));
}
