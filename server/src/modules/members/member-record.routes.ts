import type { AppContext } from "../../app";
import type { ZodApp } from "../../lib/zod-app";

/** Routes of member records (团员档案): read, create, edit, verify, corrections. */
export async function registerMemberRecordRoutes(app: ZodApp, context: AppContext): Promise<void> {
  void app;
  void context;
}
