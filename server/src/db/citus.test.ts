import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import { startServer } from "../server";
import {
  createOnWorkers,
  dropOnWorkers,
  findCitusClusterOfRun,
  makeCitusDatabase,
  nodeUrl,
  runStatement,
} from "../test/citus-test-cluster";
import { runTuanwu } from "../test/cli-harness";
import { CITUS_CHECK_CONNECT_TIMEOUT_MS, CitusClusterError, checkCitusCluster } from "./citus";
import { MIGRATIONS_FOLDER, openDatabase } from "./database";

const url = process.env.DATABASE_URL;

const cluster = await findCitusClusterOfRun();
if (!cluster) {
  console.log(
    "citus.test.ts: the Citus cases skipped — DATABASE_URL is not a Citus coordinator (npm run test:citus, CONTRIBUTING.md)",
  );
}

describe.skipIf(!url || cluster)("checkCitusCluster on plain PostgreSQL", () => {
  it("finds no Citus and asks nothing more", async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect(await checkCitusCluster(client)).toEqual({ citus: false });
    } finally {
      await client.end();
    }
  });
});

// A scratch Citus database of our own on every node (the same name), so that breaking it — a bogus node
// registered, the extension dropped on a worker — never touches the cluster or another test's database.
describe.skipIf(!cluster)("checkCitusCluster on a Citus coordinator", () => {
  const admin = url ?? "";
  const workers = cluster?.workers ?? [];
  const name = `tuanwu_test_ccheck_${randomBytes(4).toString("hex")}`;
  // (The body runs to collect the tests even when they are skipped: no URL to build then.)
  const scratch = cluster ? nodeUrl(admin, name) : "";

  beforeAll(async () => {
    if (!cluster) return;
    await createOnWorkers(admin, workers, name);
    await runStatement(admin, `create database ${name}`);
    await makeCitusDatabase(admin, cluster, name);
  });

  afterAll(async () => {
    if (!cluster) return;
    await runStatement(admin, `drop database if exists ${name} with (force)`);
    await dropOnWorkers(admin, workers, name);
  });

  it("opens a healthy cluster and lists its workers", async () => {
    const handle = await openDatabase({ databaseUrl: scratch });
    await handle.close();
    const client = new pg.Client({ connectionString: scratch });
    await client.connect();
    try {
      expect(await checkCitusCluster(client)).toMatchObject({
        citus: true,
        workers: workers.map((worker) => `${worker.host}:${worker.port}`),
      });
    } finally {
      await client.end();
    }
  });

  it("refuses to open (so to start or migrate: `tuanwu migrate`, the server's start) when a worker is down, naming it, within the connect timeout", async () => {
    // A worker registered on a port nothing listens on: what a stopped worker looks like to the coordinator.
    await runStatement(
      scratch,
      `select citus_add_inactive_node('127.0.0.1', 9); update pg_dist_node set isactive = true where nodeport = 9`,
    );
    try {
      const started = Date.now();
      const error = await openDatabase({ databaseUrl: scratch }).catch((caught: unknown) => caught);
      expect(Date.now() - started).toBeLessThan(CITUS_CHECK_CONNECT_TIMEOUT_MS * 3);
      expect(error).toBeInstanceOf(CitusClusterError);
      const problems = (error as CitusClusterError).problems;
      expect(problems).toEqual([expect.objectContaining({ node: "127.0.0.1:9", reason: "unreachable" })]);
      expect((error as Error).message).toContain("127.0.0.1:9");
      expect((error as Error).message).toContain("worker unreachable");
      await expectCommandsStop();
    } finally {
      await runStatement(scratch, "delete from pg_dist_node where nodeport = 9");
    }
  });

  /** `tuanwu migrate` and the server's start against the scratch database with the fake worker registered. */
  async function expectCommandsStop(): Promise<void> {
    const saved = { DATABASE_URL: process.env.DATABASE_URL, TUANWU_DATA_DIR: process.env.TUANWU_DATA_DIR };
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "tuanwu-ccheck-"));
    process.env.DATABASE_URL = scratch;
    process.env.TUANWU_DATA_DIR = dataDir;
    try {
      const started = Date.now();
      const migrated = await runTuanwu("migrate");
      expect(Date.now() - started).toBeLessThan(CITUS_CHECK_CONNECT_TIMEOUT_MS * 3);
      expect(migrated.exitCode).toBe(1);
      expect(migrated.stderr).toContain("127.0.0.1:9");
      expect(migrated.stderr).toContain("worker unreachable");
      expect(migrated.stdout).not.toContain("migrations applied");
      // The server's start (npm start, tuanwu serve) opens the database first: the same error, no listen.
      const error = await startServer(loadConfig()).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(CitusClusterError);
      expect((error as Error).message).toContain("127.0.0.1:9");
      // Nothing was migrated.
      const client = new pg.Client({ connectionString: scratch });
      await client.connect();
      try {
        const { rows } = await client.query("select to_regclass('public.member') as member");
        expect(rows).toEqual([{ member: null }]);
      } finally {
        await client.end();
      }
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await rm(dataDir, { recursive: true, force: true });
    }
  }

  it.skipIf(workers.length === 0)(
    "refuses a migration run when a worker's database lacks the extension, naming the worker",
    async () => {
      const [worker] = workers;
      if (!worker) return;
      await runStatement(nodeUrl(admin, name, worker), "drop extension citus cascade");
      const error = await openDatabase({ databaseUrl: scratch }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(CitusClusterError);
      expect((error as CitusClusterError).problems).toEqual([
        expect.objectContaining({ node: `${worker.host}:${worker.port}`, reason: "extension_missing" }),
      ]);
      expect((error as Error).message).toMatch(/lacks the citus extension/);
      // The migrations refuse it themselves (0030's check, for a migrator that skipped the startup
      // check): run without openDatabase, the whole run rolls back.
      const pool = new pg.Pool({ connectionString: scratch, max: 1 });
      try {
        const refused = await migrate(drizzle(pool), { migrationsFolder: MIGRATIONS_FOLDER }).catch(
          (caught: unknown) => caught,
        );
        expect(refused).toBeInstanceOf(Error);
      } finally {
        await pool.end();
      }
      // Nothing was migrated: the coordinator's database has none of tuanwu's tables.
      const client = new pg.Client({ connectionString: scratch });
      await client.connect();
      try {
        const { rows } = await client.query("select to_regclass('public.member') as member");
        expect(rows).toEqual([{ member: null }]);
      } finally {
        await client.end();
      }
    },
  );

  it("refuses a worker's database: DATABASE_URL must name the coordinator", async () => {
    const [worker] = workers;
    if (!worker) return;
    // The run's template is not involved: the worker's copy of DATABASE_URL's own database (cluster.sh's `postgres`).
    const error = await openDatabase({
      databaseUrl: nodeUrl(admin, new URL(admin).pathname.slice(1), worker),
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CitusClusterError);
    expect((error as CitusClusterError).problems).toEqual([
      expect.objectContaining({ node: `${worker.host}:${worker.port}`, reason: "not_coordinator" }),
    ]);
  });
});
