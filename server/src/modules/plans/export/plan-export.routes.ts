import { z } from "zod";
import { commonErrorResponses, idParameter } from "../../../lib/api-schemas";
import type { AppContext } from "../../../lib/app-context";
import { todayInChina } from "../../../lib/clock";
import type { ZodApp } from "../../../lib/zod-app";
import { requireActor } from "../../../plugins/authentication";
import { dueSoonDaysQuery, planDate } from "../ledger/plan.schemas";
import { type ExportFile, exportLedgerWorkbook, exportProgressReport } from "./plan-export.service";

const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** A binary body (sent as a buffer; not serialized). */
const fileResponse = (what: string) => z.any().describe(what);

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987). */
function attachment(file: ExportFile, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`;
}

/**
 * Routes of the reform ledger's exports (issue 5 part 8): the 台账 as .xlsx and a progress report
 * (信息报送) as .docx. Both read the plan (plan:read), narrowed to the user's subtree, and are audited.
 */
export async function registerPlanExportRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/plans/:id/ledger.xlsx",
    {
      config: { permission: "plan:read" },
      schema: {
        tags: ["plans"],
        summary:
          "导出台账 The ledger (台账) as .xlsx: every column, overdue rows in red, statuses as of today",
        produces: [XLSX_MEDIA_TYPE],
        params: z.object({ id: idParameter }),
        querystring: z.object({ dueSoonDays: dueSoonDaysQuery }),
        response: { 200: fileResponse("the .xlsx workbook"), ...commonErrorResponses },
      },
    },
    /** GET /api/v1/plans/{id}/ledger.xlsx?dueSoonDays=14 → the workbook; audited "plan.export_ledger". */
    async (request, reply) => {
      const today = todayInChina();
      const file = await exportLedgerWorkbook(db, requireActor(request), request.params.id, {
        today,
        dueSoonDays: request.query.dueSoonDays,
      });
      return reply
        .header("content-type", XLSX_MEDIA_TYPE)
        .header("content-disposition", attachment(file, "ledger.xlsx"))
        .send(file.bytes);
    },
  );

  app.get(
    "/plans/:id/progress-report.docx",
    {
      config: { permission: "plan:read" },
      schema: {
        tags: ["plans"],
        summary: "导出推进情况报告 A progress report (信息报送) as .docx, as of a date (default today)",
        produces: [DOCX_MEDIA_TYPE],
        params: z.object({ id: idParameter }),
        querystring: z.object({ asOf: planDate.optional(), dueSoonDays: dueSoonDaysQuery }),
        response: { 200: fileResponse("the .docx document"), ...commonErrorResponses },
      },
    },
    /**
     * GET /api/v1/plans/{id}/progress-report.docx?asOf=YYYY-MM-DD&dueSoonDays=14 → the document;
     * audited "plan.export_progress_report". 400 naming "asOf" for a bad date or one after today.
     */
    async (request, reply) => {
      const today = todayInChina();
      const file = await exportProgressReport(db, requireActor(request), request.params.id, {
        asOf: request.query.asOf ?? today,
        today,
        dueSoonDays: request.query.dueSoonDays,
      });
      return reply
        .header("content-type", DOCX_MEDIA_TYPE)
        .header("content-disposition", attachment(file, "progress-report.docx"))
        .send(file.bytes);
    },
  );
}
