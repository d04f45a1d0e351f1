import type { SQL } from "drizzle-orm";
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
