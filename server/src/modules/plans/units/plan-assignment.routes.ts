import { z } from "zod";
import { commonErrorResponses, idParameter } from "../../../lib/api-schemas";
import type { AppContext } from "../../../lib/app-context";
import { todayInChina } from "../../../lib/clock";
import type { ZodApp } from "../../../lib/zod-app";
import { requireActor } from "../../../plugins/authentication";
import { dueSoonDaysQuery, planTaskSchema } from "../ledger/plan.schemas";
import { listAssignedPlanTasks } from "./plan-assignment.service";

const assignedPlanTasksSchema = z
  .object({
    organizationId: z.number().int(),
    items: z.array(
      z.object({
        plan: z.object({
          id: z.number().int(),
          title: z.string(),
          organizationId: z.number().int(),
          organizationName: z.string(),
        }),
        tasks: z.array(planTaskSchema),
      }),
    ),
  })
  .meta({ id: "AssignedPlanTasks" });

/**
 * Tasks a higher organization's plan assigns to an organization (issue 17 part 5): a township named
 * as a responsible unit (各乡镇, or a unit mapped to it) reads its own tasks of the county's ledger
 * here, and reports progress and evidence on them through POST /plan-tasks/{id}/progress-reports
 * (plan-assignment.service requirePlanTaskAccess); nothing else of that ledger.
 */
export async function registerPlanAssignmentRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/organizations/:id/assigned-plan-tasks",
    {
      config: { permission: "plan:read" },
      schema: {
        tags: ["plans"],
        summary: "本单位负责的上级台账任务 Tasks of higher organizations' plans assigned to the organization",
        params: z.object({ id: idParameter }),
        querystring: z.object({ dueSoonDays: dueSoonDaysQuery }),
        response: { 200: assignedPlanTasksSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/assigned-plan-tasks?dueSoonDays= → { organizationId, items: [{ plan, tasks }] }; 404 outside scope. */
    async (request) =>
      listAssignedPlanTasks(db, requireActor(request), request.params.id, {
        today: todayInChina(),
        dueSoonDays: request.query.dueSoonDays,
      }),
  );
}
