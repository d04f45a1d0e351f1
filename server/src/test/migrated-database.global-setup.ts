// Vitest global setup of the server project (vitest.config.ts): migrates ONE database per test run,
// which every test file's database is then a copy of (createTestDatabase, ./test-database.ts).
// Running the 21+ migrations took ≈ 3 s per test file on PGlite and ≈ 0.8 s on PostgreSQL, repeated in
// each of ~240 files; copying a migrated database costs a fraction of that. The copy is the migrated
// schema and nothing else, exactly what `handle.migrate()` on an empty database gives (the migration
// tests, which need an empty database, open their own).
//   - PGlite: the migrated data folder is dumped (`dumpDataDir`, an uncompressed tar) to a file of a
//     temporary folder of the run's own; each test database is an in-memory PGlite loaded from it.
//   - PostgreSQL (DATABASE_URL): a migrated database `tuanwu_test_template_<pid>_<hex>` is created;
//     each test database is `create database … template` it. Nothing stays connected to it (PostgreSQL
//     refuses to copy a database in use); it is dropped at the end, and .ci/run's cleanup of leftover
//     `tuanwu_test_%` databases covers an interrupted run's.
//   - Citus (DATABASE_URL at a coordinator, the citus extension in its database): the template is
//     created on the coordinator and on every worker under the same name, made a Citus database (the
//     extension on each node, the workers registered), migrated through the coordinator, and each test
//     database is a copy of it on every node under one new name (./citus-test-cluster.ts).
// The location is passed to the test workers, which inherit the environment, in TUANWU_TEST_MIGRATED_*.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { openDatabase } from "../db/database";
import {
  CITUS_WORKERS_VARIABLE,
  closeSessions,
  createOnWorkers,
  dropOnWorkers,
  findCitusCluster,
  makeCitusDatabase,
} from "./citus-test-cluster";

/** Environment variable naming the PGlite dump file (a tar of a migrated data folder). */
export const MIGRATED_DUMP_VARIABLE = "TUANWU_TEST_MIGRATED_DUMP";
/** Environment variable naming the migrated PostgreSQL template database. */
export const MIGRATED_TEMPLATE_VARIABLE = "TUANWU_TEST_MIGRATED_TEMPLATE";

export default async function setup(): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const handle = await openDatabase({ inMemory: true });
    await handle.migrate();
    const client = (handle.db as unknown as { $client: PGlite }).$client;
    const dump = await client.dumpDataDir("none");
    await handle.close();
    // Outside the run's checked temporary folder (scripts/test-temporary-folder.mjs): this file is
    // the run's, not a test's, and is removed at teardown.
    const folder = mkdtempSync(path.join(os.tmpdir(), "tuanwu-migrated-"));
    const file = path.join(folder, "migrated.tar");
    writeFileSync(file, new Uint8Array(await dump.arrayBuffer()));
    process.env[MIGRATED_DUMP_VARIABLE] = file;
    return async () => {
      delete process.env[MIGRATED_DUMP_VARIABLE];
      rmSync(folder, { recursive: true, force: true });
    };
  }
  const name = `tuanwu_test_template_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  // A Citus coordinator (./citus-test-cluster.ts): the template exists on every node, as a Citus database.
  const cluster = await findCitusCluster(admin);
  const workers = cluster?.workers ?? [];
  try {
    if (cluster) await createOnWorkers(url, workers, name);
    await admin.query(`create database ${name}`);
    if (cluster) await makeCitusDatabase(url, cluster, name);
    const databaseUrl = new URL(url);
    databaseUrl.pathname = `/${name}`;
    const handle = await openDatabase({ databaseUrl: databaseUrl.toString() });
    await handle.migrate();
    await handle.close();
    if (cluster) {
      // Citus's maintenance daemons and cached connections to the workers stay on the template: end them.
      await closeSessions(url, workers, name);
    } else {
      // pool.end() resolves before its connections have closed: wait, as the template must be unused.
      for (let attempt = 0; attempt < 250; attempt += 1) {
        const { rows } = await admin.query(
          "select count(*)::int as open from pg_stat_activity where datname = $1",
          [name],
        );
        if (rows[0]?.open === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  } catch (error) {
    await admin.query(`drop database if exists ${name} with (force)`);
    if (cluster) await dropOnWorkers(url, workers, name);
    throw error;
  } finally {
    await admin.end();
  }
  process.env[MIGRATED_TEMPLATE_VARIABLE] = name;
  if (cluster) process.env[CITUS_WORKERS_VARIABLE] = JSON.stringify(workers);
  return async () => {
    delete process.env[MIGRATED_TEMPLATE_VARIABLE];
    delete process.env[CITUS_WORKERS_VARIABLE];
    const cleanup = new pg.Client({ connectionString: url });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${name} with (force)`);
    await cleanup.end();
    if (cluster) await dropOnWorkers(url, workers, name);
  };
}
