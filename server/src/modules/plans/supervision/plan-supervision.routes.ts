import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../../lib/api-schemas";
import type { AppContext } from "../../../lib/app-context";
import { todayInChina } from "../../../lib/clock";
import type { ZodApp } from "../../../lib/zod-app";
import { requireActor } from "../../../plugins/authentication";
import { dueSoonDaysQuery } from "../ledger/plan.schemas";
import { getPlanTaskDetail } from "../ledger/plan-task-detail.service";
import {
  laggardsSchema,
  planTaskDetailSchema,
  supervisionBodySchema,
  supervisionSchema,
} from "../progress/plan-progress.schemas";
import { listLaggards, listSupervisions, recordSupervision } from "./plan-supervision.service";

const idParams = z.object({ id: idParameter });

/**
 * Routes of supervision (督导, issue 5 part 4): record a reminder 提醒 or talk 约谈 on a task, read a
 * task's records, the plan's list of overdue and due-soon tasks, and one task with its progress
 * history, close-outs and supervision records (the web's task drawer). Narrowed to the user's
 * subtree (404 outside); writes need plan:write and are audited.
 */
export async function registerPlanSupervisionRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.post(
    "/plan-tasks/:id/supervisions",
    {
      config: { permission: "plan:write" },
      schema: {
        tags: ["plans"],
        summary: "记录督导 Record a reminder (提醒) or talk (约谈) about a lagging task",
        params: idParams,
        body: supervisionBodySchema,
        response: { 201: supervisionSchema, ...commonErrorResponses, 422: errorResponseSchema },
      },
    },
    /** POST /api/v1/plan-tasks/{id}/supervisions {kind, subject, note, occurredOn} → 201 PlanSupervision. */
    async (request, reply) => {
      const supervision = await recordSupervision(
        db,
        requireActor(request),
        request.params.id,
        request.body,
        todayInChina(),
      );
      return reply.status(201).send(supervision);
    },
  );

  app.get(
    "/plan-tasks/:id/supervisions",
    {
      config: { permission: "plan:read" },
      schema: {
        tags: ["plans"],
        summary: "督导记录 A task's supervision records, newest first",
        params: idParams,
        response: { 200: z.object({ items: z.array(supervisionSchema) }), ...commonErrorResponses },
      },
    },
    /** GET /api/v1/plan-tasks/{id}/supervisions → { items }; 404 outside scope. */
    async (request) => ({ items: await listSupervisions(db, requireActor(request), request.params.id) }),
  );

  app.get(
    "/plans/:id/laggards",
    {
      config: { permission: "plan:read" },
      schema: {
        tags: ["plans"],
        summary:
          "督导清单 A plan's overdue and due-soon tasks with their latest progress and supervision count",
        params: idParams,
        querystring: z.object({ dueSoonDays: dueSoonDaysQuery }),
        response: { 200: laggardsSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/plans/{id}/laggards?dueSoonDays=14 → { dueSoonDays, overdue, dueSoon }; 404 outside scope. */
    async (request) =>
      listLaggards(db, requireActor(request), request.params.id, {
        today: todayInChina(),
        dueSoonDays: request.query.dueSoonDays,
      }),
  );

  app.get(
    "/plan-tasks/:id",
    {
      config: { permission: "plan:read" },
      schema: {
        tags: ["plans"],
        summary: "任务详情 A task with its progress reports, close-outs and supervision records",
        params: idParams,
        querystring: z.object({ dueSoonDays: dueSoonDaysQuery }),
        response: { 200: planTaskDetailSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/plan-tasks/{id}?dueSoonDays=14 → PlanTaskDetail; 404 outside scope. */
    async (request) =>
      getPlanTaskDetail(db, requireActor(request), request.params.id, {
        today: todayInChina(),
        dueSoonDays: request.query.dueSoonDays,
      }),
  );
}
