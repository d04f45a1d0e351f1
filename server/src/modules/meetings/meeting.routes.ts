import { contentDisposition } from "@tuanwu/domain";
import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { todayInChina } from "../../lib/clock";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { readAttachmentUpload } from "../archive/attachment-upload";
import {
  attendanceBodySchema,
  calendarQuerySchema,
  calendarSchema,
  meetingCreateSchema,
  meetingDetailSchema,
  meetingListQuerySchema,
  meetingPatchSchema,
  meetingPhotoSchema,
  meetingSummarySchema,
  ownMeetingsSchema,
  signinResultSchema,
  signinTokenBodySchema,
  signinTokenSchema,
  silentBranchesSchema,
  silentQuerySchema,
  tokenParamsSchema,
} from "./meeting.schemas";
import {
  addPhoto,
  createMeeting,
  getCalendar,
  getMeeting,
  getPhotoContent,
  listMeetings,
  listOwnMeetings,
  listSilentBranches,
  openSignin,
  putAttendance,
  signInWithToken,
  updateMeeting,
} from "./meeting.service";

const idParams = z.object({ id: idParameter });
const writeErrors = { ...commonErrorResponses, 409: errorResponseSchema, 422: errorResponseSchema };
const uploadErrors = { ...commonErrorResponses, 413: errorResponseSchema, 415: errorResponseSchema };

/**
 * Routes of organizational life 组织生活 (三会两制一课, theme days, League-school sessions; issue 12
 * part 1): record meetings with attendance, QR sign-in, photos, the branch calendar, silent-branch
 * reminders and the member's own meetings. member:read to read, member:write to record (a branch
 * secretary acts); sign-in and /me/meetings need only organization:read (every role). Every read and
 * write through requireAccess (404 outside the scope); writes audited.
 */
export async function registerMeetingRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/organizations/:id/meetings",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["meetings"],
        summary: "组织生活 Meetings of an organization's subtree, newest first (≤ 500)",
        params: idParams,
        querystring: meetingListQuerySchema,
        response: {
          200: z.object({ items: z.array(meetingSummarySchema), truncated: z.boolean() }),
          ...commonErrorResponses,
        },
      },
    },
    /** GET /api/v1/organizations/{id}/meetings?from&to&kind → { items, truncated }. */
    async (request) => listMeetings(db, requireActor(request), request.params.id, request.query),
  );

  app.post(
    "/organizations/:id/meetings",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["meetings"],
        summary: "记录会议 Record a meeting of a branch with its attendance (one transaction)",
        params: idParams,
        body: meetingCreateSchema,
        response: { 201: meetingDetailSchema, ...writeErrors },
      },
    },
    /** POST /api/v1/organizations/{id}/meetings {kind, heldOn, topic, minutes, classHours, attendance} → 201 MeetingDetail. */
    async (request, reply) => {
      const meeting = await createMeeting(
        db,
        requireActor(request),
        request.params.id,
        request.body,
        todayInChina(),
      );
      return reply.status(201).send(meeting);
    },
  );

  app.get(
    "/meetings/:id",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["meetings"],
        summary: "会议详情 A meeting with minutes, attendance, photos and sign-in state",
        params: idParams,
        response: { 200: meetingDetailSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/meetings/{id} → MeetingDetail. */
    async (request) => getMeeting(db, requireActor(request), request.params.id),
  );

  app.patch(
    "/meetings/:id",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["meetings"],
        summary: "修改会议 Change a meeting's kind, date, topic, minutes or class hours",
        params: idParams,
        body: meetingPatchSchema,
        response: { 200: meetingDetailSchema, ...writeErrors },
      },
    },
    /** PATCH /api/v1/meetings/{id} {kind?, heldOn?, topic?, minutes?, classHours?} → MeetingDetail. */
    async (request) =>
      updateMeeting(db, requireActor(request), request.params.id, request.body, todayInChina()),
  );

  app.put(
    "/meetings/:id/attendance",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["meetings"],
        summary: "参会情况 Replace a meeting's attendance (attendees from the branch roll)",
        params: idParams,
        body: attendanceBodySchema,
        response: { 200: meetingDetailSchema, ...writeErrors },
      },
    },
    /** PUT /api/v1/meetings/{id}/attendance {attendance: [{memberId, status, absenceReason?}]} → MeetingDetail. */
    async (request) => putAttendance(db, requireActor(request), request.params.id, request.body.attendance),
  );

  app.post(
    "/meetings/:id/signin-token",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["meetings"],
        summary: "扫码签到 Open QR sign-in for a meeting (a new token, valid for `minutes`)",
        params: idParams,
        body: signinTokenBodySchema,
        response: { 200: signinTokenSchema, ...writeErrors },
      },
    },
    /** POST /api/v1/meetings/{id}/signin-token {minutes=120} → {token, closesAt, signinPath}. */
    async (request) => openSignin(db, requireActor(request), request.params.id, request.body.minutes),
  );

  app.post(
    "/meetings/signin/:token",
    {
      config: { permission: "organization:read" },
      schema: {
        tags: ["meetings"],
        summary: "签到 A signed-in member signs in to a meeting of their branch from their phone",
        params: tokenParamsSchema,
        response: { 200: signinResultSchema, ...writeErrors },
      },
    },
    /** POST /api/v1/meetings/signin/{token} → {meetingId, topic, heldOn, memberName, signedInAt}; 409 twice. */
    async (request) => signInWithToken(db, requireActor(request), request.params.token),
  );

  app.post(
    "/meetings/:id/photos",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["meetings"],
        summary: "会议照片 Add a photo (multipart: one PNG or JPEG file ≤ 10 MB)",
        description: "multipart/form-data with one file; its type is read from the bytes (PNG or JPEG).",
        consumes: ["multipart/form-data"],
        params: idParams,
        // Documents the multipart body; the file is read by readAttachmentUpload.
        body: z.unknown().meta({
          type: "object",
          properties: { file: { type: "string", format: "binary" } },
          required: ["file"],
        }),
        response: { 201: meetingPhotoSchema, ...uploadErrors },
      },
    },
    /** POST /api/v1/meetings/{id}/photos (multipart file) → 201 MeetingPhoto. */
    async (request, reply) => {
      const actor = requireActor(request);
      const upload = await readAttachmentUpload(request);
      const photo = await addPhoto(db, actor, request.params.id, upload);
      return reply.status(201).send(photo);
    },
  );

  app.get(
    "/meeting-photos/:id/content",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["meetings"],
        summary: "会议照片 A meeting photo's bytes (PNG or JPEG, inline)",
        params: idParams,
        response: {
          200: z.unknown().meta({ type: "string", format: "binary", description: "the photo (PNG or JPEG)" }),
          ...commonErrorResponses,
        },
      },
    },
    /** GET /api/v1/meeting-photos/{id}/content → the photo (inline, RFC 5987 filename*). */
    async (request, reply) => {
      const photo = await getPhotoContent(db, requireActor(request), request.params.id);
      return reply
        .type(photo.contentType)
        .header("content-disposition", contentDisposition(photo.fileName))
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, no-cache")
        .send(photo.bytes);
    },
  );

  app.get(
    "/organizations/:id/meeting-calendar",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["meetings"],
        summary: "会议日历 The meetings of a month, by day",
        params: idParams,
        querystring: calendarQuerySchema,
        response: { 200: calendarSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/meeting-calendar?month=YYYY-MM (default this month) → {month, days}. */
    async (request) =>
      getCalendar(
        db,
        requireActor(request),
        request.params.id,
        request.query.month ?? todayInChina().slice(0, 7),
      ),
  );

  app.get(
    "/organizations/:id/silent-branches",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["meetings"],
        summary: "长期未开展组织生活 Branches with no meeting for N weeks (default 8)",
        params: idParams,
        querystring: silentQuerySchema,
        response: { 200: silentBranchesSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/silent-branches?weeks=8 → {weeks, cutoff, items, truncated}. */
    async (request) =>
      listSilentBranches(db, requireActor(request), request.params.id, request.query.weeks, todayInChina()),
  );

  app.get(
    "/me/meetings",
    {
      config: { permission: "organization:read" },
      schema: {
        tags: ["me"],
        summary: "我的组织生活 The signed-in member's meetings and 团课 hours",
        response: { 200: ownMeetingsSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/me/meetings → {items, classHours}; 404 when the account has no member record. */
    async (request) => listOwnMeetings(db, requireActor(request)),
  );
}
