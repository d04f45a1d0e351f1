/**
 * Statements per transfer transition (issue 11, "Measured"): which SQL one step sends, and how long a
 * step takes with one client. A profiling aid for the engine (server/src/modules/workflow), not a
 * benchmark of record.
 *
 *   npx tsx bench/transfers/transfer-profile.ts [--database-url URL] [--transfers 200] [--print]
 *
 * On the database at --database-url (default postgres://postgres@127.0.0.1:5432/bench_t3_small;
 * created, migrated and seeded with the demo when it has no demo-county yet; kept afterwards so that
 * repeated runs skip the seed): starts --transfers season transfers of active village members to a
 * village branch of another township (startTransfer, one client), then takes each through its three
 * remaining steps (applyTransferTransition, one client), counting the statements sent per step
 * (BEGIN/COMMIT and the page read after the step included) and timing them. --print writes the SQL of
 * the first transfer's start and steps to stderr. --today (default <this year>-08-20, inside the
 * graduation season) is the services' clock. Node CPU per step: process.cpuUsage (user + system).
 * Markdown on stdout.
 */
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import pg from "pg";
import { openDatabase } from "../../server/src/db/database";
import { queryRows } from "../../server/src/db/sql-result";
import { todayInChina } from "../../server/src/lib/clock";
import { systemActor } from "../../server/src/modules/auth/system-actor";
import { seedDemo } from "../../server/src/modules/seed/demo-seed.service";
import { applyTransferTransition, startTransfer } from "../../server/src/modules/transfers/transfers.service";
import { WorkflowRefusal } from "../../server/src/modules/workflow/workflow-errors";

const { values: options } = parseArgs({
  options: {
    "database-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/bench_t3_small" },
    transfers: { type: "string", default: "200" },
    today: { type: "string" },
    print: { type: "boolean", default: false },
  },
});
const databaseUrl = options["database-url"] ?? "";
const TRANSFERS = Number(options.transfers);

/** Every statement sent on any pg connection while `recording` is set. */
const recorded: string[] = [];
let recording = false;
const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
const original = prototype.query;
prototype.query = function query(this: unknown, ...args: unknown[]) {
  if (recording) {
    const first = args[0] as string | { text?: string };
    recorded.push(typeof first === "string" ? first : (first?.text ?? "?"));
  }
  return original.apply(this, args);
};

function take(label: string, print: boolean): number {
  const count = recorded.length;
  if (print) {
    process.stderr.write(`--- ${label}: ${count} statements\n`);
    for (const text of recorded) process.stderr.write(`  ${text.replace(/\s+/g, " ").slice(0, 220)}\n`);
  }
  recorded.length = 0;
  return count;
}

async function ensureDatabase(): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  const exists = await admin.query("select 1 from pg_database where datname = $1", [name]);
  if (exists.rowCount === 0) await admin.query(`create database ${name}`);
  await admin.end();
}

async function main(): Promise<void> {
  await ensureDatabase();
  const handle = await openDatabase({ databaseUrl });
  try {
    await handle.migrate();
    const actor = systemActor("bench");
    await seedDemo(handle, actor, { password: "bench-password-1" });
    const db = handle.db;
    const [county] = await queryRows<{ path: string }>(
      db,
      sql`select o.path from app_user u join user_role r on r.user_id = u.id
            join organization o on o.id = r.organization_id where u.username = 'demo-county'`,
    );
    if (!county) throw new Error("demo-county missing");
    // Inside the graduation season by default (no deadline warnings), as in bench/transfers; members
    // moved by an earlier run on a later date are left out (their history cannot go back).
    const today = options.today ?? `${todayInChina().slice(0, 4)}-08-20`;
    const depth = county.path.split("/").filter(Boolean).length + 2;
    const pairs = await queryRows<{ member_id: number; to_id: number }>(
      db,
      sql`with branches as (
            select b.id, split_part(b.path, '/', ${depth}) as township,
                   row_number() over (order by b.id) as n, count(*) over () as c
              from organization b
             where b.kind = 'branch' and b.sector = 'rural' and b.path like ${`${county.path}%`}
          ), members as (
            select m.id, m.organization_id, row_number() over (order by m.id) as n
              from member m join branches b on b.id = m.organization_id
             where m.status = 'active'
               and not exists (select 1 from member_history h
                                where h.member_id = m.id and h.valid_from > ${today}::date)
          )
          select m.id as member_id,
                 (select t.id from branches t, branches f
                   where f.id = m.organization_id and t.township <> f.township
                     and t.n = 1 + (m.n * 7919) % t.c limit 1) as to_id
            from members m order by m.id limit ${TRANSFERS * 20}`,
    );
    const work = pairs.filter((pair) => pair.to_id !== null).slice(0, TRANSFERS);
    const seasonYear = Number(today.slice(0, 4));
    const steps = ["approve_sending_committee", "accept_receiving", "approve_receiving_committee"] as const;
    const counts = new Map<string, number[]>();
    const times = new Map<string, number[]>();
    const cpu = new Map<string, number[]>();
    let cpuStart = process.cpuUsage();
    const note = (label: string, count: number, elapsed: number) => {
      const used = process.cpuUsage(cpuStart);
      cpuStart = process.cpuUsage();
      counts.set(label, [...(counts.get(label) ?? []), count]);
      times.set(label, [...(times.get(label) ?? []), elapsed]);
      cpu.set(label, [...(cpu.get(label) ?? []), (used.user + used.system) / 1000]);
    };
    let first = true;
    for (const pair of work) {
      recording = true;
      cpuStart = process.cpuUsage();
      let begun = performance.now();
      const transfer = await startTransfer(
        db,
        actor,
        {
          memberId: Number(pair.member_id),
          toOrganizationId: Number(pair.to_id),
          reason: "moved_residence",
          kind: "school_to_society",
          startedOn: today,
        },
        today,
        { seasonYear, destination: "unplaced", initiator: "sending" },
      );
      note("start", take("start", first && (options.print ?? false)), performance.now() - begun);
      let version = transfer.version;
      for (const action of steps) {
        begun = performance.now();
        cpuStart = process.cpuUsage();
        try {
          version = (
            await applyTransferTransition(db, actor, transfer.id, { action, version, payload: {} }, today)
          ).version;
        } catch (error) {
          if (!(error instanceof WorkflowRefusal) || error.status !== 422 || error.warnings.length === 0)
            throw error;
          const acknowledgedWarnings = error.warnings.map((warning) => warning.code);
          version = (
            await applyTransferTransition(
              db,
              actor,
              transfer.id,
              { action, version, payload: { acknowledgedWarnings } },
              today,
            )
          ).version;
        }
        note(action, take(action, first && (options.print ?? false)), performance.now() - begun);
      }
      recording = false;
      first = false;
    }
    const lines = [
      `${work.length} transfers, one client, ${new Date().toISOString()}`,
      "",
      "| step | statements (mean) | ms p50 | ms mean | Node CPU ms (mean) |",
      "|---|---:|---:|---:|---:|",
    ];
    for (const [label, list] of counts) {
      const sorted = [...(times.get(label) ?? [])].sort((a, b) => a - b);
      const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
      const cpuList = cpu.get(label) ?? [];
      const cpuMean = cpuList.reduce((sum, value) => sum + value, 0) / Math.max(1, cpuList.length);
      lines.push(
        `| ${label} | ${(list.reduce((sum, value) => sum + value, 0) / list.length).toFixed(1)} | ${(sorted[Math.floor(sorted.length / 2)] ?? 0).toFixed(2)} | ${mean.toFixed(2)} | ${cpuMean.toFixed(2)} |`,
      );
    }
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    await handle.close();
  }
}

await main();
