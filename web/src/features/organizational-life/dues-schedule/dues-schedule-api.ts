import { useMutation, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys, useInvalidateEntity } from "../../../api/query-keys";
import type { components } from "../../../api/schema";

/** The dues schedule in force at an organization (own, nearest ancestor's, or the default). */
export type DuesSchedule = components["schemas"]["DuesSchedule"];
/** One row: category, income band (yuan, max null = open), monthly yuan, effective from. */
export type DuesScheduleRow = DuesSchedule["rows"][number];

/** GET /organizations/{id}/dues-schedule. */
export function useDuesSchedule(organizationId: number) {
  return useQuery({
    queryKey: [...queryKeys.meetings, "dues-schedule", organizationId],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/dues-schedule", { params: { path: { id: organizationId } } }),
      ),
  });
}

/** PUT /organizations/{id}/dues-schedule {rows} ([] = inherit again); 400 names rows.{i}.{field}. */
export function usePutDuesSchedule(organizationId: number) {
  const invalidateEntity = useInvalidateEntity();
  return useMutation({
    mutationFn: (rows: DuesScheduleRow[]) =>
      unwrap(
        api.PUT("/api/v1/organizations/{id}/dues-schedule", {
          params: { path: { id: organizationId } },
          body: { rows },
        }),
      ),
    // Expected amounts of every month and the arrears follow the schedule.
    onSuccess: () => invalidateEntity({ entity: "meeting" }),
  });
}
