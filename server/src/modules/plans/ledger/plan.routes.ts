import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../../lib/api-schemas";
import type { AppContext } from "../../../lib/app-context";
import { todayInChina } from "../../../lib/clock";
import { HttpError } from "../../../lib/http-errors";
import type { ZodApp } from "../../../lib/zod-app";
import { requireActor } from "../../../plugins/authentication";
import { requireAccess } from "../../access/access.service";
import type { PlanReadOptions } from "../import/plan-document";
import { MAX_PLAN_FILE_BYTES } from "../import/plan-file";
import {
  dueSoonDaysQuery,
  PLAN_TASK_GROUPINGS,
  planImportBodySchema,
  planPreviewSchema,
  planReadFieldsSchema,
  planSchema,
  planSummarySchema,
  planTaskGroupsSchema,
  planTaskSchema,
  updatePlanTaskSchema,
} from "./plan.schemas";
import {
  getPlan,
  getPlanTask,
  importPlan,
  listPlans,
  listPlanTaskGroups,
  parsePlanDocument,
  updatePlanTask,
} from "./plan.service";

const idParams = z.object({ id: idParameter });
const writeErrors = { ...commonErrorResponses, 413: errorResponseSchema, 422: errorResponseSchema };

/**
 * Reads the one uploaded file of a multipart request into memory (at most 10 MB) and the text fields
 * that steer reading it (taskMarker, columns, headerRow, table; {@link planReadFieldsSchema}).
 * Errors: 400 no file / more than one (field "file"); 400 a bad field (named); 413 too large.
 */
async function readPlanUpload(
  request: FastifyRequest,
): Promise<{ bytes: Buffer; fileName: string; options: PlanReadOptions }> {
  let upload: { bytes: Buffer; fileName: string } | undefined;
  const fields: Record<string, string> = {};
  try {
    for await (const part of request.parts({ limits: { fileSize: MAX_PLAN_FILE_BYTES } })) {
      if (part.type === "file")
        upload = { bytes: await part.toBuffer(), fileName: part.filename || "upload" };
      else if (typeof part.value === "string") fields[part.fieldname] = part.value;
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "FST_REQ_FILE_TOO_LARGE") {
      throw new HttpError(413, "file_too_large", "文件：不能超过 10 MB / the file exceeds 10 MB", "file");
    }
    if (code === "FST_FILES_LIMIT") {
      throw new HttpError(400, "invalid_input", "文件：每次只能上传一个文件 / one file per request", "file");
    }
    throw error;
  }
  if (!upload) throw new HttpError(400, "invalid_input", "文件：必填 / a file is required", "file");
  const read = planReadFieldsSchema.safeParse(fields);
  if (!read.success) {
    const issue = read.error.issues[0];
    const field = String(issue?.path[0] ?? "columns");
    throw new HttpError(400, "invalid_input", `${field}：${issue?.message ?? "无效 / invalid"}`, field);
  }
  return { ...upload, options: read.data };
}

/** Validates a JSON import body; a problem → 400 naming the field (e.g. "tasks.0.deadline"). */
function parseImportBody(body: unknown) {
  const result = planImportBodySchema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? issue.path.join(".") : "body";
  throw new HttpError(400, "invalid_input", `${field}: ${issue?.message ?? "无效 / invalid"}`, field);
}

/**
 * Routes of the reform ledger (改革任务台账, domain.md §8): preview and import a plan document,
 * list an organization's plans, read a plan with its tasks (statuses derived from dates as of today),
 * tasks grouped by area, unit or phase, and set a task's owner and dates. Narrowed to the user's
 * subtree (404 outside); writes need plan:write and are audited.
 */
export async function registerPlanRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.post(
    "/organizations/:id/plans/preview",
    {
      config: { permission: "plan:write" },
      schema: {
        tags: ["plans"],
        summary:
          "预览实施方案 Parse a plan document (.docx, .pdf, .xlsx, .csv, .txt, .md; multipart, one file); nothing is written",
        description:
          "multipart/form-data: one file, and optionally taskMarker (a marker kind from `markers`: every " +
          "heading of that kind is a task), columns (JSON {title, text, leadUnit, units, supportUnits, " +
          "deadline, target, area, number: 0-based column}), headerRow and table (0-based) for a task table. " +
          "Every task says which rule found it; `review` says when the parser is unsure.",
        consumes: ["multipart/form-data"],
        params: idParams,
        response: { 200: planPreviewSchema, ...writeErrors },
      },
    },
    /** POST /api/v1/organizations/{id}/plans/preview (multipart file) → PlanPreview; message when no tasks. */
    async (request) => {
      const actor = requireActor(request);
      await requireAccess(db, actor, {
        permission: "plan:write",
        kind: "organization",
        ids: [request.params.id],
      });
      if (!request.isMultipart()) {
        throw new HttpError(
          400,
          "invalid_input",
          "文件：请以 multipart/form-data 上传 / upload a file",
          "file",
        );
      }
      const upload = await readPlanUpload(request);
      return parsePlanDocument(upload.bytes, upload.fileName, upload.options);
    },
  );

  app.post(
    "/organizations/:id/plans",
    {
      config: { permission: "plan:write" },
      schema: {
        tags: ["plans"],
        summary:
          "导入实施方案 Save a plan: a document (multipart, one file) or a corrected PlanImportBody (JSON)",
        description:
          "multipart/form-data with one file (.docx, .pdf, .xlsx, .csv, .txt, .md) and the preview's optional " +
          "fields (taskMarker, columns, headerRow, table), parsed and saved as is; or " +
          "application/json: a PlanImportBody (the preview, corrected). A plan without tasks → 422 no_tasks.",
        consumes: ["multipart/form-data", "application/json"],
        params: idParams,
        response: { 201: planSchema, ...writeErrors },
      },
    },
    /** POST /api/v1/organizations/{id}/plans → 201 Plan; audited; nothing written on any error. */
    async (request, reply) => {
      const actor = requireActor(request);
      await requireAccess(db, actor, {
        permission: "plan:write",
        kind: "organization",
        ids: [request.params.id],
      });
      let planId: number;
      if (request.isMultipart()) {
        const upload = await readPlanUpload(request);
        const parsed = await parsePlanDocument(upload.bytes, upload.fileName, upload.options);
        planId = await importPlan(db, actor, request.params.id, parsed, upload.fileName);
      } else {
        const { sourceFileName, ...parsed } = parseImportBody(request.body);
        planId = await importPlan(db, actor, request.params.id, parsed, sourceFileName ?? null);
      }
      const plan = await getPlan(db, actor, planId, { today: todayInChina(), dueSoonDays: 14 });
      return reply.status(201).send(plan);
    },
  );

  app.get(
    "/organizations/:id/plans",
    {
      config: { permission: "plan:read" },
      schema: {
        tags: ["plans"],
        summary: "实施方案列表 The plans of an organization, newest first",
        params: idParams,
        response: { 200: z.object({ items: z.array(planSummarySchema) }), ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/plans → { items }; 404 outside scope. */
    async (request) => ({ items: await listPlans(db, requireActor(request), request.params.id) }),
  );

  app.get(
    "/plans/:id",
    {
      config: { permission: "plan:read" },
      schema: {
        tags: ["plans"],
        summary: "改革任务台账 A plan with its phases and tasks, statuses derived as of today",
        params: idParams,
        querystring: z.object({ dueSoonDays: dueSoonDaysQuery }),
        response: { 200: planSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/plans/{id}?dueSoonDays=14 → Plan; 404 outside scope. */
    async (request) =>
      getPlan(db, requireActor(request), request.params.id, {
        today: todayInChina(),
        dueSoonDays: request.query.dueSoonDays,
      }),
  );

  app.get(
    "/plans/:id/tasks",
    {
      config: { permission: "plan:read" },
      schema: {
        tags: ["plans"],
        summary: "任务分组 A plan's tasks grouped by area (领域), unit (责任单位) or phase (阶段)",
        params: idParams,
        querystring: z.object({ groupBy: z.enum(PLAN_TASK_GROUPINGS), dueSoonDays: dueSoonDaysQuery }),
        response: { 200: planTaskGroupsSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/plans/{id}/tasks?groupBy=area|unit|phase&dueSoonDays= → { groupBy, groups }. */
    async (request) =>
      listPlanTaskGroups(db, requireActor(request), request.params.id, request.query.groupBy, {
        today: todayInChina(),
        dueSoonDays: request.query.dueSoonDays,
      }),
  );

  app.patch(
    "/plan-tasks/:id",
    {
      config: { permission: "plan:write" },
      schema: {
        tags: ["plans"],
        summary:
          "更新任务 Set a task's person responsible (责任到人), its start and done dates, or cancel it",
        params: idParams,
        body: updatePlanTaskSchema,
        response: { 200: planTaskSchema, ...writeErrors },
      },
    },
    /** PATCH /api/v1/plan-tasks/{id} {ownerName?, startedOn?, doneOn?, cancelled?} → PlanTask; audited. */
    async (request) => {
      const actor = requireActor(request);
      const today = todayInChina();
      await updatePlanTask(db, actor, request.params.id, request.body, today);
      return getPlanTask(db, actor, request.params.id, { today, dueSoonDays: 14 });
    },
  );
}
