/**
 * The organizational-life indicators (families org-life and dues-and-rating) for the province, p95
 * (issue 12 "Measured": < 100 ms).
 *
 *   npx tsx bench/organizational-life/org-life-indicators.bench.ts --database-url postgres://…/bench_NAME [--calls 20] [--as-of 2026-12-06] [--reads records,counts] [--generate]
 *
 * Times the two repository reads every indicator of the families is computed from — one statement
 * each for a batch of organizations (readOrganizationalLifeTallies: meetings per quarter, active
 * branches, 团课 hours; readDuesAndRatingTallies: paid / expected member-months of the year, star
 * ratings) — for the province, its first city and a county: --calls sequential calls after 2
 * warm-up calls (no HTTP; the formulas on top are arithmetic). Prints Markdown on stdout.
 * --reads: "records" (the record reads above, kept for a past date), "counts" (the subtree tallies
 * org_life_count: readOrganizationalLifeCounts, readDuesAndRatingCounts — what the indicators read),
 * or both (default). Read-only unless --generate.
 * --generate (WRITES: your own copy only, after migration 0023): gives the province organizational
 * life as of --as-of, set-based with the triggers off, then `org_life_count_rebuild()`: 7 of 10
 * branches meet monthly over the 3 months before as-of (one in four a 团课 of 2 hours, no attendance
 * rows), the others not since January; 8 of 10 current members pay the 2 months before as-of's
 * month (学生 0.2); every branch has the year's star rating (stars from its id; 1 in 20 exempt).
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { openDatabase } from "../../server/src/db/database";
import { queryRows } from "../../server/src/db/sql-result";
import { readDuesAndRatingTallies } from "../../server/src/modules/indicators/dues-and-rating.repository";
import {
  readDuesAndRatingCounts,
  readOrganizationalLifeCounts,
} from "../../server/src/modules/indicators/org-life-count.repository";
import { readOrganizationalLifeTallies } from "../../server/src/modules/indicators/organizational-life.repository";

const { values: options } = parseArgs({
  options: {
    "database-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/tuanwu_bench_province" },
    calls: { type: "string", default: "20" },
    "province-calls": { type: "string", default: "5" },
    "as-of": { type: "string", default: "2026-12-06" },
    reads: { type: "string", default: "records,counts" },
    generate: { type: "boolean", default: false },
  },
});
const CALLS = Number(options.calls);
const PROVINCE_CALLS = Number(options["province-calls"]);
const AS_OF = String(options["as-of"]);
const READS = String(options.reads).split(",");
const log = (text: string) => process.stderr.write(`${text}\n`);

/** --generate: meetings, dues payments and star ratings for the whole database, then the rebuild. */
async function generate(db: Awaited<ReturnType<typeof openDatabase>>["db"]): Promise<void> {
  const month = (back: number) => {
    const date = new Date(`${AS_OF.slice(0, 7)}-01T00:00:00Z`);
    date.setUTCMonth(date.getUTCMonth() - back);
    return date.toISOString().slice(0, 10);
  };
  const year = Number(AS_OF.slice(0, 4));
  const steps: [string, ReturnType<typeof sql>][] = [
    ["triggers off", sql`set session_replication_role = replica`],
    [
      "meetings",
      sql`insert into meeting (organization_id, kind, held_on, topic, class_hours)
          select o.id, case when (o.id + g) % 4 = 0 then 'league_class' else 'general_meeting' end,
                 ((date_trunc('month', ${AS_OF}::date) - make_interval(months => g))::date + (o.id % 27))::date, '主题团日', case when (o.id + g) % 4 = 0 then 2 end
            from organization o cross join generate_series(1, 3) as g
           where o.kind in ('branch', 'general_branch') and o.id % 10 < 7
          union all
          select o.id, 'general_meeting', ${`${year}-01-15`}::date, '年初支部大会', null
            from organization o where o.kind in ('branch', 'general_branch') and o.id % 10 >= 7`,
    ],
    [
      "dues payments",
      sql`insert into dues_payment (county_id, member_id, organization_id, month, amount_yuan, paid_on, category)
          select m.county_id, m.id, m.organization_id, g.month, 0.2, g.month + 10, 'student'
            from member m cross join (values (${month(1)}::date), (${month(2)}::date)) as g (month)
           where m.status in ('active', 'transferring', 'flowing') and m.id % 10 < 8
             and m.joined_on < g.month
          on conflict (county_id, member_id, month) do nothing`,
    ],
    [
      "star ratings",
      sql`insert into star_rating (county_id, organization_id, year, stars, exempt)
          select o.county_id, o.id, ${year}, case when o.id % 20 = 0 then null else o.id % 6 end, o.id % 20 = 0
            from organization o where o.kind in ('branch', 'general_branch')
          on conflict (county_id, organization_id, year) do nothing`,
    ],
    ["triggers on", sql`set session_replication_role = origin`],
    ["org_life_count_rebuild()", sql`select org_life_count_rebuild()`],
    ["analyze", sql`analyze meeting, dues_payment, star_rating, org_life_count, org_life_own`],
  ];
  for (const [name, statement] of steps) {
    const started = performance.now();
    await db.execute(statement);
    log(`generate: ${name} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1] ?? Number.NaN;
}

async function main(): Promise<void> {
  const handle = await openDatabase({ databaseUrl: String(options["database-url"]) });
  const db = handle.db;
  try {
    if (options.generate) await generate(db);
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
    const all = [
      {
        key: "records",
        name: "org-life (readOrganizationalLifeTallies, records)",
        run: async (id: number) => {
          const tally = (await readOrganizationalLifeTallies(db, [id], AS_OF)).get(id);
          return `${tally?.branches} branches, ${tally?.activeBranches} active, ${tally?.meetingsInQuarter} meetings this quarter, ${tally?.leagueClassPersonHours} class person-hours`;
        },
      },
      {
        key: "records",
        name: "dues-and-rating (readDuesAndRatingTallies, records)",
        run: async (id: number) => {
          const tally = (await readDuesAndRatingTallies(db, [id], AS_OF)).get(id);
          return `${tally?.paidMemberMonths} of ${tally?.expectedMemberMonths} member-months paid, ${tally?.ratedBranches} rated, ${tally?.fiveStar} five-star, ${tally?.weak} weak`;
        },
      },
      {
        key: "counts",
        name: "org-life (readOrganizationalLifeCounts, org_life_count)",
        run: async (id: number) => {
          const tally = (await readOrganizationalLifeCounts(db, [id], AS_OF))?.get(id);
          if (!tally) return "a meeting after as-of: the records are read";
          return `${tally.branches} branches, ${tally.activeBranches} active, ${tally.meetingsInQuarter} meetings this quarter, ${tally.leagueClassPersonHours} class person-hours`;
        },
      },
      {
        key: "counts",
        name: "dues-and-rating (readDuesAndRatingCounts, org_life_count)",
        run: async (id: number) => {
          const tally = (await readDuesAndRatingCounts(db, [id], AS_OF)).get(id);
          return `${tally?.paidMemberMonths} of ${tally?.expectedMemberMonths} member-months paid, ${tally?.ratedBranches} rated, ${tally?.fiveStar} five-star, ${tally?.weak} weak`;
        },
      },
    ];
    const reads = all.filter((read) => READS.includes(read.key));
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
