/**
 * Status changes through the service at province scale (issue 18 part 5: ≥ 1,500/s with 8 clients on
 * PostgreSQL, the recount equal to the counters afterwards).
 *
 *   npx tsx bench/status-change.bench.ts [--database-url URL] [--clients 8] [--seconds 10] [--runs 2]
 *     [--sample 32000] [--fold-ms 1000] [--no-check]
 *
 * On a province loaded by `npm run bench:province -w bench` (or a copy): `--clients` concurrent loops,
 * each on its own members (a random sample, `tablesample bernoulli`), call `requestStatusChange`
 * flowing ↔ active (each member to flowing, then back to active, effective on the demo date) for
 * `--seconds`, `--runs` times, with the counter fold timer running as in the server (`--fold-ms`,
 * TUANWU_COUNTER_FOLD_SECONDS' default 1 s). Per run: changes/s, latency p50/p95/max, CPU per change
 * (bench/cpu-meter.ts: this process — service and clients — and the database's client backends,
 * from /proc; the fold's work included), WAL per change (pg_stat_wal: records, full-page images,
 * bytes) and the share of member and member_history updates that were HOT (pg_stat_user_tables), with
 * the load average. Then (unless --no-check) a fold and the province's counters compared with a
 * recount from member (every status, dimension and value): exactness. Members left flowing go back to
 * active by the service; the history, archive and audit rows stay. Markdown on stdout.
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { type DatabaseHandle, openDatabase } from "../server/src/db/database";
import { queryRows } from "../server/src/db/sql-result";
import { todayInChina } from "../server/src/lib/clock";
import { systemActor } from "../server/src/modules/auth/system-actor";
import { requestStatusChange } from "../server/src/modules/member-status/member-status.service";
import { readMemberFigures, recountMemberFigures } from "../server/src/modules/stats/member-count.repository";
import {
  foldMemberCountDeltas,
  startMemberCountFolding,
} from "../server/src/modules/stats/member-count.service";
import { cpuPerOperation, startCpuMeter } from "./cpu-meter";

const { values: args } = parseArgs({
  options: {
    "database-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/tuanwu_bench_province" },
    clients: { type: "string", default: "8" },
    seconds: { type: "string", default: "10" },
    runs: { type: "string", default: "2" },
    sample: { type: "string", default: "32000" },
    "fold-ms": { type: "string", default: "1000" },
    "no-check": { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (args.help) {
  process.stdout.write(`Status changes through the service (issue 18 part 5; bench/README.md).

Usage: npx tsx bench/status-change.bench.ts [options]

  --database-url URL   a loaded province or a copy (default ${args["database-url"]})
  --clients N          concurrent callers, each on its own members (default 8)
  --seconds N          seconds per run (default 10)
  --runs N             runs, each on new members of the sample (default 2)
  --sample N           members sampled at random, current status active (default 32000)
  --fold-ms N          the counter fold timer's interval (default 1000, as the server)
  --no-check           skip the recount of the province after the runs
  -h, --help           this text

Markdown on stdout, progress on stderr. Writes history, archive and audit rows into the database.
`);
  process.exit(0);
}

const CLIENTS = Number(args.clients);
const SECONDS = Number(args.seconds);
const RUNS = Number(args.runs);
const SAMPLE = Number(args.sample);
// The changes are dated today by the server's clock, as a user's are: a change dated on or before the
// last month-end is backdated and also corrects the month-end snapshots (issue 18 part 4), a slower path.
const today = todayInChina();
const actor = systemActor("bench");
const log = (message: string) => process.stderr.write(`${message}\n`);
const load = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(" / ");
const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
}

/** WAL and table counters of the whole server / database (cumulative; read before and after). */
interface ServerCounters {
  walRecords: number;
  walFpi: number;
  walBytes: number;
  memberUpdates: number;
  memberHot: number;
  historyUpdates: number;
  historyHot: number;
}

async function readServerCounters(handle: DatabaseHandle): Promise<ServerCounters> {
  const [row] = await queryRows<Record<keyof ServerCounters, string>>(
    handle.db,
    sql`select w.wal_records as "walRecords", w.wal_fpi as "walFpi", w.wal_bytes as "walBytes",
           m.n_tup_upd as "memberUpdates", m.n_tup_hot_upd as "memberHot",
           h.n_tup_upd as "historyUpdates", h.n_tup_hot_upd as "historyHot"
      from pg_stat_wal w, pg_stat_user_tables m, pg_stat_user_tables h
     where m.relid = 'member'::regclass and h.relid = 'member_history'::regclass`,
  );
  if (!row) throw new Error("no statistics");
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [key, Number(value)]),
  ) as unknown as ServerCounters;
}

/** Table statistics reach the shared counters when a backend's session ends: close the pool. */
async function reopen(handle: DatabaseHandle): Promise<DatabaseHandle> {
  await handle.close();
  return openDatabase({ databaseUrl: args["database-url"] });
}

async function main(): Promise<void> {
  let handle = await openDatabase({ databaseUrl: args["database-url"] });
  const lines: string[] = [];
  const [info] = await queryRows<{ version: string; members: number }>(
    handle.db,
    sql`select current_setting('server_version') as version, (select reltuples::bigint from pg_class where oid = 'member'::regclass) as members`,
  );
  const [fillfactor] = await queryRows<{ options: string | null; indexes: number }>(
    handle.db,
    sql`select array_to_string(c.reloptions, ',') as options,
           (select count(*)::int from pg_index i where i.indrelid = c.oid) as indexes
      from pg_class c where c.oid = 'member'::regclass`,
  );
  lines.push(
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}, PostgreSQL ${info?.version}; ${Number(info?.members).toLocaleString("en-US")} members (estimate); member: ${fillfactor?.indexes} indexes, options ${fillfactor?.options ?? "none"}. Load average at start (1 / 5 / 15 min): ${load()}.`,
  );
  log("sampling members…");
  const sample = await queryRows<{ id: string }>(
    handle.db,
    sql`select id from member tablesample bernoulli (${Math.min(100, Math.max(0.01, (SAMPLE * 300) / Math.max(1, Number(info?.members))))})
         where status = 'active' and status_since <= ${today}::date order by random() limit ${SAMPLE}`,
  );
  const ids = sample.map((row) => Number(row.id));
  const perRun = Math.floor(ids.length / RUNS);
  const perClient = Math.floor(perRun / CLIENTS);
  log(`${ids.length} members sampled; ${perClient} per client and run`);
  const change = (memberId: number, toStatus: "flowing" | "active") =>
    requestStatusChange(
      handle.db,
      actor,
      memberId,
      { toStatus, reason: "基准测试 benchmark", effectiveOn: today },
      today,
    );

  lines.push(
    "",
    `requestStatusChange flowing ↔ active, ${CLIENTS} clients × ${SECONDS} s per run, each member to flowing then back to active (fold every ${args["fold-ms"]} ms):`,
    "",
    "| run | load before (1 / 5 / 15) | changes | changes/s | p50 (ms) | p95 (ms) | max (ms) | errors | CPU per change (ms): Node + PostgreSQL = total | WAL per change: records, FPI, bytes | HOT: member, history |",
    "|---|---|---:|---:|---:|---:|---:|---:|---|---|---|",
  );
  const leftFlowing = new Set<number>();
  for (let run = 0; run < RUNS; run += 1) {
    const before = await readServerCounters(handle);
    const loadBefore = load();
    const folding = startMemberCountFolding(handle.db, Number(args["fold-ms"]), (error) =>
      log(`fold failed: ${String(error)}`),
    );
    const meter = await startCpuMeter(handle.db);
    const samples: number[] = [];
    let errors = 0;
    const deadline = performance.now() + SECONDS * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        for (let iteration = 0; performance.now() < deadline; iteration += 1) {
          const memberId = ids[
            run * perRun + client * perClient + (Math.floor(iteration / 2) % perClient)
          ] as number;
          const toStatus = iteration % 2 === 0 ? "flowing" : "active";
          const begin = performance.now();
          try {
            const result = await change(memberId, toStatus);
            if (!result.applied) throw new Error(`member ${memberId}: not applied`);
            samples.push(performance.now() - begin);
            if (toStatus === "flowing") leftFlowing.add(memberId);
            else leftFlowing.delete(memberId);
          } catch (error) {
            errors += 1;
            if (errors < 5) log(`  error: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const cpu = await meter.stop();
    await folding.stop();
    handle = await reopen(handle);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const after = await readServerCounters(handle);
    const sorted = [...samples].sort((a, b) => a - b);
    const n = samples.length;
    const per = (key: keyof ServerCounters) => (after[key] - before[key]) / Math.max(1, n);
    const share = (hot: keyof ServerCounters, all: keyof ServerCounters) =>
      `${after[hot] - before[hot]}/${after[all] - before[all]}`;
    const cpuText = cpuPerOperation(cpu, n);
    log(`run ${run + 1}: ${n} changes, ${(n / elapsed).toFixed(0)}/s; ${cpuText}`);
    lines.push(
      `| ${run + 1} | ${loadBefore} | ${n} | ${Math.round(n / elapsed)} | ${ms(percentile(sorted, 0.5))} | ${ms(percentile(sorted, 0.95))} | ${ms(sorted[n - 1] ?? 0)} | ${errors} | ${(cpu.nodeMs / Math.max(1, n)).toFixed(3)} + ${(cpu.postgresMs / Math.max(1, n)).toFixed(3)} = ${((cpu.nodeMs + cpu.postgresMs) / Math.max(1, n)).toFixed(3)} | ${per("walRecords").toFixed(1)}, ${per("walFpi").toFixed(2)}, ${Math.round(per("walBytes"))} | ${share("memberHot", "memberUpdates")}, ${share("historyHot", "historyUpdates")} |`,
    );
  }
  lines.push("", `Load average after the runs: ${load()}.`);
  // Members an odd number of changes left flowing go back to active, through the service.
  for (const memberId of leftFlowing) await change(memberId, "active");

  if (!args["no-check"]) {
    log("fold, then the province's counters against a recount…");
    await foldMemberCountDeltas(handle.db);
    const [province] = await queryRows<{
      id: number;
      path: string;
      kind: string;
      sector: string | null;
      depth: number;
    }>(
      handle.db,
      sql`select id, path, kind, sector, depth from organization where depth = 1 order by id limit 1`,
    );
    if (!province) throw new Error("no province");
    const figures = (rows: { status: string; dimension: string; value: string; count: number }[]) => {
      const map = new Map<string, number>();
      for (const row of rows) {
        const key = `${row.status}|${row.dimension}|${row.value}`;
        map.set(key, (map.get(key) ?? 0) + Number(row.count));
      }
      return JSON.stringify([...map].filter(([, count]) => count !== 0).sort(([a], [b]) => (a < b ? -1 : 1)));
    };
    const started = performance.now();
    const recount = figures(await recountMemberFigures(handle.db, province.path));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const counters = figures(await readMemberFigures(handle.db, { ...province, id: Number(province.id) }));
    const equal = recount === counters;
    if (!equal) process.exitCode = 1;
    lines.push(
      "",
      `Exactness: the province's counters ${equal ? "EQUAL" : "DIFFER FROM"} a recount from member (${JSON.parse(recount).length} figures; recount ${seconds} s).`,
    );
  }
  await handle.close();
  process.stdout.write(`${lines.join("\n")}\n`);
}

await main();
