/**
 * The annual-cycle indicators (团籍注册率, 教育评议完成率, grade distribution; family annual-cycle) for the
 * province, p95 (issue 12 "Measured": < 100 ms).
 *
 *   npx tsx bench/organizational-life/annual-cycle-indicators.bench.ts --database-url postgres://…/bench_NAME [--setup] [--calls 20] [--province-calls 20] [--reads counts,records]
 *
 * Times readAnnualCycleTallies (the subtree tallies org_life_count, migration 0027 — what the indicators
 * read) and, with --reads records, readAnnualCycleTalliesFromRecords (the record statement, seconds at a
 * county and ~1 min at the province: it runs for the county and city only) for a county, its city and
 * the province root: 2 warm-up calls, then --calls sequential calls. Prints Markdown on stdout.
 * --setup (WRITES: your own copy only, after migration 0027): opens a 2026 review and registration
 * campaign at the province root as o12a did (bench/RESULTS.md): every branch's review (one insert), a
 * third approved, graded members of approved branches with id % 10 < 2 (grades from the id), registration
 * of current members with id % 10 = 0 — with the triggers off, then the four annual-cycle dimensions
 * of org_life_own / org_life_count computed set-based (the same rows org_life_count_rebuild() would write
 * for them, without recounting the other dimensions) and analyze.
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { openDatabase } from "../../server/src/db/database";
import { queryRows } from "../../server/src/db/sql-result";
import {
  type AnnualCycleTally,
  readAnnualCycleTallies,
  readAnnualCycleTalliesFromRecords,
} from "../../server/src/modules/indicators/annual-cycle-figures.repository";

const { values: options } = parseArgs({
  options: {
    "database-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/tuanwu_bench_province" },
    calls: { type: "string", default: "20" },
    "province-calls": { type: "string", default: "20" },
    "as-of": { type: "string", default: "2026-12-06" },
    reads: { type: "string", default: "counts" },
    setup: { type: "boolean", default: false },
  },
});
const CALLS = Number(options.calls);
const PROVINCE_CALLS = Number(options["province-calls"]);
const AS_OF = String(options["as-of"]);
const READS = String(options.reads).split(",");
const log = (text: string) => process.stderr.write(`${text}\n`);

type Db = Awaited<ReturnType<typeof openDatabase>>["db"];

/** --setup: the two campaigns at the root with reviews, approvals, grades and registrations, then their tallies. */
async function setup(db: Db): Promise<void> {
  const steps: [string, ReturnType<typeof sql>][] = [
    ["triggers off", sql`set session_replication_role = replica`],
    [
      "campaigns",
      sql`with root as (select id from organization where parent_id is null order by id limit 1),
           a as (insert into education_review_campaign (organization_id, year, opens_on, closes_on)
                 select id, 2026, '2026-10-01', '2026-12-31' from root on conflict do nothing)
          insert into registration_campaign (organization_id, year, opens_on, closes_on)
          select id, 2026, '2026-10-01', '2026-12-31' from root on conflict do nothing`,
    ],
    [
      "reviews",
      sql`insert into branch_education_review (county_id, campaign_id, organization_id, approved_at)
          select o.county_id, c.id, o.id, case when o.id % 3 = 0 then now() end
            from education_review_campaign c cross join organization o
           where c.year = 2026 and c.organization_id = (select id from organization where parent_id is null order by id limit 1)
             and o.kind in ('branch', 'general_branch')
          on conflict do nothing`,
    ],
    [
      "grades",
      sql`insert into member_review_grade (county_id, branch_review_id, member_id, grade)
          select r.county_id, r.id, m.id, (array['excellent', 'qualified', 'qualified', 'qualified', 'basically_qualified', 'unqualified'])[1 + (m.id % 6)]
            from branch_education_review r join member m on m.organization_id = r.organization_id
           where r.approved_at is not null and m.status in ('active', 'transferring', 'flowing') and m.id % 10 < 2
          on conflict do nothing`,
    ],
    [
      "registrations",
      sql`insert into member_registration (campaign_id, member_id, status, decided_on)
          select c.id, m.id, 'registered', '2026-11-01'
            from registration_campaign c cross join member m
           where c.year = 2026 and c.organization_id = (select id from organization where parent_id is null order by id limit 1)
             and m.status in ('active', 'transferring', 'flowing') and m.id % 10 = 0
          on conflict do nothing`,
    ],
    ["triggers on", sql`set session_replication_role = origin`],
    [
      "old annual-cycle own contributions out",
      sql`delete from org_life_own where dimension in ('registered', 'review', 'review_approved', 'graded')`,
    ],
    [
      "old annual-cycle tallies out",
      sql`delete from org_life_count where dimension in ('registered', 'review', 'review_approved', 'graded')`,
    ],
    [
      "own annual-cycle contributions",
      sql`insert into org_life_own (organization_id, county_id, dimension, value, amount)
          select x.organization_id, org_life_holder_bucket(o.id, o.county_id, o.level), x.dimension, x.value, x.amount
            from (
          select m.organization_id, 'registered' as dimension, r.campaign_id::text as value, count(*)::numeric as amount
            from member m join member_registration r on r.member_id = m.id and r.status = 'registered'
           where m.status in ('active', 'transferring', 'flowing') group by 1, 3
          union all
          select r.organization_id, 'review', r.campaign_id::text, count(*)::numeric from branch_education_review r group by 1, 3
          union all
          select r.organization_id, 'review_approved', r.campaign_id::text, count(*)::numeric
            from branch_education_review r where r.approved_at is not null group by 1, 3
          union all
          select r.organization_id, 'graded', r.campaign_id || ':' || g.grade, count(*)::numeric
            from branch_education_review r join member_review_grade g on g.county_id = r.county_id and g.branch_review_id = r.id and g.grade is not null
           where r.approved_at is not null group by 1, 3
            ) x join organization o on o.id = x.organization_id`,
    ],
    [
      "annual-cycle subtree tallies",
      sql`insert into org_life_count (organization_id, county_id, dimension, value, amount)
          select h.id, org_life_holder_bucket(ho.id, ho.county_id, ho.level), w.dimension, w.value, sum(w.amount)
            from org_life_own w join organization o on o.id = w.organization_id
            cross join lateral unnest(cadre_count_holders(o.path)) as h (id)
            join organization ho on ho.id = h.id
           where w.dimension in ('registered', 'review', 'review_approved', 'graded')
           group by 1, 2, 3, 4`,
    ],
    [
      "analyze",
      sql`analyze education_review_campaign, registration_campaign, branch_education_review, member_review_grade, member_registration, org_life_count, org_life_own`,
    ],
  ];
  for (const [name, statement] of steps) {
    const started = performance.now();
    await db.execute(statement);
    log(`setup: ${name} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1] ?? Number.NaN;
}

const figure = (tally: AnnualCycleTally | undefined) =>
  tally
    ? `${tally.registered} of ${tally.dueToRegister} registered; ${tally.reviewsApproved} of ${tally.reviewBranches} reviews approved; grades ${tally.excellent}/${tally.qualified}/${tally.basicallyQualified}/${tally.unqualified}`
    : "—";

async function main(): Promise<void> {
  const handle = await openDatabase({ databaseUrl: String(options["database-url"]) });
  const db = handle.db;
  try {
    if (options.setup) await setup(db);
    const targets = await queryRows<{ id: number; name: string; level: string }>(
      db,
      sql`(select id, name, level from organization where level = 'county' order by id limit 1)
          union all (select id, name, level from organization where level = 'city' order by id limit 1)
          union all (select id, name, level from organization where parent_id is null order by id limit 1)`,
    );
    console.log(
      `As of ${AS_OF}; load average ${os
        .loadavg()
        .map((v) => v.toFixed(1))
        .join(" ")}\n`,
    );
    console.log("| organization | read | calls | p50 (ms) | p95 (ms) | max (ms) | figure |");
    console.log("|---|---|---:|---:|---:|---:|---|");
    const reads = [
      {
        key: "counts",
        name: "readAnnualCycleTallies (org_life_count)",
        run: async (id: number) => figure((await readAnnualCycleTallies(db, [id], AS_OF)).get(id)),
      },
      {
        key: "records",
        name: "readAnnualCycleTalliesFromRecords (records)",
        run: async (id: number) => figure((await readAnnualCycleTalliesFromRecords(db, [id], AS_OF)).get(id)),
      },
    ].filter((read) => READS.includes(read.key));
    for (const target of targets) {
      const province = target.level !== "county" && target.level !== "city";
      for (const read of reads) {
        if (read.key === "records" && province) continue;
        const calls = province ? PROVINCE_CALLS : read.key === "records" ? Math.min(CALLS, 3) : CALLS;
        let shown = "";
        for (let i = 0; i < 2; i += 1) shown = await read.run(target.id);
        const times: number[] = [];
        for (let i = 0; i < calls; i += 1) {
          const started = performance.now();
          await read.run(target.id);
          times.push(performance.now() - started);
        }
        times.sort((a, b) => a - b);
        const line = `| ${target.name} (${target.level}) | ${read.name} | ${calls} | ${percentile(times, 0.5).toFixed(1)} | ${percentile(times, 0.95).toFixed(1)} | ${(times.at(-1) ?? 0).toFixed(1)} | ${shown} |`;
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
