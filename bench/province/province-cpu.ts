import { readdirSync, readFileSync } from "node:fs";
import type pg from "pg";

/**
 * CPU time of a load, the loader's and its PostgreSQL backends' (issue 18 part 6: on a loaded machine
 * the wall time says little; the CPU seconds say what the load costs on a quiet one). Backends are
 * read from /proc/<pid>/stat (utime + stime), so only when the server runs on this machine; their
 * time is sampled when a connection is closed ({@link BackendCpu.release}) and for the open ones
 * whenever {@link BackendCpu.seconds} is asked.
 */
export class BackendCpu {
  private readonly open = new Set<number>();
  private closed = 0;
  /** Whether /proc could be read for every backend so far. */
  readable = true;

  /** Starts counting the backend of `client`; returns its pid. */
  async track(client: pg.Client): Promise<number> {
    const result = await client.query<{ pid: number }>("select pg_backend_pid() as pid");
    const pid = Number(result.rows[0]?.pid);
    this.open.add(pid);
    return pid;
  }

  /** Takes the final CPU time of a backend about to be closed. */
  release(pid: number): void {
    if (!this.open.delete(pid)) return;
    this.closed += this.sample(pid);
  }

  /** CPU seconds of every tracked backend so far. */
  seconds(): number {
    let total = this.closed;
    for (const pid of this.open) total += this.sample(pid);
    return total;
  }

  private sample(pid: number): number {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      this.readable = false;
      return 0;
    }
  }
}

/** The process-wide tracker the loader's connections report to. */
export const backendCpu = new BackendCpu();

/** CPU seconds of this Node process (all threads), user + system. */
export function loaderCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/**
 * CPU seconds of every PostgreSQL process serving database `database` on this machine, on any
 * server — on a Citus cluster the coordinator's backends AND the workers' backends the coordinator
 * opens for the shards (issue 19), which a client cannot name by pid. Processes are found by their
 * title (`postgres: <cluster>: <user> <database> <host> …`, /proc/<pid>/cmdline) every `everyMs`;
 * each one's highest utime + stime seen is kept, so a backend that ends counts up to its last sample
 * (at most `everyMs` of its CPU is lost). Linux only; the servers on this machine.
 */
export class DatabaseCpuSampler {
  private readonly seen = new Map<number, number>();
  /** The server (cluster name in the process title, e.g. `15/citus9701`) of each process seen. */
  private readonly serverOf = new Map<number, string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly title: RegExp;

  constructor(
    database: string,
    private readonly everyMs = 500,
  ) {
    this.title = new RegExp(`^postgres: ([^:]+): \\S+ ${database} `);
  }

  /** Starts sampling (and takes a first sample). */
  start(): this {
    this.sample(true);
    this.timer = setInterval(() => this.sample(), this.everyMs);
    this.timer.unref();
    return this;
  }

  /** CPU seconds of the database's processes since start (a fresh sample first). */
  seconds(): number {
    this.sample();
    let total = 0;
    for (const value of this.seen.values()) total += value;
    return total;
  }

  stop(): number {
    clearInterval(this.timer);
    return this.seconds();
  }

  /**
   * CPU seconds since start per server (the cluster name of the process title: on a Citus cluster the
   * coordinator's and each worker's share), as of the last sample.
   */
  secondsByServer(): Map<string, number> {
    const byServer = new Map<string, number>();
    for (const [pid, value] of this.seen) {
      const server = this.serverOf.get(pid) ?? "?";
      byServer.set(server, (byServer.get(server) ?? 0) + value);
    }
    return byServer;
  }

  private first = new Map<number, number>();

  /** `atStart`: the processes found count from their CPU now; any found later counts from 0. */
  private sample(atStart = false): void {
    let pids: string[];
    try {
      pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
    } catch {
      return;
    }
    for (const name of pids) {
      const pid = Number(name);
      try {
        const title = readFileSync(`/proc/${name}/cmdline`, "utf8").replaceAll("\0", " ");
        const match = this.title.exec(title);
        if (!match) continue;
        this.serverOf.set(pid, match[1] ?? "?");
        const stat = readFileSync(`/proc/${name}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        const used = (Number(fields[11]) + Number(fields[12])) / 100;
        // A backend already running at start counts from its first sample.
        if (!this.first.has(pid)) this.first.set(pid, atStart ? used : 0);
        this.seen.set(pid, Math.max(this.seen.get(pid) ?? 0, used - (this.first.get(pid) ?? 0)));
      } catch {
        // The process ended between the listing and the read.
      }
    }
  }
}
