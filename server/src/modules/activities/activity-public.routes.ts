import { z } from "zod";
import { DEFAULT_PUBLIC_REQUESTS_PER_MINUTE } from "../../config";
import { commonErrorResponses, errorResponseSchema } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import {
  ownActivitySchema,
  publicActivitySchema,
  publicCancelInputSchema,
  publicCheckinInputSchema,
  publicCheckinResultSchema,
  publicRatingInputSchema,
  publicSignupInputSchema,
  publicSignupResultSchema,
  tokenParameter,
} from "./activity.schemas";
import {
  cancelSignupPublicly,
  checkInPublicly,
  getPublicActivity,
  listOwnActivities,
  rateActivityPublicly,
  signUpPublicly,
} from "./activity-public.service";

const tokenParams = z.object({ token: tokenParameter });
const checkinParams = z.object({ checkinToken: tokenParameter });
const publicErrors = {
  400: errorResponseSchema,
  404: errorResponseSchema,
  409: errorResponseSchema,
  422: errorResponseSchema,
  429: errorResponseSchema,
};

/**
 * Public routes of activities (issue 14 parts 2 and 5; permission "public", no account): the sign-up
 * page, sign-up (waitlist beyond capacity), cancel one's own sign-up, check-in/out by the QR link,
 * rating. Each is rate-limited per client address (TUANWU_PUBLIC_REQUESTS_PER_MINUTE, default 60 a
 * minute; beyond: 429) and answers nothing of the registry. Plus GET /me/activities for a signed-in
 * member.
 */
export async function registerActivityPublicRoutes(app: ZodApp, { db, config }: AppContext): Promise<void> {
  const rateLimit = {
    max: config.publicRequestsPerMinute ?? DEFAULT_PUBLIC_REQUESTS_PER_MINUTE,
    timeWindow: "1 minute",
  };

  app.get(
    "/public/activities/:token",
    {
      config: { permission: "public", rateLimit },
      schema: {
        tags: ["public"],
        summary: "活动报名页 An activity's title, time, place and seats left (public)",
        params: tokenParams,
        response: {
          200: publicActivitySchema,
          400: errorResponseSchema,
          404: errorResponseSchema,
          429: errorResponseSchema,
        },
      },
    },
    /** GET /api/v1/public/activities/{token} → PublicActivity; 404 unknown link. */
    async (request) => getPublicActivity(db, request.params.token),
  );

  app.post(
    "/public/activities/:token/signups",
    {
      config: { permission: "public", rateLimit },
      schema: {
        tags: ["public"],
        summary: "报名 Sign up by name and phone: confirmed, or waitlisted beyond capacity (public)",
        params: tokenParams,
        body: publicSignupInputSchema,
        response: { 201: publicSignupResultSchema, ...publicErrors },
      },
    },
    /**
     * POST /api/v1/public/activities/{token}/signups {name, phone, deviceKey?} → 201 {status,
     * waitlistPosition}; 409 already_signed_up; 422 activity_cancelled / signup_closed. Audited.
     */
    async (request, reply) =>
      reply.status(201).send(await signUpPublicly(db, request.params.token, request.body, request.actor)),
  );

  app.post(
    "/public/activities/:token/signups/cancel",
    {
      config: { permission: "public", rateLimit },
      schema: {
        tags: ["public"],
        summary: "取消报名 Cancel one's own sign-up (phone and the device that signed up; public)",
        params: tokenParams,
        body: publicCancelInputSchema,
        response: { 200: z.object({ status: z.literal("cancelled") }), ...publicErrors },
      },
    },
    /** POST /api/v1/public/activities/{token}/signups/cancel {phone, deviceKey} → {status}; 404. Audited. */
    async (request) => cancelSignupPublicly(db, request.params.token, request.body),
  );

  app.post(
    "/public/activities/checkin/:checkinToken",
    {
      config: { permission: "public", rateLimit },
      schema: {
        tags: ["public"],
        summary:
          "扫码签到/签退 Check in or out by the QR link and phone, inside the window, once each (public)",
        params: checkinParams,
        body: publicCheckinInputSchema,
        response: { 200: publicCheckinResultSchema, ...publicErrors },
      },
    },
    /**
     * POST /api/v1/public/activities/checkin/{checkinToken} {phone, action: check_in|check_out} →
     * {action, at, title}; 422 outside_window / not_signed_up / waitlisted; 409 twice. Audited.
     */
    async (request) => checkInPublicly(db, request.params.checkinToken, request.body),
  );

  app.post(
    "/public/activities/:token/rating",
    {
      config: { permission: "public", rateLimit },
      schema: {
        tags: ["public"],
        summary: "活动评价 Rate an attended activity 1–5 with a comment, once (public)",
        params: tokenParams,
        body: publicRatingInputSchema,
        response: { 200: z.object({ rating: z.number().int() }), ...publicErrors },
      },
    },
    /** POST /api/v1/public/activities/{token}/rating {phone, rating, comment?} → {rating}. Audited. */
    async (request) => rateActivityPublicly(db, request.params.token, request.body),
  );

  app.get(
    "/me/activities",
    {
      config: { permission: "organization:read" },
      schema: {
        tags: ["me"],
        summary: "我的活动 The signed-in member's activities (by member record or its phone)",
        response: { 200: z.object({ items: z.array(ownActivitySchema) }), ...commonErrorResponses },
      },
    },
    /** GET /api/v1/me/activities → {items} newest first; empty for an account without a member record. */
    async (request) => listOwnActivities(db, requireActor(request)),
  );
}
