import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import type { FastifyReply } from "fastify";
import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { todayInChina } from "../../lib/clock";
import { createTemporaryFolder } from "../../lib/temporary-folder";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { requireAccess } from "../access/access.service";
import { buildMemberTemplate, exportMembers } from "./registry-export.service";
import { ImportRejectedError, importMembers } from "./registry-import.service";
import { importProblemSchema } from "./registry-schemas";
import { saveUpload } from "./registry-upload";

const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const unmatchedBranchSchema = z
  .object({
    name: z.string().describe("所在团支部 as first written in the file"),
    rows: z.number().int().describe("rows carrying it"),
    firstRow: z.number().int(),
    candidates: z.array(
      z.object({
        id: z.number().int(),
        name: z.string(),
        code: z.string(),
        score: z.number().describe("normalized-name similarity 0–1"),
      }),
    ),
  })
  .meta({ id: "UnmatchedBranchName" });

export const importResultSchema = z
  .object({
    rows: z.number().int().describe("non-empty data rows read"),
    imported: z.number().int(),
    problems: z.array(importProblemSchema),
    unmatchedBranches: z
      .array(unmatchedBranchSchema)
      .describe("所在团支部 names found under no branch: map them (团支部名称对照), then run again"),
  })
  .meta({ id: "MemberImportResult" });

/** A binary .xlsx body (sent as a buffer or a stream; not serialized). */
const xlsxResponse = z.any().describe("the .xlsx workbook");

const booleanQuery = z.enum(["true", "false"]).transform((value) => value === "true");

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987). */
function attachment(fileName: string): string {
  return `attachment; filename="members.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
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
