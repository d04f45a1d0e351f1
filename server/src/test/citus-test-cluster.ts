import { type SQL, sql } from "drizzle-orm";
// Test databases on a Citus cluster (issue 19): when DATABASE_URL points at a Citus coordinator, a test
// database is a database of the same name on the coordinator AND on every worker. Citus keeps its
// metadata per database (pg_dist_node names the nodes by host:port, pg_dist_shard the shards by id) and
// reaches a shard in the database of the same name on its worker, so copying the migrated template on
// every node under one new name (`create database … template`, node by node) gives a consistent copy of
// the whole cluster: the same shards, the same placements, writes routed to the copy's shards.
// Checked: counts of a distributed table right in the copy, an insert into the copy routed to its own
// shard on the worker and not seen in the template (citus-test-cluster.test.ts).
// What PostgreSQL refuses: copying a database someone is connected to. Citus's maintenance daemon (one
// per database and node) and the coordinator's cached connections to the workers stay connected to the
// template after its migration; `closeSessions` ends them (the daemon is not restarted while nobody
// opens the database again).
import pg from "pg";
import type { Executor } from "../db/database";
import { queryRows } from "../db/sql-result";

/** Environment variable with the workers (JSON `[{ "host": …, "port": … }]`) when the run is on Citus. */
export const CITUS_WORKERS_VARIABLE = "TUANWU_TEST_CITUS_WORKERS";

export interface CitusNode {
  host: string;
  port: number;
}

/** The Citus cluster behind the coordinator's database: its coordinator entry (if any) and active primary workers. */
export interface CitusTestCluster {
  coordinator: CitusNode | null;
  workers: CitusNode[];
}

/**
 * The cluster when `admin` (connected to DATABASE_URL) is a Citus coordinator — the citus extension in
 * its database — or null (plain PostgreSQL: the harness works as before).
 */
export async function findCitusCluster(admin: pg.Client): Promise<CitusTestCluster | null> {
  const { rows } = await admin.query<{ present: boolean }>(
    "select exists (select 1 from pg_extension where extname = 'citus') as present",
  );
  if (!rows[0]?.present) return null;
  const { rows: nodes } = await admin.query<{ host: string; port: number; groupid: number }>(
    `select nodename as host, nodeport as port, groupid from pg_dist_node
     where noderole = 'primary' and isactive order by groupid, nodename, nodeport`,
  );
  const coordinator = nodes.find((node) => node.groupid === 0);
  return {
    coordinator: coordinator ? { host: coordinator.host, port: coordinator.port } : null,
    workers: nodes.filter((node) => node.groupid !== 0).map(({ host, port }) => ({ host, port })),
  };
}

/**
 * The Citus cluster behind DATABASE_URL for a test file deciding whether to run its Citus cases, or
 * null (no DATABASE_URL: a PGlite run; or plain PostgreSQL).
 */
export async function findCitusClusterOfRun(): Promise<CitusTestCluster | null> {
  const url = process.env.DATABASE_URL;
  if (!url) return null;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    return await findCitusCluster(admin);
  } finally {
    await admin.end();
  }
}

/** Task counts of every Citus scan in an EXPLAIN (format json) plan: 1 for a router (single-shard) step. */
export function citusTaskCounts(node: unknown, into: number[] = []): number[] {
  if (Array.isArray(node)) {
    for (const item of node) citusTaskCounts(item, into);
  } else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "Task Count") into.push(Number(value));
      else citusTaskCounts(value, into);
    }
  }
  return into;
}

/** The task counts of `statement`'s plan on a Citus coordinator (EXPLAIN format json; {@link citusTaskCounts}). */
export async function explainCitusTasks(db: Executor, statement: SQL): Promise<number[]> {
  const rows = await queryRows<{ "QUERY PLAN": unknown }>(db, sql`explain (format json) ${statement}`);
  const raw = rows[0]?.["QUERY PLAN"];
  return citusTaskCounts(typeof raw === "string" ? JSON.parse(raw) : raw);
}

/** The workers the run's global setup found (CITUS_WORKERS_VARIABLE), or null when the run is not on Citus. */
export function citusWorkersOfRun(): CitusNode[] | null {
  const value = process.env[CITUS_WORKERS_VARIABLE];
  return value ? (JSON.parse(value) as CitusNode[]) : null;
}

/** `url` with another database, and (for a worker) another host and port; same user and password. */
export function nodeUrl(url: string, database: string, node?: CitusNode): string {
  const result = new URL(url);
  result.pathname = `/${database}`;
  if (node) {
    result.hostname = node.host;
    result.port = String(node.port);
  }
  return result.toString();
}

async function onNode<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Each worker's maintenance database: `postgres`, which every PostgreSQL server has. */
const WORKER_ADMIN_DATABASE = "postgres";

/** Creates database `name` (a copy of `template` when given) on every worker, in parallel. */
export async function createOnWorkers(
  url: string,
  workers: CitusNode[],
  name: string,
  template?: string,
): Promise<void> {
  await Promise.all(
    workers.map((worker) =>
      onNode(nodeUrl(url, WORKER_ADMIN_DATABASE, worker), (client) =>
        client.query(template ? `create database ${name} template ${template}` : `create database ${name}`),
      ),
    ),
  );
}

/**
 * Makes database `name`, just created (empty) on the coordinator of `url` and on every worker, a Citus
 * database: the extension on every node, the coordinator and the workers registered in it.
 */
export async function makeCitusDatabase(url: string, cluster: CitusTestCluster, name: string): Promise<void> {
  await Promise.all(
    cluster.workers.map((worker) =>
      onNode(nodeUrl(url, name, worker), (client) => client.query("create extension if not exists citus")),
    ),
  );
  const coordinatorUrl = new URL(url);
  const coordinator = cluster.coordinator ?? {
    host: coordinatorUrl.hostname,
    port: Number(coordinatorUrl.port || "5432"),
  };
  await onNode(nodeUrl(url, name), async (client) => {
    await client.query("create extension if not exists citus");
    await client.query("select citus_set_coordinator_host($1, $2)", [coordinator.host, coordinator.port]);
    for (const worker of cluster.workers) {
      await client.query("select citus_add_node($1, $2)", [worker.host, worker.port]);
    }
  });
}

/**
 * Ends every session on database `name` — the coordinator's first (its backends and maintenance daemon
 * hold the connections to the workers), then each worker's — and waits until none is left, so that the
 * database can be copied (`create database … template`).
 */
export async function closeSessions(url: string, workers: CitusNode[], name: string): Promise<void> {
  const admins = [url, ...workers.map((worker) => nodeUrl(url, WORKER_ADMIN_DATABASE, worker))];
  for (const admin of admins) {
    await onNode(admin, async (client) => {
      for (let attempt = 0; attempt < 250; attempt += 1) {
        const { rows } = await client.query<{ open: number }>(
          `select count(*)::int as open from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
          [name],
        );
        if (rows[0]?.open === 0) return;
        await client.query(
          "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
          [name],
        );
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`sessions on database ${name} at ${new URL(admin).host} did not end`);
    });
  }
}

/** Drops database `name` on every worker (ending its sessions), in parallel; missing is fine. */
export async function dropOnWorkers(url: string, workers: CitusNode[], name: string): Promise<void> {
  await Promise.all(
    workers.map((worker) =>
      onNode(nodeUrl(url, WORKER_ADMIN_DATABASE, worker), (client) =>
        client.query(`drop database if exists ${name} with (force)`),
      ),
    ),
  );
}

/**
 * Runs one SQL text on its own connection to `target` (a node's database URL) and closes it: the
 * Citus tests' way to act on a single node (create or drop a database there, change a worker).
 */
export async function runStatement(target: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
