import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import pg from "pg";
import type { Executor } from "./database";

/**
 * Runs raw SQL and returns its rows, the same way on both drivers (node-postgres and PGlite
 * both answer `{ rows }`). For queries the query builder cannot express.
 */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** Runs a raw write and returns the number of rows it touched (rowCount on pg, affectedRows on PGlite). */
export async function executeWrite(db: Executor, query: SQL): Promise<number> {
  const result = (await db.execute(query)) as unknown as { rowCount?: number | null; affectedRows?: number };
  return result.rowCount ?? result.affectedRows ?? 0;
}

const dialect = new PgDialect();

/**
 * Runs `query` as a named prepared statement on PostgreSQL (node-postgres prepares it once per
 * connection: later calls skip parsing and planning once the server keeps a generic plan, after five
 * runs), or as a plain query on PGlite. For hot statements (the phones' scoring, issue 13). `name`
 * must always be used with the same SQL text — values only as parameters, never spliced in.
 */
export async function queryPrepared<T>(db: Executor, name: string, query: SQL): Promise<T[]> {
  const client = (db as { $client?: unknown }).$client;
  if (!(client instanceof pg.Pool)) return queryRows<T>(db, query);
  const { sql: text, params } = dialect.sqlToQuery(query);
  const result = await client.query({ name, text, values: params as unknown[] });
  return result.rows as T[];
}
