/**
 * Where a status change's database CPU goes (issue 19 part 5): each statement of the immediate path
 * (POST /members/{id}/status-requests, active ↔ flowing) run alone, one after the other on one
 * connection, and the CPU of every PostgreSQL process of the database per operation, per server (on a
 * Citus cluster the coordinator's and each worker's share: bench/province/province-cpu.ts), beside the
 * Node process's. Parts:
 *   session   the request's session read (auth.repository findLiveSessionUser, an unknown token)
 *   locator   the member's county (db/county.ts countyOfMember: county_locator by id)
 *   change    the whole service call requestStatusChange (the locator read, then the guarded write)
 *   fold      foldMemberCountDeltas after every --batch changes, per change folded
 *
 *   npx tsx bench/status-cost.bench.ts --database-url URL [--operations 300] [--batch 200]
 *     [--spread counties|last] [--parts session,locator,change,fold] [--servers REGEX]
 *
 * `--spread counties`: the members changed are drawn from every county (as a province's real load
 * is); `last`: the highest member ids, as bench/http.bench.ts's `writes` takes them (a county or two
 * at the scales loaded here). Members left flowing are set back to active. Markdown on stdout.
 */
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { countyOfMember } from "../server/src/db/county";
import { openDatabase } from "../server/src/db/database";
import { queryRows } from "../server/src/db/sql-result";
import { todayInChina } from "../server/src/lib/clock";
import { findLiveSessionUser } from "../server/src/modules/auth/auth.repository";
import { systemActor } from "../server/src/modules/auth/system-actor";
import { requestStatusChange } from "../server/src/modules/member-status/member-status.service";
import { foldMemberCountDeltas } from "../server/src/modules/stats/member-count.service";
import { DatabaseCpuSampler } from "./province/province-cpu";

const { values: args } = parseArgs({
  options: {
    "database-url": { type: "string" },
    operations: { type: "string", default: "300" },
    batch: { type: "string", default: "200" },
    spread: { type: "string", default: "counties" },
    parts: { type: "string", default: "session,locator,change,fold" },
    servers: { type: "string" },
  },
});
if (!args["database-url"]) throw new Error("--database-url is required");
const DATABASE_NAME = new URL(args["database-url"]).pathname.slice(1);
const OPERATIONS = Number(args.operations);
const PARTS = new Set(args.parts.split(","));
/** The servers counted (process titles' cluster names): by default the one on the URL's port's side. */
const SERVERS = new RegExp(
  args.servers ?? (new URL(args["database-url"]).port === "5432" ? "main$" : "citus"),
);

interface Cost {
  node: number;
  byServer: Map<string, number>;
  wallMs: number;
}

async function measure(run: () => Promise<void>): Promise<Cost> {
  const sampler = new DatabaseCpuSampler(DATABASE_NAME, 200).start();
  const node = process.cpuUsage();
  const started = performance.now();
  await run();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(node);
  sampler.stop();
  return { node: (used.user + used.system) / 1000, byServer: sampler.secondsByServer(), wallMs };
}

function row(label: string, cost: Cost, operations: number): string {
  const servers = [...cost.byServer]
    .filter(([server]) => SERVERS.test(server))
    .sort(([a], [b]) => a.localeCompare(b));
  const total = servers.reduce((sum, [, seconds]) => sum + seconds, 0);
  const each = servers.map(([server, seconds]) => `${server} ${((seconds * 1000) / operations).toFixed(2)}`);
  return `| ${label} | ${operations} | ${(cost.wallMs / operations).toFixed(2)} | ${(cost.node / operations).toFixed(2)} | ${((total * 1000) / operations).toFixed(2)} | ${each.join(", ")} |`;
}

async function main() {
  const handle = await openDatabase({ databaseUrl: args["database-url"] });
  const { db } = handle;
  const actor = systemActor("bench");
  const today = todayInChina();
  const ids = (
    await queryRows<{ id: number }>(
      db,
      args.spread === "last"
        ? sql`select id from member where status = 'active' order by id desc limit ${OPERATIONS}`
        : sql`select distinct on (county_id) id from member where status = 'active'
               order by county_id, id desc limit ${OPERATIONS}`,
    )
  ).map((item) => Number(item.id));
  // Fewer counties than operations: take more members of each county, round robin.
  while (ids.length < OPERATIONS && args.spread !== "last") {
    const more = (
      await queryRows<{ id: number }>(
        db,
        sql`select id from member where status = 'active' and not (id = any(${`{${ids.join(",")}}`}::bigint[]))
             order by random() limit ${OPERATIONS - ids.length}`,
      )
    ).map((item) => Number(item.id));
    if (more.length === 0) break;
    ids.push(...more);
  }
  const counties = await queryRows<{ n: number }>(
    db,
    sql`select count(distinct county_id)::int as n from member where id = any(${`{${ids.join(",")}}`}::bigint[])`,
  );
  const lines = [
    `Database ${DATABASE_NAME}; ${ids.length} members in ${counties[0]?.n} counties (--spread ${args.spread}); one connection at a time, sequential.`,
    "",
    "| part | operations | wall ms each | Node CPU ms each | PostgreSQL CPU ms each | per server |",
    "|---|---:|---:|---:|---:|---|",
  ];
  const print = (line: string) => {
    lines.push(line);
    process.stderr.write(`${line}\n`);
  };
  await foldMemberCountDeltas(db);
  // Warm every connection's prepared statements and caches.
  for (const id of ids.slice(0, 20)) await countyOfMember(db, id);
  if (PARTS.has("session")) {
    const now = new Date();
    const cost = await measure(async () => {
      for (let index = 0; index < ids.length; index += 1)
        await findLiveSessionUser(db, `no-such-token-${index}`, now);
    });
    print(row("session read", cost, ids.length));
  }
  if (PARTS.has("locator")) {
    const cost = await measure(async () => {
      for (const id of ids) await countyOfMember(db, id);
    });
    print(row("county of the member (county_locator)", cost, ids.length));
  }
  if (PARTS.has("change")) {
    const change = (toStatus: "flowing" | "active") =>
      measure(async () => {
        for (const id of ids)
          await requestStatusChange(
            db,
            actor,
            id,
            { toStatus, reason: "基准测试 benchmark", effectiveOn: today },
            today,
          );
      });
    const batch = Number(args.batch);
    const toFlowing = await change("flowing");
    print(row("requestStatusChange active → flowing (whole service call)", toFlowing, ids.length));
    if (PARTS.has("fold")) {
      // The deltas of `batch` changes at a time, as a fold every second sees them at ≈ `batch`/s.
      const back = await measure(async () => {
        for (let start = 0; start < ids.length; start += batch) {
          for (const id of ids.slice(start, start + batch))
            await requestStatusChange(
              db,
              actor,
              id,
              { toStatus: "active", reason: "基准测试 benchmark", effectiveOn: today },
              today,
            );
        }
      });
      print(row("requestStatusChange flowing → active (whole service call)", back, ids.length));
      // Fold separately: redo the round trip in batches, folding after each batch.
      let folded = 0;
      let foldCost: Cost = { node: 0, byServer: new Map(), wallMs: 0 };
      await foldMemberCountDeltas(db);
      for (let start = 0; start < ids.length; start += batch) {
        const slice = ids.slice(start, start + batch);
        for (const toStatus of ["flowing", "active"] as const)
          for (const id of slice)
            await requestStatusChange(
              db,
              actor,
              id,
              { toStatus, reason: "基准测试 benchmark", effectiveOn: today },
              today,
            );
        const cost = await measure(async () => {
          await foldMemberCountDeltas(db);
        });
        folded += slice.length * 2;
        foldCost = {
          node: foldCost.node + cost.node,
          wallMs: foldCost.wallMs + cost.wallMs,
          byServer: new Map(
            [...new Set([...foldCost.byServer.keys(), ...cost.byServer.keys()])].map((server) => [
              server,
              (foldCost.byServer.get(server) ?? 0) + (cost.byServer.get(server) ?? 0),
            ]),
          ),
        };
      }
      print(row(`fold after every ${batch * 2} changes, per change folded`, foldCost, folded));
    } else {
      print(row("requestStatusChange flowing → active", await change("active"), ids.length));
    }
  }
  await handle.close();
  process.stdout.write(`${lines.join("\n")}\n`);
}

await main();
