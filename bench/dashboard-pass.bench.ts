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
import { queryRows } from "../server/src/db/sql-result";
import {
  aboveCountyPassStatement,
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
  const [province] = await queryRows<{ id: number }>(
    db,
    sql`select id from organization where depth = 1 order by id limit 1`,
  );
  const place = await readDashboardPlace(db, Number(province?.id));
  if (!place) throw new Error("no province");
  const dialect = new PgDialect();
  const pool = (db as unknown as { $client: pg.Pool }).$client;
  // The pass as main runs it (one union: the counters' arms, the raw delta arm, the organization counts).
  const passOf = (of: typeof place) => dialect.sqlToQuery(aboveCountyPassStatement(of, statuses, dimensions));
  const deltaArm = /union all\s+select x\.county_id, 2,[\s\S]*?from member_count_delta x\s+/;
  const pass = passOf(place);
  const oneUnion = pass.sql;
  // The pass without its delta arm: the buckets' figures alone (still every shard: the counters' arm
  // names no bucket).
  const counters = { sql: pass.sql.replace(deltaArm, ""), params: pass.params };
  const rawDeltas = `select x.organization_id, x.status::text,
         json_build_array(x.sex, x.birth_month, x.occupation, x.education, x.ethnicity, x.is_cadre)::text,
         sum(x.delta)::int
    from member_count_delta x group by 1, 2, 3`;
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
  // A what-if (needs the scratch tables of bench/RESULTS.md 2026-12-07 22:00Z): the counters and
  // organization counts of the organizations above the county all in ONE bucket (county_id 1, the
  // province's), so the buckets' statement is one task.
  const shared = passOf({
    ...place,
    children: place.children.map((child) => ({ ...child, county: place.countyId })),
  });
  const sharedText = (() => {
    const sql = shared.sql.replace(deltaArm, "");
    const at = sql.indexOf("union all");
    return `${sql
      .slice(0, at)
      .replace(
        "from member_count c\n       where (",
        `from probe_shared_member_count c\n       where c.county_id = ${place.countyId} and ((`,
      )}) ${sql.slice(at).replace("from organization_count oc", "from probe_shared_organization_count oc")}`;
  })();
  // A statement's text with its parameters written in (for the transaction's executor, which takes SQL).
  const literal = (value: unknown) =>
    typeof value === "number" ? String(value) : `'${String(value).replaceAll("'", "''")}'`;
  const inlined = (text: string, params: unknown[]) =>
    text.replace(/\$(\d+)/g, (_, n) => literal(params[Number(n) - 1]));
  const variants: Record<string, () => Promise<unknown>> = {
    "what-if: the buckets' figures in one shared bucket (one task)": () =>
      pool.query(sharedText, shared.params as unknown[]),
    "what-if whole read: transaction, lock, place, the one-bucket statement, the raw deltas": () =>
      db.transaction(
        async (tx) => {
          await tx.execute(
            sql.raw(`set local citus.enable_ddl_propagation = off; lock table member_count in share mode;
              set local citus.enable_ddl_propagation = on`),
          );
          await readDashboardPlace(tx, place.id);
          await queryRows(tx, sql.raw(inlined(sharedText, shared.params)));
          await queryRows(tx, sql.raw(rawDeltas));
        },
        { isolationLevel: "repeatable read" },
      ),
    "what-if whole read without the delta read (nothing pending, known from a marker)": () =>
      db.transaction(
        async (tx) => {
          await tx.execute(
            sql.raw(`set local citus.enable_ddl_propagation = off; lock table member_count in share mode;
              set local citus.enable_ddl_propagation = on`),
          );
          await readDashboardPlace(tx, place.id);
          await queryRows(tx, sql.raw(inlined(sharedText, shared.params)));
        },
        { isolationLevel: "repeatable read" },
      ),
    "one union, the counters as three arms": () => pool.query(threeArms, pass.params as unknown[]),
    "the pass (main): one union, every arm on every shard": () =>
      pool.query(oneUnion, pass.params as unknown[]),
    "the pass without its delta arm (the buckets' figures; every shard)": () =>
      pool.query(counters.sql, counters.params as unknown[]),
    "the raw deltas (every shard)": () => pool.query(rawDeltas),
    "the raw deltas, prepared": () => pool.query({ name: "probe_raw_deltas", text: rawDeltas }),
    "select count(*) from member_count_delta": () =>
      queryRows(db, sql`select count(*) from member_count_delta`),
    "readAboveCountyPass (main: place, lock, pass, in a transaction)": () =>
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
