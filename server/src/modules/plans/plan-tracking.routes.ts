import type { AppContext } from "../../lib/app-context";
import type { ZodApp } from "../../lib/zod-app";
import { registerPlanCloseOutRoutes } from "./close-out/plan-close-out.routes";
import { registerPlanProgressRoutes } from "./progress/plan-progress.routes";
import { registerPlanSupervisionRoutes } from "./supervision/plan-supervision.routes";
import { registerPlanAssignmentRoutes } from "./units/plan-assignment.routes";

/**
 * Routes of working the reform ledger (issue 5 part 4, domain.md §8): progress reports (信息报送) and
 * the plan's progress rule, close-outs (销号), supervision (督导) and the task detail; the tasks a
 * higher plan assigns to an organization (plan-assignment).
 */
export async function registerPlanTrackingRoutes(app: ZodApp, context: AppContext): Promise<void> {
  await registerPlanProgressRoutes(app, context);
  await registerPlanCloseOutRoutes(app, context);
  await registerPlanSupervisionRoutes(app, context);
  await registerPlanAssignmentRoutes(app, context);
}
