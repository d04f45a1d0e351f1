/**
 * Every page a provincial user opens, over HTTP (issue 18 part 7; bench/README.md).
 *
 *   npx tsx bench/http.bench.ts [--database-url URL] [--base-url URL] [--requests 20]
 *     [--sections detail,children,indicators,completeness,list,search-province,search-county,writes]
 *     [--clients 8] [--seconds 10]
 *
 * On the province loaded by `npm run bench:province -w bench` (default tuanwu_bench_province): makes
 * sure a province-scoped organization administrator exists (`bench-province-admin`, org_admin at the
 * province root, created with the accounts service), starts the app on a loopback port with the
 * counter fold every second as the server runs it (or uses a running server given by --base-url), logs
 * in over HTTP and times each request of the table with `fetch` — p50/p95 over --requests
 * sequential calls after one warm-up — beside the figure the issue measured before. `writes`: status
 * changes (active ↔ flowing) through POST /members/{id}/status-requests by --clients concurrent
 * clients for --seconds, toggled back afterwards. Markdown on stdout, progress on stderr.
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { buildApp } from "../server/src/app";
import { openDatabase } from "../server/src/db/database";
import { queryRows } from "../server/src/db/sql-result";
import { systemActor } from "../server/src/modules/auth/system-actor";
import { startMemberCountFolding } from "../server/src/modules/stats/member-count.service";
import { createUser } from "../server/src/modules/users/user.service";
import { cpuPerOperation, startCpuMeter } from "./cpu-meter";

const ALL_SECTIONS =
  "dashboard,detail,children,indicators,completeness,list,search-province,search-county,writes";
const { values: args } = parseArgs({
  options: {
    "database-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/tuanwu_bench_province" },
    "base-url": { type: "string" },
    requests: { type: "string", default: "20" },
    sections: { type: "string", default: ALL_SECTIONS },
    clients: { type: "string", default: "8" },
    seconds: { type: "string", default: "10" },
    "timeout-seconds": { type: "string", default: "120" },
    username: { type: "string", default: "bench-province-admin" },
    password: { type: "string", default: "bench-password-1" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (args.help) {
  process.stdout.write(`Usage: npx tsx bench/http.bench.ts [--database-url URL] [--base-url URL] [--requests 20]
  [--sections ${ALL_SECTIONS}] [--clients 8] [--seconds 10] [--username U] [--password P]
Times the pages of issue 18 over HTTP as a province-scoped organization administrator.
`);
  process.exit(0);
}
const SECTIONS = new Set(args.sections.split(","));
const REQUESTS = Number(args.requests);
const SEARCH_QUERIES = ["wl", "zs", "lj", "wxm", "zh", "ly", "cj", "hm"];

/** The figures (issue 18, before): p50 / p95 in ms, or a rate. */
const BEFORE: Record<string, string> = {
  dashboard: "4–6.5 (p95, route in process)",
  indicators: "9,200 / 10,600",
  completeness: "9,700 / 14,400",
  detail: "1,700 / 1,800",
  children: "1,700 / 1,800",
  list: "9,800 / 14,400",
  "search-province": "980 / 11,200",
  "search-county": "16 / 290",
  writes: "343–414/s",
};

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
  return { p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? 0, n: sorted.length };
}

const ms = (value: number) => value.toLocaleString("en-US", { maximumFractionDigits: value < 10 ? 2 : 1 });

async function main() {
  const handle = await openDatabase({ databaseUrl: args["database-url"] });
  const { db } = handle;
  const [province] = await queryRows<{ id: number; name: string }>(
    db,
    sql`select id, name from organization where depth = 1 order by id limit 1`,
  );
  const [county] = await queryRows<{ id: number; name: string }>(
    db,
    sql`select o.id, o.name from organization o
         where o.level = 'county' order by o.depth <> 3, o.id limit 1`, // depth 3 in a province, 1 in a county alone
  );
  if (!province || !county) throw new Error("no province loaded");
  const [existing] = await queryRows<{ id: number }>(
    db,
    sql`select id from app_user where username = ${args.username}`,
  );
  if (!existing) {
    await createUser(db, systemActor("bench"), {
      username: args.username,
      displayName: "基准测试省级管理员",
      password: args.password,
      role: "org_admin",
      organizationId: Number(province.id),
    });
    log(`created ${args.username} (org_admin at ${province.name})`);
  }

  let baseUrl = args["base-url"];
  let stop = async () => {};
  if (!baseUrl) {
    const app = await buildApp({
      db,
      config: {
        sessionHours: 1,
        cookieSecure: false,
        loginAttemptsPerMinute: 100,
        logLevel: "silent",
        filesDir: os.tmpdir(),
        webDist: false,
      },
    });
    baseUrl = await app.listen({ host: "127.0.0.1", port: 0 });
    const folding = startMemberCountFolding(db, 1_000, (error) => log(`fold failed: ${String(error)}`));
    stop = async () => {
      await folding.stop();
      await app.close();
    };
  }
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: args.username, password: args.password }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((value) => value.split(";")[0])
    .join("; ");
  const get = async (path: string) => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      headers: { cookie },
      signal: AbortSignal.timeout(Number(args["timeout-seconds"]) * 1000),
    });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${body.slice(0, 300)}`);
    return body;
  };
  const timeRequests = async (paths: (index: number) => string, count = REQUESTS) => {
    try {
      return await timeRequestsOrFail(paths, count);
    } catch (error) {
      return `failed: ${error instanceof Error ? error.message.slice(0, 120) : String(error)}`;
    }
  };
  const timeRequestsOrFail = async (paths: (index: number) => string, count: number) => {
    await get(paths(0));
    const samples: number[] = [];
    for (let index = 0; index < count; index += 1) {
      const started = performance.now();
      await get(paths(index));
      samples.push(performance.now() - started);
    }
    return percentiles(samples);
  };

  const lines = [
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}; load average at start ${os
      .loadavg()
      .map((value) => value.toFixed(1))
      .join(" / ")}; server ${args["base-url"] ?? "in this process on a loopback port, fold every 1 s"}.`,
    `Logged in as ${args.username} (org_admin at ${province.name}, id ${province.id}); county: ${county.name} (id ${county.id}). ${REQUESTS} sequential requests after one warm-up.`,
    "",
    "| request | before p50 / p95 (ms) | now p50 / p95 (ms) | max (ms) | n |",
    "|---|---:|---:|---:|---:|",
  ];
  const row = (section: string, label: string, timing: ReturnType<typeof percentiles> | string) => {
    if (typeof timing === "string") {
      lines.push(`| ${label} | ${BEFORE[section] ?? "—"} | ${timing} | — | — |`);
      log(`${label}: ${timing}`);
      return;
    }
    lines.push(
      `| ${label} | ${BEFORE[section] ?? "—"} | ${ms(timing.p50)} / ${ms(timing.p95)} | ${ms(timing.max)} | ${timing.n} |`,
    );
    log(`${label}: p50 ${ms(timing.p50)} p95 ${ms(timing.p95)}`);
  };
  const p = province.id;
  if (SECTIONS.has("dashboard")) {
    row(
      "dashboard",
      "GET /organizations/{province}/stats (the dashboard, for reference)",
      await timeRequests(() => `/organizations/${p}/stats`),
    );
  }
  if (SECTIONS.has("detail"))
    row("detail", `GET /organizations/{province}`, await timeRequests(() => `/organizations/${p}`));
  if (SECTIONS.has("children")) {
    row(
      "children",
      `GET /organizations/{province}/children`,
      await timeRequests(() => `/organizations/${p}/children`),
    );
  }
  if (SECTIONS.has("indicators")) {
    row(
      "indicators",
      "GET /organizations/{province}/indicators (whole catalog)",
      await timeRequests(() => `/organizations/${p}/indicators`, Math.min(REQUESTS, 5)),
    );
  }
  if (SECTIONS.has("completeness")) {
    row(
      "completeness",
      "…/indicators?ids=completeness_rate",
      await timeRequests(() => `/organizations/${p}/indicators?ids=completeness_rate`, Math.min(REQUESTS, 5)),
    );
  }
  if (SECTIONS.has("list")) {
    row(
      "list",
      "province member list, no filter",
      await timeRequests(() => `/organizations/${p}/members`, Math.min(REQUESTS, 8)),
    );
  }
  const search = (id: number) => (index: number) =>
    `/organizations/${id}/members?q=${SEARCH_QUERIES[index % SEARCH_QUERIES.length]}`;
  if (SECTIONS.has("search-province")) {
    row(
      "search-province",
      "province member search, 8 initials rotating",
      await timeRequests(search(p), Math.max(8, Math.min(REQUESTS, 16))),
    );
  }
  if (SECTIONS.has("search-county")) {
    row("search-county", "county member search, same 8", await timeRequests(search(county.id)));
  }
  let cpuNote = "";
  if (SECTIONS.has("writes")) {
    const clients = Number(args.clients);
    const sample = await queryRows<{ id: number }>(
      db,
      sql`select m.id from member m where m.status = 'active' order by m.id desc limit ${clients * 200}`,
    );
    const ids = sample.map((item) => Number(item.id));
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const change = async (memberId: number, toStatus: "flowing" | "active") => {
      const response = await fetch(`${baseUrl}/api/v1/members/${memberId}/status-requests`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json", "x-csrf-token": csrfToken },
        body: JSON.stringify({ toStatus, reason: "基准测试 benchmark", effectiveOn: today }),
      });
      const text = await response.text();
      if (response.status !== 200)
        throw new Error(`status change ${memberId}: ${response.status} ${text.slice(0, 200)}`);
    };
    const samples: number[] = [];
    const flowing = new Set<number>();
    let errors = 0;
    const loadBefore = os.loadavg()[0] ?? 0;
    const meter = await startCpuMeter(db);
    const deadline = performance.now() + Number(args.seconds) * 1000;
    await Promise.all(
      Array.from({ length: clients }, async (_, client) => {
        const mine = ids.filter((_, index) => index % clients === client);
        for (let iteration = 0; performance.now() < deadline; iteration += 1) {
          const memberId = mine[Math.floor(iteration / 2) % mine.length] as number;
          const toStatus = flowing.has(memberId) ? "active" : "flowing";
          const started = performance.now();
          try {
            await change(memberId, toStatus);
            samples.push(performance.now() - started);
            if (toStatus === "flowing") flowing.add(memberId);
            else flowing.delete(memberId);
          } catch (error) {
            errors += 1;
            if (errors <= 3) log(String(error));
          }
        }
      }),
    );
    const cpu = await meter.stop();
    const loadAfter = os.loadavg()[0] ?? 0;
    for (const memberId of flowing) await change(memberId, "active");
    const timing = percentiles(samples);
    cpuNote = `Status changes over HTTP, CPU per change${args["base-url"] ? " (this process: the clients only)" : " (this process: the server AND the fetch clients)"}: ${cpuPerOperation(cpu, samples.length)}; load average (1 min) ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after.`;
    lines.push(
      `| status changes, POST /members/{id}/status-requests, ${clients} clients × ${args.seconds} s | ${BEFORE.writes} (service, in process) | ${(samples.length / Number(args.seconds)).toFixed(0)}/s, p50 ${ms(timing.p50)} / p95 ${ms(timing.p95)} | ${ms(timing.max)} | ${timing.n} (${errors} errors) |`,
    );
  }
  await stop();
  await handle.close();
  if (cpuNote) lines.push("", cpuNote);
  process.stdout.write(`${lines.join("\n")}\n`);
}

main().catch((error) => {
  log(String(error instanceof Error ? (error.stack ?? error.message) : error));
  process.exit(1);
});
