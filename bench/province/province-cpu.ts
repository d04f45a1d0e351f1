import { readFileSync } from "node:fs";
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
