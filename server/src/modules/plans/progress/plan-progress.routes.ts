import { contentDisposition } from "@tuanwu/domain";
import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../../lib/api-schemas";
import type { AppContext } from "../../../lib/app-context";
import { todayInChina } from "../../../lib/clock";
import type { ZodApp } from "../../../lib/zod-app";
import { requireActor } from "../../../plugins/authentication";
import { planSchema } from "../ledger/plan.schemas";
import { getPlan } from "../ledger/plan.service";
import { openPlanAttachment } from "../shared/plan-attachment.service";
import { parsePlanFields, readPlanForm } from "../shared/plan-upload";
import {
  formBodyDocumentation,
  progressReportFieldsSchema,
  progressReportSchema,
  progressRuleBodySchema,
} from "./plan-progress.schemas";
import { createProgressReport, listProgressReports, setProgressRule } from "./plan-progress.service";

const idParams = z.object({ id: idParameter });
const uploadErrors = {
  ...commonErrorResponses,
  413: errorResponseSchema,
  422: errorResponseSchema,
  503: errorResponseSchema,
};

/**
 * Routes of progress reports (信息报送) and the plan's progress rule (issue 5 part 4): report on a
 * task with files, read a task's history, download an attachment, set how the plan's progress rolls
 * up. Narrowed to the user's subtree (404 outside); writes need plan:write and are audited.
 */
export async function registerPlanProgressRoutes(app: ZodApp, { db, config }: AppContext): Promise<void> {
  app.post(
    "/plan-tasks/:id/progress-reports",
    {
      config: { permission: "plan:write" },
      schema: {
        tags: ["plans"],
        summary: "报送进展 Report a task's progress (percent, narrative, optional files)",
        description:
          "multipart/form-data with the text fields reportedOn (YYYY-MM-DD, not after today), percent " +
          "(integer 0–100) and narrative, and 0–5 file parts (conventionally named `files`; PDF, JPEG, PNG, " +
          "DOCX or XLSX by their bytes, ≤ 20 MB each); or application/json with the same fields and no files. " +
          "A cancelled or closed-out task → 422.",
        consumes: ["multipart/form-data", "application/json"],
        params: idParams,
        // Documents the body; the fields are read and checked by readPlanForm / parsePlanFields (the
        // multipart parser leaves no body for a schema to validate).
        body: formBodyDocumentation(
          {
            reportedOn: { type: "string", format: "date" },
            percent: { type: "integer", minimum: 0, maximum: 100 },
            narrative: { type: "string", maxLength: 5000 },
          },
          ["reportedOn", "percent", "narrative"],
        ),
        response: { 201: progressReportSchema, ...uploadErrors },
      },
    },
    /** POST /api/v1/plan-tasks/{id}/progress-reports → 201 PlanProgressReport; audited; a refusal writes nothing. */
    async (request, reply) => {
      const actor = requireActor(request);
      const form = await readPlanForm(request);
      const fields = parsePlanFields(progressReportFieldsSchema, form.fields);
      const report = await createProgressReport(
        db,
        actor,
        config.filesDir,
        request.params.id,
        fields,
        form.files,
        todayInChina(),
      );
      return reply.status(201).send(report);
    },
  );

  app.get(
    "/plan-tasks/:id/progress-reports",
    {
      config: { permission: "plan:read" },
      schema: {
        tags: ["plans"],
        summary: "进展历史 A task's progress reports, newest first, with their attachments",
        params: idParams,
        response: { 200: z.object({ items: z.array(progressReportSchema) }), ...commonErrorResponses },
      },
    },
    /** GET /api/v1/plan-tasks/{id}/progress-reports → { items }; 404 outside scope. */
    async (request) => ({ items: await listProgressReports(db, requireActor(request), request.params.id) }),
  );

  app.get(
    "/plan-attachments/:id",
    {
      config: { permission: "plan:read" },
      schema: {
        tags: ["plans"],
        summary: "下载附件 A progress report's or close-out's file, with its type and name",
        description:
          "The stored bytes with their Content-Type (PDF, JPEG, PNG, DOCX, XLSX) and a Content-Disposition " +
          "(attachment, RFC 5987 filename*).",
        params: idParams,
        response: {
          200: z.unknown().meta({ type: "string", format: "binary", description: "the file" }),
          ...commonErrorResponses,
          503: errorResponseSchema,
        },
      },
    },
    /** GET /api/v1/plan-attachments/{id} → the file; 404 outside scope. */
    async (request, reply) => {
      const content = await openPlanAttachment(db, requireActor(request), config.filesDir, request.params.id);
      return reply
        .type(content.mediaType)
        .header("content-length", content.byteSize)
        .header("content-disposition", contentDisposition(content.fileName, "attachment"))
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, no-cache")
        .send(content.stream);
    },
  );

  app.put(
    "/plans/:id/progress-rule",
    {
      config: { permission: "plan:write" },
      schema: {
        tags: ["plans"],
        summary:
          "进度计算规则 Set how the plan's progress rolls up: average, or weighted (weights sum to 100%)",
        description:
          "`weights`, when given, replaces every task weight of the plan (tasks left out get none); the " +
          "weights of the tasks that are not cancelled must sum to 100, else 422 naming `weights` and nothing " +
          "is written. The weighted rule needs such weights, given now or stored before.",
        params: idParams,
        body: progressRuleBodySchema,
        response: { 200: planSchema, ...commonErrorResponses, 422: errorResponseSchema },
      },
    },
    /** PUT /api/v1/plans/{id}/progress-rule {rule, weights?} → Plan (with its progress); audited. */
    async (request) => {
      const actor = requireActor(request);
      await setProgressRule(db, actor, request.params.id, request.body);
      return getPlan(db, actor, request.params.id, { today: todayInChina(), dueSoonDays: 14 });
    },
  );
}
