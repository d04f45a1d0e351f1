import { z } from "zod";
import { commonErrorResponses, idParameter } from "../../../lib/api-schemas";
import type { AppContext } from "../../../lib/app-context";
import { todayInChina } from "../../../lib/clock";
import type { ZodApp } from "../../../lib/zod-app";
import { requireActor } from "../../../plugins/authentication";
import { planComparisonQuerySchema, planComparisonSchema } from "./plan-comparison.schemas";
import { comparePlans } from "./plan-comparison.service";

/**
 * The city view of the reform ledger (issue 5 part 7): every county's (every organization's in the
 * subtree) latest plan side by side — progress, overdue, due soon, close-out rate, evaluation score —
 * ranked. Narrowed to the user's subtree (404 outside).
 */
export async function registerPlanComparisonRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/organizations/:id/plan-comparison",
    {
      config: { permission: "plan:read" },
      schema: {
        tags: ["plans"],
        summary:
          "各县台账对比 Each organization's latest plan in the subtree side by side, ranked by progress, overdue, close-out rate or evaluation score",
        params: z.object({ id: idParameter }),
        querystring: planComparisonQuerySchema,
        response: { 200: planComparisonSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/plan-comparison?dueSoonDays=14&sort=progress → PlanComparison. */
    async (request) =>
      comparePlans(db, requireActor(request), request.params.id, {
        today: todayInChina(),
        dueSoonDays: request.query.dueSoonDays,
        sort: request.query.sort,
      }),
  );
}
