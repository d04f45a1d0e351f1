import { queryOptions } from "@tanstack/react-query";
import { api, csrfHeaders } from "../../../api/client";
import { toApiError, unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import type { paths } from "../../../api/schema";

type Json<T> = T extends { content: { "application/json": infer Body } } ? Body : never;
type Body<T> = T extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;

/** GET /organizations/{id}/activities: the subtree's activities with sign-up, check-in and rating counts. */
export type ActivityList = Json<paths["/api/v1/organizations/{id}/activities"]["get"]["responses"][200]>;
export type ActivityListItem = ActivityList["items"][number];
/** GET /activities/{id}: an activity with its links' tokens and counts. */
export type ActivityDetail = Json<paths["/api/v1/activities/{id}"]["get"]["responses"][200]>;
/** GET /activities/{id}/signups: sign-ups, phones masked unless the role may see them. */
export type ActivitySignups = Json<paths["/api/v1/activities/{id}/signups"]["get"]["responses"][200]>;
export type ActivityCreateBody = Body<paths["/api/v1/organizations/{id}/activities"]["post"]>;

export function activitiesQuery(organizationId: number) {
  return queryOptions({
    queryKey: [...queryKeys.youthHomes, "activities", organizationId],
    queryFn: () =>
      unwrap(api.GET("/api/v1/organizations/{id}/activities", { params: { path: { id: organizationId } } })),
  });
}

export function activityQuery(activityId: number) {
  return queryOptions({
    queryKey: [...queryKeys.youthHomes, "activity", activityId],
    queryFn: () => unwrap(api.GET("/api/v1/activities/{id}", { params: { path: { id: activityId } } })),
  });
}

export function activitySignupsQuery(activityId: number) {
  return queryOptions({
    queryKey: [...queryKeys.youthHomes, "activity", activityId, "signups"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/activities/{id}/signups", { params: { path: { id: activityId } } })),
  });
}

export function createActivity(organizationId: number, body: ActivityCreateBody) {
  return unwrap(
    api.POST("/api/v1/organizations/{id}/activities", { params: { path: { id: organizationId } }, body }),
  );
}

export function cancelActivity(activityId: number) {
  return unwrap(api.POST("/api/v1/activities/{id}/cancel", { params: { path: { id: activityId } } }));
}

/** GET /activities/{id}/photos/{photoId}: the photo's bytes (a plain URL: the browser sends the session cookie). */
export function activityPhotoUrl(activityId: number, photoId: number): string {
  return `/api/v1/activities/${activityId}/photos/${photoId}`;
}

/** POST /activities/{id}/photos: one image as multipart form data (the server checks the bytes are an image). */
export async function uploadActivityPhoto(activityId: number, file: File): Promise<void> {
  const form = new FormData();
  form.append("file", file, file.name);
  const response = await fetch(`/api/v1/activities/${activityId}/photos`, {
    method: "POST",
    body: form,
    credentials: "include",
    headers: csrfHeaders(),
  });
  if (!response.ok) throw toApiError(await response.json().catch(() => null), response);
}
