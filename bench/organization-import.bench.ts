/**
 * Organization list import benchmark (issue 15, "Measured": 5,000 rows < 20 s on PGlite).
 *
 *   npx tsx bench/organization-import.bench.ts [--engine pglite|postgres|both] [--rows 5000]
 *
 * For each engine: a fresh, migrated database with 旺苍县 scaffolded from its division code (`tuanwu
 * init --division 510821`: the county committee, 23 township committees, 257 village and community
 * branches). An organization list of `--rows` rows is generated deterministically the way the national
 * registry (智慧团建) writes it: first every scaffolded organization under its registry name
 * ("共青团旺苍县东河镇委员会", "…村村民委员会团支部", "…社区居民委员会团支部"; the townships with their
 * division code, the villages by name only, so that they are matched by normalized name), then new
 * organizations, parents by name: per township, schools (a committee, three grade general branches,
 * eight class branches each) and enterprise branches, until `--rows`. `importOrganizations` is timed as
 * a dry run and as a commit (wall time, peak RSS sampled every 20 ms), each reading the file. Prints
 * Markdown on stdout, progress on stderr; writes only a temporary .xlsx (removed).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { type DatabaseHandle, openDatabase } from "../server/src/db/database";
import { queryRows } from "../server/src/db/sql-result";
import { systemActor } from "../server/src/modules/auth/system-actor";
import { importOrganizations } from "../server/src/modules/registry/organization-import.service";
import { scaffoldDivision } from "../server/src/modules/scaffold/scaffold.service";

type Engine = "pglite" | "postgres";
const DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const COUNTY = "510821";
const HEADERS = ["组织名称", "组织类型", "上级组织", "行政区划代码", "所属领域", "应录入数"] as const;
const GRADES = ["高一年级", "高二年级", "高三年级"];

const { values: options } = parseArgs({
  options: {
    engine: { type: "string", default: "pglite" },
    rows: { type: "string", default: "5000" },
  },
});
const engines: Engine[] =
  options.engine === "both"
    ? ["pglite", "postgres"]
    : [options.engine === "postgres" ? "postgres" : "pglite"];
const ROWS = Number(options.rows);
const log = (message: string) => console.error(message);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

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

type ListRow = Record<(typeof HEADERS)[number], string | number | null>;

/** The registry's list: the scaffolded organizations under registry names, then new ones, `ROWS` in all. */
async function generateList(handle: DatabaseHandle): Promise<{ rows: ListRow[]; existing: number }> {
  const scaffolded = await queryRows<{ name: string; kind: string; division_code: string; level: string }>(
    handle.db,
    sql`select name, kind, division_code, level from organization where division_code like ${`${COUNTY}%`} order by path`,
  );
  const rows: ListRow[] = [];
  const countyName = "共青团旺苍县委员会";
  const townships: string[] = [];
  let currentTownship = countyName;
  for (const organization of scaffolded) {
    if (organization.level === "county") continue;
    if (organization.kind === "committee") {
      // 共青团东河镇委员会 → the registry writes the county in: 共青团旺苍县东河镇委员会
      const name = organization.name.replace(/^共青团/, "共青团旺苍县");
      rows.push({
        组织名称: name,
        组织类型: "团委",
        上级组织: countyName,
        行政区划代码: organization.division_code,
        所属领域: null,
        应录入数: 60,
      });
      townships.push(name);
      currentTownship = name;
    } else {
      const core = organization.name.replace(/团支部$/, "");
      const name = core.endsWith("社区")
        ? `${core}居民委员会团支部`
        : `${core.replace(/村$/, "")}村村民委员会团支部`;
      rows.push({
        组织名称: name,
        组织类型: "团支部",
        上级组织: currentTownship,
        行政区划代码: null,
        所属领域: null,
        应录入数: 20,
      });
    }
  }
  const existing = rows.length;
  let round = 0;
  while (rows.length < ROWS) {
    round += 1;
    for (const township of townships) {
      const place = township.replace(/^共青团旺苍县/, "").replace(/委员会$/, "");
      const school = `旺苍县${place}第${round}中学团委`;
      rows.push({
        组织名称: school,
        组织类型: "基层团委",
        上级组织: township,
        行政区划代码: null,
        所属领域: "中学",
        应录入数: 300,
      });
      for (const grade of GRADES) {
        const general = `旺苍县${place}第${round}中学${grade}团总支`;
        rows.push({
          组织名称: general,
          组织类型: "团总支",
          上级组织: school,
          行政区划代码: null,
          所属领域: "中学",
          应录入数: null,
        });
        for (let room = 1; room <= 8; room += 1) {
          rows.push({
            组织名称: `旺苍县${place}第${round}中学${grade}${room}班团支部`,
            组织类型: "团支部",
            上级组织: general,
            行政区划代码: null,
            所属领域: "中学",
            应录入数: 40,
          });
        }
      }
      for (let company = 1; company <= 10; company += 1) {
        rows.push({
          组织名称: `旺苍县${place}第${round}批${company}号有限公司团支部`,
          组织类型: "团支部",
          上级组织: township,
          行政区划代码: null,
          所属领域: "非公企业",
          应录入数: 8,
        });
      }
    }
  }
  // Cut at ROWS; a general branch cut off from its classes is fine, a class without its general branch
  // cannot happen (parents come first).
  return { rows: rows.slice(0, ROWS), existing };
}

async function writeList(rows: readonly ListRow[], filename: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("组织列表");
  sheet.addRow(["智慧团建 组织列表（基准测试生成）"]);
  sheet.addRow([...HEADERS]);
  for (const row of rows) sheet.addRow(HEADERS.map((header) => row[header]));
  await workbook.xlsx.writeFile(filename);
}

interface EngineResult {
  engine: Engine;
  rows: number;
  fileKb: number;
  dryRun: { seconds: number; peakRss: number; matched: number; ambiguous: number; problems: number };
  commit: { seconds: number; peakRss: number; created: number; matched: number };
  organizations: number;
}

async function runEngine(engine: Engine, folder: string): Promise<EngineResult> {
  log(`${engine}: fresh database`);
  const { handle, dispose } = await openFresh(engine);
  try {
    await handle.migrate();
    const summary = await scaffoldDivision(handle.db, systemActor(), COUNTY);
    log(`${engine}: scaffolded ${COUNTY}; generating ${ROWS} rows`);
    const { rows } = await generateList(handle);
    const filename = path.join(folder, `organizations-${engine}.xlsx`);
    await writeList(rows, filename);
    const fileKb = Math.round(statSync(filename).size / 1024);
    log(`${engine}: dry run`);
    const dry = await measure(() =>
      importOrganizations(handle.db, systemActor(), summary.rootOrganization.id, filename, { dryRun: true }),
    );
    if (dry.result.problems.length > 0) log(JSON.stringify(dry.result.problems.slice(0, 5)));
    log(`${engine}: commit`);
    const commit = await measure(() =>
      importOrganizations(handle.db, systemActor(), summary.rootOrganization.id, filename, { dryRun: false }),
    );
    const [count] = await queryRows<{ total: number }>(
      handle.db,
      sql`select count(*)::int as total from organization`,
    );
    return {
      engine,
      rows: rows.length,
      fileKb,
      dryRun: {
        seconds: dry.seconds,
        peakRss: dry.peakRss,
        matched: dry.result.matched,
        ambiguous: dry.result.ambiguous,
        problems: dry.result.problems.length,
      },
      commit: {
        seconds: commit.seconds,
        peakRss: commit.peakRss,
        created: commit.result.created,
        matched: commit.result.matched,
      },
      organizations: Number(count?.total),
    };
  } finally {
    await dispose();
  }
}

const folder = mkdtempSync(path.join(os.tmpdir(), "tuanwu-orgimport-bench-"));
try {
  const results: EngineResult[] = [];
  for (const engine of engines) results.push(await runEngine(engine, folder));
  console.log(
    `Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}, load ${os.loadavg()[0]?.toFixed(1)}`,
  );
  console.log("");
  console.log(
    "| engine | rows | file (KB) | dry run (s) | dry run peak RSS (MB) | matched | ambiguous | problems | commit (s) | commit peak RSS (MB) | created | organizations after |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const result of results) {
    console.log(
      `| ${result.engine} | ${result.rows} | ${result.fileKb} | ${result.dryRun.seconds.toFixed(1)} | ${mb(result.dryRun.peakRss)} | ${result.dryRun.matched} | ${result.dryRun.ambiguous} | ${result.dryRun.problems} | ${result.commit.seconds.toFixed(1)} | ${mb(result.commit.peakRss)} | ${result.commit.created} | ${result.organizations} |`,
    );
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
