import { letterCodeSchema, VOLUNTEER_CERTIFICATE_NUMBER_PATTERN } from "@tuanwu/domain";
import { z } from "zod";
import { DEFAULT_PUBLIC_REQUESTS_PER_MINUTE } from "../../config";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { todayInChina } from "../../lib/clock";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { exportCertificatePdf, verifyCertificate } from "./volunteer-certificate.service";
import {
  certificateSchema,
  certificateVerificationSchema,
  ownHoursSchema,
  recordCreateSchema,
  recordSchema,
  rejectSchema,
  shiftCreateSchema,
  shiftDetailSchema,
  shiftSummarySchema,
} from "./volunteer-hours.schemas";
import {
  createShift,
  decideRecord,
  getShift,
  issueCertificate,
  listOwnHours,
  listShifts,
  recordVolunteer,
} from "./volunteer-hours.service";

const PDF_MEDIA_TYPE = "application/pdf";
const idParams = z.object({ id: idParameter });

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987). */
function attachment(fileName: string, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Routes of volunteer hours 志愿服务时长 (domain.md §7; issue 14 part 3). Staff (youth_home:read /
 * write, scoped by requireAccess → 404 outside, audited): shifts, records with check-in/out, approval or
 * rejection by the recording organization, the certificate after the 7-day notice and its PDF. Public
 * (rate-limited → 429): the certificate check by number and code. Member: their own hours.
 */
export async function registerVolunteerHoursRoutes(app: ZodApp, { db, config }: AppContext): Promise<void> {
  app.get(
    "/organizations/:id/volunteer-shifts",
    {
      config: { permission: "youth_home:read" },
      schema: {
        tags: ["volunteer-hours"],
        summary: "志愿服务班次 Volunteer shifts of an organization's subtree",
        params: idParams,
        response: { 200: z.object({ items: z.array(shiftSummarySchema) }), ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/volunteer-shifts → {items}: newest first, at most 500. */
    async (request) => ({ items: await listShifts(db, requireActor(request), request.params.id) }),
  );

  app.post(
    "/organizations/:id/volunteer-shifts",
    {
      config: { permission: "youth_home:write" },
      schema: {
        tags: ["volunteer-hours"],
        summary: "新建志愿服务班次 Create a shift (the recording organization)",
        params: idParams,
        body: shiftCreateSchema,
        response: { 201: shiftDetailSchema, ...commonErrorResponses },
      },
    },
    /** POST /api/v1/organizations/{id}/volunteer-shifts {title, startsAt, endsAt, capacity?, activityId?} → 201. Audited. */
    async (request, reply) =>
      reply.status(201).send(await createShift(db, requireActor(request), request.params.id, request.body)),
  );

  app.get(
    "/volunteer-shifts/:id",
    {
      config: { permission: "youth_home:read" },
      schema: {
        tags: ["volunteer-hours"],
        summary: "志愿服务班次详情 A shift with its records (phones masked unless allowed)",
        params: idParams,
        response: { 200: shiftDetailSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/volunteer-shifts/{id} → the shift and its records. */
    async (request) => getShift(db, requireActor(request), request.params.id),
  );

  app.post(
    "/volunteer-shifts/:id/records",
    {
      config: { permission: "youth_home:write" },
      schema: {
        tags: ["volunteer-hours"],
        summary: "登记志愿时长 Record a volunteer's check-in and check-out (hours computed)",
        params: idParams,
        body: recordCreateSchema,
        response: { 201: recordSchema, ...commonErrorResponses, 409: errorResponseSchema },
      },
    },
    /** POST /api/v1/volunteer-shifts/{id}/records {name, phone, memberId?, checkedInAt, checkedOutAt} → 201; 409 shift_full. Audited. */
    async (request, reply) =>
      reply
        .status(201)
        .send(await recordVolunteer(db, requireActor(request), request.params.id, request.body)),
  );

  app.post(
    "/volunteer-records/:id/approve",
    {
      config: { permission: "youth_home:write" },
      schema: {
        tags: ["volunteer-hours"],
        summary: "审核通过志愿时长 Approve hours (the recording organization only)",
        params: idParams,
        response: { 200: recordSchema, ...commonErrorResponses, 409: errorResponseSchema },
      },
    },
    /**
     * POST /api/v1/volunteer-records/{id}/approve → the record with its notice end; 403
     * not_recording_organization; 409 volunteer_record_decided. Feeds the points scheme. Audited.
     */
    async (request) => decideRecord(db, requireActor(request), request.params.id, "approve", todayInChina()),
  );

  app.post(
    "/volunteer-records/:id/reject",
    {
      config: { permission: "youth_home:write" },
      schema: {
        tags: ["volunteer-hours"],
        summary: "驳回志愿时长 Reject hours (the recording organization only)",
        params: idParams,
        body: rejectSchema.optional(),
        response: { 200: recordSchema, ...commonErrorResponses, 409: errorResponseSchema },
      },
    },
    /** POST /api/v1/volunteer-records/{id}/reject {reason?} → the record; 403; 409. Audited. */
    async (request) =>
      decideRecord(
        db,
        requireActor(request),
        request.params.id,
        "reject",
        todayInChina(),
        request.body?.reason,
      ),
  );

  app.post(
    "/volunteer-records/:id/certificate",
    {
      config: { permission: "youth_home:write" },
      schema: {
        tags: ["volunteer-hours"],
        summary: "发放志愿服务证明 Issue the numbered certificate after the 7-day notice",
        params: idParams,
        response: {
          200: certificateSchema,
          201: certificateSchema,
          ...commonErrorResponses,
          409: errorResponseSchema,
          422: errorResponseSchema,
        },
      },
    },
    /**
     * POST /api/v1/volunteer-records/{id}/certificate → 201 the new certificate, 200 the one already
     * issued; 422 volunteer_not_approved / notice_period; 403 not_recording_organization. Audited.
     */
    async (request, reply) => {
      const { certificate, issued } = await issueCertificate(
        db,
        requireActor(request),
        request.params.id,
        todayInChina(),
      );
      return reply.status(issued ? 201 : 200).send(certificate);
    },
  );

  app.get(
    "/volunteer-records/:id/certificate.pdf",
    {
      config: { permission: "youth_home:read" },
      schema: {
        tags: ["volunteer-hours"],
        summary: "打印志愿服务证明 The issued certificate as PDF",
        produces: [PDF_MEDIA_TYPE],
        params: idParams,
        response: {
          200: z.any().describe("the PDF certificate"),
          ...commonErrorResponses,
          409: errorResponseSchema,
          503: errorResponseSchema,
        },
      },
    },
    /** GET /api/v1/volunteer-records/{id}/certificate.pdf → the PDF; 409 certificate_not_issued; 503 cjk_font_missing. Audited. */
    async (request, reply) => {
      const file = await exportCertificatePdf(db, requireActor(request), request.params.id);
      return reply
        .header("content-type", PDF_MEDIA_TYPE)
        .header("content-disposition", attachment(file.fileName, "volunteer-certificate.pdf"))
        .send(file.bytes);
    },
  );

  app.get(
    "/public/certificates/:number",
    {
      config: {
        permission: "public",
        rateLimit: {
          max: config.publicRequestsPerMinute ?? DEFAULT_PUBLIC_REQUESTS_PER_MINUTE,
          timeWindow: "1 minute",
        },
      },
      schema: {
        tags: ["public"],
        summary: "志愿服务证明查验 Check a certificate by its number and code (public)",
        params: z.object({
          number: z.string().regex(VOLUNTEER_CERTIFICATE_NUMBER_PATTERN, {
            error: "编号：应为证明上的编号，如 ZY-20261213-000042",
          }),
        }),
        querystring: z.object({ code: letterCodeSchema }),
        response: {
          200: certificateVerificationSchema,
          400: errorResponseSchema,
          404: errorResponseSchema,
          429: errorResponseSchema,
        },
      },
    },
    /** GET /api/v1/public/certificates/{number}?code= → masked name, hours, date, organization; 404 alike for a wrong code. */
    async (request) => verifyCertificate(db, request.params.number, request.query.code),
  );

  app.get(
    "/me/volunteer-hours",
    {
      config: { permission: "organization:read" },
      schema: {
        tags: ["me"],
        summary: "我的志愿时长 The signed-in member's volunteer hours",
        response: { 200: ownHoursSchema, 401: errorResponseSchema, 403: errorResponseSchema },
      },
    },
    /** GET /api/v1/me/volunteer-hours → approved hours per year and the member's records. */
    async (request) => listOwnHours(db, requireActor(request)),
  );
}
