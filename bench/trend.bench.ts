/**
 * Trends from month-end snapshots (issue 18 part 4).
 *
 *   npx tsx bench/trend.bench.ts (--data-dir DIR | --database-url URL) [--division CODE] [--months 12,36]
 *     [--calls 5] [--ids members_total] [--build] [--window-months 36] [--today YYYY-MM-DD]
 *
 * On a seeded demo (PGlite data folder) or the province of bench/province (PostgreSQL): folds the
 * pending counter deltas (as the running server does); with --build
 * first `buildWindowSnapshots` (every missing past month-end of the 36-month window, in monthly slices
 * each committed: the newest recounted from member_history, each older one derived from the next;
 * each slice timed — stop and re-run to resume); then the snapshot tables' size and rows per dimension
 * of one month; then `getIndicatorTrend` (GET …/indicators/trend, as the system) for the
 * organization of division CODE, one of its children, its first county and one branch under it, over
 * each number of months — p50/p95/max of N calls after one warm-up, with where the months came from
 * (snapshot / history recount / live). Prints Markdown with the load average. Writes only snapshots.
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { openDatabase } from "../server/src/db/database";
import { queryRows } from "../server/src/db/sql-result";
import { todayInChina } from "../server/src/lib/clock";
import { systemActor } from "../server/src/modules/auth/system-actor";
import { getIndicatorTrend } from "../server/src/modules/indicators/indicator.service";
import { foldMemberCountDeltas } from "../server/src/modules/stats/member-count.service";
import { buildWindowSnapshots } from "../server/src/modules/stats/member-count-snapshot.service";

const { values: args } = parseArgs({
  options: {
    "data-dir": { type: "string" },
    "database-url": { type: "string" },
    division: { type: "string" },
    months: { type: "string", default: "12,36" },
    calls: { type: "string", default: "5" },
    ids: { type: "string", default: "members_total" },
    build: { type: "boolean", default: false },
    "window-months": { type: "string", default: "36" },
    today: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (args.help || (!args["data-dir"] && !args["database-url"])) {
  process.stdout.write(`Trends from month-end snapshots (issue 18 part 4; bench/RESULTS.md).

Usage: npx tsx bench/trend.bench.ts (--data-dir DIR | --database-url URL) [options]

  --data-dir DIR        a PGlite data folder with the demo seeded (npm start / tuanwu seed demo)
  --database-url URL    PostgreSQL, e.g. a copy of tuanwu_bench_province (never the original)
  --division CODE       the subtree measured (default 510821 旺苍县 on PGlite, the root on PostgreSQL)
  --months LIST         trend lengths in months, comma-separated (default 12,36)
  --calls N             timed calls per organization and length, after one warm-up (default 5)
  --ids LIST            indicator ids of the trend (default members_total, the member trend)
  --build               first build the window's missing snapshots, in monthly slices (timed; writes;
                        resumable: stop it and run again)
  --window-months N     the window --build covers, this month included (default 36)
  --today YYYY-MM-DD    the day the trend ends (default today in China)
`);
  process.exit(args.help ? 0 : 1);
}

const handle = await openDatabase(
  args["database-url"] ? { databaseUrl: args["database-url"] } : { dataDir: args["data-dir"] as string },
);
const db = handle.db;
const today = args.today ?? todayInChina();
const actor = systemActor("bench");
const load = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(" / ");

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function monthsBack(count: number): { from: string; to: string } {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const index = year * 12 + month - 1 - (count - 1);
  const from = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
  return { from, to: today.slice(0, 7) };
}

const division = args.division ?? (handle.engine === "pglite" ? "510821" : null);
const [root] = await queryRows<{ id: number; name: string; path: string }>(
  db,
  division === null
    ? sql`select id, name, path from organization order by depth, id limit 1`
    : sql`select id, name, path from organization where division_code = ${division}`,
);
if (!root) throw new Error(`no organization of division ${division ?? "(the root)"}`);
const [child] = await queryRows<{ id: number; name: string }>(
  db,
  sql`select id, name from organization where parent_id = ${root.id} and kind <> 'branch' order by code limit 1`,
);
const [branch] = await queryRows<{ id: number; name: string }>(
  db,
  sql`select o.id, o.name from organization o where o.path like ${`${root.path}%`} and o.kind = 'branch'
       order by o.id limit 1`,
);
const [county] = await queryRows<{ id: number; name: string }>(
  db,
  sql`select o.id, o.name from organization o where o.path like ${`${root.path}%`} and o.level = 'county'
       and o.id <> ${root.id} order by o.id limit 1`,
);
const subjects = [
  { label: "subtree", ...root },
  ...(child ? [{ label: "child", ...child }] : []),
  ...(county && county.id !== child?.id ? [{ label: "county", ...county }] : []),
  ...(branch ? [{ label: "branch", ...branch }] : []),
];

console.log(`# Trend bench — ${handle.engine}, today ${today}, ids ${args.ids}`);
console.log(`\nStarted ${new Date().toISOString()}, load average ${load()} (${os.cpus().length} CPUs)\n`);
{
  // As the server does every few seconds (a freshly seeded demo holds all its members as deltas).
  const started = performance.now();
  const folded = await foldMemberCountDeltas(db);
  console.log(
    `Folded ${folded.deltas} pending deltas in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
}
if (args.build) {
  const started = performance.now();
  const built = await buildWindowSnapshots(db, today, Number(args["window-months"]), (slice) =>
    console.log(
      `- ${slice.month}: ${slice.base ? `from ${slice.base}` : "recounted from history"}, ${slice.rows} rows, ` +
        `${(slice.milliseconds / 1000).toFixed(1)} s, load average ${load()}`,
    ),
  );
  console.log(
    `Built ${built.months.length} month-end snapshots (${built.months[0] ?? "-"}…${built.months.at(-1) ?? "-"}, ` +
      `${built.rows} member rows) in ${((performance.now() - started) / 1000).toFixed(1)} s, load average ${load()}\n`,
  );
}

{
  const [size] = await queryRows<{ months: number; rows: string; table: string; brin: string }>(
    db,
    sql`select (select count(*)::int from member_count_snapshot_month) as months,
          (select n_live_tup::text from pg_stat_user_tables where relname = 'member_count_snapshot') as rows,
          pg_size_pretty(pg_total_relation_size('member_count_snapshot')) as table,
          pg_size_pretty(pg_relation_size('member_count_snapshot_month_brin')) as brin`,
  );
  const [last] = await queryRows<{ month: string }>(
    db,
    sql`select to_char(max(month), 'YYYY-MM-DD') as month from member_count_snapshot_month`,
  );
  console.log(
    `Snapshots: ${size?.months} month-ends, about ${size?.rows} member rows, ${size?.table} with indexes (BRIN on month ${size?.brin})`,
  );
  if (last?.month) {
    const dimensions = await queryRows<{ dimension: string; rows: number }>(
      db,
      sql`select dimension, count(*)::int as rows from member_count_snapshot where month = ${last.month}::date
           group by 1 order by 2 desc`,
    );
    console.log(
      `Rows of ${last.month} by dimension: ${dimensions.map((row) => `${row.dimension} ${row.rows}`).join(", ")}\n`,
    );
  }
}

console.log("| organization | months | sources | p50 (ms) | p95 (ms) | max (ms) | load average |");
console.log("|---|---:|---|---:|---:|---:|---|");
const calls = Number(args.calls);
for (const count of args.months.split(",").map(Number)) {
  for (const subject of subjects) {
    const query = { ids: args.ids, ...monthsBack(count) };
    const first = await getIndicatorTrend(db, actor, subject.id, query, today);
    const sources = new Map<string, number>();
    for (const source of first.sources) sources.set(source, (sources.get(source) ?? 0) + 1);
    const times: number[] = [];
    for (let call = 0; call < calls; call++) {
      const started = performance.now();
      await getIndicatorTrend(db, actor, subject.id, query, today);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(
      `| ${subject.label} ${subject.name} | ${count} | ${[...sources].map(([k, v]) => `${k} ${v}`).join(", ")} | ` +
        `${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} | ${(times.at(-1) ?? 0).toFixed(1)} | ${load()} |`,
    );
  }
}
await handle.close();
