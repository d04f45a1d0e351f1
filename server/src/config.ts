import path from "node:path";
import { fileURLToPath } from "node:url";
import { DomainError } from "@tuanwu/domain";
import { z } from "zod";

/** The repository root (two levels above server/src). */
export const REPOSITORY_ROOT = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));

/** Login attempts one client address may make per minute, whatever the user names (an office behind one NAT shares it). */
export const DEFAULT_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE = 30;

/**
 * Requests one client address may make per minute to each public route of issue 14 (an activity's
 * sign-up and check-in, a survey's answers, certificate checks); beyond it 429. A school's phones behind
 * one NAT share it, so a county running a large event raises it (TUANWU_PUBLIC_REQUESTS_PER_MINUTE).
 */
export const DEFAULT_PUBLIC_REQUESTS_PER_MINUTE = 60;

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
  TUANWU_PUBLIC_REQUESTS_PER_MINUTE: z.coerce
    .number()
    .int()
    .positive()
    .default(DEFAULT_PUBLIC_REQUESTS_PER_MINUTE),
  TUANWU_COUNTER_FOLD_SECONDS: z.coerce.number().positive().default(1),
  TUANWU_EXPORT_ROW_LIMIT: z.coerce.number().int().positive().default(50_000),
  /** The transfers' automatic return (cron pattern, China time; "off" disables it). */
  TUANWU_AUTO_RETURN_CRON: z.string().min(1).default("30 1 * * *"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

/** The server's settings, read from the environment (README "Configuration" lists each). */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** Absolute data folder: the PGlite database (`pglite/`), its lock, attachment files (`files/`), uploads in progress (`tmp/`). */
  dataDir: string;
  /** Whether TUANWU_DATA_DIR chose the data folder (false: the default, the repository's data/). */
  dataDirFromEnvironment: boolean;
  demoPassword: string | undefined;
  sessionHours: number;
  cookieSecure: boolean;
  loginAttemptsPerMinute: number;
  /** Login attempts per client address per minute, over all user names. */
  loginAttemptsPerAddressPerMinute: number;
  /** Requests per client address per minute to each public route (issue 14). */
  publicRequestsPerMinute: number;
  logLevel: string;
  /** How often pending member-counter deltas are folded into the subtree counters (seconds). */
  counterFoldSeconds: number;
  /** Most rows an indicator export (.xlsx of a children table or a drill-down list) may hold. */
  exportRowLimit: number;
  /** When the transfers' automatic return runs (cron, China time); "off": never (issue 11 part 4). */
  autoReturnCron?: string;
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
    dataDirFromEnvironment: env.TUANWU_DATA_DIR !== undefined,
    demoPassword: env.TUANWU_DEMO_PASSWORD,
    sessionHours: env.TUANWU_SESSION_HOURS,
    cookieSecure: env.TUANWU_COOKIE_SECURE === "true",
    loginAttemptsPerMinute: env.TUANWU_LOGIN_ATTEMPTS_PER_MINUTE,
    loginAttemptsPerAddressPerMinute: env.TUANWU_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE,
    publicRequestsPerMinute: env.TUANWU_PUBLIC_REQUESTS_PER_MINUTE,
    logLevel: env.LOG_LEVEL,
    counterFoldSeconds: env.TUANWU_COUNTER_FOLD_SECONDS,
    exportRowLimit: env.TUANWU_EXPORT_ROW_LIMIT,
    autoReturnCron: env.TUANWU_AUTO_RETURN_CRON,
  };
}

/**
 * The folder of attachment files, `<data folder>/files`. With PostgreSQL (DATABASE_URL) the data folder
 * holds nothing but these files and uploads in progress, so it must be chosen: a default inside the
 * repository would silently keep a county's attachments in a checkout that an upgrade may replace.
 * Errors: DomainError "data_dir_required" (naming TUANWU_DATA_DIR) when DATABASE_URL is set and
 * TUANWU_DATA_DIR is not.
 */
export function attachmentFolder(
  config: Pick<Config, "databaseUrl" | "dataDir" | "dataDirFromEnvironment">,
): string {
  if (config.databaseUrl && !config.dataDirFromEnvironment) {
    throw new DomainError(
      "data_dir_required",
      "使用 PostgreSQL（DATABASE_URL）时必须设置 TUANWU_DATA_DIR：附件文件保存在该目录的 files/ 下。\n" +
        "TUANWU_DATA_DIR is required with DATABASE_URL: attachment files are kept in its files/ folder " +
        "(for example TUANWU_DATA_DIR=/var/lib/tuanwu; docs/OPERATIONS.md).",
      { field: "TUANWU_DATA_DIR", status: 400 },
    );
  }
  return path.join(config.dataDir, "files");
}

/** The folder of uploads and exports in progress, `<data folder>/tmp` (emptied at start; docs/OPERATIONS.md). */
export function temporaryFolder(config: Pick<Config, "dataDir">): string {
  return path.join(config.dataDir, "tmp");
}
