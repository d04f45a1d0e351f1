import type { Config } from "../config";
import type { Database } from "../db/database";

/** Settings the app needs; a subset of Config so tests can build one without the environment. */
export type AppConfig = Pick<Config, "sessionHours" | "cookieSecure" | "loginAttemptsPerMinute"> & {
  logLevel?: string;
  /** Login attempts per client address per minute, any user names (default 30; TUANWU_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE). */
  loginAttemptsPerAddressPerMinute?: number;
  /** Where uploaded files (attachments) are stored by content hash: `<data folder>/files` when run. */
  filesDir?: string;
  /** Where uploads and exports are written while in progress: `<data folder>/tmp` when run (emptied at
   * start); the system temp folder when unset (tests). */
  tempDir?: string;
  /** Serve the built web app from this folder (default web/dist when it exists). False: API only. */
  webDist?: string | false;
  /** Requests per client address per minute to each public route of issue 14 (default 60; beyond: 429). */
  publicRequestsPerMinute?: number;
  /** Most rows an indicator export may hold (TUANWU_EXPORT_ROW_LIMIT; default 50,000). */
  exportRowLimit?: number;
};

/**
 * What the routes get: the database and the settings. Here, below app.ts and the route files, so
 * that a route file never imports app.ts (which imports it).
 */
export interface AppContext {
  db: Database;
  config: AppConfig;
}
