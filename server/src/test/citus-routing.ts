import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { afterAll, beforeAll, expect } from "vitest";
import type { Database, DatabaseHandle, Executor } from "../db/database";
import * as schema from "../db/schema";
import { queryRows } from "../db/sql-result";
import { findCitusClusterOfRun } from "./citus-test-cluster";
import { createTestCounty } from "./factories";
import { createTestDatabase } from "./test-database";

/**
 * What the routing proofs (`*-routing.citus.test.ts`, issue 19 part 2) share: the reason to skip off
 * Citus, a database whose statements are logged, the Citus scans of a logged statement's EXPLAIN (task
 * count and the workers they run on; planned with bind parameters or with them written in as literals),
 * the worker that holds a county's shard group, the commands Citus sends to the nodes of a piece of work
 * (`citus.log_remote_commands`) with the pattern of its writes, and the assertion that every lock and
 * write is one task on that worker.
 *
 * The usual proof: `const proof = useRoutingProofDatabase()` in the describe skipped off Citus; run the
 * services on `proof.logged`; keep the `proof.statements` naming the family's tables; split them with
 * LOCK_OR_WRITE; `expectEachOneTaskOn(pool, writes, await workerOfCounty(handle.db, countyId))`; and
 * for the reads left, assert which may ask every shard (`planScans`: the lookups by id without a lock).
 * A statement EXPLAINed as a plain SQL object (no logged parameters) goes through `explainCitusTasks`
 * of citus-test-cluster.ts instead.
 */

/** Why a routing proof is skipped: null on a Citus coordinator; printed with the file's name otherwise. */
export async function citusRoutingSkipReason(file: string): Promise<string | null> {
  if (await findCitusClusterOfRun()) return null;
  const reason = "DATABASE_URL is not a Citus coordinator (PGlite, or no citus extension)";
  console.log(`${file} skipped: ${reason}`);
  return reason;
}

/**
 * A lock or a write, tested against a logged statement's text: what must be single-shard. An insert,
 * update or delete; a data-modifying CTE (`with … insert/update/delete`, the CTE text scanned as a
 * whole); any row lock (`for update`, `for no key update`, `for share`, `for key share`). Case-insensitive.
 */
export const LOCK_OR_WRITE =
  /^\s*(with\b[\s\S]*\b(insert|update|delete)\b|insert|update|delete)\b|\bfor (update|no key update|share|key share)\b/i;

/** One Citus scan of a plan: its task count and the worker ("host:port") of each task shown. */
export interface CitusScan {
  count: number;
  nodes: string[];
}

/** Every Citus scan of an EXPLAIN (format json) plan, with the workers of its tasks. */
export function citusScans(node: unknown, into: CitusScan[] = []): CitusScan[] {
  if (Array.isArray(node)) {
    for (const item of node) citusScans(item, into);
  } else if (node && typeof node === "object") {
    const record = node as Record<string, unknown>;
    if ("Task Count" in record) {
      const tasks = Array.isArray(record.Tasks) ? (record.Tasks as Record<string, unknown>[]) : [];
      into.push({
        count: Number(record["Task Count"]),
        nodes: tasks.map((task) => {
          const found = /host=(\S+) port=(\d+)/.exec(String(task.Node ?? ""));
          return found ? `${found[1]}:${found[2]}` : String(task.Node);
        }),
      });
    }
    for (const value of Object.values(record)) citusScans(value, into);
  }
  return into;
}

/** A statement as Drizzle sent it: the text and its parameters. */
export interface LoggedStatement {
  query: string;
  params: unknown[];
}

/** The node-postgres pool under a test database (`createTestDatabase` on PostgreSQL or Citus). */
export function poolOf(db: Database): pg.Pool {
  return (db as unknown as { $client: pg.Pool }).$client;
}

/** A database on `db`'s pool that records every statement it sends in `statements`. */
export function statementLoggingDatabase(db: Database): {
  logged: Database;
  statements: LoggedStatement[];
} {
  const statements: LoggedStatement[] = [];
  const logged = drizzle(poolOf(db), {
    schema,
    logger: { logQuery: (query, params) => statements.push({ query, params }) },
  }) as unknown as Database;
  return { logged, statements };
}

/** A routing proof's database: the test county on a fresh test database, its pool, a logging database on it. */
export interface RoutingProofDatabase {
  handle: DatabaseHandle;
  /** createTestCounty's tree (the county, its townships, branches and members). */
  tree: Awaited<ReturnType<typeof createTestCounty>>;
  pool: pg.Pool;
  /** `handle.db`'s pool, every statement recorded in `statements` (statementLoggingDatabase). */
  logged: Database;
  /** What `logged` sent, in order; empty it (`statements.length = 0`) to look at one step alone. */
  statements: LoggedStatement[];
}

/**
 * Registers a routing proof's hooks (call it in the `describe.skipIf(skipReason !== null)` block, so that
 * nothing runs off Citus): before all tests a test database with createTestCounty's tree, its pool and a
 * statement-logging database on it; after all, the database closed and dropped (on three nodes: a
 * checkpoint on each, minutes on a loaded machine, hence the 10-minute hook). Returns the context, filled
 * in place by the beforeAll hook: read it inside tests, not while the file is collected (as useTestApp).
 */
export function useRoutingProofDatabase(): RoutingProofDatabase {
  const proof = {} as RoutingProofDatabase;
  beforeAll(async () => {
    const handle = await createTestDatabase();
    const tree = await createTestCounty(handle.db);
    Object.assign(proof, { handle, tree, pool: poolOf(handle.db) }, statementLoggingDatabase(handle.db));
  }, 120_000);
  afterAll(async () => proof.handle?.close(), 600_000);
  return proof;
}

/**
 * `statement` with its parameters written into the text as SQL literals (numbers and booleans bare,
 * dates as ISO text, objects as JSON, quotes doubled) and none left to bind: EXPLAINed, a custom plan
 * for those values, as executed. With bind parameters Citus may plan generically and cannot plan some
 * statements without the distribution column's value (a correlated count over a county's rows: "could
 * not create distributed plan"); for those, plan `withLiteralParameters(statement)`. Test use only: the
 * values come from the test's own logged statements.
 */
export function withLiteralParameters(statement: LoggedStatement): LoggedStatement {
  const literal = (value: unknown): string => {
    if (value === null || value === undefined) return "null";
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    const text =
      typeof value === "string" ? value : value instanceof Date ? value.toISOString() : JSON.stringify(value);
    return `'${text.replaceAll("'", "''")}'`;
  };
  return {
    query: statement.query.replace(/\$(\d+)\b/g, (_, index: string) =>
      literal(statement.params[Number(index) - 1]),
    ),
    params: [],
  };
}

/** The Citus scans of `statement`'s plan, planned with its parameters. */
export async function planScans(pool: pg.Pool, statement: LoggedStatement): Promise<CitusScan[]> {
  const { rows } = await pool.query(`explain (format json) ${statement.query}`, statement.params);
  const raw = (rows[0] as { "QUERY PLAN": unknown })["QUERY PLAN"];
  return citusScans(typeof raw === "string" ? JSON.parse(raw) : raw);
}

/** The worker ("host:port") holding county `countyId`'s shard of `table` (its shard group: co-located tables). */
export async function workerOfCounty(db: Executor, countyId: number, table = "member"): Promise<string> {
  const [row] = await queryRows<{ node: string }>(
    db,
    sql`select nodename || ':' || nodeport as node from citus_shards
         where shardid = get_shard_id_for_distribution_column(${table}::regclass, ${countyId}::int)`,
  );
  return String(row?.node);
}

/**
 * Asserts that each statement's plan has a Citus scan and that every scan is one task on `worker`; the
 * locks and writes of a county-scoped piece of work. Returns how many statements were checked.
 */
export async function expectEachOneTaskOn(
  pool: pg.Pool,
  statements: LoggedStatement[],
  worker: string,
): Promise<number> {
  for (const statement of statements) {
    const scans = await planScans(pool, statement);
    expect(scans.length, `a Citus scan in ${statement.query}`).toBeGreaterThan(0);
    for (const scan of scans) {
      expect(scan.count, statement.query).toBe(1);
      expect(scan.nodes, statement.query).toEqual([worker]);
    }
  }
  return statements.length;
}

/**
 * A write or a row lock among the commands Citus sends ({@link remoteCommandsOf}): an insert, update,
 * delete, a COPY (how Citus pushes the rows of an INSERT … SELECT it ran through the coordinator), or
 * FOR UPDATE.
 */
export const REMOTE_WRITE = /^\s*(insert|update|delete|copy)\b|\bfor update\b/i;

/** A command Citus sent: its text and the node ("host:port"), or "local" when the coordinator ran it itself. */
export interface RemoteCommand {
  command: string;
  node: string;
}

/**
 * A one-connection pool on `pool`'s database whose statements Citus logs as it sends them to the nodes
 * (`citus.log_remote_commands`, the server's `multi_shard_modify_mode`); each command is handed to `record`
 * with the node it went to (`on server …:port`), or "local" for a command the coordinator ran on its own
 * placement (a Citus local table, or a shard the coordinator holds). The caller ends the pool.
 */
export function remoteCommandLoggingPool(pool: pg.Pool, record: (command: RemoteCommand) => void): pg.Pool {
  const connectionString = (pool as unknown as { options: { connectionString: string } }).options
    .connectionString;
  const single = new pg.Pool({
    connectionString,
    max: 1,
    options:
      "-c citus.multi_shard_modify_mode=sequential -c citus.log_remote_commands=on -c client_min_messages=log",
  });
  single.on("connect", (client) => {
    client.on("notice", (notice) => {
      const message = notice.message ?? "";
      const issued = /^issuing (.*)$/s.exec(message);
      const local = /^executing the command locally: (.*)$/s.exec(message);
      const server = /on server \S+@(\S+)/.exec(notice.detail ?? "");
      if (issued?.[1]) record({ command: issued[1], node: server?.[1] ?? "?" });
      else if (local?.[1]) record({ command: local[1], node: "local" });
    });
  });
  return single;
}

/**
 * Runs `work` on a one-connection pool (on `pool`'s database) whose statements Citus logs as it sends them
 * to the nodes (`remoteCommandLoggingPool`), and returns what it sent: each command with its node, or
 * "local".
 */
export async function remoteCommandsOf(
  pool: pg.Pool,
  work: (db: Database) => Promise<unknown>,
): Promise<RemoteCommand[]> {
  const commands: RemoteCommand[] = [];
  const single = remoteCommandLoggingPool(pool, (command) => commands.push(command));
  try {
    await work(drizzle(single, { schema }) as unknown as Database);
  } finally {
    await single.end();
  }
  return commands;
}
