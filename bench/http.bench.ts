/**
 * Every page a provincial user opens, over HTTP (issue 18 part 7; bench/README.md).
 *
 *   npx tsx bench/http.bench.ts [--database-url URL] [--base-url URL] [--requests 20]
 *     [--sections dashboard,dashboard-county,detail,children,indicators,completeness,list,
 *                 search-province,search-county,todos,writes,exact]
 *     [--clients 8] [--seconds 10] [--cpu]
 *
 * On the province loaded by `npm run bench:province -w bench` (default tuanwu_bench_province): makes
 * sure a province-scoped organization administrator exists (`bench-province-admin`, org_admin at the
 * province root, created with the accounts service), starts the app on a loopback port with the
 * counter fold every second as the server runs it (or uses a running server given by --base-url), logs
 * in over HTTP and times each request of the issue's table with `fetch` — p50/p95 over --requests
 * sequential calls after one warm-up — beside the figure the issue measured before. `writes`: status
 * changes (active ↔ flowing) through POST /members/{id}/status-requests by --clients concurrent
 * clients for --seconds, toggled back afterwards; `--spread last` (default) takes the highest member ids
 * (a few counties at the scales loaded here), `--spread counties` takes them round robin over every
 * county, as a province's real load is (the counter fold then takes deltas of many counties at once).
 * Markdown on stdout, progress on stderr.
 *
 * Issue 19 (the province on Citus, beside single-node PostgreSQL): `dashboard-county` (the first
 * county's dashboard), `todos` (the county's to-do list and badge counts as a county org_admin,
 * `bench-county-<id>`, created when missing), `exact` (a SHA-256 of the province and county dashboards,
 * the county search's first page and the county's to-do counts, with the province's member total: equal
 * digests on two databases loaded alike mean equal figures). `--cpu`: each timed section also reports
 * CPU milliseconds per request, the server's Node process and every PostgreSQL process of the database
 * on this machine (on Citus the coordinator's and the workers', bench/province/province-cpu.ts) — on a
 * shared, loaded machine a fairer comparison than wall time. The write rate's CPU uses the same count.
 */
import { createHash } from "node:crypto";
import os from "node:os";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { buildApp } from "../server/src/app";
import { openDatabase } from "../server/src/db/database";
import { queryRows } from "../server/src/db/sql-result";
import { systemActor } from "../server/src/modules/auth/system-actor";
import { startMemberCountFolding } from "../server/src/modules/stats/member-count.service";
import { createUser } from "../server/src/modules/users/user.service";
import { cpuPerOperation, cpuPerServer, startCpuMeter } from "./cpu-meter";

const ALL_SECTIONS =
  "dashboard,dashboard-county,detail,children,indicators,completeness,list,search-province,search-county,todos,writes,exact";
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
    cpu: { type: "boolean", default: false },
    "log-level": { type: "string", default: "silent" },
    "fold-ms": { type: "string", default: "1000" },
    spread: { type: "string", default: "last" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (args.help) {
  process.stdout.write(`Usage: npx tsx bench/http.bench.ts [--database-url URL] [--base-url URL] [--requests 20]
  [--sections ${ALL_SECTIONS}] [--clients 8] [--seconds 10] [--spread last|counties]
  [--username U] [--password P] [--cpu]
Times the pages of issue 18 over HTTP as a province-scoped organization administrator.
`);
  process.exit(0);
}
const SECTIONS = new Set(args.sections.split(","));
const REQUESTS = Number(args.requests);
const SEARCH_QUERIES = ["wl", "zs", "lj", "wxm", "zh", "ly", "cj", "hm"];
const DATABASE_NAME = new URL(args["database-url"]).pathname.slice(1);
/** CPU is measured in this process only when the server runs in it. */
const MEASURE_CPU = args.cpu && !args["base-url"];

/** The issue's figures (issue 18, before): p50 / p95 in ms, or a rate. */
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
        logLevel: args["log-level"] as "silent",
        filesDir: os.tmpdir(),
        webDist: false,
      },
    });
    baseUrl = await app.listen({ host: "127.0.0.1", port: 0 });
    const folding = startMemberCountFolding(db, Number(args["fold-ms"]), (error) =>
      log(`fold failed: ${String(error)}`),
    );
    stop = async () => {
      await folding.stop();
      await app.close();
    };
  }
  const logIn = async (username: string) => {
    const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: args.password }),
    });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = login.headers
      .getSetCookie()
      .map((value) => value.split(";")[0])
      .join("; ");
    return { cookie, csrfToken };
  };
  const { cookie, csrfToken } = await logIn(args.username);
  // The county's own administrator (the to-do list is the signed-in user's): created when missing.
  const countyUsername = `bench-county-${county.id}`;
  let countyCookie = "";
  if (SECTIONS.has("todos") || SECTIONS.has("exact")) {
    const [countyUser] = await queryRows<{ id: number }>(
      db,
      sql`select id from app_user where username = ${countyUsername}`,
    );
    if (!countyUser) {
      await createUser(db, systemActor("bench"), {
        username: countyUsername,
        displayName: "基准测试县级管理员",
        password: args.password,
        role: "org_admin",
        organizationId: Number(county.id),
      });
      log(`created ${countyUsername} (org_admin at ${county.name})`);
    }
    countyCookie = (await logIn(countyUsername)).cookie;
  }
  const get = async (path: string, as = cookie) => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      headers: { cookie: as },
      signal: AbortSignal.timeout(Number(args["timeout-seconds"]) * 1000),
    });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${body.slice(0, 300)}`);
    return body;
  };
  const timeRequests = async (paths: (index: number) => string, count = REQUESTS, as = cookie) => {
    try {
      return await timeRequestsOrFail(paths, count, as);
    } catch (error) {
      return `failed: ${error instanceof Error ? error.message.slice(0, 120) : String(error)}`;
    }
  };
  const timeRequestsOrFail = async (paths: (index: number) => string, count: number, as: string) => {
    await get(paths(0), as);
    const samples: number[] = [];
    const meter = MEASURE_CPU ? await startCpuMeter(db, DATABASE_NAME) : null;
    for (let index = 0; index < count; index += 1) {
      const started = performance.now();
      await get(paths(index), as);
      samples.push(performance.now() - started);
    }
    const cpu = meter ? await meter.stop() : null;
    return {
      ...percentiles(samples),
      cpu: cpu ? `${(cpu.nodeMs / count).toFixed(1)} + ${(cpu.postgresMs / count).toFixed(1)}` : "",
    };
  };

  const lines = [
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}; load average at start ${os
      .loadavg()
      .map((value) => value.toFixed(1))
      .join(
        " / ",
      )}; server ${args["base-url"] ?? `in this process on a loopback port, fold every ${Number(args["fold-ms"]) / 1000} s`}.`,
    `Logged in as ${args.username} (org_admin at ${province.name}, id ${province.id}); county: ${county.name} (id ${county.id}). ${REQUESTS} sequential requests after one warm-up.`,
    "",
    `| request | before p50 / p95 (ms) | now p50 / p95 (ms) | max (ms) | n |${MEASURE_CPU ? " CPU ms per request: Node + PostgreSQL (all processes of the database) |" : ""}`,
    `|---|---:|---:|---:|---:|${MEASURE_CPU ? "---:|" : ""}`,
  ];
  const row = (
    section: string,
    label: string,
    timing: (ReturnType<typeof percentiles> & { cpu?: string }) | string,
  ) => {
    const cpuCell = MEASURE_CPU ? ` ${typeof timing === "string" ? "—" : (timing.cpu ?? "—")} |` : "";
    if (typeof timing === "string") {
      lines.push(`| ${label} | ${BEFORE[section] ?? "—"} | ${timing} | — | — |${cpuCell}`);
      log(`${label}: ${timing}`);
      return;
    }
    lines.push(
      `| ${label} | ${BEFORE[section] ?? "—"} | ${ms(timing.p50)} / ${ms(timing.p95)} | ${ms(timing.max)} | ${timing.n} |${cpuCell}`,
    );
    log(`${label}: p50 ${ms(timing.p50)} p95 ${ms(timing.p95)}${timing.cpu ? ` cpu ${timing.cpu}` : ""}`);
  };
  const p = province.id;
  if (SECTIONS.has("dashboard")) {
    row(
      "dashboard",
      "GET /organizations/{province}/stats (the dashboard, for reference)",
      await timeRequests(() => `/organizations/${p}/stats`),
    );
  }
  if (SECTIONS.has("dashboard-county")) {
    row(
      "dashboard-county",
      `GET /organizations/{county}/stats (${county.name})`,
      await timeRequests(() => `/organizations/${county.id}/stats`),
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
  if (SECTIONS.has("todos")) {
    row(
      "todos",
      `GET /todos?page=1&pageSize=20 as ${countyUsername}`,
      await timeRequests(() => "/todos?page=1&pageSize=20", REQUESTS, countyCookie),
    );
    row(
      "todos",
      `GET /todos/counts as ${countyUsername}`,
      await timeRequests(() => "/todos/counts", REQUESTS, countyCookie),
    );
  }
  let cpuNote = "";
  if (SECTIONS.has("writes")) {
    const clients = Number(args.clients);
    // `last`: the highest ids; `counties`: each county's highest ids, one county after the other.
    const sample = await queryRows<{ id: number }>(
      db,
      args.spread === "counties"
        ? sql`select id from (select m.id, m.county_id, row_number() over (partition by m.county_id order by m.id desc) as n
                                from member m where m.status = 'active') t
               order by n, county_id limit ${clients * 200}`
        : sql`select m.id from member m where m.status = 'active' order by m.id desc limit ${clients * 200}`,
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
    const meter = await startCpuMeter(db, MEASURE_CPU ? DATABASE_NAME : undefined);
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
    cpuNote = `Status changes over HTTP, CPU per change${args["base-url"] ? " (this process: the clients only)" : " (this process: the server AND the fetch clients)"}: ${cpuPerOperation(cpu, samples.length)}${MEASURE_CPU ? ` (PostgreSQL by server: ${cpuPerServer(cpu, samples.length)})` : ""}; load average (1 min) ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after.`;
    lines.push(
      `| status changes, POST /members/{id}/status-requests, ${clients} clients × ${args.seconds} s | ${BEFORE.writes} (service, in process) | ${(samples.length / Number(args.seconds)).toFixed(0)}/s, p50 ${ms(timing.p50)} / p95 ${ms(timing.p95)} | ${ms(timing.max)} | ${timing.n} (${errors} errors) |`,
    );
  }
  if (SECTIONS.has("exact")) {
    // Digests of what the user sees: equal on two databases loaded alike (same seed and scale) means
    // equal figures. Run after `writes`, they also show that the status changes were undone exactly.
    const digest = (body: string) => createHash("sha256").update(body).digest("hex").slice(0, 16);
    const exact: [string, string][] = [
      ["province dashboard", `/organizations/${p}/stats`],
      ["county dashboard", `/organizations/${county.id}/stats`],
      ["county search q=wl, first page", `/organizations/${county.id}/members?q=wl`],
    ];
    lines.push("", "| exactness: response | SHA-256 (first 16 hex) |", "|---|---|");
    for (const [label, path] of exact) {
      try {
        lines.push(`| ${label} | ${digest(await get(path))} |`);
      } catch (error) {
        lines.push(`| ${label} | failed: ${String(error).slice(0, 120)} |`);
      }
    }
    try {
      lines.push(`| county to-do counts | ${digest(await get("/todos/counts", countyCookie))} |`);
    } catch (error) {
      lines.push(`| county to-do counts | failed: ${String(error).slice(0, 120)} |`);
    }
    const [totals] = await queryRows<{ members: number; counted: number }>(
      db,
      sql`select (select count(*) from member where status in ('active', 'flowing', 'transferring'))::int as members,
                 (select coalesce(sum(count), 0) from member_count
                   where organization_id = ${p} and dimension = 'total'
                     and status in ('active', 'flowing', 'transferring'))::int as counted`,
    );
    lines.push(
      `| members in a current status (count of member) / the province's counter (member_count total; deltas not yet folded aside) | ${totals?.members} / ${totals?.counted} |`,
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
