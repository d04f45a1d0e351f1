import type { FastifyInstance } from "fastify";
import { buildApp } from "./app";
import { attachmentFolder, type Config, temporaryFolder } from "./config";
import { type DatabaseHandle, openDatabase } from "./db/database";
import { organization } from "./db/schema";
import { todayInChina } from "./lib/clock";
import { cleanTemporaryFolder } from "./lib/temporary-folder";
import { systemActor } from "./modules/auth/system-actor";
import { findDemoAccounts, seedDemo } from "./modules/seed/demo-seed.service";
import { type MemberCountFolding, startMemberCountFolding } from "./modules/stats/member-count.service";
import { runMonthEndSnapshotJob } from "./modules/stats/member-count-snapshot.service";
import {
  startTermElectionSchedule,
  TERM_ELECTION_DEFAULT_CRON,
  type TermElectionSchedule,
} from "./modules/terms/term-election.job";
import {
  AUTO_RETURN_DEFAULT_CRON,
  type AutoReturnSchedule,
  startAutoReturnSchedule,
} from "./modules/transfer-season/transfer-auto-return.job";

/** How often the embedded database is vacuumed while the server runs (PGlite has no autovacuum). */
const VACUUM_INTERVAL_MS = 6 * 3_600_000;
/** Entries of tmp/ younger than this may be in use (another server with PostgreSQL): kept at start and by the hourly sweep. */
const SHARED_TEMPORARY_MAX_AGE_MS = 3_600_000;
/** How often the month-end snapshot job checks that the month just ended has its snapshot (issue 4 part 2). */
const SNAPSHOT_CHECK_INTERVAL_MS = 3_600_000;

/**
 * Starts tuanwu: opens the database (PGlite in the data folder, locked, or PostgreSQL from
 * DATABASE_URL), applies migrations, seeds the demo into an empty database, serves API and web on
 * the configured port, and closes everything cleanly on SIGINT/SIGTERM.
 * Uploads in progress (and libraries' temporary files: TMPDIR) go to `<data folder>/tmp`, emptied here
 * (with PostgreSQL, of entries older than an hour only: another server may share the folder) and
 * swept of entries older than an hour every hour. Prints the data folder, the files folder, the
 * URL and, on first start, the demo accounts.
 * Errors: with DATABASE_URL and no TUANWU_DATA_DIR, refuses to start (`attachmentFolder`).
 */
export async function startServer(config: Config): Promise<{ app: FastifyInstance; handle: DatabaseHandle }> {
  const filesDir = attachmentFolder(config);
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  console.log(
    handle.engine === "pglite"
      ? `tuanwu: 嵌入式数据库 embedded database (PGlite) in ${handle.location}`
      : `tuanwu: PostgreSQL at ${handle.location}`,
  );
  console.log(`tuanwu: 附件目录 attachment files in ${filesDir}`);
  let app: FastifyInstance | undefined;
  let vacuumTimer: NodeJS.Timeout | undefined;
  let snapshotTimer: NodeJS.Timeout | undefined;
  let sweepTimer: NodeJS.Timeout | undefined;
  let folding: MemberCountFolding | undefined;
  let autoReturn: AutoReturnSchedule | undefined;
  let termElection: TermElectionSchedule | undefined;
  let closing = false;
  const logFailure = (what: string) => (error: unknown) =>
    console.error(`tuanwu: ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
  const shutDown = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`tuanwu: ${signal} received, closing…`);
    if (vacuumTimer) clearInterval(vacuumTimer);
    if (snapshotTimer) clearInterval(snapshotTimer);
    if (sweepTimer) clearInterval(sweepTimer);
    autoReturn?.stop();
    termElection?.stop();
    try {
      await folding?.stop();
      await app?.close();
      await handle.close();
    } finally {
      process.exit(0);
    }
  };
  process.once("SIGINT", () => void shutDown("SIGINT"));
  process.once("SIGTERM", () => void shutDown("SIGTERM"));
  try {
    const tempDir = temporaryFolder(config);
    await cleanTemporaryFolder(
      tempDir,
      handle.engine === "pglite" ? {} : { olderThanMs: SHARED_TEMPORARY_MAX_AGE_MS },
    );
    // Libraries' temporary files too (ExcelJS copies a worksheet of an uploaded workbook to the system
    // temp folder and keeps it until the process exits): into tmp/, emptied at start and swept hourly.
    process.env.TMPDIR = tempDir;
    sweepTimer = setInterval(
      () =>
        void cleanTemporaryFolder(tempDir, { olderThanMs: SHARED_TEMPORARY_MAX_AGE_MS }).catch(
          logFailure("temporary folder sweep"),
        ),
      SHARED_TEMPORARY_MAX_AGE_MS,
    );
    sweepTimer.unref();
    await handle.migrate();
    const anyOrganization = await handle.db.select({ id: organization.id }).from(organization).limit(1);
    if (anyOrganization.length === 0) {
      console.log(
        "tuanwu: 数据库为空，正在载入示例县（旺苍县）… empty database: seeding the demo county (Wangcang)…",
      );
      const summary = await seedDemo(handle, systemActor("startup"), { password: config.demoPassword });
      printDemoAccounts(summary.accounts, summary.generatedPassword, summary.seconds);
    } else {
      const demo = await findDemoAccounts(handle.db);
      if (demo.length > 0) {
        console.log(
          `tuanwu: 示例账号 demo accounts: ${demo.join(", ")} (npx tuanwu user set-password USERNAME)`,
        );
      }
    }
    app = await buildApp({
      db: handle.db,
      config: { ...config, logLevel: config.logLevel, filesDir, tempDir },
    });
    await app.listen({ port: config.port, host: config.host });
    if (handle.engine === "pglite") vacuumTimer = setInterval(() => void handle.vacuum(), VACUUM_INTERVAL_MS);
    // Subtree counters (docs/ARCHITECTURE.md "Fast aggregation"): fold pending deltas every few
    // seconds; take the month-end snapshot of the month just ended (at start, then hourly).
    folding = startMemberCountFolding(
      handle.db,
      config.counterFoldSeconds * 1000,
      logFailure("counter fold"),
    );
    const snapshotJob = () =>
      runMonthEndSnapshotJob(handle.db, todayInChina()).catch(logFailure("month-end snapshot"));
    void snapshotJob();
    snapshotTimer = setInterval(() => void snapshotJob(), SNAPSHOT_CHECK_INTERVAL_MS);
    snapshotTimer.unref();
    // The transfers' automatic return (issue 11 part 4): daily; an advisory lock keeps processes apart.
    const autoReturnCron = config.autoReturnCron ?? AUTO_RETURN_DEFAULT_CRON;
    if (autoReturnCron !== "off") {
      autoReturn = startAutoReturnSchedule(
        handle.db,
        autoReturnCron,
        logFailure("transfer auto return"),
        (run) => {
          if (run.returned.length > 0)
            console.log(`tuanwu: 自动退回 ${run.returned.length} 件超期转接申请 (${run.today})`);
        },
      );
    }
    // Election reminders 换届提醒 in the to-do inbox (issue 13 part 2): daily, same switch as the auto return.
    if (autoReturnCron !== "off") {
      termElection = startTermElectionSchedule(
        handle.db,
        TERM_ELECTION_DEFAULT_CRON,
        logFailure("term election reminders"),
      );
    }
    console.log(`tuanwu: 已启动 running at http://localhost:${config.port}  (API docs: /api/docs)`);
    return { app, handle };
  } catch (error) {
    if (sweepTimer) clearInterval(sweepTimer);
    autoReturn?.stop();
    termElection?.stop();
    await app?.close();
    await handle.close();
    throw error;
  }
}

/** Prints the demo accounts and, when generated now, their password (shown this once only). */
export function printDemoAccounts(
  accounts: { username: string; role: string; organization: string }[],
  generatedPassword: string | null,
  seconds: number,
): void {
  console.log(`tuanwu: 示例数据已载入 demo seeded in ${seconds} s. 示例账号 Demo accounts:`);
  for (const account of accounts)
    console.log(`  ${account.username.padEnd(14)} ${account.role.padEnd(17)} ${account.organization}`);
  console.log(
    generatedPassword
      ? `  密码 password: ${generatedPassword}   (只显示这一次 shown once; change with: npx tuanwu user set-password USERNAME)`
      : "  密码 password: TUANWU_DEMO_PASSWORD",
  );
}
