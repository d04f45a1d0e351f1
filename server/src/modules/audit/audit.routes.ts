import { z } from "zod";
import { commonErrorResponses, idParameter, isoDate } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { exportAuditEntries, listAuditEntries } from "./audit-read.service";

const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const auditFilterQuery = z.object({
  organizationId: idParameter,
  userId: idParameter.optional(),
  entityType: z
    .string()
    .trim()
    .regex(/^[a-z_]{1,40}$/, "entityType：应为小写字母和下划线 / lower-case letters and _")
    .optional(),
  action: z
    .string()
    .trim()
    .regex(/^[a-z_]{1,40}(\.[a-z_]{0,40})?$/, "action：如 user.create 或 user. / e.g. user.create or user.")
    .optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});

export const auditEntrySchema = z
  .object({
    id: z.number().int(),
    occurredAt: z.string().describe("ISO 8601"),
    actorUserId: z.number().int().nullable(),
    actorName: z.string(),
    action: z.string().describe("e.g. member.update, user.create, auth.login_failed"),
    entityType: z.string(),
    entityId: z.string().nullable(),
    organizationId: z.number().int().nullable(),
    organizationName: z.string().nullable(),
    before: z.unknown().describe("masked image before the write"),
    after: z.unknown().describe("masked image after the write"),
    detail: z.unknown(),
  })
  .meta({ id: "AuditEntry" });

/**
 * Audit log routes (审计日志, issue 17 part 2): read (audit:read) the entries of an organization's
 * subtree, newest first, paged and filtered; export them as .xlsx (audited). 404 outside the scope.
 */
export async function registerAuditRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/audit",
    {
      config: { permission: "audit:read" },
      schema: {
        tags: ["audit"],
        summary: "审计日志 The audit log of a subtree, newest first (personal data masked)",
        querystring: auditFilterQuery.extend({
          page: z.coerce.number().int().min(1, "page：应为正整数 / positive integer").default(1),
          pageSize: z.coerce
            .number()
            .int()
            .min(1)
            .max(100, "pageSize：不能超过 100 / at most 100")
            .default(20),
        }),
        response: {
          200: z.object({ items: z.array(auditEntrySchema), total: z.number().int() }),
          ...commonErrorResponses,
        },
      },
    },
    /**
     * GET /api/v1/audit?organizationId=&userId=&entityType=&action=&from=&to=&page=&pageSize= →
     * { items, total }. Dates YYYY-MM-DD in China time, inclusive; action exact or a prefix ending in
     * "."; 400 naming the field; 404 organization outside the scope; 403 without audit:read.
     */
    async (request) => {
      const result = await listAuditEntries(db, requireActor(request), request.query);
      return {
        items: result.items.map((entry) => ({ ...entry, occurredAt: entry.occurredAt.toISOString() })),
        total: result.total,
      };
    },
  );

  app.get(
    "/audit/export.xlsx",
    {
      config: { permission: "audit:read" },
      schema: {
        tags: ["audit"],
        summary: "导出审计日志 The filtered audit log as .xlsx (at most 10,000 entries; audited)",
        produces: [XLSX_MEDIA_TYPE],
        querystring: auditFilterQuery,
        response: { 200: z.any().describe("the .xlsx workbook"), ...commonErrorResponses },
      },
    },
    /**
     * GET /api/v1/audit/export.xlsx?organizationId=&… → the workbook; more than 10,000 entries → 400
     * export_too_large (field from). Audited audit.export.
     */
    async (request, reply) => {
      const file = await exportAuditEntries(db, requireActor(request), request.query);
      return reply
        .header("content-type", XLSX_MEDIA_TYPE)
        .header(
          "content-disposition",
          `attachment; filename="audit-log.xlsx"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        )
        .send(file.bytes);
    },
  );
}
