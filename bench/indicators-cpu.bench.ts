/**
 * CPU per request of the indicator catalog and the children table (issue 18 part 1), for a loaded
 * machine where wall times say little: for each of the province, a city and a county, N sequential
 * calls of getOrganizationIndicators (the whole catalog) and getChildIndicators (every indicator for
 * every child) after one warm-up, with wall p50/p95 and the CPU milliseconds per call of this Node
 * process and of its PostgreSQL backends (/proc/<pid>/stat of the connections named
 * application_name=tuanwu-indicators-cpu: the server must run on this machine). The CPU sum is what
 * one call costs on an idle machine, if nothing waits on I/O.
 *
 * With --http, the routes instead (GET /organizations/{id}/indicators and …/indicators/children
 * through `app.inject`, logged in as bench-admin, as indicators.bench.ts does).
 *
 *   npx tsx bench/indicators-cpu.bench.ts --database-url postgres://postgres@127.0.0.1:5432/bench_p1 [--requests 5] [--http]
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { buildApp } from "../server/src/app";
import { openDatabase } from "../server/src/db/database";
import { queryRows } from "../server/src/db/sql-result";
import { systemActor } from "../server/src/modules/auth/system-actor";
import {
  getChildIndicators,
  getOrganizationIndicators,
} from "../server/src/modules/indicators/indicator.service";

const { values: args } = parseArgs({
  options: {
    "database-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/tuanwu_bench_province" },
    requests: { type: "string", default: "5" },
    http: { type: "boolean", default: false },
    password: { type: "string", default: "bench-password-1" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (args.help) {
  process.stdout.write(`CPU per request of the indicator catalog and the children table (issue 18 part 1; bench/README.md).

Usage: npx tsx bench/indicators-cpu.bench.ts [options]

  --database-url URL   the loaded province (default postgres://postgres@127.0.0.1:5432/tuanwu_bench_province)
  --requests N         sequential calls per organization after one warm-up (default 5)
  --http               the routes through app.inject, logged in as bench-admin, instead of the services
  --password P         bench-admin's password (default bench-password-1)
  -h, --help           this text

Markdown on stdout: wall p50/p95 (ms) and CPU milliseconds per call (Node + PostgreSQL backends).
`);
  process.exit(0);
}
const APPLICATION = "tuanwu-indicators-cpu";
const url = new URL(args["database-url"] as string);
url.searchParams.set("application_name", APPLICATION);
const REQUESTS = Number(args.requests);
const today = new Date().toISOString().slice(0, 10);

const handle = await openDatabase({ databaseUrl: url.toString() });
const db = handle.db;
const actor = systemActor("indicators-cpu");

async function backendSeconds(): Promise<number> {
  const rows = await queryRows<{ pid: number }>(
    db,
    sql`select pid from pg_stat_activity where application_name = ${APPLICATION}`,
  );
  let total = 0;
  for (const { pid } of rows) {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    total += (Number(fields[11]) + Number(fields[12])) / 100;
  }
  return total;
}
const nodeSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

async function measure(call: () => Promise<unknown>) {
  await call();
  const walls: number[] = [];
  const node0 = nodeSeconds();
  const backend0 = await backendSeconds();
  for (let i = 0; i < REQUESTS; i += 1) {
    const started = performance.now();
    await call();
    walls.push(performance.now() - started);
  }
  const node = ((nodeSeconds() - node0) * 1000) / REQUESTS;
  const backend = (((await backendSeconds()) - backend0) * 1000) / REQUESTS;
  walls.sort((a, b) => a - b);
  return { p50: percentile(walls, 50), p95: percentile(walls, 95), node, backend };
}

const targets = await queryRows<{ id: number; name: string; level: string }>(
  db,
  sql`(select id, name, level from organization where parent_id is null order by id limit 1)
      union all (select id, name, level from organization where level = 'city' order by id limit 1)
      union all (select id, name, level from organization where level = 'county' order by id limit 1)`,
);
const app = args.http
  ? await buildApp({
      db,
      config: {
        sessionHours: 1,
        cookieSecure: false,
        loginAttemptsPerMinute: 100,
        logLevel: "silent",
        filesDir: os.tmpdir(),
        webDist: false,
      },
    })
  : undefined;
let cookie = "";
if (app) {
  const login = await app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { username: "bench-admin", password: args.password },
  });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.body}`);
  cookie = login.cookies.map((entry) => `${entry.name}=${entry.value}`).join("; ");
}
async function route(url: string): Promise<void> {
  const response = await app?.inject({ method: "GET", url, headers: { cookie } });
  if (response?.statusCode !== 200) throw new Error(`GET ${url}: ${response?.statusCode}`);
}
const load = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(" / ");
const f = (value: number) => value.toFixed(value < 10 ? 1 : 0);
console.log(
  `Load average at start ${load()}; ${REQUESTS} sequential calls after one warm-up, ${app ? "over HTTP (app.inject)" : "in process (no HTTP)"}.`,
);
console.log("");
console.log("| call | organization | wall p50 / p95 (ms) | CPU per call: Node + PostgreSQL (ms) |");
console.log("|---|---|---:|---:|");
for (const target of targets) {
  for (const [label, call] of [
    [
      "whole catalog",
      app
        ? () => route(`/api/v1/organizations/${target.id}/indicators`)
        : () => getOrganizationIndicators(db, actor, Number(target.id), {}, today),
    ],
    [
      "children table",
      app
        ? () => route(`/api/v1/organizations/${target.id}/indicators/children`)
        : () => getChildIndicators(db, actor, Number(target.id), {}, today),
    ],
  ] as const) {
    const result = await measure(call);
    console.log(
      `| ${label} | ${target.level} ${target.name} | ${f(result.p50)} / ${f(result.p95)} | ${f(result.node)} + ${f(result.backend)} = ${f(result.node + result.backend)} |`,
    );
  }
}
console.log("");
console.log(`Load average at the end ${load()}.`);
await app?.close();
await handle.close();
