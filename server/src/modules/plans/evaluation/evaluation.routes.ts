import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../../lib/api-schemas";
import type { AppContext } from "../../../lib/app-context";
import { todayInChina } from "../../../lib/clock";
import type { ZodApp } from "../../../lib/zod-app";
import { requireActor } from "../../../plugins/authentication";
import {
  createEvaluationRoundSchema,
  evaluationResultsSchema,
  evaluationRoundSchema,
  evaluationRoundSummarySchema,
  saveEvaluationScoresResultSchema,
  saveEvaluationScoresSchema,
} from "./evaluation.schemas";
import {
  createEvaluationRound,
  getEvaluationResults,
  getEvaluationRound,
  listEvaluationRounds,
  saveEvaluationScores,
} from "./evaluation.service";
import { exportEvaluationResults } from "./evaluation-export";

const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const idParams = z.object({ id: idParameter });
const writeErrors = { ...commonErrorResponses, 422: errorResponseSchema };

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987). */
function attachment(fileName: string): string {
  return `attachment; filename="evaluation-results.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Routes of third-party evaluation (第三方评估, 评估指导进度表; domain.md §8, issue 5 part 5): rounds
 * with a scoring sheet held at an organization for the plans of its subtree, scores given by
 * evaluators (plan:evaluate), results per task and per organization, and their .xlsx export.
 * Narrowed to the user's subtree (404 outside); writes are audited.
 */
export async function registerEvaluationRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.post(
    "/organizations/:id/evaluation-rounds",
    {
      config: { permission: "plan:write" },
      schema: {
        tags: ["evaluations"],
        summary: "新建评估轮次 Create an evaluation round with its scoring sheet (weights sum to 100%)",
        params: idParams,
        body: createEvaluationRoundSchema,
        response: { 201: evaluationRoundSchema, ...writeErrors },
      },
    },
    /** POST /api/v1/organizations/{id}/evaluation-rounds {name, startsOn, endsOn, items} → 201 EvaluationRound; audited. */
    async (request, reply) => {
      const actor = requireActor(request);
      const id = await createEvaluationRound(db, actor, request.params.id, request.body);
      return reply.status(201).send(await getEvaluationRound(db, actor, id, todayInChina()));
    },
  );

  app.get(
    "/organizations/:id/evaluation-rounds",
    {
      config: { permission: "plan:read" },
      schema: {
        tags: ["evaluations"],
        summary: "评估轮次列表 Rounds held at the organization, above it (covering it) or inside its subtree",
        params: idParams,
        response: {
          200: z.object({ items: z.array(evaluationRoundSummarySchema) }),
          ...commonErrorResponses,
        },
      },
    },
    /** GET /api/v1/organizations/{id}/evaluation-rounds → { items } newest first; 404 outside scope. */
    async (request) => ({
      items: await listEvaluationRounds(db, requireActor(request), request.params.id, todayInChina()),
    }),
  );

  app.get(
    "/evaluation-rounds/:id",
    {
      config: { permission: "plan:read" },
      schema: {
        tags: ["evaluations"],
        summary: "评估轮次 A round with its scoring sheet (items, weights, maximum scores)",
        params: idParams,
        response: { 200: evaluationRoundSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/evaluation-rounds/{id} → EvaluationRound; 404 when its subtree is outside the scope. */
    async (request) => getEvaluationRound(db, requireActor(request), request.params.id, todayInChina()),
  );

  app.put(
    "/evaluation-rounds/:id/scores",
    {
      config: { permission: "plan:evaluate" },
      schema: {
        tags: ["evaluations"],
        summary: "评估打分 Save scores (task × item), all or none; within the round's dates",
        params: idParams,
        body: saveEvaluationScoresSchema,
        response: { 200: saveEvaluationScoresResultSchema, ...writeErrors },
      },
    },
    /** PUT /api/v1/evaluation-rounds/{id}/scores {scores: [{taskId, itemId, score, comment?}]} → counts; audited. */
    async (request) =>
      saveEvaluationScores(db, requireActor(request), request.params.id, request.body, todayInChina()),
  );

  app.get(
    "/evaluation-rounds/:id/results",
    {
      config: { permission: "plan:read" },
      schema: {
        tags: ["evaluations"],
        summary: "评估结果 Scores per task and the ranked average per organization (county)",
        params: idParams,
        response: { 200: evaluationResultsSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/evaluation-rounds/{id}/results → EvaluationResults, narrowed to the scope. */
    async (request) => getEvaluationResults(db, requireActor(request), request.params.id, todayInChina()),
  );

  app.get(
    "/evaluation-rounds/:id/results.xlsx",
    {
      config: { permission: "plan:read" },
      schema: {
        tags: ["evaluations"],
        summary: "导出评估结果 The results as .xlsx (sheets 任务得分 and 单位排名); audited",
        produces: [XLSX_MEDIA_TYPE],
        params: idParams,
        response: { 200: z.any().describe("the .xlsx workbook"), ...commonErrorResponses },
      },
    },
    /** GET /api/v1/evaluation-rounds/{id}/results.xlsx → the workbook; audited (evaluation.export). */
    async (request, reply) => {
      const { bytes, fileName } = await exportEvaluationResults(
        db,
        requireActor(request),
        request.params.id,
        todayInChina(),
      );
      return reply
        .header("content-type", XLSX_MEDIA_TYPE)
        .header("content-disposition", attachment(fileName))
        .send(bytes);
    },
  );
}
