import { rm } from "node:fs/promises";
import { idTextSchema, ORGANIZATION_KINDS, type RowResolution } from "@tuanwu/domain";
import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { HttpError } from "../../lib/http-errors";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { requireAccess } from "../access/access.service";
import {
  listBranchNameMappings,
  removeBranchNameMapping,
  saveBranchNameMappings,
} from "./branch-name-mapping.service";
import { importOrganizations, OrganizationImportRejectedError } from "./organization-import.service";
import { importProblemSchema } from "./registry-schemas";
import { saveUpload } from "./registry-upload";

const organizationReferenceSchema = z.object({ id: z.number().int(), name: z.string(), code: z.string() });

const organizationImportResultSchema = z
  .object({
    rows: z.number().int().describe("non-empty data rows read"),
    matched: z.number().int(),
    created: z.number().int().describe("organizations created (0 in a dry run)"),
    ambiguous: z.number().int().describe("rows matching several organizations: confirm each (resolutions)"),
    entries: z.array(
      z.object({
        row: z.number().int(),
        name: z.string(),
        kind: z.enum(ORGANIZATION_KINDS),
        status: z.enum(["matched", "new", "ambiguous"]),
        matchedBy: z.enum(["division_code", "code", "name", "choice"]).nullable(),
        organization: organizationReferenceSchema.nullable(),
        parentName: z.string().nullable(),
        candidates: z.array(organizationReferenceSchema),
        reportedMemberCount: z.number().int().nullable(),
      }),
    ),
    problems: z.array(importProblemSchema),
  })
  .meta({ id: "OrganizationImportResult" });

const mappingSchema = z
  .object({
    id: z.number().int(),
    sourceName: z.string().describe("所在团支部 as written in the registry's export"),
    branch: organizationReferenceSchema.nullable(),
    createUnder: organizationReferenceSchema
      .nullable()
      .describe("create the branch under this on the next import"),
    updatedAt: z.string(),
  })
  .meta({ id: "BranchNameMapping" });

const booleanQuery = z.enum(["true", "false"]).transform((value) => value === "true");

/** The `resolutions` form field: {"<row>": <organization id> | "new"}; anything else → 400 naming the field. */
const resolutionsSchema = z.record(
  z.string().regex(/^\d+$/),
  z.union([z.number().int().positive(), z.literal("new")]),
);

function readResolutions(text: string | undefined): Map<number, RowResolution> {
  if (text === undefined || text.trim() === "") return new Map();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const result = resolutionsSchema.safeParse(parsed);
  if (!result.success) {
    throw new HttpError(
      400,
      "invalid_resolutions",
      'resolutions：应为 {行号: 组织ID 或 "new"} 的JSON / expected {row: id | "new"}',
      "resolutions",
    );
  }
  return new Map(Object.entries(result.data).map(([row, choice]) => [Number(row), choice]));
}

/**
 * Routes of moving a county over from the national registry (issue 15 parts 4–5): the organization
 * list import, and the 所在团支部 name mapping (团支部名称对照) the member import uses.
 */
export async function registerOrganizationImportRoutes(
  app: ZodApp,
  { db, config }: AppContext,
): Promise<void> {
  app.post(
    "/organizations/:id/organization-imports",
    {
      config: { permission: "organization:write" },
      schema: {
        tags: ["registry"],
        summary:
          "导入组织列表 Import the registry's organization list (.xlsx, multipart: optional field resolutions, then the file); dryRun (default true) previews",
        consumes: ["multipart/form-data"],
        params: z.object({ id: idParameter }),
        querystring: z.object({ dryRun: booleanQuery.default(true) }),
        response: {
          200: organizationImportResultSchema,
          413: errorResponseSchema,
          422: organizationImportResultSchema.extend({ error: errorResponseSchema.shape.error }),
          ...commonErrorResponses,
        },
      },
    },
    /**
     * POST /api/v1/organizations/{id}/organization-imports?dryRun= → {rows, matched, created, ambiguous,
     * entries, problems}. A commit with problems or unconfirmed ambiguous rows → 422 with the same body
     * plus `error`; nothing written.
     */
    async (request, reply) => {
      const actor = requireActor(request);
      await requireAccess(db, actor, {
        permission: "organization:write",
        kind: "organization",
        ids: [request.params.id],
      });
      const upload = await saveUpload(request, config.tempDir);
      try {
        return await importOrganizations(db, actor, request.params.id, upload.filePath, {
          dryRun: request.query.dryRun,
          resolutions: readResolutions(upload.fields.get("resolutions")),
          fileName: upload.fileName,
        });
      } catch (error) {
        if (!(error instanceof OrganizationImportRejectedError)) throw error;
        return reply
          .status(422)
          .send({ error: { code: error.code, message: error.message }, ...error.result });
      } finally {
        await rm(upload.folder, { recursive: true, force: true });
      }
    },
  );

  app.get(
    "/organizations/:id/branch-name-mappings",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["registry"],
        summary: "团支部名称对照 The 所在团支部 name mapping remembered for an organization",
        params: z.object({ id: idParameter }),
        response: { 200: z.object({ mappings: z.array(mappingSchema) }), ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/branch-name-mappings → {mappings}. */
    async (request) => ({
      mappings: await listBranchNameMappings(db, requireActor(request), request.params.id),
    }),
  );

  app.put(
    "/organizations/:id/branch-name-mappings",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["registry"],
        summary:
          "保存团支部名称对照 Map written 所在团支部 names to branches (or to a parent to create the branch under); replaces by name",
        params: z.object({ id: idParameter }),
        body: z.object({
          mappings: z
            .array(
              z.object({
                sourceName: z.string().trim().min(1, "所在团支部名称不能为空").max(200),
                branchId: z.number().int().positive().optional(),
                createUnderId: z.number().int().positive().optional(),
              }),
            )
            .min(1, "至少一项名称对照")
            .max(5_000),
        }),
        response: { 200: z.object({ mappings: z.array(mappingSchema) }), ...commonErrorResponses },
      },
    },
    /** PUT /api/v1/organizations/{id}/branch-name-mappings {mappings} → the whole mapping after saving. */
    async (request) => {
      const actor = requireActor(request);
      await saveBranchNameMappings(db, actor, request.params.id, request.body.mappings);
      return { mappings: await listBranchNameMappings(db, actor, request.params.id) };
    },
  );

  app.delete(
    "/organizations/:id/branch-name-mappings/:mappingId",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["registry"],
        summary: "删除团支部名称对照 Forget one mapping",
        params: z.object({ id: idParameter, mappingId: idTextSchema("mappingId") }),
        response: { 204: z.null(), ...commonErrorResponses },
      },
    },
    /** DELETE /api/v1/organizations/{id}/branch-name-mappings/{mappingId} → 204. */
    async (request, reply) => {
      await removeBranchNameMapping(db, requireActor(request), request.params.id, request.params.mappingId);
      return reply.status(204).send(null);
    },
  );
}
