import type { AppContext } from "../../app";
import type { ZodApp } from "../../lib/zod-app";

/** Routes of Excel import and export in the national registry's columns (智慧团建). */
export async function registerRegistryRoutes(app: ZodApp, context: AppContext): Promise<void> {
  void app;
  void context;
}
