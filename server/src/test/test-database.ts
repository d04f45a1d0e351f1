import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import pg from "pg";
import { type DatabaseHandle, openDatabase } from "../db/database";
import { citusWorkersOfRun, createOnWorkers, dropOnWorkers } from "./citus-test-cluster";
import { MIGRATED_DUMP_VARIABLE, MIGRATED_TEMPLATE_VARIABLE } from "./migrated-database.global-setup";

/** The run's migrated PGlite data folder (a tar), read once per test worker. */
let migratedDump: Promise<Blob> | undefined;

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or — when DATABASE_URL is set
 * (CI's PostgreSQL run) — a new database on that server, dropped again by `close()`. Both are copies
 * of the database the run migrated once (./migrated-database.global-setup.ts: migrating in every file
 * cost ≈ 3 s on PGlite); `migrate()` is still run, and finds nothing to do. Without that global setup
 * (another config), the database is migrated here.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dumpFile = process.env[MIGRATED_DUMP_VARIABLE];
    if (dumpFile) migratedDump ??= readFile(dumpFile).then((bytes) => new Blob([bytes]));
    const handle = await openDatabase({
      inMemory: true,
      loadDataDir: dumpFile ? await migratedDump : undefined,
    });
    await handle.migrate();
    return handle;
  }
  const template = process.env[MIGRATED_TEMPLATE_VARIABLE];
  // On Citus, the template's copy on every worker too, under the same name (./citus-test-cluster.ts).
  const workers = citusWorkersOfRun() ?? [];
  const name = `tuanwu_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  // On Citus, all nodes' copies at once (nothing opens the coordinator's before they all exist).
  await Promise.all([
    admin.query(template ? `create database ${name} template ${template}` : `create database ${name}`),
    createOnWorkers(url, workers, name, template),
  ]);
  await admin.end();
  const databaseUrl = new URL(url);
  databaseUrl.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: databaseUrl.toString() });
  await handle.migrate();
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      // pool.end() resolves before its connections have finished closing: give them a moment, so
      // that FORCE only ever ends connections that were leaked, not ones on their way out. On Citus,
      // only the test's own: the maintenance daemon and Citus's internal connections never leave.
      for (let attempt = 0; attempt < 50; attempt += 1) {
        const { rows } = await cleanup.query(
          workers.length === 0
            ? "select count(*)::int as open from pg_stat_activity where datname = $1"
            : `select count(*)::int as open from pg_stat_activity where datname = $1
               and backend_type = 'client backend' and application_name not like 'citus_internal%'`,
          [name],
        );
        if (rows[0]?.open === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // On Citus the workers' copies are dropped at the same time (FORCE ends the coordinator's connections to them).
      await Promise.all([
        cleanup.query(`drop database if exists ${name} with (force)`),
        dropOnWorkers(url, workers, name),
      ]);
      await cleanup.end();
    },
  };
}

/**
 * A new, empty database on the PostgreSQL server of DATABASE_URL (no migrations): its URL and a way
 * to drop it again (ending any session left on it). For tests that need a target such as a restore's.
 */
export async function createEmptyPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("createEmptyPostgresDatabase needs DATABASE_URL");
  const name = `tuanwu_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const databaseUrl = new URL(url);
  databaseUrl.pathname = `/${name}`;
  return {
    url: databaseUrl.toString(),
    drop: async () => {
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
