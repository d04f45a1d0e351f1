/**
 * Recording a month's dues for a county of 60,000 members by .xlsx (issue 12 "Measured": < 30 s).
 *
 *   npx tsx bench/organizational-life/dues-import.bench.ts --database-url postgres://…/bench_o4_county [--month 2026-11] [--runs 1]
 *
 * Needs a county loaded by bench/province (e.g. `npm run bench:province -w bench -- --database-url …
 * --division 410102 --members 60000`). Builds the month's .xlsx with ExcelJS — one row per current
 * member of the county (身份证号, 姓名, 类别 学生, 金额 0.2, 缴纳日期): the student rate of the default
 * schedule — then imports it through `importDues`, the service `tuanwu import dues` and
 * POST /organizations/{id}/dues/import use (parse, every row checked, one transaction, audit), as the
 * system. Each run first deletes the month's payments of the county and clears last_dues_paid_on set
 * in that month (untimed), so it records them all again and moves every member's last_dues_paid_on.
 * Prints Markdown on stdout (build time, file size, import time, rows recorded, and the time of each
 * phase of the import: read, parse, members and schedules, checks, INSERT, member UPDATE, audit). WRITES dues_payment
 * and member.last_dues_paid_on: use your own database, not a shared one.
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { parseDuesMonth } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { openDatabase } from "../../server/src/db/database";
import { queryRows } from "../../server/src/db/sql-result";
import { systemActor } from "../../server/src/modules/auth/system-actor";
import { importDues } from "../../server/src/modules/dues/dues-import.service";

const { values: options } = parseArgs({
  options: {
    "database-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/bench_o4_county" },
    month: { type: "string", default: "2026-11" },
    runs: { type: "string", default: "1" },
  },
});
const MONTH = String(options.month);
/** The month as the service takes it (first day, as `tuanwu import dues --month` parses it). */
const MONTH_DATE = parseDuesMonth(MONTH) ?? `${MONTH}-01`;
const RUNS = Number(options.runs);
const log = (text: string) => process.stderr.write(`${text}\n`);

async function main(): Promise<void> {
  const handle = await openDatabase({ databaseUrl: String(options["database-url"]) });
  const db = handle.db;
  try {
    const [county] = await queryRows<{ id: number; name: string; path: string }>(
      db,
      sql`select id, name, path from organization where level = 'county' order by id limit 1`,
    );
    if (!county) throw new Error("no county in the database");
    const members = await queryRows<{ citizen_id: string; name: string }>(
      db,
      sql`select m.citizen_id, m.name from member m join organization o on o.id = m.organization_id
          where o.path like ${`${county.path}%`} and m.status in ('active', 'transferring', 'flowing')
          order by m.id`,
    );
    log(`${county.name}: ${members.length} current members`);
    let started = performance.now();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("团费");
    sheet.addRow(["身份证号", "姓名", "类别", "月收入", "金额", "缴纳日期", "说明"]);
    const paidOn = `${MONTH}-15`;
    for (const member of members) sheet.addRow([member.citizen_id, member.name, "学生", "", 0.2, paidOn, ""]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const buildSeconds = (performance.now() - started) / 1000;
    log(`built ${bytes.length} bytes in ${buildSeconds.toFixed(1)} s`);
    const results: { seconds: number; recorded: number; load: string; phases: [string, number][] }[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      await db.execute(
        sql`delete from dues_payment p using member m, organization o
            where p.member_id = m.id and m.organization_id = o.id and o.path like ${`${county.path}%`}
              and p.month = ${`${MONTH}-01`}::date`,
      );
      // …and the members' last_dues_paid_on that month set, so the import moves every member again.
      await db.execute(
        sql`update member m set last_dues_paid_on = null from organization o
            where m.organization_id = o.id and o.path like ${`${county.path}%`}
              and m.last_dues_paid_on >= ${`${MONTH}-01`}::date`,
      );
      const load = os.loadavg()[0]?.toFixed(1) ?? "?";
      started = performance.now();
      const phases: [string, number][] = [];
      const result = await importDues(
        db,
        systemActor(),
        county.id,
        MONTH_DATE,
        bytes,
        "2026-12-06",
        (name, ms) => phases.push([name, ms]),
      );
      const seconds = (performance.now() - started) / 1000;
      log(`run ${run + 1}: ${result.recorded} recorded in ${seconds.toFixed(1)} s (load ${load})`);
      results.push({ seconds, recorded: result.recorded, load, phases });
    }
    console.log(`County ${county.name} (${members.length} current members), month ${MONTH}`);
    console.log(
      `.xlsx built with ExcelJS: ${(bytes.length / 1e6).toFixed(1)} MB in ${buildSeconds.toFixed(1)} s\n`,
    );
    console.log("| run | rows recorded | import (s) | load average (1 min) at start |");
    console.log("|---:|---:|---:|---:|");
    results.forEach((r, i) => {
      console.log(`| ${i + 1} | ${r.recorded} | ${r.seconds.toFixed(1)} | ${r.load} |`);
    });
    console.log("\nPhases (s) of each run:\n");
    console.log("| run | phase | seconds |");
    console.log("|---:|---|---:|");
    results.forEach((r, i) => {
      for (const [name, ms] of r.phases) console.log(`| ${i + 1} | ${name} | ${(ms / 1000).toFixed(2)} |`);
    });
    const best = Math.min(...results.map((r) => r.seconds));
    console.log(`\nTarget < 30 s: ${best < 30 ? "PASS" : "NOT MET"} (best ${best.toFixed(1)} s)`);
  } finally {
    await handle.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
