import { z } from "zod";
import { DEFAULT_PUBLIC_REQUESTS_PER_MINUTE } from "../../config";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { buildSurveyAnswersWorkbook } from "./survey-export.workbook";
import { answerSurvey, getPublicSurvey, SurveyAnswerRefusal } from "./survey-public.service";
import {
  publicSurveyResponseInputSchema,
  publicSurveySchema,
  surveyAnswerErrorSchema,
  surveyCreateSchema,
  surveyDetailSchema,
  surveyResultsSchema,
  surveySummarySchema,
  surveyUpdateSchema,
} from "./surveys.schemas";
import {
  createSurvey,
  editSurvey,
  getSurvey,
  getSurveyResults,
  listSurveys,
  readSurveyForExport,
  transitionSurvey,
} from "./surveys.service";

const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const idParams = z.object({ id: idParameter });
const tokenParams = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { error: "链接：无效的问卷链接" }),
});

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987). */
function attachment(fileName: string, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Routes of youth surveys 问卷 (domain.md §7; issue 14 part 4). Staff (youth_home:read / write, scoped by
 * requireAccess, audited): list and create at an organization, read, edit, open, close, results with a
 * cross-tab, .xlsx export. Public (no account, rate-limited per address → 429): the survey by its link
 * token and one answer per device.
 */
export async function registerSurveyRoutes(app: ZodApp, { db, config }: AppContext): Promise<void> {
  const publicRateLimit = {
    max: config.publicRequestsPerMinute ?? DEFAULT_PUBLIC_REQUESTS_PER_MINUTE,
    timeWindow: "1 minute",
  };

  app.get(
    "/organizations/:id/surveys",
    {
      config: { permission: "youth_home:read" },
      schema: {
        tags: ["surveys"],
        summary: "问卷列表 Surveys of an organization and its subtree",
        params: idParams,
        response: { 200: z.object({ items: z.array(surveySummarySchema) }), ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/surveys → {items}: newest first, at most 500, with answer counts. */
    async (request) => ({ items: await listSurveys(db, requireActor(request), request.params.id) }),
  );

  app.post(
    "/organizations/:id/surveys",
    {
      config: { permission: "youth_home:write" },
      schema: {
        tags: ["surveys"],
        summary: "新建问卷 Create a survey (a draft)",
        params: idParams,
        body: surveyCreateSchema,
        response: { 201: surveyDetailSchema, ...commonErrorResponses },
      },
    },
    /** POST /api/v1/organizations/{id}/surveys {title, questions, …} → 201 the draft. Audited. */
    async (request, reply) => {
      const created = await createSurvey(
        db,
        requireActor(request),
        request.params.id,
        request.body,
        new Date(),
      );
      return reply.status(201).send(created);
    },
  );

  app.get(
    "/surveys/:id",
    {
      config: { permission: "youth_home:read" },
      schema: {
        tags: ["surveys"],
        summary: "问卷详情 A survey",
        params: idParams,
        response: { 200: surveyDetailSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/surveys/{id} → the survey with its questions and public token. */
    async (request) => getSurvey(db, requireActor(request), request.params.id, new Date()),
  );

  app.patch(
    "/surveys/:id",
    {
      config: { permission: "youth_home:write" },
      schema: {
        tags: ["surveys"],
        summary: "修改问卷 Edit a survey (questions only while a draft)",
        params: idParams,
        body: surveyUpdateSchema,
        response: { 200: surveyDetailSchema, ...commonErrorResponses, 422: errorResponseSchema },
      },
    },
    /** PATCH /api/v1/surveys/{id} → the survey; 422 survey_not_draft for questions of a published one. Audited. */
    async (request) => editSurvey(db, requireActor(request), request.params.id, request.body, new Date()),
  );

  for (const action of ["open", "close"] as const) {
    app.post(
      `/surveys/:id/${action}`,
      {
        config: { permission: "youth_home:write" },
        schema: {
          tags: ["surveys"],
          summary: action === "open" ? "发布问卷 Open a survey's public link" : "结束问卷 Close a survey",
          params: idParams,
          response: { 200: surveyDetailSchema, ...commonErrorResponses, 409: errorResponseSchema },
        },
      },
      /** POST /api/v1/surveys/{id}/open | close → the survey; 409 survey_status. Audited. */
      async (request) => transitionSurvey(db, requireActor(request), request.params.id, action, new Date()),
    );
  }

  app.get(
    "/surveys/:id/results",
    {
      config: { permission: "youth_home:read" },
      schema: {
        tags: ["surveys"],
        summary: "问卷结果 Counts per option, scale means, cross-tab by a single-choice question",
        params: idParams,
        querystring: z.object({
          by: z.string().max(32, { error: "交叉分析：题目编号至多32位" }).optional(),
        }),
        response: { 200: surveyResultsSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/surveys/{id}/results?by=questionId → results (+ crossTab); 400 naming "by". */
    async (request) => getSurveyResults(db, requireActor(request), request.params.id, request.query.by),
  );

  app.get(
    "/surveys/:id/export.xlsx",
    {
      config: { permission: "youth_home:read" },
      schema: {
        tags: ["surveys"],
        summary: "导出答卷 The survey's answers as .xlsx",
        produces: [XLSX_MEDIA_TYPE],
        params: idParams,
        response: { 200: z.any().describe("the .xlsx workbook"), ...commonErrorResponses },
      },
    },
    /** GET /api/v1/surveys/{id}/export.xlsx → one row per answer sheet, options by label. Audited. */
    async (request, reply) => {
      const { row, questions, responses } = await readSurveyForExport(
        db,
        requireActor(request),
        request.params.id,
      );
      const bytes = await buildSurveyAnswersWorkbook({ title: row.title, questions, responses });
      return reply
        .header("content-type", XLSX_MEDIA_TYPE)
        .header("content-disposition", attachment(`问卷答卷-${row.title}.xlsx`, `survey-${row.id}.xlsx`))
        .send(bytes);
    },
  );

  app.get(
    "/public/surveys/:token",
    {
      config: { permission: "public", rateLimit: publicRateLimit },
      schema: {
        tags: ["public"],
        summary: "公开问卷 A survey by its public link (no account)",
        params: tokenParams,
        response: {
          200: publicSurveySchema,
          400: errorResponseSchema,
          404: errorResponseSchema,
          429: errorResponseSchema,
        },
      },
    },
    /** GET /api/v1/public/surveys/{token} → title, text, questions, whether it takes answers; 404 unknown or draft. */
    async (request) => getPublicSurvey(db, request.params.token, new Date()),
  );

  app.post(
    "/public/surveys/:token/responses",
    {
      config: { permission: "public", rateLimit: publicRateLimit },
      schema: {
        tags: ["public"],
        summary: "提交答卷 Answer a survey (one answer per device unless repeats are allowed)",
        params: tokenParams,
        body: publicSurveyResponseInputSchema,
        response: {
          201: z.object({ answeredAt: z.string() }).meta({ id: "PublicSurveyAnswered" }),
          400: surveyAnswerErrorSchema,
          404: errorResponseSchema,
          409: errorResponseSchema,
          429: errorResponseSchema,
        },
      },
    },
    /**
     * POST /api/v1/public/surveys/{token}/responses {deviceKey, answers} → 201 {answeredAt}; 400
     * invalid_answers with every problem; 409 already_answered / survey_not_accepting; 429 flood.
     */
    async (request, reply) => {
      try {
        const answered = await answerSurvey(db, request.params.token, request.body, new Date());
        return reply.status(201).send(answered);
      } catch (error) {
        if (error instanceof SurveyAnswerRefusal) {
          return reply.status(400).send({
            error: {
              code: error.code,
              message: error.message,
              ...(error.field === undefined ? {} : { field: error.field }),
              problems: error.problems,
            },
          });
        }
        throw error;
      }
    },
  );
}
