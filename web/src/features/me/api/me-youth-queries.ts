import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import type { paths } from "../../../api/schema";

type Json<T> = T extends { content: { "application/json": infer Body } } ? Body : never;

/** GET /me/activities: the signed-in member's sign-ups (by their member record or phone), newest first. */
export type MyActivities = Json<paths["/api/v1/me/activities"]["get"]["responses"][200]>;
/** GET /me/volunteer-hours: the member's volunteer records, approved hours and certificates. */
export type MyVolunteerHours = Json<paths["/api/v1/me/volunteer-hours"]["get"]["responses"][200]>;

export function myActivitiesQuery() {
  return queryOptions({
    queryKey: [...queryKeys.myPages, "activities"],
    queryFn: () => unwrap(api.GET("/api/v1/me/activities")),
  });
}

export function myVolunteerHoursQuery() {
  return queryOptions({
    queryKey: [...queryKeys.myPages, "volunteer-hours"],
    queryFn: () => unwrap(api.GET("/api/v1/me/volunteer-hours")),
  });
}
