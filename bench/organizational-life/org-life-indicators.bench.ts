/**
 * The organizational-life indicators (families org-life and dues-and-rating) for the province, p95
 * (issue 12 "Measured": < 100 ms).
 *
 *   npx tsx bench/organizational-life/org-life-indicators.bench.ts --database-url postgres://…/tuanwu_bench_province [--calls 20] [--as-of 2026-12-06]
 *
 * Times the two repository reads every indicator of the families is computed from — one statement
 * each for a batch of organizations (readOrganizationalLifeTallies: meetings per quarter, active
 * branches, 团课 hours; readDuesAndRatingTallies: paid / expected member-months of the year, star
 * ratings) — for the province, its first city and a county: --calls sequential calls after 2
 * warm-up calls (no HTTP; the formulas on top are arithmetic). Read-only. Prints Markdown on stdout.
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { openDatabase } from "../../server/src/db/database";
import { queryRows } from "../../server/src/db/sql-result";
import { readDuesAndRatingTallies } from "../../server/src/modules/indicators/dues-and-rating.repository";
import { readOrganizationalLifeTallies } from "../../server/src/modules/indicators/organizational-life.repository";

const { values: options } = parseArgs({
  options: {
    "database-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/tuanwu_bench_province" },
    calls: { type: "string", default: "20" },
    "province-calls": { type: "string", default: "5" },
    "as-of": { type: "string", default: "2026-12-06" },
  },
});
const CALLS = Number(options.calls);
const PROVINCE_CALLS = Number(options["province-calls"]);
const AS_OF = String(options["as-of"]);
const log = (text: string) => process.stderr.write(`${text}\n`);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1] ?? Number.NaN;
}

async function main(): Promise<void> {
  const handle = await openDatabase({ databaseUrl: String(options["database-url"]) });
  const db = handle.db;
  try {
    const targets = await queryRows<{ id: number; name: string; level: string }>(
      db,
      sql`(select id, name, level from organization where level = 'county' order by id limit 1)
          union all (select id, name, level from organization where level = 'city' order by id limit 1)
          union all (select id, name, level from organization where parent_id is null order by id limit 1)`,
    );
    const [counts] = await queryRows<Record<string, number>>(
      db,
      sql`select (select count(*)::int from organization) as organizations,
                 (select count(*)::int from member) as members,
                 (select count(*)::int from meeting) as meetings,
                 (select count(*)::int from dues_payment) as payments,
                 (select count(*)::int from star_rating) as ratings`,
    );
    console.log(
      `Database: ${counts?.organizations} organizations, ${counts?.members} members, ${counts?.meetings} meetings, ${counts?.payments} dues payments, ${counts?.ratings} star ratings; as of ${AS_OF}; load average ${os
        .loadavg()
        .map((v) => v.toFixed(1))
        .join(" ")}\n`,
    );
    console.log("| organization | read | calls | p50 (ms) | p95 (ms) | max (ms) | figure |");
    console.log("|---|---|---:|---:|---:|---:|---|");
    const reads = [
      {
        name: "org-life (readOrganizationalLifeTallies)",
        run: async (id: number) => {
          const tally = (await readOrganizationalLifeTallies(db, [id], AS_OF)).get(id);
          return `${tally?.branches} branches, ${tally?.activeBranches} active, ${tally?.meetingsInQuarter} meetings this quarter`;
        },
      },
      {
        name: "dues-and-rating (readDuesAndRatingTallies)",
        run: async (id: number) => {
          const tally = (await readDuesAndRatingTallies(db, [id], AS_OF)).get(id);
          return `${tally?.paidMemberMonths} of ${tally?.expectedMemberMonths} member-months paid, ${tally?.ratedBranches} rated`;
        },
      },
    ];
    for (const target of targets) {
      const calls = target.level === "county" || target.level === "city" ? CALLS : PROVINCE_CALLS;
      for (const read of reads) {
        let figure = "";
        for (let i = 0; i < 2; i += 1) figure = await read.run(target.id);
        const times: number[] = [];
        for (let i = 0; i < calls; i += 1) {
          const started = performance.now();
          await read.run(target.id);
          times.push(performance.now() - started);
        }
        times.sort((a, b) => a - b);
        const line = `| ${target.name} (${target.level}) | ${read.name} | ${calls} | ${percentile(times, 0.5).toFixed(1)} | ${percentile(times, 0.95).toFixed(1)} | ${(times.at(-1) ?? 0).toFixed(1)} | ${figure} |`;
        log(line);
        console.log(line);
      }
    }
  } finally {
    await handle.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
