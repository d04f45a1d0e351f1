/**
 * A county moving between Citus workers (issue 19 part 5; docs/SCALING.md "Measured on the cluster").
 *
 *   npx tsx bench/citus-shard-move.ts [--database-url URL] [--county ID] [--mode block_writes|auto|force_logical]
 *     [--back]
 *
 * On a database distributed by migration 0030 (the member family co-located by county_id, e.g. the
 * province loaded by `npm run bench:province -w bench -- --database-url postgres://…:9700/…`): finds
 * the shard of `member` that holds the county (default: the county with the most members), the worker
 * that holds it and the other one, the shard group's size (every co-located table's shard: member,
 * history, archive, attachments, awards, requests, deltas) and the counties in it, then moves the whole
 * group with `citus_move_shard_placement` (Citus moves co-located shards together), timed, and checks
 * that the county's rows and every table's row count are the same after the move; `--back` moves it
 * back (timed too). `--mode` is Citus's shard_transfer_mode: `block_writes` (default: writes to that
 * shard group wait during the copy; needs no logical replication), `auto` / `force_logical` (writes go
 * on; needs wal_level = logical on the workers). Markdown on stdout, progress on stderr.
 */
import os from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";

const { values: args } = parseArgs({
  options: {
    "database-url": { type: "string", default: "postgres://postgres@127.0.0.1:9700/bench_citus" },
    county: { type: "string" },
    mode: { type: "string", default: "block_writes" },
    back: { type: "boolean", default: false },
  },
});
if (!["block_writes", "auto", "force_logical"].includes(args.mode))
  throw new Error("--mode must be block_writes, auto or force_logical");

const FAMILY = [
  "member",
  "member_history",
  "member_event",
  "member_attachment",
  "member_award",
  "member_correction_request",
  "member_status_request",
  "member_count_delta",
];

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

const load = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(" / ");

async function main(): Promise<void> {
  const client = new pg.Client({ connectionString: args["database-url"] });
  await client.connect();
  try {
    const countyId = args.county
      ? Number(args.county)
      : Number(
          (
            await client.query<{ county_id: number }>(
              "select county_id from member group by county_id order by count(*) desc limit 1",
            )
          ).rows[0]?.county_id,
        );
    const [county] = (
      await client.query<{ name: string }>("select name from organization where id = $1", [countyId])
    ).rows;
    const shard = async () =>
      (
        await client.query<{ shardid: string; nodename: string; nodeport: number }>(
          `select s.shardid, s.nodename, s.nodeport from citus_shards s
            where s.table_name = 'member'::regclass
              and s.shardid = get_shard_id_for_distribution_column('member', $1::int)`,
          [countyId],
        )
      ).rows[0];
    const before = await shard();
    if (!before) throw new Error(`no shard of member for county ${countyId}: is the database on Citus?`);
    const [target] = (
      await client.query<{ nodename: string; nodeport: number }>(
        `select nodename, nodeport from pg_dist_node
          where noderole = 'primary' and isactive and groupid > 0 and (nodename, nodeport) <> ($1::text, $2::int)
          order by nodeport limit 1`,
        [before.nodename, before.nodeport],
      )
    ).rows;
    if (!target) throw new Error("no other active worker to move to");
    const group = (
      await client.query<{ table_name: string; shardid: string; shard_size: string }>(
        `select s.table_name::text, s.shardid, s.shard_size
           from citus_shards s join pg_dist_shard d on d.shardid = s.shardid
          where s.colocation_id = (select colocation_id from citus_shards where shardid = $1 limit 1)
            and d.shardminvalue = (select shardminvalue from pg_dist_shard where shardid = $1)
          order by s.shard_size desc`,
        [before.shardid],
      )
    ).rows;
    const groupBytes = group.reduce((sum, row) => sum + Number(row.shard_size), 0);
    const counties = (
      await client.query<{ counties: number; members: number }>(
        `with c as materialized (select county_id, count(*) as n from member group by county_id)
         select count(*)::int as counties, coalesce(sum(n), 0)::int as members from c
          where get_shard_id_for_distribution_column('member', c.county_id) = $1::bigint`,
        [before.shardid],
      )
    ).rows[0];
    const counts = async (): Promise<string> => {
      const parts: string[] = [];
      for (const table of FAMILY) {
        const all = (await client.query(`select count(*)::int as n from ${table}`)).rows[0]?.n;
        const own = (
          await client.query(`select count(*)::int as n from ${table} where county_id = $1`, [countyId])
        ).rows[0]?.n;
        parts.push(`${table} ${own}/${all}`);
      }
      return parts.join(", ");
    };
    const countsBefore = await counts();
    log(
      `county ${county?.name} (${countyId}): shard ${before.shardid} on ${before.nodename}:${before.nodeport}`,
    );
    const move = async (
      from: { nodename: string; nodeport: number },
      to: { nodename: string; nodeport: number },
    ) => {
      const started = performance.now();
      await client.query(
        "select citus_move_shard_placement($1, $2, $3, $4, $5, $6::citus.shard_transfer_mode)",
        [before.shardid, from.nodename, from.nodeport, to.nodename, to.nodeport, args.mode],
      );
      return (performance.now() - started) / 1000;
    };
    const loadBefore = load();
    const seconds = await move(before, target);
    const after = await shard();
    const countsAfter = await counts();
    log(`moved to ${after?.nodename}:${after?.nodeport} in ${seconds.toFixed(1)} s`);
    let backSeconds: number | null = null;
    if (args.back) backSeconds = await move(target, before);
    const lines = [
      `Shard move (Citus ${(await client.query("select citus_version() as v")).rows[0]?.v.split(" ")[1] ?? ""}, mode ${args.mode}): county ${county?.name} (id ${countyId}); load average before ${loadBefore}, after ${load()}.`,
      "",
      "| what | value |",
      "|---|---|",
      `| shard group (co-located shards moved together) | ${group.length} shards, ${(groupBytes / 2 ** 20).toFixed(1)} MiB (${group
        .slice(0, 3)
        .map((row) => `${row.table_name} ${(Number(row.shard_size) / 2 ** 20).toFixed(1)} MiB`)
        .join(", ")}, …) |`,
      `| counties and members in the group | ${counties?.counties} counties, ${counties?.members} members |`,
      `| from → to | ${before.nodename}:${before.nodeport} → ${after?.nodename}:${after?.nodeport} |`,
      `| citus_move_shard_placement (s) | ${seconds.toFixed(1)} (${(groupBytes / 2 ** 20 / seconds).toFixed(1)} MiB/s) |`,
      ...(backSeconds === null ? [] : [`| and back (s) | ${backSeconds.toFixed(1)} |`]),
      `| rows (the county's / all) before = after | ${countsBefore === countsAfter ? "yes" : `NO: before ${countsBefore}; after ${countsAfter}`} |`,
      "",
      `Rows: ${countsAfter}.`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    await client.end();
  }
}

main().catch((error) => {
  log(String(error instanceof Error ? (error.stack ?? error.message) : error));
  process.exit(1);
});
