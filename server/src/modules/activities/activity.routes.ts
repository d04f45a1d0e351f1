import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { readAttachmentUpload } from "../archive/attachment-upload";
import {
  activityCreateSchema,
  activityDetailSchema,
  activityListQuerySchema,
  activityListSchema,
  activityPatchSchema,
  activitySchema,
  photoSchema,
  signupSchema,
} from "./activity.schemas";
import {
  addActivityPhoto,
  cancelActivity,
  cancelSignupByStaff,
  createActivity,
  getActivity,
  listActivities,
  listSignups,
  readActivityPhoto,
  updateActivityRecord,
} from "./activity.service";

const idParams = z.object({ id: idParameter });
const signupParams = z.object({ id: idParameter, signupId: idParameter });
const photoParams = z.object({ id: idParameter, photoId: idParameter });
const writeErrors = { ...commonErrorResponses, 409: errorResponseSchema, 422: errorResponseSchema };

/** RFC 6266 / 5987 inline disposition with an ASCII fallback. */
function inline(fileName: string): string {
  return `inline; filename="photo"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Staff routes of activities 活动 (issue 14 part 2): list an organization's subtree with counts per
 * activity and per organization, publish, read, edit, cancel, the sign-up list (phones masked unless
 * member:read_personal), cancel a sign-up (the waitlist moves up), photos (type from the bytes).
 * youth_home:read / youth_home:write; narrowed to the user's subtree (404 outside); writes audited.
 */
export async function registerActivityRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/organizations/:id/activities",
    {
      config: { permission: "youth_home:read" },
      schema: {
        tags: ["activities"],
        summary: "活动列表 The activities of an organization's subtree with counts",
        params: idParams,
        querystring: activityListQuerySchema,
        response: { 200: activityListSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/activities?youthHomeId= → {items, totals, byOrganization}. */
    async (request) =>
      listActivities(db, requireActor(request), request.params.id, {
        youthHomeId: request.query.youthHomeId,
      }),
  );

  app.post(
    "/organizations/:id/activities",
    {
      config: { permission: "youth_home:write" },
      schema: {
        tags: ["activities"],
        summary: "发布活动 Publish an activity (sign-up link and QR check-in link drawn)",
        params: idParams,
        body: activityCreateSchema,
        response: { 201: activitySchema, ...commonErrorResponses },
      },
    },
    /** POST /api/v1/organizations/{id}/activities → 201 Activity. Audited. */
    async (request, reply) =>
      reply
        .status(201)
        .send(await createActivity(db, requireActor(request), request.params.id, request.body)),
  );

  app.get(
    "/activities/:id",
    {
      config: { permission: "youth_home:read" },
      schema: {
        tags: ["activities"],
        summary: "活动详情 An activity with counts, links and photos",
        params: idParams,
        response: { 200: activityDetailSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/activities/{id} → ActivityDetail. */
    async (request) => getActivity(db, requireActor(request), request.params.id),
  );

  app.patch(
    "/activities/:id",
    {
      config: { permission: "youth_home:write" },
      schema: {
        tags: ["activities"],
        summary: "编辑活动 Edit an activity (a larger capacity promotes the waitlist)",
        params: idParams,
        body: activityPatchSchema,
        response: { 200: activitySchema, ...writeErrors },
      },
    },
    /** PATCH /api/v1/activities/{id} → Activity; 400 capacity below the confirmed; 422 cancelled. Audited. */
    async (request) => updateActivityRecord(db, requireActor(request), request.params.id, request.body),
  );

  app.post(
    "/activities/:id/cancel",
    {
      config: { permission: "youth_home:write" },
      schema: {
        tags: ["activities"],
        summary: "取消活动 Cancel an activity",
        params: idParams,
        response: { 200: activitySchema, ...writeErrors },
      },
    },
    /** POST /api/v1/activities/{id}/cancel → Activity; 409 already_cancelled. Audited. */
    async (request) => cancelActivity(db, requireActor(request), request.params.id),
  );

  app.get(
    "/activities/:id/signups",
    {
      config: { permission: "youth_home:read" },
      schema: {
        tags: ["activities"],
        summary: "报名名单 The sign-ups of an activity (phones masked unless personal data is allowed)",
        params: idParams,
        response: { 200: z.object({ items: z.array(signupSchema) }), ...commonErrorResponses },
      },
    },
    /** GET /api/v1/activities/{id}/signups → {items}: confirmed, waitlist in order, cancelled. */
    async (request) => listSignups(db, requireActor(request), request.params.id),
  );

  app.post(
    "/activities/:id/signups/:signupId/cancel",
    {
      config: { permission: "youth_home:write" },
      schema: {
        tags: ["activities"],
        summary: "取消报名 Cancel a sign-up; the first of the waitlist takes the seat",
        params: signupParams,
        response: { 200: z.object({ items: z.array(signupSchema) }), ...writeErrors },
      },
    },
    /** POST /api/v1/activities/{id}/signups/{signupId}/cancel → the sign-ups; 409 already_cancelled. Audited. */
    async (request) =>
      cancelSignupByStaff(db, requireActor(request), request.params.id, request.params.signupId),
  );

  app.post(
    "/activities/:id/photos",
    {
      config: { permission: "youth_home:write" },
      schema: {
        tags: ["activities"],
        summary: "上传活动照片 Add a photo (JPEG, PNG, GIF or WebP, read from the bytes; ≤ 10 MB)",
        consumes: ["multipart/form-data"],
        params: idParams,
        // Documents the multipart body; readAttachmentUpload reads and checks it.
        body: z.unknown().meta({
          type: "object",
          properties: { file: { type: "string", format: "binary" } },
          required: ["file"],
        }),
        response: {
          201: photoSchema,
          ...commonErrorResponses,
          413: errorResponseSchema,
          415: errorResponseSchema,
        },
      },
    },
    /** POST /api/v1/activities/{id}/photos (multipart file) → 201 ActivityPhoto; 400 not_an_image. Audited. */
    async (request, reply) => {
      const actor = requireActor(request);
      const upload = await readAttachmentUpload(request);
      return reply.status(201).send(await addActivityPhoto(db, actor, request.params.id, upload));
    },
  );

  app.get(
    "/activities/:id/photos/:photoId",
    {
      config: { permission: "youth_home:read" },
      schema: {
        tags: ["activities"],
        summary: "活动照片 A photo's bytes",
        produces: ["image/jpeg", "image/png", "image/gif", "image/webp"],
        params: photoParams,
        response: { 200: z.any().describe("the image"), ...commonErrorResponses },
      },
    },
    /** GET /api/v1/activities/{id}/photos/{photoId} → the image (its type as detected at upload). */
    async (request, reply) => {
      const photo = await readActivityPhoto(
        db,
        requireActor(request),
        request.params.id,
        request.params.photoId,
      );
      return reply
        .header("content-type", photo.contentType)
        .header("content-disposition", inline(photo.fileName))
        .send(photo.bytes);
    },
  );
}
