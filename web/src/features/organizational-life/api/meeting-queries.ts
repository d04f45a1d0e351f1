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

/** Members per request while reading a roll (the members route's page-size limit). */
const ROLL_PAGE_SIZE = 100;
/** Requests at most per roll: 50 pages of 100, far above any branch (a branch has a few hundred at most). */
const ROLL_MAX_PAGES = 50;

/**
 * The branch roll the attendee picker offers: every active member of the branch, read page by page with
 * the members route's keyset cursor (a roll of more than 100 is not cut off).
 */
export function rollQuery(organizationId: number) {
  return queryOptions({
    queryKey: [...queryKeys.members, "meeting-roll", organizationId],
    queryFn: async () => {
      const roll: { id: number; name: string }[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < ROLL_MAX_PAGES; page += 1) {
        const result = await unwrap(
          api.GET("/api/v1/organizations/{id}/members", {
            params: {
              path: { id: organizationId },
              query: { status: "active", pageSize: ROLL_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
            },
          }),
        );
        roll.push(...result.items.map((member) => ({ id: member.id, name: member.name })));
        if (!result.nextCursor || result.items.length === 0) break;
        cursor = result.nextCursor;
      }
      return roll;
    },
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
