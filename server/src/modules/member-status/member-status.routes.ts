import type { AppContext } from "../../app";
import type { ZodApp } from "../../lib/zod-app";

/** Routes of member status changes with review (团籍状态变更), work lists. */
export async function registerMemberStatusRoutes(app: ZodApp, context: AppContext): Promise<void> {
  void app;
  void context;
}
