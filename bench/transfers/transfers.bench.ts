/**
 * Transfers and the graduation season at county-to-city scale (issue 11, "Measured").
 *
 *   npx tsx bench/transfers/transfers.bench.ts [--clients 8] [--transfers 10000] [--requests 200]
 *     [--seconds 60] [--today <this year>-09-10]
 *
 * The issue asks for the province data of bench/province: transfers-province.bench.ts runs on it; this
 * bench does NOT load it: it runs in a few minutes on the demo county grown by --transfers season
 * transfers (10,000 by default ≈ the graduates of a city's season), and says so in bench/RESULTS.md.
 *
 * On PostgreSQL (DATABASE_URL as an administrator connection, default
 * postgres://postgres@127.0.0.1:5432/postgres): a new database tuanwu_bench_transfer_<random>, migrated,
 * the demo seeded (`seedDemo`: 旺苍县, 20,000 members, its own graduation season). Then:
 * 1. --transfers graduates' transfers (学社衔接, season = this year) of active members of the county's
 *    village branches, each to a village branch of another township, started by --clients concurrent
 *    workers through the service `startTransfer` (the sending side: the branch step is skipped);
 * 2. the county's to-do list during the season: GET /todos?page=1&pageSize=20 and /todos/counts as
 *    demo-county with every transfer open, N sequential `app.inject` calls after warm-up (p95 < 50 ms);
 * 3. transitions per second: --clients workers take every transfer through its three remaining steps
 *    (approve_sending_committee → accept_receiving → approve_receiving_committee) through
 *    `applyTransferTransition` (row lock + version, work items, archive entry, audit; completion moves
 *    the member — counters by the triggers) (target ≥ 1,000/s);
 * 4. the season rates of the county: GET /organizations/{county}/indicators?ids=<the five rates> as
 *    demo-county, N sequential calls (p95 < 100 ms).
 * Prints Markdown on stdout, progress on stderr; drops the database.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../server/src/app";
import { type DatabaseHandle, openDatabase } from "../../server/src/db/database";
import { queryRows } from "../../server/src/db/sql-result";
import { todayInChina } from "../../server/src/lib/clock";
import { systemActor } from "../../server/src/modules/auth/system-actor";
import { seedDemo } from "../../server/src/modules/seed/demo-seed.service";
import { foldMemberCountDeltas } from "../../server/src/modules/stats/member-count.service";
import { applyTransferTransition, startTransfer } from "../../server/src/modules/transfers/transfers.service";
import { WorkflowRefusal } from "../../server/src/modules/workflow/workflow-errors";
import {
  failuresText,
  inParallel as inParallelWith,
  log,
  logIn as logInWith,
  ms,
  timeGets,
} from "./bench-support";

const { values: options } = parseArgs({
  options: {
    clients: { type: "string", default: "8" },
    transfers: { type: "string", default: "10000" },
    requests: { type: "string", default: "200" },
    seconds: { type: "string", default: "60" },
    today: { type: "string" },
  },
});
const CLIENTS = Number(options.clients);
const TRANSFERS = Number(options.transfers);
const REQUESTS = Number(options.requests);
/** The transitions stop after this many seconds (transfers not reached stay open). */
const SECONDS = Number(options.seconds);
const PASSWORD = "bench-password-1";
const ADMIN_URL = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const RATE_IDS = [
  "transfer_school_to_society_rate",
  "transfer_school_to_school_rate",
  "transfer_employer_rate",
  "transfer_on_time_share",
  "transfer_median_days",
];

async function withAdmin(run: (admin: DatabaseHandle) => Promise<void>): Promise<void> {
  const admin = await openDatabase({ databaseUrl: ADMIN_URL });
  try {
    await run(admin);
  } finally {
    await admin.close();
  }
}

const logIn = (app: FastifyInstance, username: string) => logInWith(app, username, PASSWORD);
const inParallel = <Item>(items: readonly Item[], work: (item: Item) => Promise<number>, seconds?: number) =>
  inParallelWith(CLIENTS, items, work, seconds);

async function main(): Promise<void> {
  const name = `tuanwu_bench_transfer_${randomBytes(5).toString("hex")}`;
  await withAdmin(async (admin) => {
    await admin.exec(`create database ${name}`);
  });
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  let handle: DatabaseHandle | undefined;
  let app: FastifyInstance | undefined;
  const lines: string[] = [];
  try {
    handle = await openDatabase({ databaseUrl });
    await handle.migrate();
    const [version] = await queryRows<{ version: string }>(handle.db, sql`select version() as version`);
    log("seeding the demo");
    const started = performance.now();
    await seedDemo(handle, systemActor("bench"), { password: PASSWORD });
    const seedSeconds = (performance.now() - started) / 1000;
    const [county] = await queryRows<{ id: number; path: string }>(
      handle.db,
      sql`select o.id, o.path from app_user u join user_role r on r.user_id = u.id
            join organization o on o.id = r.organization_id where u.username = 'demo-county'`,
    );
    if (!county) throw new Error("demo-county missing");
    // Active members of village branches, each paired with a village branch of another township.
    const pairs = await queryRows<{ member_id: number; to_id: number }>(
      handle.db,
      sql`with branches as (
            select b.id, split_part(b.path, '/', ${county.path.split("/").filter(Boolean).length + 2}) as township,
                   row_number() over (order by b.id) as n, count(*) over () as c
              from organization b
             where b.kind = 'branch' and b.sector = 'rural' and b.path like ${`${county.path}%`}
          ), members as (
            select m.id, m.organization_id, row_number() over (order by m.id) as n
              from member m join branches b on b.id = m.organization_id
             where m.status = 'active'
          )
          select m.id as member_id,
                 (select t.id from branches t, branches f
                   where f.id = m.organization_id and t.township <> f.township
                     and t.n = 1 + (m.n * 7919) % t.c limit 1) as to_id
            from members m order by m.id limit ${TRANSFERS * 2}`,
    );
    const work = pairs.filter((pair) => pair.to_id !== null).slice(0, TRANSFERS);
    // The services' clock: inside the graduation season (after the demo's reference date 2026-09-01,
    // before the 30 September approval deadline), so that no deadline warning is raised; --today.
    const today = options.today ?? `${todayInChina().slice(0, 4)}-09-10`;
    const seasonYear = Number(today.slice(0, 4));
    const actor = systemActor("bench");

    log(`starting ${work.length} transfers with ${CLIENTS} clients`);
    const transferIds: { id: number; version: number }[] = [];
    const db0 = handle.db;
    const starts = await inParallel(work, async (pair) => {
      const transfer = await startTransfer(
        db0,
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
      transferIds.push({ id: transfer.id, version: transfer.version });
      return 1;
    });
    await foldMemberCountDeltas(handle.db);
    await handle.db.execute(sql`vacuum analyze`);

    app = await buildApp({
      db: handle.db,
      config: { sessionHours: 1, cookieSecure: false, loginAttemptsPerMinute: 1000, webDist: false },
    });
    await app.ready();
    const cookie = await logIn(app, "demo-county");
    const [open] = await queryRows<{ count: number }>(
      handle.db,
      sql`select count(*)::int as count from work_item where closed_at is null`,
    );
    log("timing the county's to-do list");
    const todos = await timeGets(app, "/api/v1/todos?page=1&pageSize=20", cookie, REQUESTS);
    const todoTotal = (todos.body as { total: number }).total;
    const counts = await timeGets(app, "/api/v1/todos/counts", cookie, REQUESTS);

    log(`transitions by ${CLIENTS} clients`);
    const steps = ["approve_sending_committee", "accept_receiving", "approve_receiving_committee"] as const;
    const db = handle.db;
    const transitions = await inParallel(
      transferIds,
      async (transfer) => {
        let version = transfer.version;
        for (const action of steps) {
          try {
            version = (
              await applyTransferTransition(db, actor, transfer.id, { action, version, payload: {} }, today)
            ).version;
          } catch (error) {
            // The receiving committee acknowledges the season's warnings (422), as an approver would.
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
        }
        return steps.length;
      },
      SECONDS,
    );
    await foldMemberCountDeltas(handle.db);
    await handle.db.execute(sql`vacuum analyze`);
    const [completed] = await queryRows<{ count: number; moved: number }>(
      handle.db,
      sql`select count(*)::int as count,
                 count(*) filter (where m.organization_id = t.assigned_branch_id)::int as moved
            from member_transfer t join member m on m.id = t.member_id
           where t.completed_on is not null`,
    );

    log("timing the season rates");
    const rates = await timeGets(
      app,
      `/api/v1/organizations/${county.id}/indicators?ids=${RATE_IDS.join(",")}`,
      cookie,
      REQUESTS,
    );
    const rateValues = (rates.body as { items: { indicatorId: string; value: number | null }[] }).items
      .map((item) => `${item.indicatorId.replace("transfer_", "")} ${item.value}`)
      .join(", ");
    const [season] = await queryRows<{ count: number }>(
      handle.db,
      sql`select count(*)::int as count from member_transfer where season_year = ${seasonYear}`,
    );

    const transitionRate = transitions.ok / transitions.seconds;
    const startRate = starts.ok / starts.seconds;
    lines.push(
      `Machine: ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model ?? "?"}), load average ${os
        .loadavg()
        .map((value) => value.toFixed(1))
        .join(" ")} at the end; Node ${process.version}; ${version?.version.split(",")[0] ?? "?"}`,
      `Date: ${new Date().toISOString()}; demo seeded in ${seedSeconds.toFixed(1)} s; ${work.length} transfers started, ${season?.count} transfers of season ${seasonYear} in all (the demo's own included)`,
      "",
      "| measure | n | p50 (ms) | p95 (ms) | max (ms) | target |",
      "|---|---:|---:|---:|---:|---|",
      `| GET /todos?page=1&pageSize=20 as demo-county (${Number(open?.count)} open work items, ${todoTotal} actionable) | ${todos.timing.n} | ${ms(todos.timing.p50)} | ${ms(todos.timing.p95)} | ${ms(todos.timing.max)} | p95 < 50 ms: ${todos.timing.p95 < 50 ? "PASS" : "FAIL"} |`,
      `| GET /todos/counts as demo-county | ${counts.timing.n} | ${ms(counts.timing.p50)} | ${ms(counts.timing.p95)} | ${ms(counts.timing.max)} | (menu badge) |`,
      `| GET /organizations/{county}/indicators?ids=<5 season rates> (${rateValues}) | ${rates.timing.n} | ${ms(rates.timing.p50)} | ${ms(rates.timing.p95)} | ${ms(rates.timing.max)} | p95 < 100 ms: ${rates.timing.p95 < 100 ? "PASS" : "FAIL"} |`,
      "",
      `Starts (startTransfer, ${CLIENTS} clients): ${starts.ok} in ${starts.seconds.toFixed(1)} s = ${startRate.toFixed(0)}/s; refused: ${failuresText(starts.failures)}.`,
      `Transitions (applyTransferTransition, ${CLIENTS} clients, 3 steps per transfer): ${transitions.ok} in ${transitions.seconds.toFixed(1)} s = **${transitionRate.toFixed(0)}/s** (target ≥ 1,000/s: ${transitionRate >= 1000 ? "PASS" : "FAIL"}); refused: ${failuresText(transitions.failures)}. Afterwards ${completed?.count} completed, ${completed?.moved} members in their new branch.`,
    );
  } finally {
    await app?.close();
    await handle?.close();
    await withAdmin(async (admin) => {
      await admin.exec(`drop database if exists ${name} with (force)`);
    });
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

await main();
