/**
 * Transfers and the graduation season on the province of bench/province (issue 11, "Measured").
 *
 *   npx tsx bench/transfers/transfers-province.bench.ts --database-url postgres://…/tuanwu_bench_province
 *     [--transfers 100000] [--clients 8] [--seconds 60] [--requests 200] [--year 2026] [--today 2026-09-10] [--per-county 553]
 *
 * Runs on a database loaded by `npm run bench:province` (河南省: 291,544 organizations, 5,000,000
 * members); refuses one with fewer than 100,000 organizations. It writes into it (transfers, steps,
 * work items, archive and audit rows; members move) and does not drop it: each run takes classes not
 * taken before (their graduation date still unset). `jit` is set off for the database first (see
 * bench/README.md, the capture trigger). Then:
 * 1. graduating classes: senior and junior year-3 class branches (secondary_school, “…三（n）班团支部”),
 *    taken whole, county after county (counties and classes ordered by md5 of the id), at most
 *    --per-county graduates a county (default 553 = 100,000 / 181 counties: each county taken holds
 *    its share of a whole province's season, so its to-do list is the season's), until --transfers; their
 *    graduation date set to <year>-07-01 (one UPDATE, the organization capture trigger off around it);
 *    every active graduate is routed “unplaced” to a village branch (rural) of the class's own county —
 *    学社衔接, home to the residence village;
 * 2. the starts: one class batch per class (`startClassBatch`: all or none, one transaction, the
 *    sending branch's step taken) by --clients workers — graduates started per second;
 * 3. a county's to-do list during the season: the county holding the most of these transfers, as a
 *    county administrator (`bench-county-<id>`, org_admin, created when missing): GET /todos?page=1&
 *    pageSize=20 and /todos/counts, --requests sequential `app.inject` calls after warm-up (p95 < 50 ms);
 * 4. the season rates of the province: GET /organizations/{province}/indicators?ids=<five season rates>
 *    as `bench-admin`, --requests calls (p95 < 100 ms), with every transfer open;
 * 5. transitions: --clients workers take transfers through their three remaining steps
 *    (approve_sending_committee → accept_receiving → approve_receiving_committee) through
 *    `applyTransferTransition` for --seconds — transitions per second (target ≥ 1,000/s) and
 *    statements per transition (every pg statement, BEGIN/COMMIT and the page read after each step);
 * 6. the to-do list and the rates again after the transitions.
 * The services' clock is --today (default <year>-09-10: after the demo's reference date 2026-09-01,
 * which the province's member histories start from, and before the season's 30 September approval
 * deadline, so no deadline warnings). Markdown on stdout, progress on stderr.
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { buildApp } from "../../server/src/app";
import { type DatabaseHandle, openDatabase } from "../../server/src/db/database";
import { queryRows } from "../../server/src/db/sql-result";
import { systemActor } from "../../server/src/modules/auth/system-actor";
import { foldMemberCountDeltas } from "../../server/src/modules/stats/member-count.service";
import { startClassBatch } from "../../server/src/modules/transfer-season/transfer-batch.service";
import { applyTransferTransition } from "../../server/src/modules/transfers/transfers.service";
import { createUser } from "../../server/src/modules/users/user.service";
import { WorkflowRefusal } from "../../server/src/modules/workflow/workflow-errors";
import {
  countStatements,
  failuresText,
  inParallel,
  log,
  logIn,
  ms,
  type Timing,
  timeGets,
} from "./bench-support";

const { values: options } = parseArgs({
  options: {
    "database-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/tuanwu_bench_province" },
    transfers: { type: "string", default: "100000" },
    clients: { type: "string", default: "8" },
    seconds: { type: "string", default: "60" },
    requests: { type: "string", default: "200" },
    year: { type: "string", default: "2026" },
    today: { type: "string" },
    password: { type: "string", default: "bench-password-1" },
    "per-county": { type: "string", default: "553" },
  },
});
const DATABASE_URL = options["database-url"] ?? "";
const TRANSFERS = Number(options.transfers);
const CLIENTS = Number(options.clients);
const SECONDS = Number(options.seconds);
const REQUESTS = Number(options.requests);
const YEAR = Number(options.year);
const TODAY = options.today ?? `${YEAR}-09-10`;
const PASSWORD = options.password ?? "bench-password-1";
/** Graduates per county at most: a whole season's share (100,000 over 河南's 181 counties) by default. */
const PER_COUNTY = Number(options["per-county"]);
const RATE_IDS = [
  "transfer_school_to_society_rate",
  "transfer_school_to_school_rate",
  "transfer_employer_rate",
  "transfer_on_time_share",
  "transfer_median_days",
];
const STEPS = ["approve_sending_committee", "accept_receiving", "approve_receiving_committee"] as const;

interface Graduate {
  class_id: number;
  member_id: number;
  to_id: number;
  county_id: number;
}

/** jit off for the benchmark database (new connections), as bench/README.md asks for the province. */
async function setJitOff(): Promise<void> {
  const url = new URL(DATABASE_URL);
  const name = url.pathname.slice(1);
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(`alter database ${name} set jit = off`);
  } finally {
    await client.end();
  }
}

/** Whole year-3 classes not taken before, spread over the province, until `count` graduates. */
async function pickGraduates(handle: DatabaseHandle, count: number): Promise<Graduate[]> {
  return queryRows<Graduate>(
    handle.db,
    sql`with classes as (
          select o.id, split_part(o.path, '/', 3)::int as county_id
            from organization o
           where o.kind = 'branch' and o.sector = 'secondary_school' and o.name like '%三（%'
             and o.graduates_on is null
             and not exists (select 1 from member m where m.organization_id = o.id and m.status = 'transferring')
        ), sized as (
          select c.id, c.county_id, count(m.id) as size,
                 sum(count(m.id)) over (partition by c.county_id order by md5(c.id::text)) as in_county
            from classes c join member m on m.organization_id = c.id and m.status = 'active'
           group by c.id, c.county_id
        ), capped as (
          select id, county_id, size,
                 sum(size) over (order by md5(county_id::text), md5(id::text)) as running
            from sized where in_county - size < ${PER_COUNTY}
        ), taken as (
          select id, county_id from capped where running - size < ${count}
        ), villages as (
          select b.id, split_part(b.path, '/', 3)::int as county_id,
                 row_number() over (partition by split_part(b.path, '/', 3) order by b.id) as n,
                 count(*) over (partition by split_part(b.path, '/', 3)) as c
            from organization b where b.kind = 'branch' and b.sector = 'rural'
        )
        select t.id as class_id, m.id as member_id, t.county_id, v.id as to_id
          from taken t
          join member m on m.organization_id = t.id and m.status = 'active'
          join villages v on v.county_id = t.county_id and v.n = 1 + (m.id * 7919) % v.c
         order by t.id, m.id`,
  );
}

function row(label: string, timing: Timing, target: string): string {
  return `| ${label} | ${timing.n} | ${ms(timing.p50)} | ${ms(timing.p95)} | ${ms(timing.max)} | ${target} |`;
}

async function main(): Promise<void> {
  await setJitOff();
  const handle = await openDatabase({ databaseUrl: DATABASE_URL });
  let app: FastifyInstance | undefined;
  const lines: string[] = [];
  const loadAtStart = os.loadavg();
  try {
    await handle.migrate();
    const [size] = await queryRows<{ organizations: number; members: number; root: number }>(
      handle.db,
      sql`select (select count(*) from organization)::int as organizations,
                 (select reltuples from pg_class where relname = 'member')::bigint as members,
                 (select id from organization where parent_id is null order by id limit 1) as root`,
    );
    if (!size || size.organizations < 100_000) {
      throw new Error(
        `${DATABASE_URL} holds ${size?.organizations ?? 0} organizations: load the province first`,
      );
    }
    const [version] = await queryRows<{ version: string }>(handle.db, sql`select version() as version`);
    const actor = systemActor("bench");

    log(`picking classes for ${TRANSFERS} graduates`);
    const graduates = await pickGraduates(handle, TRANSFERS);
    const classes = new Map<number, Graduate[]>();
    for (const graduate of graduates) {
      const list = classes.get(graduate.class_id) ?? [];
      list.push(graduate);
      classes.set(graduate.class_id, list);
    }
    const classIds = [...classes.keys()];
    const byCounty = new Map<number, number>();
    for (const graduate of graduates)
      byCounty.set(graduate.county_id, (byCounty.get(graduate.county_id) ?? 0) + 1);
    const [countyId, countyTransfers] = [...byCounty].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
    log(
      `${graduates.length} graduates in ${classIds.length} classes of ${byCounty.size} counties; setting graduation dates`,
    );
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`alter table organization disable trigger organization_count_capture_update`);
      await tx.execute(
        sql`update organization set graduates_on = ${`${YEAR}-07-01`}::date
             where id in (select unnest(${`{${classIds.join(",")}}`}::int[]))`,
      );
      await tx.execute(sql`alter table organization enable trigger organization_count_capture_update`);
    });

    log(`starting ${classIds.length} class batches with ${CLIENTS} clients`);
    const started: { id: number; version: number }[] = [];
    const starts = await inParallel(CLIENTS, classIds, async (classId) => {
      const rows = (classes.get(classId) ?? []).map((graduate) => ({
        memberId: Number(graduate.member_id),
        destination: "unplaced" as const,
        residenceOrganizationId: Number(graduate.to_id),
      }));
      const batch = await startClassBatch(handle.db, actor, classId, { startedOn: TODAY, rows }, TODAY);
      for (const transfer of batch.transfers) started.push({ id: transfer.transferId, version: 1 });
      return rows.length;
    });
    log(`started ${started.length} in ${starts.seconds.toFixed(1)} s; folding and analyzing`);
    await foldMemberCountDeltas(handle.db);
    await handle.db.execute(
      sql`analyze workflow_instance, workflow_step, work_item, member_transfer, member, member_history, member_event, audit_log`,
    );

    const [county] = await queryRows<{ name: string }>(
      handle.db,
      sql`select name from organization where id = ${countyId}`,
    );
    const countyUser = `bench-county-${countyId}`;
    const [existing] = await queryRows<{ id: number }>(
      handle.db,
      sql`select id from app_user where username = ${countyUser}`,
    );
    if (!existing) {
      await createUser(handle.db, actor, {
        username: countyUser,
        displayName: `基准测试 ${county?.name ?? countyId}`,
        password: PASSWORD,
        role: "org_admin",
        organizationId: countyId,
      });
    }
    app = await buildApp({
      db: handle.db,
      config: { sessionHours: 1, cookieSecure: false, loginAttemptsPerMinute: 1000, webDist: false },
    });
    await app.ready();
    const countyCookie = await logIn(app, countyUser, PASSWORD);
    const adminCookie = await logIn(app, "bench-admin", PASSWORD);
    const ratesUrl = `/api/v1/organizations/${size.root}/indicators?ids=${RATE_IDS.join(",")}`;
    const openItems = async () =>
      (
        await queryRows<{ open: number; county: number }>(
          handle.db,
          sql`select count(*)::int as open,
                     count(*) filter (where organization_path like (select path from organization where id = ${countyId}) || '%')::int as county
                from work_item where closed_at is null`,
        )
      )[0];
    const before = await openItems();
    log("timing the county's to-do list and the province's season rates (season open)");
    const todos = await timeGets(app, "/api/v1/todos?page=1&pageSize=20", countyCookie, REQUESTS);
    const counts = await timeGets(app, "/api/v1/todos/counts", countyCookie, REQUESTS);
    const rates = await timeGets(app, ratesUrl, adminCookie, REQUESTS);

    log(`transitions by ${CLIENTS} clients for ${SECONDS} s`);
    const statements = countStatements();
    const cpuBefore = process.cpuUsage();
    const transitions = await inParallel(
      CLIENTS,
      started,
      async (transfer) => {
        let version = transfer.version;
        for (const action of STEPS) {
          try {
            version = (
              await applyTransferTransition(
                handle.db,
                actor,
                transfer.id,
                { action, version, payload: {} },
                TODAY,
              )
            ).version;
          } catch (error) {
            // Warnings (none inside the season) are acknowledged, as an approver would.
            if (!(error instanceof WorkflowRefusal) || error.status !== 422 || error.warnings.length === 0)
              throw error;
            const acknowledgedWarnings = error.warnings.map((warning) => warning.code);
            version = (
              await applyTransferTransition(
                handle.db,
                actor,
                transfer.id,
                { action, version, payload: { acknowledgedWarnings } },
                TODAY,
              )
            ).version;
          }
        }
        return STEPS.length;
      },
      SECONDS,
    );
    const cpu = process.cpuUsage(cpuBefore);
    const statementCount = statements.stop();
    await foldMemberCountDeltas(handle.db);
    await handle.db.execute(sql`analyze work_item, member_transfer, workflow_instance`);
    const after = await openItems();
    log("timing again after the transitions");
    const todosAfter = await timeGets(app, "/api/v1/todos?page=1&pageSize=20", countyCookie, REQUESTS);
    const ratesAfter = await timeGets(app, ratesUrl, adminCookie, REQUESTS);
    const rateValues = (ratesAfter.body as { items: { indicatorId: string; value: number | null }[] }).items
      .map((item) => `${item.indicatorId.replace("transfer_", "")} ${item.value}`)
      .join(", ");
    const [moved] = await queryRows<{ completed: number; moved: number }>(
      handle.db,
      sql`select count(*)::int as completed,
                 count(*) filter (where m.organization_id = t.assigned_branch_id)::int as moved
            from member_transfer t join member m on m.id = t.member_id
           where t.completed_on is not null and t.season_year = ${YEAR}`,
    );

    const rate = transitions.ok / transitions.seconds;
    const perTransition = statementCount / Math.max(1, transitions.ok);
    const cpuPerTransition = (cpu.user + cpu.system) / 1000 / Math.max(1, transitions.ok);
    lines.push(
      `Machine: ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model ?? "?"}), load average ${loadAtStart
        .map((value) => value.toFixed(1))
        .join(" ")} at the start, ${os
        .loadavg()
        .map((value) => value.toFixed(1))
        .join(" ")} at the end; Node ${process.version}; ${version?.version.split(",")[0] ?? "?"}`,
      `Date: ${new Date().toISOString()}; database ${new URL(DATABASE_URL).pathname.slice(1)}: ${size.organizations} organizations, ~${size.members} members; services' clock ${TODAY}`,
      `Graduates: ${graduates.length} (asked ${TRANSFERS}) in ${classIds.length} year-3 classes of ${byCounty.size} counties; the to-do county ${county?.name ?? countyId} holds ${countyTransfers}.`,
      "",
      "| measure | n | p50 (ms) | p95 (ms) | max (ms) | target |",
      "|---|---:|---:|---:|---:|---|",
      row(
        `GET /todos?page=1&pageSize=20 as ${countyUser} (${before?.county} open items in the county, ${before?.open} in the province)`,
        todos.timing,
        `p95 < 50 ms: ${todos.timing.p95 < 50 ? "PASS" : "FAIL"}`,
      ),
      row(`GET /todos/counts as ${countyUser}`, counts.timing, "(menu badge)"),
      row(
        "GET /organizations/{province}/indicators?ids=<5 season rates>, season open",
        rates.timing,
        `p95 < 100 ms: ${rates.timing.p95 < 100 ? "PASS" : "FAIL"}`,
      ),
      row(
        `GET /todos?page=1&pageSize=20 after the transitions (${after?.county} open in the county)`,
        todosAfter.timing,
        `p95 < 50 ms: ${todosAfter.timing.p95 < 50 ? "PASS" : "FAIL"}`,
      ),
      row(
        `GET /organizations/{province}/indicators after the transitions (${rateValues})`,
        ratesAfter.timing,
        `p95 < 100 ms: ${ratesAfter.timing.p95 < 100 ? "PASS" : "FAIL"}`,
      ),
      row(`one transition (${CLIENTS} clients; latency)`, transitions.timing, "—"),
      "",
      `Starts (startClassBatch, one class a batch, ${CLIENTS} clients): ${starts.ok} graduates in ${starts.seconds.toFixed(1)} s = ${(starts.ok / starts.seconds).toFixed(0)}/s; refused: ${failuresText(starts.failures)}.`,
      `Transitions (applyTransferTransition, ${CLIENTS} clients, 3 steps per transfer, ${SECONDS} s): ${transitions.ok} in ${transitions.seconds.toFixed(1)} s = **${rate.toFixed(0)}/s** (target ≥ 1,000/s: ${rate >= 1000 ? "PASS" : "FAIL"}); refused: ${failuresText(transitions.failures)}; ${perTransition.toFixed(1)} statements per transition (BEGIN/COMMIT and the page read after each step included); Node CPU ${cpuPerTransition.toFixed(1)} ms per transition (process.cpuUsage). Afterwards ${moved?.completed} season transfers completed, ${moved?.moved} members in their new branch.`,
    );
  } finally {
    await app?.close();
    await handle.close();
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

await main();
