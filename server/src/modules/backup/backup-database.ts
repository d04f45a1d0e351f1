import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzleNodePostgres } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePostgres } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { MIGRATIONS_FOLDER } from "../../db/database";
import * as schema from "../../db/schema";
import {
  type BackupManifest,
  backupError,
  countDifferences,
  countTableRows,
  type MigrationLevel,
  readMigrationLevel,
} from "./backup-manifest";

/**
 * The database half of a backup, per engine (issue 17 part 3):
 * - PGlite: its own `dumpDataDir` (a tarball of the database folder), taken while the caller holds the
 *   data folder lock, so no server writes meanwhile; restored with `loadDataDir` into a new folder.
 * - PostgreSQL: `pg_dump` (plain SQL) run inside a snapshot exported by a REPEATABLE READ transaction,
 *   in which the row counts of the manifest are also taken, so dump and counts are one consistent
 *   state while the server keeps running; restored with `psql --single-transaction`, the counts checked
 *   by a final statement of that same transaction, so a failure leaves the target untouched.
 *   Needs the PostgreSQL client programs `pg_dump` and `psql` on PATH, of the server's major version or
 *   newer (Debian: postgresql-client-15).
 */

const run = promisify(execFile);

/** What a dump records besides the file itself. */
export interface DatabaseSnapshot {
  databaseVersion: string;
  /** A Citus coordinator (the extension is installed in the database). */
  citus: boolean;
  migration: MigrationLevel;
  counts: Record<string, number>;
  createdAt: string;
}

/** Whether `<dataDir>/pglite` holds a database. */
export function hasPgliteDatabase(dataDir: string): boolean {
  return existsSync(path.join(dataDir, "pglite", "PG_VERSION"));
}

/**
 * Dumps the PGlite database of `dataDir` (whose lock the caller holds) to `file` (an uncompressed tar).
 * Errors: "backup_no_database" when the folder holds no database.
 */
export async function dumpPglite(dataDir: string, file: string): Promise<DatabaseSnapshot> {
  if (!hasPgliteDatabase(dataDir)) {
    throw backupError(
      "backup_no_database",
      `数据目录 ${dataDir} 中没有数据库 / no database in the data folder ${dataDir}`,
    );
  }
  const client = await PGlite.create({ dataDir: path.join(dataDir, "pglite") });
  try {
    const snapshot = await readSnapshot(client);
    const dump = await client.dumpDataDir("none");
    await writeFile(file, Buffer.from(await dump.arrayBuffer()));
    return snapshot;
  } finally {
    await client.close();
  }
}

async function readSnapshot(client: {
  query(text: string, parameters?: unknown[]): Promise<{ rows: unknown[] }>;
}): Promise<DatabaseSnapshot> {
  const version = await client.query(
    "select version() as version, now()::text as now, exists (select from pg_extension where extname = 'citus') as citus",
  );
  const row = version.rows[0] as { version: string; now: string; citus: boolean };
  return {
    databaseVersion: row.version,
    citus: row.citus === true,
    migration: await readMigrationLevel(client),
    counts: await countTableRows(client),
    createdAt: new Date(row.now).toISOString(),
  };
}

/**
 * Loads a PGlite dump into the new folder `folder` (which must not exist yet), checks the row counts
 * against the manifest and applies this version's pending migrations.
 * Errors: "restore_counts_differ" naming each table whose count differs.
 */
export async function loadPglite(folder: string, dumpFile: string, manifest: BackupManifest): Promise<void> {
  const bytes = await readFile(dumpFile);
  const client = await PGlite.create({ dataDir: folder, loadDataDir: new Blob([bytes]) });
  try {
    const differences = countDifferences(manifest.counts, await countTableRows(client));
    if (differences.length > 0) {
      throw backupError(
        "restore_counts_differ",
        `恢复后的行数与清单不符 / restored row counts differ from the manifest: ${differences.join("; ")}`,
      );
    }
    await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.close();
  }
}

/**
 * Runs one of the PostgreSQL client programs on `databaseUrl`, its password passed in PGPASSWORD rather
 * than on the command line (where `ps` shows it); a missing program or a failure → a clear error.
 */
async function runPostgresClient(
  program: "pg_dump" | "psql",
  databaseUrl: string,
  args: string[],
): Promise<void> {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = "";
  const env = password ? { ...process.env, PGPASSWORD: password } : process.env;
  try {
    await run(program, [...args, `--dbname=${url.toString()}`], { maxBuffer: 16 * 1024 * 1024, env });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === "ENOENT") {
      throw backupError(
        "postgres_client_missing",
        `找不到 ${program}：请安装 PostgreSQL 客户端（Debian: postgresql-client-15 或与服务器相同的更新版本）。\n` +
          `${program} not found: install the PostgreSQL client programs of the server's major version or newer ` +
          "(Debian: postgresql-client-15).",
      );
    }
    // Only the error lines: psql's CONTEXT lines may quote a row of personal data.
    const lines = (failure.stderr ?? failure.message)
      .split("\n")
      .filter((line) => /ERROR|FATAL|error:/.test(line))
      .slice(0, 5)
      .join("\n");
    throw backupError(`${program}_failed`, `${program} 失败 / ${program} failed:\n${lines}`);
  }
}

/**
 * Dumps the PostgreSQL database at `databaseUrl` to `file` (plain SQL, no owners or privileges) from
 * one exported REPEATABLE READ snapshot, in which the manifest's counts are read too.
 *
 * On a Citus coordinator (issue 19) the exported snapshot covers the coordinator only: `pg_dump` reads
 * each shard in a transaction of its own on its worker. So first every table of the public schema is
 * locked in SHARE mode (Citus takes the lock on every shard placement too): writes wait until the dump
 * ends — each 2PC transaction in flight has committed on every worker before its locks are granted — and
 * the rows read from the workers are one consistent state, the one the counts are read in. The server
 * may keep running; its writes wait (their statement timeout permitting) for the length of the dump.
 */
export async function dumpPostgres(databaseUrl: string, file: string): Promise<DatabaseSnapshot> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const citus = await client.query<{ citus: boolean }>(
      "select exists (select from pg_extension where extname = 'citus') as citus",
    );
    if (citus.rows[0]?.citus) {
      await client.query("begin isolation level repeatable read");
      const tables = await client.query<{ name: string }>(
        `select format('%I.%I', n.nspname, c.relname) as name from pg_class c
           join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p') order by c.relname`,
      );
      await client.query(`lock table ${tables.rows.map((table) => table.name).join(", ")} in share mode`);
    } else {
      await client.query("begin isolation level repeatable read read only");
    }
    const exported = await client.query<{ id: string }>("select pg_export_snapshot() as id");
    const snapshot = await readSnapshot(client);
    await runPostgresClient("pg_dump", databaseUrl, [
      "--format=plain",
      "--no-owner",
      "--no-privileges",
      `--snapshot=${exported.rows[0]?.id}`,
      `--file=${file}`,
    ]);
    await client.query("commit");
    return snapshot;
  } finally {
    await client.end();
  }
}

/**
 * What is already in a PostgreSQL database: its tables in the public and drizzle schemas, other sessions,
 * and whether its server loads Citus (`shared_preload_libraries`), which a coordinator's dump needs.
 */
export async function describePostgresTarget(
  databaseUrl: string,
): Promise<{ tables: number; organizations: number | null; otherSessions: number; citus: boolean }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{
      tables: number;
      has_organization: boolean;
      sessions: number;
      citus: boolean;
    }>(
      `select (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname in ('public', 'drizzle') and c.relkind in ('r', 'p')) as tables,
              current_setting('shared_preload_libraries') ~ '(^|[ ,])citus([ ,]|$)' as citus,
              to_regclass('public.organization') is not null as has_organization,
              (select count(*)::int from pg_stat_activity
                where datname = current_database() and pid <> pg_backend_pid()) as sessions`,
    );
    const row = rows[0] as { tables: number; has_organization: boolean; sessions: number; citus: boolean };
    const organizations = row.has_organization
      ? ((await client.query<{ n: number }>("select count(*)::int as n from public.organization")).rows[0]
          ?.n ?? 0)
      : null;
    return { tables: row.tables, organizations, otherSessions: row.sessions, citus: row.citus };
  } finally {
    await client.end();
  }
}

/**
 * Restores a pg_dump file into the database at `databaseUrl` in one transaction: with `replace`, the
 * public and drizzle schemas are dropped first; last, one statement compares every table's row count
 * with the manifest and raises on a difference, so nothing is committed unless all match. Then this
 * version's pending migrations are applied.
 */
export async function loadPostgres(
  databaseUrl: string,
  dumpFile: string,
  manifest: BackupManifest,
  options: { replace: boolean },
): Promise<void> {
  const checks = Object.entries(manifest.counts)
    .map(
      ([table, rows]) =>
        `select count(*) into found from public."${table}"; ` +
        `if found <> ${rows} then raise exception 'restore_counts_differ: % has % rows, the manifest says ${rows}', '${table}', found; end if;`,
    )
    .join("\n");
  const args = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction"];
  if (options.replace) {
    args.push(
      "-c",
      "drop schema if exists drizzle cascade; drop schema if exists public cascade; create schema public;",
    );
  }
  args.push("-f", dumpFile, "-c", `do $check$ declare found bigint; begin\n${checks}\nend $check$;`);
  await runPostgresClient("psql", databaseUrl, args);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await migrateNodePostgres(drizzleNodePostgres(client, { schema }), {
      migrationsFolder: MIGRATIONS_FOLDER,
    });
  } finally {
    await client.end();
  }
}
