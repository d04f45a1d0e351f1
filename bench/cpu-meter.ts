import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import type { Database } from "../server/src/db/database";
import { queryRows } from "../server/src/db/sql-result";
import { DatabaseCpuSampler } from "./province/province-cpu";

/**
 * CPU spent by this Node process (process.cpuUsage) and by the PostgreSQL backends of the database
 * (client backends, /proc/{pid}/stat, Linux; PostgreSQL on the same machine) between start() and
 * stop() — for CPU per operation, a figure that a loaded machine distorts far less than throughput.
 * Backends that end meanwhile are not counted; ones that begin meanwhile count from 0.
 */
export interface CpuReading {
  nodeMs: number;
  postgresMs: number;
  /** With `allProcessesOf`: PostgreSQL's share per server (Citus: the coordinator and each worker), ms. */
  postgresMsByServer?: Map<string, number>;
}

const TICK_MS = 10; // USER_HZ 100

function backendCpu(pids: number[]): Map<number, number> {
  const used = new Map<number, number>();
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      used.set(pid, (Number(fields[11]) + Number(fields[12])) * TICK_MS);
    } catch {
      // The backend ended.
    }
  }
  return used;
}

async function backendPids(db: Database): Promise<number[]> {
  const rows = await queryRows<{ pid: number }>(
    db,
    sql`select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'`,
  );
  return rows.map((row) => Number(row.pid));
}

/**
 * Starts measuring. With `allProcessesOf` (a database name), PostgreSQL's share is every process of
 * that database on this machine (DatabaseCpuSampler: on a Citus cluster the coordinator's and the
 * workers' backends, sampled every 0.5 s) instead of the client backends pg_stat_activity lists.
 */
export async function startCpuMeter(
  db: Database,
  allProcessesOf?: string,
): Promise<{ stop: () => Promise<CpuReading> }> {
  if (allProcessesOf) {
    const sampler = new DatabaseCpuSampler(allProcessesOf).start();
    const node = process.cpuUsage();
    return {
      stop: async () => {
        const used = process.cpuUsage(node);
        const postgresMs = sampler.stop() * 1000;
        const postgresMsByServer = new Map(
          [...sampler.secondsByServer()].map(([server, seconds]) => [server, seconds * 1000]),
        );
        return { nodeMs: (used.user + used.system) / 1000, postgresMs, postgresMsByServer };
      },
    };
  }
  const before = backendCpu(await backendPids(db));
  const node = process.cpuUsage();
  return {
    stop: async () => {
      const used = process.cpuUsage(node);
      const after = backendCpu(await backendPids(db));
      let postgresMs = 0;
      for (const [pid, ms] of after) postgresMs += ms - (before.get(pid) ?? 0);
      return { nodeMs: (used.user + used.system) / 1000, postgresMs };
    },
  };
}

/** "Node 0.52 + PostgreSQL 0.31 = 0.83 ms per change (≈ 1,200/s per core)". */
export function cpuPerOperation(reading: CpuReading, operations: number, unit = "change"): string {
  if (operations === 0) return "no operations";
  const node = reading.nodeMs / operations;
  const postgres = reading.postgresMs / operations;
  const perCore = 1000 / Math.max(node, postgres);
  const bothCores = 2000 / (node + postgres);
  return `Node ${node.toFixed(2)} + PostgreSQL ${postgres.toFixed(2)} = ${(node + postgres).toFixed(2)} ms CPU per ${unit} (one core each: ≈ ${Math.round(perCore).toLocaleString("en-US")}/s; both work-shared on 2 cores: ≈ ${Math.round(bothCores).toLocaleString("en-US")}/s)`;
}

/** "15/citus9700 2.10, 15/citus9701 1.95, 15/citus9702 2.01 ms per change": PostgreSQL's CPU per server. */
export function cpuPerServer(reading: CpuReading, operations: number, unit = "change"): string {
  if (!reading.postgresMsByServer || reading.postgresMsByServer.size === 0 || operations === 0) return "";
  const parts = [...reading.postgresMsByServer]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([server, ms]) => `${server} ${(ms / operations).toFixed(2)}`);
  return `${parts.join(", ")} ms per ${unit}`;
}
