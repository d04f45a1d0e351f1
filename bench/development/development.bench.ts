/**
 * Member development at county scale (issue 10, "Measured").
 *
 *   npx tsx bench/development/development.bench.ts [--clients 8] [--members 60000] [--open-items 10000]
 *     [--seconds 20] [--requests 200] [--sql-seconds 10]
 *
 * On PostgreSQL (DATABASE_URL as an administrator connection, default
 * postgres://postgres@127.0.0.1:5432/postgres): a new database tuanwu_bench_dev_<random>, migrated,
 * the demo seeded (`seedDemo`: 旺苍县, 20,000 members, its schools' 在校学生数 and 青年人口 entered),
 * then copies of its members in the same branches up to --members (new citizen IDs, no member number;
 * counted by the counter triggers, then folded). Then:
 * 1. 团学比/团青比 for every school of the county: GET /organizations/{county}/league-ratios, N
 *    sequential `app.inject` calls as demo-county after warm-up (target p95 < 200 ms);
 * 2. --open-items applications voted by their village branches (state branch_voted, each with its
 *    open work item awaiting the county committee), written straight into the tables as
 *    development.test-support's insertVotedApplication does; the county committee's to-do inbox
 *    GET /todos?page=1&pageSize=20 and GET /todos/counts, N sequential calls (target p95 < 50 ms);
 * 3. approvals with number issuance: --clients concurrent workers call the engine's service
 *    `transitionApplication` (approve_admission: row lock + version, guards and ratio facts, the quota
 *    draw `used + 1` on ONE county quota row — the worst case — the member number from
 *    member_number_sequence, the step, the work items, the audit) over the voted applications for
 *    --seconds or until none is left; approvals per second and latency; afterwards the numbers are
 *    checked distinct and equal to the quota's `used` (target ≥ 300/s);
 * 4. for comparison, the quota draw + number issuance SQL alone (one transaction each) by the same
 *    number of clients on their own connections for --sql-seconds.
 * The approvals run with "today" = 2027-03-01 and a 2027 county quota, so the demo's own quotas of the
 * current year are not touched. Prints Markdown on stdout, progress on stderr; drops the database.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { buildApp } from "../../server/src/app";
import { type DatabaseHandle, openDatabase } from "../../server/src/db/database";
import { queryRows } from "../../server/src/db/sql-result";
import { buildActor } from "../../server/src/modules/auth/auth.service";
import { systemActor } from "../../server/src/modules/auth/system-actor";
import { transitionApplication } from "../../server/src/modules/development/development.service";
import { seedDemo } from "../../server/src/modules/seed/demo-seed.service";
import { foldMemberCountDeltas } from "../../server/src/modules/stats/member-count.service";
import { SESSION_COOKIE } from "../../server/src/plugins/authentication";

const { values: options } = parseArgs({
  options: {
    clients: { type: "string", default: "8" },
    members: { type: "string", default: "60000" },
    "open-items": { type: "string", default: "10000" },
    seconds: { type: "string", default: "20" },
    "sql-seconds": { type: "string", default: "10" },
    requests: { type: "string", default: "200" },
  },
});
const CLIENTS = Number(options.clients);
const MEMBERS = Number(options.members);
const OPEN_ITEMS = Number(options["open-items"]);
const SECONDS = Number(options.seconds);
const SQL_SECONDS = Number(options["sql-seconds"]);
const REQUESTS = Number(options.requests);
const WARM_UP = 10;
const PASSWORD = "bench-password-1";
const ADMIN_URL = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
/** The approvals' "today" and year: a year without the demo's quotas. */
const APPROVAL_DAY = "2027-03-01";
const APPROVAL_YEAR = 2027;

interface Timing {
  p50: number;
  p95: number;
  max: number;
  n: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1] ?? Number.NaN;
}

function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    n: sorted.length,
  };
}

const ms = (value: number) => value.toFixed(1);

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function withAdmin(run: (admin: DatabaseHandle) => Promise<void>): Promise<void> {
  const admin = await openDatabase({ databaseUrl: ADMIN_URL });
  try {
    await run(admin);
  } finally {
    await admin.close();
  }
}

async function logIn(app: FastifyInstance, username: string): Promise<string> {
  const login = await app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { username, password: PASSWORD },
  });
  if (login.statusCode !== 200) throw new Error(`login ${username}: ${login.statusCode} ${login.body}`);
  const session = login.cookies.find((cookie) => cookie.name === SESSION_COOKIE);
  if (!session) throw new Error(`login ${username}: no session cookie`);
  return `${SESSION_COOKIE}=${session.value}`;
}

/** WARM_UP untimed then `count` timed sequential GETs; every answer must be 200. Returns the timing and the last body. */
async function timeGets(app: FastifyInstance, url: string, cookie: string, count: number) {
  let body: unknown;
  const get = async () => {
    const started = performance.now();
    const response = await app.inject({ method: "GET", url, headers: { cookie } });
    const elapsed = performance.now() - started;
    if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode} ${response.body}`);
    body = response.json();
    return elapsed;
  };
  for (let i = 0; i < WARM_UP; i++) await get();
  const samples: number[] = [];
  for (let i = 0; i < count; i++) samples.push(await get());
  return { timing: summarize(samples), body };
}

/** Copies members (same branches and figures, new citizen IDs, no member number) until there are `target`. */
async function growMembers(handle: DatabaseHandle, target: number): Promise<number> {
  const columns = (
    await queryRows<{ column_name: string }>(
      handle.db,
      sql`select column_name from information_schema.columns
           where table_name = 'member' and table_schema = 'public' and column_name <> 'id'
             and is_generated = 'NEVER' order by ordinal_position`,
    )
  ).map((row) => row.column_name);
  let copy = 1;
  for (;;) {
    const [row] = await queryRows<{ count: number }>(
      handle.db,
      sql`select count(*)::int as count from member`,
    );
    const current = Number(row?.count);
    if (current >= target) return current;
    const need = Math.min(target - current, current);
    const list = columns.map((column) => `"${column}"`).join(", ");
    const values = columns
      .map((column) =>
        column === "citizen_id"
          ? `'C${copy}' || substr(citizen_id, ${String(copy).length + 2})`
          : column === "member_number"
            ? "null"
            : `"${column}"`,
      )
      .join(", ");
    await handle.db.execute(
      sql.raw(
        `insert into member (${list}) select ${values} from member where citizen_id not like 'C%' order by id limit ${need}`,
      ),
    );
    copy += 1;
  }
}

/** `count` applications voted by the county's village branches, each with its open work item for the committee. */
async function insertVotedApplications(
  handle: DatabaseHandle,
  countyPath: string,
  count: number,
): Promise<void> {
  const recorded = JSON.stringify({
    applicationDate: "2026-01-05",
    talkDate: "2026-01-20",
    candidateNamedOn: "2026-02-01",
    targetProposedOn: "2026-05-10",
    precheckedOn: "2026-05-20",
    sponsorsNamedOn: "2026-06-01",
    voteDate: "2026-06-15",
  });
  await handle.db.transaction(async (tx) => {
    await tx.execute(sql`
      with branch as (
        select id, row_number() over (order by id) - 1 as n, count(*) over () as c
          from organization
         where kind = 'branch' and sector = 'rural' and path like ${`${countyPath}%`}
      ), made as (
        insert into workflow_instance (kind, organization_id, state, title, data, opened_at)
        select 'member_development', branch.id, 'branch_voted', '申请人' || g,
               jsonb_build_object('recorded', ${recorded}::jsonb, 'bench', g),
               now() - make_interval(mins => ${count} - g)
          from generate_series(0, ${count - 1}) g join branch on branch.n = g % branch.c
        returning id, organization_id, (data ->> 'bench')::int as g
      )
      insert into development_application (instance_id, organization_id, name, sex, citizen_id, birth_date, application_date)
      select id, organization_id, '申请人' || g, 'male', 'B' || lpad(g::text, 17, '0'), '2010-03-01', '2026-01-05'
        from made`);
    await tx.execute(sql`
      update workflow_instance i set data = i.data - 'bench' || jsonb_build_object('entityId', a.id)
        from development_application a where a.instance_id = i.id and i.data ? 'bench'`);
    await tx.execute(sql`
      insert into work_item (instance_id, kind, state, organization_id, organization_path, awaiting_place,
                             awaiting_permission, title, opened_at)
      select i.id, i.kind, i.state, i.organization_id, o.path, 'higher_committee', 'member:write', i.title, i.opened_at
        from workflow_instance i join organization o on o.id = i.organization_id
        join development_application a on a.instance_id = i.id
       where a.citizen_id like 'B%'`);
  });
  await handle.db.execute(sql`analyze`);
}

/** Approvals by CLIENTS workers over `ids` for SECONDS (or until none is left). */
async function runApprovals(
  handle: DatabaseHandle,
  countyAdmin: ReturnType<typeof buildActor>,
  ids: number[],
) {
  const queue = [...ids];
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  const payload = {
    approvedOn: APPROVAL_DAY,
    acknowledgedWarnings: ["student_ratio_above_cap", "youth_ratio_above_cap"],
  };
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < deadline) {
        const id = queue.shift();
        if (id === undefined) return;
        const begun = performance.now();
        try {
          await transitionApplication(
            handle.db,
            countyAdmin,
            id,
            { action: "approve_admission", version: 1, payload },
            APPROVAL_DAY,
          );
          latencies.push(performance.now() - begun);
        } catch (error) {
          const key = `${(error as { status?: number }).status ?? "?"} ${(error as { code?: string }).code ?? (error as Error).message}`;
          failures.set(key, (failures.get(key) ?? 0) + 1);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { ok: latencies.length, seconds, timing: summarize(latencies), failures };
}

/** Counts the statements sent on every pg connection (pool clients included) until stopped. */
function countStatements(): { stop: () => number } {
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  let count = 0;
  prototype.query = function query(this: unknown, ...args: unknown[]) {
    count += 1;
    return original.apply(this, args);
  };
  return {
    stop: () => {
      prototype.query = original;
      return count;
    },
  };
}

/** The quota draw + number issuance SQL alone, one transaction each, CLIENTS connections, SQL_SECONDS. */
async function runQuotaSql(databaseUrl: string, quotaId: number, countyId: number) {
  const latencies: number[] = [];
  const deadline = performance.now() + SQL_SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        while (performance.now() < deadline) {
          const begun = performance.now();
          await client.query("begin");
          const drawn = await client.query(
            "update admission_quota set used = used + 1 where id = $1 and used + sub_allotted < amount returning used",
            [quotaId],
          );
          if (drawn.rowCount !== 1) throw new Error("quota exhausted in the SQL run");
          await client.query(
            `insert into member_number_sequence (county_organization_id, year, last_sequence) values ($1, $2, 1)
             on conflict (county_organization_id, year)
             do update set last_sequence = member_number_sequence.last_sequence + 1 returning last_sequence`,
            [countyId, APPROVAL_YEAR + 1],
          );
          await client.query("commit");
          latencies.push(performance.now() - begun);
        }
      } finally {
        await client.end();
      }
    }),
  );
  return {
    ok: latencies.length,
    seconds: (performance.now() - started) / 1000,
    timing: summarize(latencies),
  };
}

async function main(): Promise<void> {
  const name = `tuanwu_bench_dev_${randomBytes(5).toString("hex")}`;
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
    let started = performance.now();
    await seedDemo(handle, systemActor("bench"), { password: PASSWORD });
    const seedSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const members = await growMembers(handle, MEMBERS);
    await foldMemberCountDeltas(handle.db);
    await handle.db.execute(sql`vacuum analyze`);
    log(
      `seeded in ${seedSeconds.toFixed(1)} s; ${members} members after ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const [county] = await queryRows<{ id: number; path: string; name: string; user_id: number }>(
      handle.db,
      sql`select o.id, o.path, o.name, u.id as user_id from app_user u
            join user_role r on r.user_id = u.id join organization o on o.id = r.organization_id
           where u.username = 'demo-county'`,
    );
    if (!county) throw new Error("demo-county missing");
    const [year] = await queryRows<{ school_year: number }>(
      handle.db,
      sql`select max(school_year)::int as school_year from school_enrollment`,
    );
    const schoolYear = Number(year?.school_year);

    app = await buildApp({
      db: handle.db,
      config: { sessionHours: 1, cookieSecure: false, loginAttemptsPerMinute: 1000, webDist: false },
    });
    await app.ready();
    const cookie = await logIn(app, "demo-county");

    log("timing league ratios");
    const ratios = await timeGets(
      app,
      `/api/v1/organizations/${county.id}/league-ratios?year=${schoolYear}`,
      cookie,
      REQUESTS,
    );
    const ratioBody = ratios.body as {
      schools: { students: number | null }[];
      youthRatio: { ratio: number | null };
    };

    log(`writing ${OPEN_ITEMS} voted applications with their work items`);
    await insertVotedApplications(handle, county.path, OPEN_ITEMS);
    const [open] = await queryRows<{ count: number }>(
      handle.db,
      sql`select count(*)::int as count from work_item where closed_at is null`,
    );
    log("timing the to-do inbox");
    const todos = await timeGets(app, "/api/v1/todos?page=1&pageSize=20", cookie, REQUESTS);
    const todoTotal = (todos.body as { total: number }).total;
    const counts = await timeGets(app, "/api/v1/todos/counts", cookie, REQUESTS);

    log(`approvals by ${CLIENTS} clients for up to ${SECONDS} s`);
    await handle.db.execute(
      sql`update organization set division_code = coalesce(division_code, '510821') where id = ${county.id}`,
    );
    const [quota] = await queryRows<{ id: number }>(
      handle.db,
      sql`insert into admission_quota (organization_id, year, amount) values (${county.id}, ${APPROVAL_YEAR}, ${OPEN_ITEMS})
          returning id`,
    );
    const ids = (
      await queryRows<{ id: number }>(
        handle.db,
        sql`select id from development_application where citizen_id like 'B%' order by id`,
      )
    ).map((row) => Number(row.id));
    const countyAdmin = buildActor(
      { id: county.user_id, username: "demo-county", displayName: "县团委管理员" },
      [{ role: "org_admin", organizationId: county.id, organizationName: county.name, path: county.path }],
    );
    const statements = countStatements();
    const approvals = await runApprovals(handle, countyAdmin, ids);
    const statementsPerApproval = statements.stop() / Math.max(1, approvals.ok);
    const [check] = await queryRows<{ numbers: number; distinct_numbers: number; used: number }>(
      handle.db,
      sql`select (select count(member_number)::int from development_application where citizen_id like 'B%') as numbers,
                 (select count(distinct member_number)::int from development_application where citizen_id like 'B%')
                   as distinct_numbers,
                 (select used from admission_quota where id = ${quota?.id}) as used`,
    );

    log(`quota SQL alone by ${CLIENTS} clients for ${SQL_SECONDS} s`);
    const [sqlQuota] = await queryRows<{ id: number }>(
      handle.db,
      sql`insert into admission_quota (organization_id, year, amount) values (${county.id}, ${APPROVAL_YEAR + 1}, 10000000)
          returning id`,
    );
    const quotaSql = await runQuotaSql(databaseUrl, Number(sqlQuota?.id), county.id);

    const rate = approvals.ok / approvals.seconds;
    const sqlRate = quotaSql.ok / quotaSql.seconds;
    lines.push(
      `Machine: ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model ?? "?"}), load average ${os
        .loadavg()
        .map((value) => value.toFixed(1))
        .join(" ")} at the end; Node ${process.version}; ${version?.version.split(",")[0] ?? "?"}`,
      `Date: ${new Date().toISOString()}; demo seeded in ${seedSeconds.toFixed(1)} s, grown to ${members} members`,
      "",
      `| measure | n | p50 (ms) | p95 (ms) | max (ms) | target |`,
      `|---|---:|---:|---:|---:|---|`,
      `| GET /organizations/{county}/league-ratios?year=${schoolYear} (${ratioBody.schools.length} schools, ${ratioBody.schools.filter((school) => school.students !== null).length} with enrollment; 团青比 ${ratioBody.youthRatio.ratio ?? "null"}%) | ${ratios.timing.n} | ${ms(ratios.timing.p50)} | ${ms(ratios.timing.p95)} | ${ms(ratios.timing.max)} | p95 < 200 ms: ${ratios.timing.p95 < 200 ? "PASS" : "FAIL"} |`,
      `| GET /todos?page=1&pageSize=20 as demo-county (${Number(open?.count)} open work items, ${todoTotal} actionable) | ${todos.timing.n} | ${ms(todos.timing.p50)} | ${ms(todos.timing.p95)} | ${ms(todos.timing.max)} | p95 < 50 ms: ${todos.timing.p95 < 50 ? "PASS" : "FAIL"} |`,
      `| GET /todos/counts as demo-county | ${counts.timing.n} | ${ms(counts.timing.p50)} | ${ms(counts.timing.p95)} | ${ms(counts.timing.max)} | (menu badge) |`,
      `| approve_admission via transitionApplication, ${CLIENTS} clients, one county quota row | ${approvals.timing.n} | ${ms(approvals.timing.p50)} | ${ms(approvals.timing.p95)} | ${ms(approvals.timing.max)} | ≥ 300/s: ${rate >= 300 ? "PASS" : "FAIL"} (${rate.toFixed(0)}/s) |`,
      `| quota draw + number issuance SQL alone, ${CLIENTS} connections | ${quotaSql.timing.n} | ${ms(quotaSql.timing.p50)} | ${ms(quotaSql.timing.p95)} | ${ms(quotaSql.timing.max)} | (${sqlRate.toFixed(0)}/s) |`,
      "",
      `Approvals: ${approvals.ok} in ${approvals.seconds.toFixed(1)} s = **${rate.toFixed(0)}/s**; refused: ${
        approvals.failures.size === 0
          ? "none"
          : [...approvals.failures].map(([key, count]) => `${key} × ${count}`).join(", ")
      }; ${statementsPerApproval.toFixed(1)} statements per approval (BEGIN/COMMIT included). Afterwards ${check?.numbers} numbers issued, ${check?.distinct_numbers} distinct, quota used ${check?.used}.`,
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
