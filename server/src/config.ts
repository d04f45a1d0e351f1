import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** The repository root (two levels above server/src). */
export const REPOSITORY_ROOT = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));

/** Login attempts one client address may make per minute, whatever the user names (an office behind one NAT shares it). */
export const DEFAULT_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE = 30;

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.string().url().optional(),
  TUANWU_DATA_DIR: z.string().optional(),
  TUANWU_DEMO_PASSWORD: z
    .string()
    .min(8, "TUANWU_DEMO_PASSWORD 至少 8 个字符 / at least 8 characters")
    .optional(),
  TUANWU_SESSION_HOURS: z.coerce.number().positive().default(12),
  TUANWU_COOKIE_SECURE: z.enum(["true", "false"]).default("false"),
  TUANWU_LOGIN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().positive().default(10),
  TUANWU_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE: z.coerce
    .number()
    .int()
    .positive()
    .default(DEFAULT_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE),
  TUANWU_COUNTER_FOLD_SECONDS: z.coerce.number().positive().default(1),
  TUANWU_EXPORT_ROW_LIMIT: z.coerce.number().int().positive().default(50_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

/** The server's settings, read from the environment (README "Configuration" lists each). */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** Absolute data folder (PGlite database, locks, later attachments). */
  dataDir: string;
  demoPassword: string | undefined;
  sessionHours: number;
  cookieSecure: boolean;
  loginAttemptsPerMinute: number;
  /** Login attempts per client address per minute, over all user names. */
  loginAttemptsPerAddressPerMinute: number;
  logLevel: string;
  /** How often pending member-counter deltas are folded into the subtree counters (seconds). */
  counterFoldSeconds: number;
  /** Most rows an indicator export (.xlsx of a children table or a drill-down list) may hold. */
  exportRowLimit: number;
}

/**
 * Reads and validates the environment. Errors: throws with the variable's name and what was expected.
 */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(
    Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== "")),
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`环境变量有误 / invalid environment:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  return {
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    dataDir: path.resolve(env.TUANWU_DATA_DIR ?? path.join(REPOSITORY_ROOT, "data")),
    demoPassword: env.TUANWU_DEMO_PASSWORD,
    sessionHours: env.TUANWU_SESSION_HOURS,
    cookieSecure: env.TUANWU_COOKIE_SECURE === "true",
    loginAttemptsPerMinute: env.TUANWU_LOGIN_ATTEMPTS_PER_MINUTE,
    loginAttemptsPerAddressPerMinute: env.TUANWU_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE,
    logLevel: env.LOG_LEVEL,
    counterFoldSeconds: env.TUANWU_COUNTER_FOLD_SECONDS,
    exportRowLimit: env.TUANWU_EXPORT_ROW_LIMIT,
  };
}
