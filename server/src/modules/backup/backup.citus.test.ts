import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app";
import { type DatabaseHandle, openDatabase } from "../../db/database";
import { findCitusClusterOfRun } from "../../test/citus-test-cluster";
import { runTuanwu } from "../../test/cli-harness";
import { createTestCounty, createTestUser, logInAs } from "../../test/factories";
import { createEmptyPostgresDatabase, createTestDatabase } from "../../test/test-database";
import { countTableRows, type SqlClient } from "./backup-manifest";

/**
 * `tuanwu backup` of a Citus coordinator (issue 19 part 6; docs/OPERATIONS.md "Citus", Backup). Runs in
 * the Citus phase only (vitest.citus.config.ts; skipped elsewhere, with the reason printed): the source is a cluster database of the run, its
 * member family on the workers. Checked: the archive holds the workers' rows (every table's count as
 * read through the coordinator) and says it is a coordinator's; it restores into a database of a server
 * that loads Citus (the coordinator's: every table a local table there) with the same counts and a
 * login; into a plain PostgreSQL server (TUANWU_PLAIN_DATABASE_URL, by default the CI's PostgreSQL 15 on
 * 127.0.0.1:5432) it is refused with the reason, and nothing is written there.
 */

const skipReason = (await findCitusClusterOfRun())
  ? null
  : "DATABASE_URL is not a Citus coordinator (PGlite, or no citus extension)";
if (skipReason) console.log(`backup.citus.test.ts skipped: ${skipReason}`);

const savedEnvironment = {
  DATABASE_URL: process.env.DATABASE_URL,
  TUANWU_DATA_DIR: process.env.TUANWU_DATA_DIR,
};
const plainServer = process.env.TUANWU_PLAIN_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

let work: string;
let source: DatabaseHandle;
let sourceUrl: string;
let sourceCounts: Record<string, number>;
let archive: string;
let countyId: number;
const drops: (() => Promise<void>)[] = [];

function sqlClient(handle: DatabaseHandle): SqlClient {
  return {
    query: async (text) => {
      const result = (await handle.db.execute(sql.raw(text))) as unknown as { rows: unknown[] };
      return { rows: result.rows };
    },
  };
}

/** Runs `tuanwu ...args` with DATABASE_URL = `databaseUrl` and TUANWU_DATA_DIR = `dataDir`. */
async function tuanwuAt(databaseUrl: string, dataDir: string, ...args: string[]) {
  process.env.DATABASE_URL = databaseUrl;
  process.env.TUANWU_DATA_DIR = dataDir;
  try {
    return await runTuanwu(...args);
  } finally {
    for (const [key, value] of Object.entries(savedEnvironment)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** A new empty database on the server of `serverUrl` (an admin connection's URL), dropped after all. */
async function emptyDatabaseOn(serverUrl: string): Promise<string> {
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = serverUrl;
  try {
    const database = await createEmptyPostgresDatabase();
    drops.push(database.drop);
    return database.url;
  } finally {
    process.env.DATABASE_URL = saved;
  }
}

async function tablesIn(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      "select count(*)::int as n from pg_tables where schemaname in ('public', 'drizzle')",
    );
    return rows[0]?.n ?? -1;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  if (skipReason) return;
  work = await mkdtemp(path.join(os.tmpdir(), "tuanwu-backup-citus-"));
  source = await createTestDatabase();
  const url = new URL(process.env.DATABASE_URL as string);
  url.pathname = `/${source.location.split("/").pop()}`;
  sourceUrl = url.toString();
  const tree = await createTestCounty(source.db);
  countyId = tree.county.id;
  await createTestUser(source.db, "county", "org_admin", tree.county.id);
  sourceCounts = await countTableRows(sqlClient(source));
  archive = path.join(work, "tuanwu.tar.gz");
  const backup = await tuanwuAt(sourceUrl, path.join(work, "source"), "backup", "--out", archive, "--json");
  expect(backup.stderr).toBe("");
  expect(backup.exitCode).toBe(0);
}, 300_000);

// Dropping databases checkpoints each node: minutes on a loaded machine.
afterAll(async () => {
  if (skipReason) return;
  for (const drop of drops) await drop();
  await source?.close();
  await rm(work, { recursive: true, force: true });
}, 300_000);

describe.skipIf(skipReason !== null)("tuanwu backup of a Citus coordinator", () => {
  it("holds the workers' rows, counted in the dump's state, and says it is a coordinator's", async () => {
    const placement = await source.db.execute(
      sql`select count(*)::int as n from pg_dist_partition where logicalrelid = 'member'::regclass and partmethod = 'h'`,
    );
    expect((placement as unknown as { rows: { n: number }[] }).rows[0]?.n).toBe(1);
    const summary = await tuanwuAt(
      sourceUrl,
      path.join(work, "source"),
      "backup",
      "--out",
      `${archive}2`,
      "--json",
    );
    const manifest = JSON.parse(summary.stdout);
    expect(manifest.counts).toEqual(sourceCounts);
    expect(sourceCounts.member).toBeGreaterThan(0);
    expect(sourceCounts.member_history).toBeGreaterThan(0);
  });

  it("restores into a server that loads Citus: the same counts and a login", async () => {
    const target = await emptyDatabaseOn(process.env.DATABASE_URL as string);
    const dataDir = path.join(work, "restored");
    const run = await tuanwuAt(target, dataDir, "restore", archive, "--json");
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    const handle = await openDatabase({ databaseUrl: target });
    try {
      expect(await countTableRows(sqlClient(handle))).toEqual(sourceCounts);
      const app = await buildApp({
        db: handle.db,
        config: { sessionHours: 1, cookieSecure: false, loginAttemptsPerMinute: 5, webDist: false },
      });
      const county = await logInAs(app, "county");
      const members = await app.inject({
        method: "GET",
        url: `/api/v1/organizations/${countyId}/members`,
        headers: county.headers,
      });
      await app.close();
      expect(members.statusCode).toBe(200);
      expect(members.json().total).toBe(sourceCounts.member);
    } finally {
      await handle.close();
    }
  }, 300_000);

  it("into plain PostgreSQL is refused with the reason, and nothing is written", async () => {
    const target = await emptyDatabaseOn(plainServer);
    const dataDir = path.join(work, "plain");
    const run = await tuanwuAt(target, dataDir, "restore", archive);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("Citus");
    expect(run.stderr).toContain("shared_preload_libraries");
    expect(await tablesIn(target)).toBe(0);
    expect(await readdir(dataDir).catch(() => [])).toEqual([]);
  });
});
