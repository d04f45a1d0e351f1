/**
 * The province dashboard's distributed reads on Citus, one variant at a time (issue 19 part 5;
 * bench/RESULTS.md 2026-12-07 22:00Z): each variant runs --runs times sequentially on one pool of the
 * server's connections, after 3 unmeasured runs, and reports p50 / min wall time and the CPU ms per run
 * of every PostgreSQL process of the database (on Citus the coordinator's and each worker's, by server;
 * bench/province/province-cpu.ts — processes of a database of the same name on another server of this
 * machine are counted too, so run it when only one engine holds it busy). For choosing what the
 * dashboard's reads should be, not a test:
 *   npx tsx bench/dashboard-pass.bench.ts --database-url postgres://…/tuanwu_bench_dash [--runs 30] [--variants part,part]
 */
import { parseArgs } from "node:util";
import { CURRENT_MEMBER_STATUSES, MEMBER_STATUSES } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type pg from "pg";
import { openDatabase } from "../server/src/db/database";
import { isDistributed } from "../server/src/db/distributed";
import { queryRows } from "../server/src/db/sql-result";
import {
  aboveCountyCountersStatement,
  pendingDeltasRawStatement,
  readAboveCountyPass,
  readDashboardPlace,
} from "../server/src/modules/stats/dashboard-above-county.repository";
import { startCpuMeter } from "./cpu-meter";

const { values: args } = parseArgs({
  options: {
    "database-url": { type: "string" },
    runs: { type: "string", default: "30" },
    variants: { type: "string", default: "" },
  },
});
const url = args["database-url"];
if (!url) throw new Error("--database-url is required");
const databaseName = new URL(url).pathname.slice(1);

const statuses = { all: MEMBER_STATUSES, current: CURRENT_MEMBER_STATUSES };
// member-count.repository DASHBOARD_DIMENSIONS
const dimensions = ["sex_birth_month", "occupation", "education", "sector"];

async function main() {
  const handle = await openDatabase({ databaseUrl: url as string });
  const { db } = handle;
  const distributed = await isDistributed(db);
  const [province] = await queryRows<{ id: number }>(
    db,
    sql`select id from organization where depth = 1 order by id limit 1`,
  );
  const place = await readDashboardPlace(db, Number(province?.id));
  if (!place) throw new Error("no province");
  const dialect = new PgDialect();
  const pool = (db as unknown as { $client: pg.Pool }).$client;
  const counters = dialect.sqlToQuery(aboveCountyCountersStatement(place, statuses, dimensions, false));
  const pruned = dialect.sqlToQuery(aboveCountyCountersStatement(place, statuses, dimensions, distributed));
  // The one union of before (branch dash2): the counters' arms (unpruned) and the raw delta arm.
  const oneUnion = counters.sql.replace(
    /\) t\s+group by 1, 2, 3, 4, 5$/,
    `union all
      select x.county_id, 2, x.organization_id, x.status::text,
             json_build_array(x.sex, x.birth_month, x.occupation, x.education, x.ethnicity, x.is_cadre)::text,
             '', x.delta
        from member_count_delta x
    ) t
    group by 1, 2, 3, 4, 5`,
  );
  // The same union with the counters' three ORed conditions as three arms (no bitmap OR to plan).
  const whereAt = oneUnion.indexOf("where (c.organization_id");
  const unionAt = oneUnion.indexOf("union all", whereAt);
  const conditions = oneUnion
    .slice(whereAt + "where ".length, unionAt)
    .trim()
    .split(/\n\s+or /);
  const arm = oneUnion.slice(oneUnion.indexOf("select c.county_id"), whereAt);
  const threeArms =
    oneUnion.slice(0, oneUnion.indexOf("select c.county_id")) +
    conditions.map((condition) => `${arm} where ${condition}\n`).join("      union all\n      ") +
    oneUnion.slice(unionAt);
  const variants: Record<string, () => Promise<unknown>> = {
    "one union, the counters as three arms": () => pool.query(threeArms, counters.params as unknown[]),
    "before: one union, every arm on every shard": () => pool.query(oneUnion, counters.params as unknown[]),
    "the buckets' statement, pruned on Citus": () => pool.query(pruned.sql, pruned.params as unknown[]),
    "the buckets' statement, not pruned": () => pool.query(counters.sql, counters.params as unknown[]),
    "the raw deltas (every shard)": () => queryRows(db, pendingDeltasRawStatement),
    "the raw deltas, prepared": () =>
      pool.query({ name: "probe_raw_deltas", text: dialect.sqlToQuery(pendingDeltasRawStatement).sql }),
    "select count(*) from member_count_delta": () => queryRows(db, sql`select count(*) from member_count_delta`),
    "readAboveCountyPass (place, lock, both statements, in a transaction)": () =>
      readAboveCountyPass(db, place.id, statuses, dimensions),
  };
  const only = args.variants ? args.variants.split(",") : null;
  const runs = Number(args.runs);
  console.log("| variant | p50 ms | min ms | PostgreSQL CPU ms per run (by server) |\n|---|---:|---:|---|");
  for (const [name, run] of Object.entries(variants)) {
    if (only && !only.some((part) => name.includes(part))) continue;
    for (let i = 0; i < 3; i++) await run();
    const meter = await startCpuMeter(db, databaseName);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await run();
      times.push(performance.now() - start);
    }
    const cpu = await meter.stop();
    times.sort((a, b) => a - b);
    const byServer = [...(cpu.postgresMsByServer ?? [])]
      .map(([server, value]) => `${server} ${(value / runs).toFixed(1)}`)
      .join(", ");
    console.log(
      `| ${name} | ${times[Math.floor(runs / 2)]?.toFixed(1)} | ${times[0]?.toFixed(1)} | ${(cpu.postgresMs / runs).toFixed(1)} (${byServer}) |`,
    );
  }
  await handle.close();
}

await main();
