/**
 * Seed and statistics benchmark (issue 2).
 *
 *   npx tsx bench/seed-and-stats.bench.ts [--engine pglite|postgres|both] [--requests 200] [--q wl]
 *
 * For each engine: a fresh database (PGlite in a new folder under os.tmpdir; PostgreSQL: a new
 * database tuanwu_bench_<random> on DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres,
 * dropped at the end), migrations, `seedDemo` timed (wall time, peak RSS sampled), then the app built
 * in process and GET /api/v1/organizations/{id}/stats timed over N sequential `app.inject` calls for
 * the demo county and for 东河镇 (after 10 warm-up calls), plus the county member search by pinyin
 * initials. Prints Markdown; writes nothing. `app.inject` runs in process: no network, no TCP.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../server/src/app";
import { type DatabaseHandle, openDatabase } from "../server/src/db/database";
import { queryRows } from "../server/src/db/sql-result";
import { systemActor } from "../server/src/modules/auth/system-actor";
import { seedDemo } from "../server/src/modules/seed/demo-seed.service";
import { SESSION_COOKIE } from "../server/src/plugins/authentication";

type Engine = "pglite" | "postgres";

const PASSWORD = "bench-password-1";
const WARM_UP = 10;
const DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";

const { values: options } = parseArgs({
  options: {
    engine: { type: "string", default: "both" },
    requests: { type: "string", default: "200" },
    q: { type: "string", default: "wl" },
  },
});
const engineOption = options.engine ?? "both";
if (!["pglite", "postgres", "both"].includes(engineOption)) {
  throw new Error(`--engine must be pglite, postgres or both (got ${engineOption})`);
}
const engines: Engine[] = engineOption === "both" ? ["pglite", "postgres"] : [engineOption as Engine];
const REQUESTS = Number(options.requests);
if (!Number.isInteger(REQUESTS) || REQUESTS < 1) throw new Error("--requests must be a positive integer");
const MEMBER_QUERY = options.q ?? "wl";

/** Latency summary of one timed series, in milliseconds. */
interface Timing {
  p50: number;
  p95: number;
  max: number;
  n: number;
}

interface EngineResult {
  engine: Engine;
  serverVersion: string;
  migrateSeconds: number;
  seedSeconds: number;
  seedPeakRssMb: number;
  organizations: number;
  members: number;
  countyName: string;
  townshipName: string;
  countyStats: Timing;
  townshipStats: Timing;
  countyMembers: Timing;
  memberMatches: number;
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: number[], p: number): number {
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    n: sorted.length,
  };
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const ms = (value: number) => value.toFixed(1);

/** Samples process RSS every 20 ms until stopped; returns the highest value seen (bytes). */
function startRssSampler(): { stop: () => number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

/** A fresh database for one engine, and how to throw it away. */
async function openFresh(engine: Engine): Promise<{ handle: DatabaseHandle; dispose: () => Promise<void> }> {
  if (engine === "pglite") {
    const dataDir = path.join(os.tmpdir(), `tuanwu-bench-${process.pid}-${randomBytes(4).toString("hex")}`);
    const handle = await openDatabase({ dataDir });
    return {
      handle,
      dispose: async () => {
        await handle.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = process.env.DATABASE_URL || DEFAULT_ADMIN_URL;
  const name = `tuanwu_bench_${randomBytes(6).toString("hex")}`;
  const admin = await openDatabase({ databaseUrl: adminUrl });
  try {
    await admin.exec(`create database ${name}`);
  } finally {
    await admin.close();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let handle: DatabaseHandle;
  try {
    handle = await openDatabase({ databaseUrl: url.toString() });
  } catch (error) {
    await dropDatabase(adminUrl, name);
    throw error;
  }
  return {
    handle,
    dispose: async () => {
      try {
        await handle.close();
      } finally {
        await dropDatabase(adminUrl, name);
      }
    },
  };
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = await openDatabase({ databaseUrl: adminUrl });
  try {
    await admin.exec(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.close();
  }
}

interface Me {
  scopeRoot: { id: number; name: string } | null;
}

/** Logs in through the API; returns the session cookie header value and /me's scope root. */
async function logIn(
  app: FastifyInstance,
  username: string,
): Promise<{ cookie: string; root: Me["scopeRoot"] }> {
  const login = await app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { username, password: PASSWORD },
  });
  if (login.statusCode !== 200) throw new Error(`login ${username}: ${login.statusCode} ${login.body}`);
  const session = login.cookies.find((cookie) => cookie.name === SESSION_COOKIE);
  if (!session) throw new Error(`login ${username}: no ${SESSION_COOKIE} cookie`);
  const cookie = `${SESSION_COOKIE}=${session.value}`;
  const me = await app.inject({ method: "GET", url: "/api/v1/me", headers: { cookie } });
  if (me.statusCode !== 200) throw new Error(`GET /me as ${username}: ${me.statusCode} ${me.body}`);
  return { cookie, root: (me.json() as Me).scopeRoot };
}

/** WARM_UP untimed then `count` timed sequential GETs; every answer must be 200. */
async function timeGets(app: FastifyInstance, url: string, cookie: string, count: number): Promise<Timing> {
  const get = async () => {
    const started = performance.now();
    const response = await app.inject({ method: "GET", url, headers: { cookie } });
    const elapsed = performance.now() - started;
    if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode} ${response.body}`);
    return elapsed;
  };
  for (let i = 0; i < WARM_UP; i++) await get();
  const samples: number[] = [];
  for (let i = 0; i < count; i++) samples.push(await get());
  return summarize(samples);
}

async function runEngine(engine: Engine): Promise<EngineResult> {
  log(`[${engine}] opening a fresh database`);
  const { handle, dispose } = await openFresh(engine);
  let app: FastifyInstance | undefined;
  try {
    const version = await queryRows<{ version: string }>(handle.db, sql`select version() as version`);
    const serverVersion = version[0]?.version ?? "unknown";

    let started = performance.now();
    await handle.migrate();
    const migrateSeconds = (performance.now() - started) / 1000;

    log(`[${engine}] seeding the demo`);
    const sampler = startRssSampler();
    started = performance.now();
    const summary = await seedDemo(handle, systemActor("bench"), { password: PASSWORD });
    const seedSeconds = (performance.now() - started) / 1000;
    const seedPeakRss = sampler.stop();
    if (summary.alreadySeeded) throw new Error("the fresh database was already seeded");
    log(`[${engine}] seeded in ${seedSeconds.toFixed(1)} s; timing requests`);

    app = await buildApp({
      db: handle.db,
      config: { sessionHours: 1, cookieSecure: false, loginAttemptsPerMinute: 1000, webDist: false },
    });
    await app.ready();
    const county = await logIn(app, "demo-county");
    const township = await logIn(app, "demo-township");
    if (!county.root || !township.root) throw new Error("demo accounts have no scope root");

    const countyStats = await timeGets(
      app,
      `/api/v1/organizations/${county.root.id}/stats`,
      county.cookie,
      REQUESTS,
    );
    const townshipStats = await timeGets(
      app,
      `/api/v1/organizations/${township.root.id}/stats`,
      county.cookie,
      REQUESTS,
    );
    const membersUrl = `/api/v1/organizations/${county.root.id}/members?q=${MEMBER_QUERY}`;
    const countyMembers = await timeGets(app, membersUrl, county.cookie, REQUESTS);
    const page = await app.inject({ method: "GET", url: membersUrl, headers: { cookie: county.cookie } });
    const memberMatches = (page.json() as { total: number }).total;

    return {
      engine,
      serverVersion,
      migrateSeconds,
      seedSeconds,
      seedPeakRssMb: mb(seedPeakRss),
      organizations: summary.organizations,
      members: summary.members,
      countyName: county.root.name,
      townshipName: township.root.name,
      countyStats,
      townshipStats,
      countyMembers,
      memberMatches,
    };
  } finally {
    await app?.close();
    await dispose();
  }
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function pglitePackageVersion(): string {
  const file = new URL("../node_modules/@electric-sql/pglite/package.json", import.meta.url);
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}

function report(results: EngineResult[]): string {
  const lines: string[] = [];
  lines.push(
    `Machine: ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model ?? "?"}), ` +
      `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, ${os.platform()} ${os.release()}; Node ${process.version}; ` +
      `PGlite ${pglitePackageVersion()}`,
  );
  for (const result of results) lines.push(`${result.engine}: ${result.serverVersion}`);
  lines.push(`Date: ${new Date().toISOString()}`);
  lines.push("");
  lines.push("| engine | seed (s) | migrate (s) | seed peak RSS (MB) | organizations | members |");
  lines.push("|---|---:|---:|---:|---:|---:|");
  for (const r of results) {
    lines.push(
      `| ${r.engine} | ${r.seedSeconds.toFixed(1)} | ${r.migrateSeconds.toFixed(2)} | ${r.seedPeakRssMb} | ` +
        `${r.organizations} | ${r.members} |`,
    );
  }
  lines.push("");
  lines.push(
    `| engine | request (${REQUESTS} sequential app.inject, ${WARM_UP} warm-up) | p50 (ms) | p95 (ms) | max (ms) |`,
  );
  lines.push("|---|---|---:|---:|---:|");
  for (const r of results) {
    const rows: [string, Timing][] = [
      [`GET /organizations/{county}/stats (${r.countyName})`, r.countyStats],
      [`GET /organizations/{township}/stats (${r.townshipName})`, r.townshipStats],
      [
        `GET /organizations/{county}/members?q=${MEMBER_QUERY} (${r.memberMatches} matches, page of 20)`,
        r.countyMembers,
      ],
    ];
    for (const [label, t] of rows) {
      lines.push(`| ${r.engine} | ${label} | ${ms(t.p50)} | ${ms(t.p95)} | ${ms(t.max)} |`);
    }
  }
  lines.push("");
  const pglite = results.find((r) => r.engine === "pglite");
  if (pglite) {
    lines.push(`Target seed < 60 s on PGlite: ${pglite.seedSeconds < 60 ? "PASS" : "FAIL"}`);
    lines.push(
      `Target county stats p95 < 100 ms on PGlite: ${pglite.countyStats.p95 < 100 ? "PASS" : "FAIL"}`,
    );
  }
  return lines.join("\n");
}

const results: EngineResult[] = [];
for (const engine of engines) results.push(await runEngine(engine));
process.stdout.write(`${report(results)}\n`);
process.stderr.write(
  `process max RSS (getrusage): ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`,
);
