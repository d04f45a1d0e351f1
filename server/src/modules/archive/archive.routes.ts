import type { AppContext } from "../../app";
import type { ZodApp } from "../../lib/zod-app";

/** Routes of the electronic archive (电子团员档案): timeline, attachments, awards and punishments. */
export async function registerArchiveRoutes(app: ZodApp, context: AppContext): Promise<void> {
  void app;
  void context;
}
