/**
 * What the transfer benches share (transfers.bench.ts at county scale, transfers-province.bench.ts on
 * the province of bench/province): percentiles, timed sequential GETs through `app.inject`, a pool of
 * concurrent workers, a statement counter on every pg connection.
 */
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { SESSION_COOKIE } from "../../server/src/plugins/authentication";

/** p50 / p95 / max (ms) over n samples. */
export interface Timing {
  p50: number;
  p95: number;
  max: number;
  n: number;
}

export const WARM_UP = 10;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1] ?? Number.NaN;
}

export function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    max: sorted.at(-1) ?? Number.NaN,
    n: sorted.length,
  };
}

export const ms = (value: number) => value.toFixed(1);

export function log(message: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Logs in through the API; the session cookie header for later requests. */
export async function logIn(app: FastifyInstance, username: string, password: string): Promise<string> {
  const login = await app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { username, password },
  });
  if (login.statusCode !== 200) throw new Error(`login ${username}: ${login.statusCode} ${login.body}`);
  const session = login.cookies.find((cookie) => cookie.name === SESSION_COOKIE);
  if (!session) throw new Error(`login ${username}: no session cookie`);
  return `${SESSION_COOKIE}=${session.value}`;
}

/** WARM_UP untimed then `count` timed sequential GETs; every answer must be 200. */
export async function timeGets(app: FastifyInstance, url: string, cookie: string, count: number) {
  let body: unknown;
  const get = async () => {
    const started = performance.now();
    const response = await app.inject({ method: "GET", url, headers: { cookie } });
    const elapsed = performance.now() - started;
    if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode} ${response.body}`);
    body = response.json();
    return elapsed;
  };
  for (let i = 0; i < WARM_UP; i++) await get();
  const samples: number[] = [];
  for (let i = 0; i < count; i++) samples.push(await get());
  return { timing: summarize(samples), body };
}

/**
 * Runs `work` over `items` with `clients` workers until the items or `seconds` run out; `work` answers
 * how many operations it did (its latency is split evenly over them). Latencies of the successes and
 * the failures by status and code.
 */
export async function inParallel<Item>(
  clients: number,
  items: readonly Item[],
  work: (item: Item) => Promise<number>,
  seconds = Number.POSITIVE_INFINITY,
) {
  const queue = [...items];
  const deadline = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const item = queue.shift();
        if (item === undefined) return;
        const begun = performance.now();
        try {
          const done = await work(item);
          const elapsed = performance.now() - begun;
          for (let i = 0; i < done; i++) latencies.push(elapsed / done);
        } catch (error) {
          const key = `${(error as { status?: number }).status ?? "?"} ${(error as { code?: string }).code ?? (error as Error).message}`;
          failures.set(key, (failures.get(key) ?? 0) + 1);
        }
      }
    }),
  );
  return {
    ok: latencies.length,
    seconds: (performance.now() - started) / 1000,
    timing: summarize(latencies),
    failures,
  };
}

export const failuresText = (failures: Map<string, number>) =>
  failures.size === 0 ? "none" : [...failures].map(([key, count]) => `${key} × ${count}`).join(", ");

/** Counts the statements sent on every pg connection (pool clients included) until stopped. */
export function countStatements(): { stop: () => number } {
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  let count = 0;
  prototype.query = function query(this: unknown, ...args: unknown[]) {
    count += 1;
    return original.apply(this, args);
  };
  return {
    stop: () => {
      prototype.query = original;
      return count;
    },
  };
}
