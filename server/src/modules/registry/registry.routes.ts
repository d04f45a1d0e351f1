import { createReadStream, createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { todayInChina } from "../../lib/clock";
import { HttpError } from "../../lib/http-errors";
import { createTemporaryFolder } from "../../lib/temporary-folder";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { requireAccess } from "../access/access.service";
import { buildMemberTemplate, exportMembers } from "./registry-export.service";
import { ImportRejectedError, importMembers } from "./registry-import.service";

const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const importProblemSchema = z
  .object({
    row: z.number().int().describe("Excel row number (1-based)"),
    column: z.string().describe("the column's header as found in the file"),
    value: z.string().nullable(),
    message: z.string(),
  })
  .meta({ id: "ImportProblem" });

export const importResultSchema = z
  .object({
    rows: z.number().int().describe("non-empty data rows read"),
    imported: z.number().int(),
    problems: z.array(importProblemSchema),
  })
  .meta({ id: "MemberImportResult" });

/** A binary .xlsx body (sent as a buffer or a stream; not serialized). */
const xlsxResponse = z.any().describe("the .xlsx workbook");

const booleanQuery = z.enum(["true", "false"]).transform((value) => value === "true");

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987). */
function attachment(fileName: string): string {
  return `attachment; filename="members.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Saves the request's one uploaded file (field any) to a new folder under `tempDir` (the data folder's
 * tmp/, emptied at start, so a killed import leaves no workbook of real names behind); the caller removes it.
 */
async function saveUpload(
  request: FastifyRequest,
  tempDir: string | undefined,
): Promise<{ folder: string; filePath: string; fileName: string }> {
  const file = await request.file();
  if (!file)
    throw new HttpError(400, "file_required", "请上传一个 .xlsx 文件 / upload one .xlsx file", "file");
  const folder = await createTemporaryFolder(tempDir, "import-");
  const filePath = path.join(folder, "upload.xlsx");
  try {
    await pipeline(file.file, createWriteStream(filePath));
    // Past the multipart limit the stream just ends early: a cut-off file would read as "not an .xlsx".
    if (file.file.truncated)
      throw new HttpError(413, "file_too_large", "文件过大 / the file is too large", "file");
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  return { folder, filePath, fileName: file.filename };
}

/** Sends a file and removes its temporary folder once sent (or the client went away). */
function sendTemporaryFile(reply: FastifyReply, folder: string, filePath: string, fileName: string) {
  const stream = createReadStream(filePath);
  stream.on("close", () => void rm(folder, { recursive: true, force: true }));
  return reply
    .header("content-type", XLSX_MEDIA_TYPE)
    .header("content-disposition", attachment(fileName))
    .send(stream);
}

/** Routes of Excel import and export in the national registry's columns (智慧团建). */
export async function registerRegistryRoutes(app: ZodApp, { db, config }: AppContext): Promise<void> {
  app.get(
    "/registry/member-template.xlsx",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["registry"],
        summary: "团员信息导入模板 The import template (.xlsx): headers with notes, drop-down lists",
        produces: [XLSX_MEDIA_TYPE],
        response: { 200: xlsxResponse, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/registry/member-template.xlsx → the template workbook. */
    async (_request, reply) =>
      reply
        .header("content-type", XLSX_MEDIA_TYPE)
        .header("content-disposition", attachment("团员信息导入模板.xlsx"))
        .send(await buildMemberTemplate()),
  );

  app.post(
    "/organizations/:id/member-imports",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["registry"],
        summary:
          "导入团员 Import members from an .xlsx (multipart, one file); dryRun (default true) only checks",
        consumes: ["multipart/form-data"],
        params: z.object({ id: idParameter }),
        querystring: z.object({ dryRun: booleanQuery.default(true) }),
        response: {
          200: importResultSchema,
          413: errorResponseSchema,
          422: importResultSchema.extend({ error: errorResponseSchema.shape.error }),
          ...commonErrorResponses,
        },
      },
    },
    /**
     * POST /api/v1/organizations/{id}/member-imports?dryRun= (multipart file) → {rows, imported,
     * problems}. A commit with any problem → 422 with the same body plus `error`; nothing written.
     */
    async (request, reply) => {
      const actor = requireActor(request);
      // Before the upload is read: 404 outside the scope, 403 without member:write.
      await requireAccess(db, actor, {
        permission: "member:write",
        kind: "organization",
        ids: [request.params.id],
      });
      const upload = await saveUpload(request, config.tempDir);
      try {
        return await importMembers(db, actor, request.params.id, upload.filePath, {
          dryRun: request.query.dryRun,
          today: todayInChina(),
          fileName: upload.fileName,
        });
      } catch (error) {
        if (!(error instanceof ImportRejectedError)) throw error;
        return reply
          .status(422)
          .send({ error: { code: error.code, message: error.message }, ...error.result });
      } finally {
        await rm(upload.folder, { recursive: true, force: true });
      }
    },
  );

  app.get(
    "/organizations/:id/members.xlsx",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["registry"],
        summary:
          "导出团员 Export a subtree's members (.xlsx); full=true (member:export_full) unmasks ID and phone",
        produces: [XLSX_MEDIA_TYPE],
        params: z.object({ id: idParameter }),
        querystring: z.object({ full: booleanQuery.default(false) }),
        response: { 200: xlsxResponse, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/members.xlsx?full= → the workbook; audited. */
    async (request, reply) => {
      const folder = await createTemporaryFolder(config.tempDir, "export-");
      const filePath = path.join(folder, "members.xlsx");
      try {
        const result = await exportMembers(db, requireActor(request), request.params.id, {
          full: request.query.full,
          filename: filePath,
        });
        return sendTemporaryFile(reply, folder, filePath, `${result.organizationName}团员信息.xlsx`);
      } catch (error) {
        await rm(folder, { recursive: true, force: true });
        throw error;
      }
    },
  );
}
