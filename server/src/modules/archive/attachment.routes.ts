import {
  ATTACHMENT_DECISIONS,
  ATTACHMENT_KINDS,
  ATTACHMENT_MEDIA_TYPES,
  ATTACHMENT_VERIFICATIONS,
  contentDisposition,
  enumSchema,
} from "@tuanwu/domain";
import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { todayInChina } from "../../lib/clock";
import { HttpError } from "../../lib/http-errors";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import {
  decideAttachment,
  listAttachments,
  openAttachmentContent,
  uploadAttachment,
} from "./attachment.service";
import { readAttachmentUpload } from "./attachment-upload";

export const memberAttachmentSchema = z
  .object({
    id: z.number().int(),
    memberId: z.number().int(),
    kind: z.enum(ATTACHMENT_KINDS),
    fileName: z.string(),
    mediaType: z.enum(ATTACHMENT_MEDIA_TYPES).describe("read from the file's bytes"),
    byteSize: z.number().int(),
    verification: z
      .enum(ATTACHMENT_VERIFICATIONS)
      .describe("application form: pending 尚未认证 → verified 已认证 | returned; others not_required"),
    uploadedByName: z.string(),
    uploadedAt: z.string(),
    decidedByName: z.string().nullable(),
    decidedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
  })
  .meta({ id: "MemberAttachment" });

const kindSchema = enumSchema("附件类型", ATTACHMENT_KINDS);
const idParams = z.object({ id: idParameter });
const uploadErrors = {
  ...commonErrorResponses,
  409: errorResponseSchema,
  413: errorResponseSchema,
  415: errorResponseSchema,
  503: errorResponseSchema,
};

/** Attachment routes of the archive: upload, list, download, and the higher committee's decision. */
export async function registerAttachmentRoutes(app: ZodApp, { db, config }: AppContext): Promise<void> {
  app.post(
    "/members/:id/attachments",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["archive"],
        summary: "上传附件 Upload an attachment (multipart: field kind, one file ≤ 20 MB)",
        description:
          "multipart/form-data with a field `kind` (application_form | award_certificate | other) and one " +
          "file. The type is read from the bytes: an application form must be a PDF, the others PDF, " +
          "PNG or JPEG. An application form starts pending (尚未认证); another can only be uploaded " +
          "after it was returned.",
        consumes: ["multipart/form-data"],
        params: idParams,
        // Documents the multipart body for the OpenAPI client; the fields are read and checked by
        // readAttachmentUpload (the multipart parser leaves no body for a schema to validate).
        body: z.unknown().meta({
          type: "object",
          properties: {
            kind: { type: "string", enum: [...ATTACHMENT_KINDS] },
            file: { type: "string", format: "binary" },
          },
          required: ["kind", "file"],
        }),
        response: { 201: memberAttachmentSchema, ...uploadErrors },
      },
    },
    /** POST /api/v1/members/{id}/attachments (multipart kind + file) → 201 MemberAttachment. */
    async (request, reply) => {
      const actor = requireActor(request);
      const upload = await readAttachmentUpload(request);
      const kind = kindSchema.safeParse(upload.kind);
      if (!kind.success) {
        throw new HttpError(400, "invalid_input", kind.error.issues[0]?.message ?? "附件类型：无效", "kind");
      }
      const attachment = await uploadAttachment(
        db,
        actor,
        config.filesDir,
        request.params.id,
        { kind: kind.data, fileName: upload.fileName, bytes: upload.bytes },
        todayInChina(),
      );
      return reply.status(201).send(attachment);
    },
  );

  app.get(
    "/members/:id/attachments",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["archive"],
        summary: "团员附件 A member's attachments, oldest first",
        params: idParams,
        response: { 200: z.object({ items: z.array(memberAttachmentSchema) }), ...commonErrorResponses },
      },
    },
    /** GET /api/v1/members/{id}/attachments → { items }; 404 outside scope. */
    async (request) => ({ items: await listAttachments(db, requireActor(request), request.params.id) }),
  );

  app.get(
    "/member-attachments/:id/content",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["archive"],
        summary: "下载附件 The attachment's file, with its type and name",
        description:
          "The stored bytes with Content-Type application/pdf, image/png or image/jpeg and a " +
          "Content-Disposition (inline, RFC 5987 filename*). Open it as a link or fetch it as a blob.",
        params: idParams,
        response: {
          200: z
            .unknown()
            .meta({ type: "string", format: "binary", description: "the file (PDF, PNG or JPEG)" }),
          ...commonErrorResponses,
          503: errorResponseSchema,
        },
      },
    },
    /** GET /api/v1/member-attachments/{id}/content → the file (inline, RFC 5987 filename*). */
    async (request, reply) => {
      const content = await openAttachmentContent(
        db,
        requireActor(request),
        config.filesDir,
        request.params.id,
      );
      return reply
        .type(content.mediaType)
        .header("content-length", content.byteSize)
        .header("content-disposition", contentDisposition(content.fileName))
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, no-cache")
        .send(content.stream);
    },
  );

  app.post(
    "/member-attachments/:id/decision",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["archive"],
        summary: "认证或退回入团志愿书 Verify or return a pending application form (higher committee)",
        params: idParams,
        body: z.object({
          decision: enumSchema("决定", ATTACHMENT_DECISIONS),
          note: z.string().trim().max(500, { error: "说明：不能超过500个字符" }).optional(),
        }),
        response: { 200: memberAttachmentSchema, ...commonErrorResponses, 409: errorResponseSchema },
      },
    },
    /** POST /api/v1/member-attachments/{id}/decision {decision: verify|return, note} → MemberAttachment. */
    async (request) =>
      decideAttachment(db, requireActor(request), request.params.id, request.body, todayInChina()),
  );
}
