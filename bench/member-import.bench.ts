/**
 * Member import benchmark (issue 3, "Measured").
 *
 *   npx tsx bench/member-import.bench.ts [--engine pglite|postgres|both] [--rows 50000] [--requests 200]
 *
 * For each engine: a fresh database (PGlite in a new folder under os.tmpdir; PostgreSQL: a new database
 * tuanwu_bench_<random> on DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres, dropped at
 * the end) seeded with the demo county (旺苍县, 20,000 members). A national-registry-format workbook of
 * `--rows` members is generated deterministically (generateDemoMembers, seed 4242, over the county's
 * branches, 所在团支部 as the branch code, citizen IDs not already in the demo, member numbers of their
 * own) and written with ExcelJS's streaming writer. Then `importMembers` is timed as a dry run and as a
 * commit (wall time, peak RSS of the process sampled every 20 ms), followed by VACUUM ANALYZE as the CLI
 * does, and the county member search by pinyin initials (GET /organizations/{county}/members?q=…,
 * a rotation of initials) over N sequential `app.inject` calls after 10 warm-up calls. Prints Markdown.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { formatRegistryCell, REGISTRY_EXPORT_COLUMNS } from "@tuanwu/domain";
import { eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../server/src/app";
import { type DatabaseHandle, openDatabase } from "../server/src/db/database";
import { member, organization } from "../server/src/db/schema";
import { queryRows } from "../server/src/db/sql-result";
import { todayInChina } from "../server/src/lib/clock";
import { systemActor } from "../server/src/modules/auth/system-actor";
import { importMembers } from "../server/src/modules/registry/registry-import.service";
import { generateDemoMembers } from "../server/src/modules/seed/demo-generator";
import { DEMO_DIVISION_CODE, seedDemo } from "../server/src/modules/seed/demo-seed.service";
import { SESSION_COOKIE } from "../server/src/plugins/authentication";

type Engine = "pglite" | "postgres";
const PASSWORD = "bench-password-1";
const DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const QUERIES = ["wl", "zs", "lj", "wxm", "zh", "ly", "cj", "hm"];

const { values: options } = parseArgs({
  options: {
    engine: { type: "string", default: "both" },
    rows: { type: "string", default: "50000" },
    requests: { type: "string", default: "200" },
  },
});
const engines: Engine[] =
  options.engine === "both"
    ? ["pglite", "postgres"]
    : [options.engine === "postgres" ? "postgres" : "pglite"];
const ROWS = Number(options.rows);
const REQUESTS = Number(options.requests);
const log = (message: string) => console.error(message);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1] ?? Number.NaN;
}

/** Runs `work`, returning its result, wall seconds and the process's peak RSS meanwhile. */
async function measure<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; peakRss: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  try {
    const result = await work();
    return {
      result,
      seconds: (performance.now() - started) / 1000,
      peakRss: Math.max(peak, process.memoryUsage().rss),
    };
  } finally {
    clearInterval(timer);
  }
}

async function openFresh(engine: Engine): Promise<{ handle: DatabaseHandle; dispose: () => Promise<void> }> {
  if (engine === "pglite") {
    const dataDir = path.join(os.tmpdir(), `tuanwu-bench-${process.pid}-${randomBytes(4).toString("hex")}`);
    const handle = await openDatabase({ dataDir });
    return {
      handle,
      dispose: async () => {
        await handle.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = process.env.DATABASE_URL || DEFAULT_ADMIN_URL;
  const name = `tuanwu_bench_${randomBytes(6).toString("hex")}`;
  const admin = await openDatabase({ databaseUrl: adminUrl });
  await admin.exec(`create database ${name}`);
  await admin.close();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString() });
  return {
    handle,
    dispose: async () => {
      await handle.close();
      const cleanup = await openDatabase({ databaseUrl: adminUrl });
      await cleanup.exec(`drop database if exists ${name} with (force)`);
      await cleanup.close();
    },
  };
}

/** Writes the registry workbook of `ROWS` generated members of the seeded county's branches. */
async function writeRegistryFile(handle: DatabaseHandle, filename: string): Promise<void> {
  const [county] = await handle.db
    .select()
    .from(organization)
    .where(eq(organization.divisionCode, DEMO_DIVISION_CODE));
  if (!county) throw new Error("demo county missing");
  const branches = await queryRows<{ id: number; code: string; sector: string | null }>(
    handle.db,
    sql`select id, code, sector from organization where kind = 'branch' and path like ${`${county.path}%`} order by id`,
  );
  const codeById = new Map(branches.map((branch) => [branch.id, branch.code]));
  const recorded = new Set(
    (await handle.db.select({ citizenId: member.citizenId }).from(member)).map((row) => row.citizenId),
  );
  const generated = generateDemoMembers({
    seed: 4242,
    today: todayInChina(),
    branches: branches.map((branch) => ({
      id: branch.id,
      sector: branch.sector ?? "rural",
      divisionCode: null,
    })),
    total: Math.ceil(ROWS * 1.05),
    countyDivisionCode: DEMO_DIVISION_CODE,
  })
    .filter((candidate) => !recorded.has(candidate.citizenId))
    .slice(0, ROWS);
  if (generated.length < ROWS)
    throw new Error(`only ${generated.length} members without a recorded citizen ID`);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename,
    useSharedStrings: false,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet("团员信息");
  sheet.addRow(REGISTRY_EXPORT_COLUMNS.map((column) => column.header)).commit();
  generated.forEach((generatedMember, index) => {
    const values: Record<string, unknown> = {
      ...generatedMember,
      // Numbers of their own, so that none collides with the demo's (county code + "9" + serial).
      memberNumber: `${DEMO_DIVISION_CODE}9${String(index).padStart(9, "0")}`,
    };
    sheet
      .addRow(
        REGISTRY_EXPORT_COLUMNS.map((column) =>
          column.field === "organization"
            ? (codeById.get(generatedMember.organizationId) ?? null)
            : formatRegistryCell(column.field, values[column.field]),
        ),
      )
      .commit();
  });
  sheet.commit();
  await workbook.commit();
}

async function timeSearch(app: FastifyInstance, countyId: number) {
  const login = await app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { username: "demo-county", password: PASSWORD },
  });
  const session = login.cookies.find((cookie) => cookie.name === SESSION_COOKIE);
  if (!session) throw new Error(`login: ${login.statusCode} ${login.body}`);
  const cookie = `${SESSION_COOKIE}=${session.value}`;
  const get = async (index: number) => {
    const url = `/api/v1/organizations/${countyId}/members?q=${QUERIES[index % QUERIES.length]}`;
    const started = performance.now();
    const response = await app.inject({ method: "GET", url, headers: { cookie } });
    if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode} ${response.body}`);
    return performance.now() - started;
  };
  for (let index = 0; index < 10; index += 1) await get(index);
  const samples: number[] = [];
  for (let index = 0; index < REQUESTS; index += 1) samples.push(await get(index));
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 0.5), p95: percentile(samples, 0.95), max: samples.at(-1) ?? Number.NaN };
}

const workFolder = mkdtempSync(path.join(os.tmpdir(), "tuanwu-import-bench-"));
const file = path.join(workFolder, "registry.xlsx");
const lines: string[] = [];
try {
  for (const engine of engines) {
    log(`[${engine}] fresh database, demo seed`);
    const { handle, dispose } = await openFresh(engine);
    try {
      await handle.migrate();
      await seedDemo(handle, systemActor("bench"), { password: PASSWORD });
      if (engine === engines[0]) {
        log(`[${engine}] writing ${ROWS} rows to ${file}`);
        await writeRegistryFile(handle, file);
        log(`file: ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB`);
      }
      const [county] = await handle.db
        .select()
        .from(organization)
        .where(eq(organization.divisionCode, DEMO_DIVISION_CODE));
      if (!county) throw new Error("demo county missing");
      const run = (dryRun: boolean) =>
        measure(() =>
          importMembers(handle.db, systemActor("bench"), county.id, file, {
            dryRun,
            today: todayInChina(),
            onProgress: (rows) =>
              rows % 10_000 === 0 && log(`[${engine}] ${dryRun ? "dry run" : "commit"}: ${rows}`),
          }),
        );
      const dry = await run(true);
      if (dry.result.problems.length > 0)
        throw new Error(`dry run problems: ${JSON.stringify(dry.result.problems.slice(0, 5))}`);
      const commit = await run(false);
      const vacuum = await measure(() => handle.vacuum());
      const [{ total } = { total: 0 }] = await queryRows<{ total: number }>(
        handle.db,
        sql`select count(*)::int as total from member`,
      );
      const app = await buildApp({
        db: handle.db,
        config: { sessionHours: 1, cookieSecure: false, loginAttemptsPerMinute: 100, webDist: false },
      });
      await app.ready();
      const search = await timeSearch(app, county.id);
      await app.close();
      lines.push(
        `| ${engine} | ${dry.result.rows} | ${dry.seconds.toFixed(1)} | ${mb(dry.peakRss)} | ${commit.seconds.toFixed(1)} | ${mb(commit.peakRss)} | ${vacuum.seconds.toFixed(1)} | ${total} | ${search.p50.toFixed(1)} / ${search.p95.toFixed(1)} / ${search.max.toFixed(1)} |`,
      );
      log(lines.at(-1) ?? "");
    } finally {
      await dispose();
    }
  }
} finally {
  rmSync(workFolder, { recursive: true, force: true });
}
console.log(
  `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}, ${mb(os.totalmem())} MB, Node ${process.version}`,
);
console.log(
  `Command: npx tsx bench/member-import.bench.ts --engine ${options.engine} --rows ${ROWS} --requests ${REQUESTS}\n`,
);
console.log(
  "| engine | rows | dry run (s) | dry run peak RSS (MB) | commit (s) | commit peak RSS (MB) | VACUUM (s) | county members | search p50 / p95 / max (ms) |",
);
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
for (const line of lines) console.log(line);
