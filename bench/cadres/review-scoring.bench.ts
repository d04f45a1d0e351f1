/**
 * Report-and-review 述职评议 scored on phones (issue 13, "Measured"): 500 concurrent phones scoring one
 * review session on PostgreSQL — submissions and scores per second, p95 of a submission (targets
 * ≥ 500/s, p95 < 100 ms), the tally exact afterwards.
 *
 *   npx tsx bench/cadres/review-scoring.bench.ts [--phones 500] [--reporters 10] [--paced-seconds 5]
 *     [--rate 500] [--database bench_c2]
 *
 * On PostgreSQL (DATABASE_URL as an administrator connection, default
 * postgres://postgres@127.0.0.1:5432/postgres): the database --database (default bench_c2; "test" and
 * "postgres" are refused) is dropped and created, migrated, and given a small county (团测试县委, two
 * townships, three village branches) with --reporters cadres. The server listens on 127.0.0.1 (a real
 * HTTP server, the app as `tuanwu serve` builds it) and the phones are HTTP clients in the same process
 * (global fetch, keep-alive). Phases:
 * 1. burst: --phones phones at once, each GET /public/review/{token} then POST …/scores with one score
 *    per reporter (its own one-time link);
 * 2. paced: phones arriving at --rate per second for --paced-seconds (open loop: each phone starts on
 *    schedule whatever the others do), same two requests;
 * 3. 50 phones submit a second time (must all be 409) — no row may be added;
 * 4. the tally (GET /review-sessions/{id}/tally as the system) compared with the sums the phones sent,
 *    reporter by reporter; then the close, whose results must match.
 * Prints Markdown on stdout, progress on stderr; drops the database at the end (--keep to keep it).
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { buildApp } from "../../server/src/app";
import { type DatabaseHandle, openDatabase } from "../../server/src/db/database";
import { queryRows } from "../../server/src/db/sql-result";
import { systemActor } from "../../server/src/modules/auth/system-actor";
import {
  createReviewLinks,
  createReviewSession,
  getReviewTally,
  transitionReviewSession,
} from "../../server/src/modules/cadre-reviews/cadre-reviews.service";
import { createEmptyTestCounty } from "../../server/src/test/factories";

const { values: options } = parseArgs({
  options: {
    phones: { type: "string", default: "500" },
    reporters: { type: "string", default: "10" },
    "paced-seconds": { type: "string", default: "5" },
    rate: { type: "string", default: "500" },
    database: { type: "string", default: "bench_c2" },
    keep: { type: "boolean", default: false },
  },
});
const PHONES = Number(options.phones);
const REPORTERS = Number(options.reporters);
const PACED_SECONDS = Number(options["paced-seconds"]);
const RATE = Number(options.rate);
const DATABASE = String(options.database);
const ADMIN_URL = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";

if (
  !/^[a-z_][a-z0-9_]*$/.test(DATABASE) ||
  ["test", "postgres", "template0", "template1"].includes(DATABASE)
) {
  throw new Error(`refusing database name ${DATABASE}`);
}

const log = (text: string) => process.stderr.write(`${text}\n`);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1] ?? Number.NaN;
}

function summarize(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

/** Deterministic scores: phone i scores reporter j with (i * 7 + j * 13) % (scale + 1). */
function scoreOf(phone: number, reporter: number, scaleMax: number): number {
  return (phone * 7 + reporter * 13) % (scaleMax + 1);
}

interface PhoneResult {
  status: number;
  pageMs: number;
  submitMs: number;
  /** Network errors retried (connection reset). */
  retries: number;
}

async function main(): Promise<void> {
  const admin = await openDatabase({ databaseUrl: ADMIN_URL });
  await admin.exec(`drop database if exists ${DATABASE} with (force)`);
  await admin.exec(`create database ${DATABASE}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DATABASE}`;
  let handle: DatabaseHandle | undefined;
  try {
    handle = await openDatabase({ databaseUrl: url.toString() });
    await handle.migrate();
    const db = handle.db;
    const tree = await createEmptyTestCounty(db);
    const units = [tree.east, tree.west, tree.eastVillage1, tree.eastVillage2, tree.westVillage];
    const cadreIds: number[] = [];
    for (let index = 0; index < REPORTERS; index++) {
      const unit = units[index % units.length] as { id: number };
      const [row] = await queryRows<{ id: number }>(
        db,
        sql`insert into cadre (organization_id, name, gender, birth_date, post, kind, started_on)
            values (${unit.id}, ${`述职人${index + 1}`}, 'female', '1994-05-01', 'secretary', 'full_time', '2023-01-01')
            returning id::int as id`,
      );
      cadreIds.push(Number(row?.id));
    }
    const system = systemActor("bench");
    const session = await createReviewSession(db, system, tree.county.id, {
      year: 2026,
      title: "2026年度基层团组织书记述职评议（压测）",
      scaleMax: 100,
      reporterCadreIds: cadreIds,
    });
    const pacedPhones = Math.round(RATE * PACED_SECONDS);
    const totalLinks = PHONES + pacedPhones;
    const tokens: string[] = [];
    for (let made = 0; made < totalLinks; made += 1000) {
      const links = await createReviewLinks(db, system, session.id, {
        count: Math.min(1000, totalLinks - made),
      });
      tokens.push(...links.links.map((link) => link.token));
    }
    await transitionReviewSession(db, system, session.id, "open");
    const reporterIds = session.reporterList.map((reporter) => reporter.id);
    log(`session ${session.id}: ${REPORTERS} reporters, ${tokens.length} links`);

    const app = await buildApp({
      db,
      config: {
        sessionHours: 1,
        cookieSecure: false,
        loginAttemptsPerMinute: 5,
        webDist: false,
        logLevel: "silent",
      },
    });
    const address = await app.listen({ host: "127.0.0.1", port: 0 });

    const sent = new Map<number, { count: number; sum: number }>(
      reporterIds.map((id) => [id, { count: 0, sum: 0 }]),
    );
    /**
     * A phone: opens its page, submits once. A network error (the connection reset under load) is
     * retried up to 3 times, as the page would; a retried submission answered 409 review_link_used
     * means the first one was recorded (its answer was lost) and counts as recorded.
     */
    async function phone(index: number): Promise<PhoneResult> {
      const token = tokens[index] as string;
      let retries = 0;
      async function withRetry<T>(run: () => Promise<T>): Promise<T> {
        for (;;) {
          try {
            return await run();
          } catch (error) {
            if (retries >= 3) throw error;
            retries += 1;
          }
        }
      }
      const started = performance.now();
      const pageBody = await withRetry(async () => {
        const page = await fetch(`${address}/api/v1/public/review/${token}`);
        return (await page.json()) as { reporters: { id: number }[] };
      });
      const pageDone = performance.now();
      const scores = pageBody.reporters.map((reporter, position) => ({
        reporterId: reporter.id,
        score: scoreOf(index, position, 100),
      }));
      let postAttempts = 0;
      const { status, code } = await withRetry(async () => {
        postAttempts += 1;
        const response = await fetch(`${address}/api/v1/public/review/${token}/scores`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ scores }),
        });
        const body = (await response.json()) as { error?: { code?: string } };
        return { status: response.status, code: body.error?.code };
      });
      const done = performance.now();
      const recorded = status === 201 || (postAttempts > 1 && status === 409 && code === "review_link_used");
      if (recorded) {
        for (const score of scores) {
          const entry = sent.get(score.reporterId) as { count: number; sum: number };
          entry.count += 1;
          entry.sum += score.score;
        }
      }
      return {
        status: recorded ? 201 : status,
        pageMs: pageDone - started,
        submitMs: done - pageDone,
        retries,
      };
    }

    // Warm-up: 5 phones from the paced pool's end (their links are then used; the paced phase skips them).
    const warmUp = 5;
    for (let index = totalLinks - warmUp; index < totalLinks; index++) await phone(index);

    log(`burst: ${PHONES} phones at once`);
    const loadBefore = os.loadavg()[0] ?? 0;
    const burstStart = performance.now();
    const burst = await Promise.all(Array.from({ length: PHONES }, (_, index) => phone(index)));
    const burstSeconds = (performance.now() - burstStart) / 1000;

    log(`paced: ${RATE}/s for ${PACED_SECONDS} s`);
    const pacedStart = performance.now();
    const pacedCount = pacedPhones - warmUp;
    const paced = await Promise.all(
      Array.from({ length: pacedCount }, async (_, offset) => {
        const due = pacedStart + (offset * 1000) / RATE;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        return phone(PHONES + offset);
      }),
    );
    const pacedSeconds = (performance.now() - pacedStart) / 1000;
    const loadAfter = os.loadavg()[0] ?? 0;

    log("second submissions: 50 phones");
    const [{ total: rowsBefore } = { total: 0 }] = await queryRows<{ total: number }>(
      db,
      sql`select count(*)::int as total from review_score where session_id = ${session.id}`,
    );
    const again = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        fetch(`${address}/api/v1/public/review/${tokens[index]}/scores`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ scores: reporterIds.map((reporterId) => ({ reporterId, score: 1 })) }),
        }).then((response) => response.status),
      ),
    );
    const [{ total: rowsAfter } = { total: 0 }] = await queryRows<{ total: number }>(
      db,
      sql`select count(*)::int as total from review_score where session_id = ${session.id}`,
    );

    const tally = await getReviewTally(db, system, session.id);
    const mismatches = tally.reporters.filter((reporter) => {
      const expected = sent.get(reporter.reporterId) as { count: number; sum: number };
      return expected.count !== reporter.count || expected.sum !== reporter.sum;
    });
    const closed = await transitionReviewSession(db, system, session.id, "close");
    const resultMismatches = closed.results.filter((result) => {
      const expected = sent.get(result.reporterId) as { count: number; sum: number };
      return Math.abs(Math.round((expected.sum * 100) / expected.count) / 100 - result.average) > 1e-9;
    });
    await app.close();

    const statusCounts = (results: PhoneResult[]) =>
      Object.entries(
        results.reduce<Record<number, number>>((counts, result) => {
          counts[result.status] = (counts[result.status] ?? 0) + 1;
          return counts;
        }, {}),
      )
        .map(([status, count]) => `${status}: ${count}`)
        .join(", ");
    const burstSubmit = summarize(burst.map((result) => result.submitMs));
    const burstPage = summarize(burst.map((result) => result.pageMs));
    const pacedSubmit = summarize(paced.map((result) => result.submitMs));
    const pacedPage = summarize(paced.map((result) => result.pageMs));
    const burstOk = burst.filter((result) => result.status === 201).length;
    const retried = (results: PhoneResult[]) => results.reduce((sum, result) => sum + result.retries, 0);
    const pacedOk = paced.filter((result) => result.status === 201).length;

    const lines = [
      `### 述职评议 phone scoring (issue 13) — ${new Date().toISOString()}`,
      "",
      `Command: \`npx tsx bench/cadres/review-scoring.bench.ts --phones ${PHONES} --reporters ${REPORTERS} --paced-seconds ${PACED_SECONDS} --rate ${RATE}\``,
      `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average (1 min) ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after; PostgreSQL database ${DATABASE} (pool of 10); HTTP over loopback, phones in the same process as the server.`,
      "",
      "| phase | phones | submissions/s | scores/s | submit p50 | submit p95 | submit max | page p95 | statuses |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---|",
      `| burst (all at once) | ${PHONES} | ${(burstOk / burstSeconds).toFixed(0)} | ${((burstOk * REPORTERS) / burstSeconds).toFixed(0)} | ${ms(burstSubmit.p50)} | ${ms(burstSubmit.p95)} | ${ms(burstSubmit.max)} | ${ms(burstPage.p95)} | ${statusCounts(burst)} |`,
      `| paced ${RATE}/s | ${pacedCount} | ${(pacedOk / pacedSeconds).toFixed(0)} | ${((pacedOk * REPORTERS) / pacedSeconds).toFixed(0)} | ${ms(pacedSubmit.p50)} | ${ms(pacedSubmit.p95)} | ${ms(pacedSubmit.max)} | ${ms(pacedPage.p95)} | ${statusCounts(paced)} |`,
      "",
      `A submission = one phone's one-time link with ${REPORTERS} scores (one per reporter) in one transaction; "scores/s" counts score rows. Burst: ${burstSeconds.toFixed(2)} s for ${PHONES} phones (GET page + POST each). Paced: ${pacedSeconds.toFixed(2)} s. Network errors retried (connection reset, as a phone's page retries): ${retried(burst)} in the burst, ${retried(paced)} paced.`,
      `Second submissions by 50 phones: ${again.filter((status) => status === 409).length}/50 answered 409; score rows ${rowsBefore} before, ${rowsAfter} after.`,
      `Tally exact: ${mismatches.length === 0 ? "yes" : `NO (${mismatches.length} reporters differ)`} — ${tally.submitted} links used, every reporter's count and sum equal to what the phones that got 201 sent; results on close ${resultMismatches.length === 0 ? "equal the phones' means" : `DIFFER for ${resultMismatches.length}`}.`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    await handle?.close();
    if (!options.keep) await admin.exec(`drop database if exists ${DATABASE} with (force)`);
    await admin.close();
  }
}

await main();
