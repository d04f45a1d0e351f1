/**
 * Indicators at province scale (issue 4 parts 3 and 6).
 *
 *   npx tsx bench/indicators.bench.ts [--database-url URL] [--requests 200] [--naive-requests 5]
 *     [--seconds 10] [--clients 8] [--rebuild]
 *
 * On the province loaded by `npm run bench:province -w bench` (default database
 * tuanwu_bench_province): with --rebuild first `rebuildMemberCounts` (timed); then the dashboard
 * (`getSubtreeStats`, the subtree counters) of the province, 郑州市, a county and a township — p50/p95
 * over N sequential calls after warm-up, also through the HTTP route (`app.inject`, logged in as
 * bench-admin) — side by side with the naive GROUPING SETS scan (`getSubtreeStatsNaive`, fewer calls);
 * then status changes by K concurrent clients for S seconds, each client on its own connection:
 * (a) the counted write alone (`update member set status …`, active ↔ flowing), (b) the full service
 * (`requestStatusChange` flowing ↔ active: row lock, history period, archive, audit), with the fold
 * timer running as in the server; throughput and latency; afterwards a fold and the fast figures of
 * the four organizations compared with a recount from member. Prints Markdown; the status changes
 * are toggled back, but history, archive and audit rows of (b) stay in the database.
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../server/src/app";
import { type Database, openDatabase } from "../server/src/db/database";
import { queryRows } from "../server/src/db/sql-result";
import { systemActor } from "../server/src/modules/auth/system-actor";
import { requestStatusChange } from "../server/src/modules/member-status/member-status.service";
import { DEMO_REFERENCE_DATE } from "../server/src/modules/seed/demo-seed.service";
import {
  countPendingDeltas,
  readMemberFigures,
  recountMemberFigures,
} from "../server/src/modules/stats/member-count.repository";
import {
  foldMemberCountDeltas,
  rebuildMemberCounts,
  startMemberCountFolding,
} from "../server/src/modules/stats/member-count.service";
import { getSubtreeStats } from "../server/src/modules/stats/stats.service";
import { getSubtreeStatsNaive } from "../server/src/modules/stats/stats-naive.service";

const { values: args } = parseArgs({
  options: {
    "database-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/tuanwu_bench_province" },
    requests: { type: "string", default: "200" },
    "naive-requests": { type: "string", default: "5" },
    seconds: { type: "string", default: "10" },
    clients: { type: "string", default: "8" },
    password: { type: "string", default: "bench-password-1" },
    rebuild: { type: "boolean", default: false },
  },
});
const REQUESTS = Number(args.requests);
const NAIVE_REQUESTS = Number(args["naive-requests"]);
const SECONDS = Number(args.seconds);
const CLIENTS = Number(args.clients);
const WARM_UP = 5;
const actor = systemActor("bench");

interface Timing {
  p50: number;
  p95: number;
  max: number;
  n: number;
}

function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
  return { p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? 0, n: sorted.length };
}

async function time(count: number, run: () => Promise<unknown>): Promise<Timing> {
  const samples: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return summarize(samples);
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1);

async function logIn(app: FastifyInstance): Promise<string> {
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { username: "bench-admin", password: args.password },
  });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
  return response.cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
}

interface Target {
  label: string;
  id: number;
  path: string;
  kind: string;
  sector: string | null;
  depth: number;
  members: number;
}

async function findTargets(db: Database): Promise<Target[]> {
  const rows = await queryRows<Omit<Target, "label" | "members"> & { name: string; level: string }>(
    db,
    sql`with province as (select * from organization where depth = 1 order by id limit 1),
         city as (select o.* from organization o, province p where o.parent_id = p.id and o.name like '%郑州市%' limit 1),
         county as (select o.* from organization o, city c where o.parent_id = c.id and o.level = 'county' order by o.id limit 1),
         township as (select o.* from organization o, county c where o.parent_id = c.id and o.level = 'township' order by o.id limit 1)
       select id, path, kind, sector, depth, name, level from province
       union all select id, path, kind, sector, depth, name, level from city
       union all select id, path, kind, sector, depth, name, level from county
       union all select id, path, kind, sector, depth, name, level from township`,
  );
  const targets: Target[] = [];
  for (const row of rows) {
    const [total] = await queryRows<{ n: number }>(
      db,
      sql`select coalesce(sum(count), 0)::int as n from member_count where organization_id = ${row.id} and dimension = 'total'`,
    );
    targets.push({ ...row, label: `${row.level} ${row.name}`, members: Number(total?.n ?? 0) });
  }
  return targets;
}

/** Runs `clients` loops for `seconds`, each calling `step(client, iteration)`; latency per call. */
async function hammer(
  clients: number,
  seconds: number,
  step: (client: number, iteration: number) => Promise<void>,
): Promise<{ count: number; perSecond: number; timing: Timing; errors: number }> {
  const samples: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let iteration = 0; performance.now() < deadline; iteration += 1) {
        const begin = performance.now();
        try {
          await step(client, iteration);
          samples.push(performance.now() - begin);
        } catch (error) {
          errors += 1;
          if (errors < 5) log(`  error: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { count: samples.length, perSecond: samples.length / elapsed, timing: summarize(samples), errors };
}

function figureMap(rows: { status: string; dimension: string; value: string; count: number }[]) {
  const map = new Map<string, number>();
  for (const row of rows) {
    const key = `${row.status}|${row.dimension}|${row.value}`;
    map.set(key, (map.get(key) ?? 0) + Number(row.count));
  }
  return [...map].filter(([, count]) => count !== 0).sort(([a], [b]) => (a < b ? -1 : 1));
}

async function main(): Promise<void> {
  const handle = await openDatabase({ databaseUrl: args["database-url"] });
  const { db } = handle;
  const lines: string[] = [];
  try {
    const [version] = await queryRows<{ v: string }>(db, sql`select current_setting('server_version') as v`);
    const [sizes] = await queryRows<{
      organizations: number;
      members: number;
      counters: number;
      size: string;
    }>(
      db,
      sql`select (select count(*) from organization)::int as organizations, (select count(*) from member)::int as members,
             (select count(*) from member_count)::int as counters, pg_size_pretty(pg_total_relation_size('member_count')) as size`,
    );
    let rebuildLine = "";
    if (args.rebuild) {
      log("rebuilding the counters…");
      const started = performance.now();
      const rows = await rebuildMemberCounts(db);
      await handle.exec("vacuum analyze member_count, organization_count, member_count_delta");
      rebuildLine = `rebuildMemberCounts: ${rows} counter rows in ${((performance.now() - started) / 1000).toFixed(1)} s`;
      log(rebuildLine);
    }
    await foldMemberCountDeltas(db);
    const targets = await findTargets(db);
    const today = DEMO_REFERENCE_DATE;
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
    const cookie = await logIn(app);

    lines.push(
      `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${version?.v}.`,
      `Data: ${sizes?.organizations} organizations, ${sizes?.members} members, ${sizes?.counters} counter rows (member_count ${sizes?.size}).`,
      ...(rebuildLine ? [rebuildLine] : []),
      "",
      `| subtree | members | counters: service p50 / p95 (ms) | counters: GET /stats p50 / p95 (ms) | naive GROUPING SETS p50 / p95 (ms) | speed-up (p50) |`,
      "|---|---:|---:|---:|---:|---:|",
    );
    for (const target of targets) {
      log(`dashboard of ${target.label}…`);
      await time(WARM_UP, () => getSubtreeStats(db, actor, target.id, today));
      const fast = await time(REQUESTS, () => getSubtreeStats(db, actor, target.id, today));
      const url = `/api/v1/organizations/${target.id}/stats`;
      await time(WARM_UP, () => app.inject({ method: "GET", url, headers: { cookie } }));
      const route = await time(REQUESTS, async () => {
        const response = await app.inject({ method: "GET", url, headers: { cookie } });
        if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode}`);
      });
      const naiveCount = target.depth <= 2 ? NAIVE_REQUESTS : Math.max(NAIVE_REQUESTS, 20);
      await getSubtreeStatsNaive(db, actor, target.id, today);
      const naive = await time(naiveCount, () => getSubtreeStatsNaive(db, actor, target.id, today));
      lines.push(
        `| ${target.label} | ${target.members} | ${ms(fast.p50)} / ${ms(fast.p95)} (n=${fast.n}) | ${ms(route.p50)} / ${ms(route.p95)} | ${ms(naive.p50)} / ${ms(naive.p95)} (n=${naive.n}) | ${Math.round(naive.p50 / fast.p50)}× |`,
      );
    }

    log("status changes…");
    const sample = await queryRows<{ id: number }>(
      db,
      sql`select id from member tablesample system (2) where status = 'active' limit ${CLIENTS * 4000}`,
    );
    const ids = sample.map((row) => Number(row.id));
    const perClient = Math.floor(ids.length / CLIENTS);
    const memberOf = (client: number, iteration: number) =>
      ids[client * perClient + (Math.floor(iteration / 2) % perClient)] as number;
    const folding = startMemberCountFolding(db, 5_000, (error) => log(`fold failed: ${String(error)}`));
    let foldedDuringRaw = 0;
    const raw = await hammer(CLIENTS, SECONDS, async (client, iteration) => {
      const status = iteration % 2 === 0 ? "flowing" : "active";
      await db.execute(
        sql`update member set status = ${status}, status_since = ${today}::date where id = ${memberOf(client, iteration)}`,
      );
    });
    foldedDuringRaw = await countPendingDeltas(db);
    const service = await hammer(CLIENTS, SECONDS, async (client, iteration) => {
      const toStatus = iteration % 2 === 0 ? "flowing" : "active";
      await requestStatusChange(
        db,
        actor,
        memberOf(client, iteration + 1_000_000),
        { toStatus, reason: "基准测试 benchmark", effectiveOn: today },
        today,
      );
    });
    await folding.stop();
    const pendingAfter = await countPendingDeltas(db);
    const foldStarted = performance.now();
    const fold = await foldMemberCountDeltas(db);
    const foldSeconds = (performance.now() - foldStarted) / 1000;
    // Members left flowing by an odd number of changes go back to active (raw writes, counted too).
    await db.execute(
      sql`update member set status = 'active' where id = any(${`{${ids.join(",")}}`}::bigint[]) and status = 'flowing'`,
    );
    await foldMemberCountDeltas(db);
    lines.push(
      "",
      `Status changes, ${CLIENTS} concurrent clients × ${SECONDS} s each, fold timer every 5 s running:`,
      "",
      "| write | changes | changes/s | p50 (ms) | p95 (ms) | max (ms) | errors |",
      "|---|---:|---:|---:|---:|---:|---:|",
      `| \`update member set status\` (counted write + trigger) | ${raw.count} | ${Math.round(raw.perSecond)} | ${ms(raw.timing.p50)} | ${ms(raw.timing.p95)} | ${ms(raw.timing.max)} | ${raw.errors} |`,
      `| requestStatusChange flowing ↔ active (full service transaction) | ${service.count} | ${Math.round(service.perSecond)} | ${ms(service.timing.p50)} | ${ms(service.timing.p95)} | ${ms(service.timing.max)} | ${service.errors} |`,
      "",
      `Pending deltas after the raw run: ${foldedDuringRaw}; after the service run: ${pendingAfter}; the final fold took ${fold.deltas} deltas into ${fold.rows} rows in ${foldSeconds.toFixed(2)} s.`,
    );

    log("checking counters against a recount…");
    const checks: string[] = [];
    for (const target of targets) {
      const started = performance.now();
      const recount = figureMap(await recountMemberFigures(db, target.path));
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const fast = figureMap(await readMemberFigures(db, target));
      const equal = JSON.stringify(fast) === JSON.stringify(recount);
      checks.push(
        `${target.label}: ${equal ? "equal" : "DIFFERENT"} (${recount.length} figures, recount ${seconds} s)`,
      );
      if (!equal) process.exitCode = 1;
    }
    lines.push("", `Counters after the writes vs a recount from member: ${checks.join("; ")}.`);
    await app.close();
  } finally {
    await handle.close();
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

await main();
