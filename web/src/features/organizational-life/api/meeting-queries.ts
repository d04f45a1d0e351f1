import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import type { components, paths } from "../../../api/schema";

/** A meeting with minutes, attendance, photos and sign-in state (GET /meetings/{id}). */
export type MeetingDetail = components["schemas"]["MeetingDetail"];
/** A meeting in a list or the calendar. */
export type MeetingSummary = components["schemas"]["MeetingSummary"];
/** POST /organizations/{id}/meetings: kind, heldOn, topic, minutes, classHours (团课), attendance. */
export type MeetingCreateBody = NonNullable<
  paths["/api/v1/organizations/{id}/meetings"]["post"]["requestBody"]
>["content"]["application/json"];
/** GET /organizations/{id}/silent-branches: branches without a meeting for more than N weeks. */
export type SilentBranches =
  paths["/api/v1/organizations/{id}/silent-branches"]["get"]["responses"][200]["content"]["application/json"];
/** GET /me/meetings: the member's meetings and 团课 hours. */
export type OwnMeetings =
  paths["/api/v1/me/meetings"]["get"]["responses"][200]["content"]["application/json"];

/** GET /organizations/{id}/meeting-calendar?month=YYYY-MM: the branch's meetings by day of a month. */
export function calendarQuery(organizationId: number, month: string) {
  return queryOptions({
    queryKey: [...queryKeys.meetings, "calendar", organizationId, month],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/meeting-calendar", {
          params: { path: { id: organizationId }, query: { month } },
        }),
      ),
  });
}

/** GET /meetings/{id}: one meeting. */
export function meetingQuery(meetingId: number) {
  return queryOptions({
    queryKey: [...queryKeys.meetings, "meeting", meetingId],
    queryFn: () => unwrap(api.GET("/api/v1/meetings/{id}", { params: { path: { id: meetingId } } })),
  });
}

/** GET /organizations/{id}/silent-branches?weeks=: a committee's branches without organizational life. */
export function silentBranchesQuery(organizationId: number, weeks: number) {
  return queryOptions({
    queryKey: [...queryKeys.meetings, "silent", organizationId, weeks],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/silent-branches", {
          params: { path: { id: organizationId }, query: { weeks } },
        }),
      ),
  });
}

/** The branch roll the attendee picker offers: active members of the branch (first 100). */
export function rollQuery(organizationId: number) {
  return queryOptions({
    queryKey: [...queryKeys.members, "meeting-roll", organizationId],
    queryFn: async () =>
      (
        await unwrap(
          api.GET("/api/v1/organizations/{id}/members", {
            params: { path: { id: organizationId }, query: { status: "active", pageSize: 100 } },
          }),
        )
      ).items.map((member) => ({ id: member.id, name: member.name })),
  });
}

/** GET /me/meetings. */
export const ownMeetingsQuery = queryOptions({
  queryKey: [...queryKeys.myPages, "meetings"],
  queryFn: () => unwrap(api.GET("/api/v1/me/meetings")),
});

/** POST /organizations/{id}/meetings: records a meeting with its attendance (400 names the field). */
export function createMeeting(organizationId: number, body: MeetingCreateBody) {
  return unwrap(
    api.POST("/api/v1/organizations/{id}/meetings", { params: { path: { id: organizationId } }, body }),
  );
}

/** POST /meetings/{id}/signin-token: opens QR sign-in for `minutes` (default 120). */
export function openSignin(meetingId: number, minutes = 120) {
  return unwrap(
    api.POST("/api/v1/meetings/{id}/signin-token", {
      params: { path: { id: meetingId } },
      body: { minutes },
    }),
  );
}

/** POST /meetings/signin/{token}: the signed-in member signs in (409 when already signed in). */
export function signIn(token: string) {
  return unwrap(api.POST("/api/v1/meetings/signin/{token}", { params: { path: { token } } }));
}
