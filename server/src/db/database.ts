import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import { drizzle as drizzleNodePostgres } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePostgres } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { checkCitusCluster } from "./citus";
import { acquireDataFolderLock, type DataFolderLock } from "./data-folder-lock";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The Drizzle database, the same type on both engines. */
export type Database = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A transaction handle; repositories accept either a Database or a Transaction. */
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Executor = Database | Transaction;

/** Where the drizzle-kit migrations live (server/drizzle). */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../drizzle", import.meta.url));

/** An open database: the Drizzle handle, which engine it is, and how to close it. */
export interface DatabaseHandle {
  db: Database;
  engine: "pglite" | "postgres";
  /** Human-readable location: the absolute data folder (PGlite) or the server's host/database (PostgreSQL). */
  location: string;
  /** Runs a multi-statement SQL script (DDL, VACUUM). */
  exec(sqlText: string): Promise<void>;
  /**
   * Applies pending drizzle-kit migrations of `migrationsFolder` (MIGRATIONS_FOLDER by default: a test
   * of the upgrade path passes a copy cut at an older migration, test/migration-upgrade.test.ts), all in
   * one transaction. Idempotent. On a Citus coordinator with `citus.enable_unsafe_triggers` on for the
   * whole run (a trigger on a reference table needs no DO block of its own).
   */
  migrate(migrationsFolder?: string): Promise<void>;
  /** Reclaims space and refreshes planner statistics; PGlite has no autovacuum, so call after bulk writes. */
  vacuum(): Promise<void>;
  /** Closes connections and releases the data-folder lock. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres://… — when set, PostgreSQL is used and `dataDir` is ignored. */
  databaseUrl?: string | undefined;
  /** Data folder for PGlite (the database lives in `<dataDir>/pglite`). Omit with `inMemory`. */
  dataDir?: string | undefined;
  /** An in-memory PGlite with no folder and no lock (tests). */
  inMemory?: boolean;
  /**
   * With `inMemory`: the data folder to start from, a tar from PGlite's `dumpDataDir` (the tests'
   * already-migrated database, server/src/test/migrated-database.global-setup.ts).
   */
  loadDataDir?: Blob | undefined;
}

/**
 * Opens the database: PostgreSQL when `databaseUrl` is given, otherwise PGlite in `dataDir`
 * (taking an exclusive lock on the folder first: a second opener is refused with a clear message).
 * Errors: DataFolderLockedError when another process holds the folder; CitusClusterError (./citus.ts) when
 * the PostgreSQL database is a Citus coordinator with a worker unreachable or lacking the extension, or a worker.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  if (options.inMemory) return openPglite(undefined, undefined, options.loadDataDir);
  if (!options.dataDir) throw new Error("openDatabase needs databaseUrl, dataDir or inMemory");
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const lock = await acquireDataFolderLock(dataDir);
  try {
    return await openPglite(path.join(dataDir, "pglite"), lock);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function openPglite(
  folder: string | undefined,
  lock: DataFolderLock | undefined,
  loadDataDir?: Blob,
): Promise<DatabaseHandle> {
  const client = await PGlite.create(folder ? { dataDir: folder } : loadDataDir ? { loadDataDir } : {});
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  let closed = false;
  return {
    db,
    engine: "pglite",
    location: folder ? path.dirname(folder) : "(in memory)",
    exec: async (sqlText) => {
      await client.exec(sqlText);
    },
    migrate: async (migrationsFolder = MIGRATIONS_FOLDER) => {
      await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder });
    },
    vacuum: async () => {
      await client.exec("VACUUM ANALYZE");
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await client.close();
      await lock?.release();
    },
  };
}

/**
 * The settings of every server connection: on a Citus coordinator, a transaction that writes a
 * distributed table and a table of the coordinator (the member family and audit_log, cadre, …:
 * docs/SCALING.md "What runs on Citus now") must use one connection per node; on PostgreSQL the
 * setting is an unused placeholder.
 */
const CONNECTION_OPTIONS = "-c citus.multi_shard_modify_mode=sequential";

async function openPostgres(databaseUrl: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    options: CONNECTION_OPTIONS,
  });
  // An idle connection that the server ends (restart, failover, pg_terminate_backend, DROP DATABASE
  // … WITH (FORCE)) makes the pool emit "error"; without a listener Node treats it as unhandled and
  // the whole server exits. The pool has already dropped that connection and opens a new one on
  // demand, so log it and carry on.
  pool.on("error", (error: Error & { code?: string }) => {
    console.error(
      `tuanwu: an idle PostgreSQL connection was closed by the server (${error.code ?? error.message})`,
    );
  });
  // Fail fast with the server's own message when it is unreachable; on a Citus coordinator, also when
  // a worker is unreachable or lacks the extension (./citus.ts), before any query or migration runs.
  let citus = false;
  try {
    const probe = await pool.connect();
    try {
      citus = (await checkCitusCluster(probe)).citus;
    } finally {
      probe.release();
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  const db = drizzleNodePostgres(pool, { schema }) as unknown as Database;
  const url = new URL(databaseUrl);
  let closed = false;
  return {
    db,
    engine: "postgres",
    location: `${url.hostname}:${url.port || "5432"}${url.pathname}`,
    exec: async (sqlText) => {
      await pool.query(sqlText);
    },
    migrate: async (migrationsFolder = MIGRATIONS_FOLDER) => {
      if (!citus) {
        await migrateNodePostgres(drizzleNodePostgres(pool, { schema }), { migrationsFolder });
        return;
      }
      // On a Citus coordinator the migrations run on a connection of their own with
      // citus.enable_unsafe_triggers on for the whole session, so that any migration may create a
      // trigger on a reference table (organization) or a distributed table without a DO block of its
      // own that sets it (0033 and 0039 have one: they are history; 0039 once failed when applied
      // alone, test/migration-upgrade.test.ts "one migration at a time").
      const session = new pg.Pool({
        connectionString: databaseUrl,
        max: 1,
        options: `${CONNECTION_OPTIONS} -c citus.enable_unsafe_triggers=on`,
      });
      try {
        await migrateNodePostgres(drizzleNodePostgres(session, { schema }), { migrationsFolder });
      } finally {
        await session.end();
      }
    },
    vacuum: async () => {
      await pool.query("VACUUM ANALYZE");
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
