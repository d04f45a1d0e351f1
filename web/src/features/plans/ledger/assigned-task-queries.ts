import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";

/**
 * GET /organizations/{id}/assigned-plan-tasks: the tasks of higher organizations' plans naming the
 * organization as a responsible unit (各乡镇, or a unit mapped to it), grouped by plan. Under plansKey,
 * so a progress report refreshes it.
 */
export function assignedPlanTasksQuery(organizationId: number, dueSoonDays: number) {
  return queryOptions({
    queryKey: [...queryKeys.plans, "assigned", organizationId, dueSoonDays],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/assigned-plan-tasks", {
          params: { path: { id: organizationId }, query: { dueSoonDays } },
        }),
      ),
  });
}

/** GET /plan-tasks/{id}/progress-reports: a task's reports, newest first (also for an assigned task). */
export function taskProgressReportsQuery(taskId: number) {
  return queryOptions({
    queryKey: [...queryKeys.plans, "task", taskId, "progress-reports"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/plan-tasks/{id}/progress-reports", { params: { path: { id: taskId } } })),
  });
}
