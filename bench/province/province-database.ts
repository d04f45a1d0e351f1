import { once } from "node:events";
import type { Writable } from "node:stream";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import {
  type CitusTestCluster,
  createOnWorkers,
  dropOnWorkers,
  findCitusCluster,
  makeCitusDatabase,
} from "../../server/src/test/citus-test-cluster";
import { type CopyTable, copyColumns } from "./province-copy";
import { backendCpu } from "./province-cpu";

/**
 * PostgreSQL plumbing of the province loader: creating or resetting the target database, COPY
 * streams with back-pressure, and setting secondary indexes and foreign keys aside during the load.
 */

/** The same server's maintenance database (postgres), for CREATE / DROP DATABASE. */
export function adminUrl(databaseUrl: string): { url: string; database: string } {
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) {
    throw new Error(
      `--database-url: the database name must be lower-case letters, digits and _ (got ${database})`,
    );
  }
  url.pathname = "/postgres";
  return { url: url.toString(), database };
}

/** What prepareDatabase did, and the Citus cluster when the server is a Citus coordinator. */
export interface PreparedDatabase {
  state: "created" | "reset" | "empty";
  /** The cluster (coordinator and workers) when `postgres` on the server has the citus extension; else null. */
  citus: CitusTestCluster | null;
}

/**
 * Makes sure the target database exists and is empty: creates it when missing; with `reset` drops
 * and recreates it (WITH (FORCE)); otherwise refuses a database that already holds organizations.
 * On a Citus coordinator (the citus extension in its `postgres` database, as `cluster.sh` makes it;
 * issue 19) the database is created (or dropped) on the coordinator AND on every worker under the same
 * name, and made a Citus database: the extension on every node, the coordinator and workers
 * registered (server/src/test/citus-test-cluster.ts, as the Citus test runs do). The migrations then
 * distribute it (migration 0030).
 * @throws Error when the database holds organizations and `reset` is false
 */
export async function prepareDatabase(databaseUrl: string, reset: boolean): Promise<PreparedDatabase> {
  const { url, database } = adminUrl(databaseUrl);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  let citus: CitusTestCluster | null = null;
  try {
    citus = await findCitusCluster(admin);
    if (citus && citus.workers.length === 0) {
      throw new Error(`${new URL(url).host} has the citus extension but no active worker (cluster.sh start)`);
    }
    const exists =
      (await admin.query("select 1 from pg_database where datname = $1", [database])).rowCount === 1;
    const create = async (): Promise<void> => {
      await admin.query(`create database "${database}"`);
      if (citus) {
        await dropOnWorkers(databaseUrl, citus.workers, database);
        await createOnWorkers(databaseUrl, citus.workers, database);
        await makeCitusDatabase(databaseUrl, citus, database);
      }
    };
    if (exists && reset) {
      await admin.query(`drop database "${database}" with (force)`);
      await create();
      return { state: "reset", citus };
    }
    if (!exists) {
      await create();
      return { state: "created", citus };
    }
  } finally {
    await admin.end();
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const table = await client.query("select to_regclass('public.organization') is not null as present");
    if (table.rows[0]?.present) {
      const rows = await client.query("select exists (select 1 from organization) as present");
      if (rows.rows[0]?.present) {
        throw new Error(
          `database ${database} already holds organizations: pass --reset to drop and recreate it`,
        );
      }
    }
  } finally {
    await client.end();
  }
  return { state: "empty", citus };
}

/** A COPY … FROM STDIN on its own connection; write text lines, then end. */
export class CopyWriter {
  private stream: Writable | undefined;
  private buffer = "";
  rows = 0;

  private constructor(
    private readonly client: pg.Client,
    readonly table: CopyTable,
  ) {}

  private freeze = false;
  private pid = 0;

  /**
   * Connects and starts `COPY table (columns) FROM STDIN`. With `freeze` (a database the loader
   * created or reset: its tables are empty), in a transaction that first empties the table
   * (TRUNCATE … CASCADE: the empty tables referencing it too), so that COPY … FREEZE writes the rows
   * frozen and all-visible: no VACUUM has to rewrite every page afterwards (issue 18 part 6). Not on
   * Citus: a distributed COPY is sent on to the shards, where FREEZE does not apply (the loader
   * passes false there). `withCounty`: the lines end with county_id (province-copy.ts COUNTY_TABLES).
   */
  static async open(
    databaseUrl: string,
    table: CopyTable,
    freeze = false,
    withCounty = false,
  ): Promise<CopyWriter> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const writer = new CopyWriter(client, table);
    writer.pid = await backendCpu.track(client);
    const columns = copyColumns(table, withCounty).join(", ");
    if (freeze) {
      await client.query("begin");
      await client.query(`truncate table ${table} cascade`);
      writer.freeze = true;
    }
    writer.stream = client.query(
      copyFrom(`copy ${table} (${columns}) from stdin${freeze ? " with (freeze)" : ""}`),
    );
    return writer;
  }

  /** Buffers a line; true when about a megabyte is buffered and {@link flush} should be awaited. */
  push(line: string): boolean {
    this.buffer += line;
    this.rows += 1;
    return this.buffer.length >= 1 << 19;
  }

  /** Sends the buffered lines; waits for the socket to drain when more than 16 MB are queued (back-pressure). */
  async flush(): Promise<void> {
    const stream = this.stream;
    if (!stream || this.buffer.length === 0) return;
    const chunk = this.buffer;
    this.buffer = "";
    stream.write(chunk);
    // Let up to 16 MB queue up so that generation goes on while the server parses; then wait.
    if (stream.writableLength > 16 << 20) await once(stream, "drain");
  }

  /** Flushes, ends the COPY (the server commits it) and closes the connection. */
  async close(): Promise<void> {
    await this.flush();
    const stream = this.stream;
    if (stream) {
      const done = once(stream, "finish");
      stream.end();
      await done;
    }
    if (this.freeze) await this.client.query("commit");
    backendCpu.release(this.pid);
    await this.client.end();
  }
}

/** An index or a foreign key set aside during the load, with the statement that restores it. */
export interface SetAside {
  table: string;
  name: string;
  restore: string;
}

/**
 * Drops the foreign keys of `tables` and, with `indexes`, their secondary indexes (every index not
 * backing a constraint: the primary keys stay), returning how to restore each exactly as the
 * migrations made it (pg_get_indexdef / pg_get_constraintdef).
 */
export async function setAside(
  client: pg.Client,
  tables: readonly string[],
  indexes: boolean,
): Promise<{ indexes: SetAside[]; foreignKeys: SetAside[] }> {
  const foreignKeys = (
    await client.query<{ table: string; name: string; definition: string }>(
      `select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as definition
         from pg_constraint
        where contype = 'f' and conrelid = any($1::regclass[])
        order by 1, 2`,
      [tables],
    )
  ).rows.map((row) => ({
    table: row.table,
    name: row.name,
    restore: `alter table ${row.table} add constraint ${row.name} ${row.definition}`,
  }));
  const secondary = indexes
    ? (
        await client.query<{ table: string; name: string; definition: string }>(
          `select c.relname as table, i.indexrelid::regclass::text as name,
                  pg_get_indexdef(i.indexrelid) as definition
             from pg_index i join pg_class c on c.oid = i.indrelid
            where i.indrelid = any($1::regclass[])
              and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
            order by 1, 2`,
          [tables],
        )
      ).rows.map((row) => ({ table: row.table, name: row.name, restore: row.definition }))
    : [];
  for (const key of foreignKeys) await client.query(`alter table ${key.table} drop constraint ${key.name}`);
  for (const index of secondary) await client.query(`drop index ${index.name}`);
  return { indexes: secondary, foreignKeys };
}
