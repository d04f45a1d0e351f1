import type { AppContext } from "../../lib/app-context";
import type { ZodApp } from "../../lib/zod-app";

/** Routes of 团学比 / 团青比 (being written). */
export async function registerLeagueRatioRoutes(_app: ZodApp, _context: AppContext): Promise<void> {}
