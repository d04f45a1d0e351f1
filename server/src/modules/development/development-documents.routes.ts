import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { todayInChina } from "../../lib/clock";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import {
  type DocumentFile,
  exportApplicationForm,
  exportPublicNotice,
} from "./development-documents.service";

const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** A binary body (sent as a buffer; not serialized). */
const fileResponse = (what: string) => z.any().describe(what);

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987). */
function attachment(file: DocumentFile, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`;
}

/**
 * Documents of member development (issue 10 part 6): the pre-filled 入团志愿书 of a development target
 * (.docx) and the public notice 公示 of candidates and development targets (.xlsx). Both read
 * (member:read) inside the user's subtree (404 outside) and are audited.
 */
export async function registerDevelopmentDocumentRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/applications/:id/application-form.docx",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["development"],
        summary: "入团志愿书 The pre-filled application form of a development target (.docx)",
        produces: [DOCX_MEDIA_TYPE],
        params: z.object({ id: idParameter }),
        response: {
          200: fileResponse("the .docx document"),
          ...commonErrorResponses,
          422: errorResponseSchema,
        },
      },
    },
    /**
     * GET /api/v1/applications/{id}/application-form.docx → the document; 404 outside the subtree; 422
     * application_form_not_available before the development target is pre-checked. Audited.
     */
    async (request, reply) => {
      const file = await exportApplicationForm(db, requireActor(request), request.params.id);
      return reply
        .header("content-type", DOCX_MEDIA_TYPE)
        .header("content-disposition", attachment(file, "application-form.docx"))
        .send(file.bytes);
    },
  );

  app.get(
    "/organizations/:id/applications/public-notice.xlsx",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["development"],
        summary: "公示名单 Candidates and development targets of the subtree, by branch (.xlsx)",
        produces: [XLSX_MEDIA_TYPE],
        params: z.object({ id: idParameter }),
        response: { 200: fileResponse("the .xlsx workbook"), ...commonErrorResponses },
      },
    },
    /**
     * GET /api/v1/organizations/{id}/applications/public-notice.xlsx → the workbook; citizen IDs masked
     * unless member:read_personal; 404 outside the subtree. Audited.
     */
    async (request, reply) => {
      const file = await exportPublicNotice(db, requireActor(request), request.params.id, todayInChina());
      return reply
        .header("content-type", XLSX_MEDIA_TYPE)
        .header("content-disposition", attachment(file, "public-notice.xlsx"))
        .send(file.bytes);
    },
  );
}
