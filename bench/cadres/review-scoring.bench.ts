/**
 * Report-and-review 述职评议 scored on phones (issue 13, "Measured"): 500 concurrent phones scoring one
 * review session on PostgreSQL — submissions and scores per second, p95 of a submission (targets
 * ≥ 500/s, p95 < 100 ms), the tally exact afterwards.
 *
 *   npx tsx bench/cadres/review-scoring.bench.ts [--phones 500] [--reporters 10] [--paced-seconds 5]
 *     [--rate 500] [--database bench_c2] [--client process|inline] [--keep]
 *
 * On PostgreSQL (DATABASE_URL as an administrator connection, default
 * postgres://postgres@127.0.0.1:5432/postgres): the database --database (default bench_c2; "test" and
 * "postgres" are refused) is dropped and created, migrated, and given a small county (团测试县委, two
 * townships, three village branches) with --reporters cadres. The server listens on 127.0.0.1 (a real
 * HTTP server, the app as `tuanwu serve` builds it) and the phones are HTTP clients (global fetch,
 * keep-alive, one connection each) in a child process (review-phones.client.ts; `--client inline` puts
 * them in the server's process, as before 2026-12-07, where their JSON and HTTP work took the server's
 * event loop). 5 warm-up phones use links of their own (before 2026-12-07 they used the last 5 burst
 * links when --paced-seconds was 0, whose phones then got 409 on links the warm-up had used). Phases:
 * 1. burst: --phones phones, each GET /public/review/{token} then POST …/scores with one score per
 *    reporter (its own one-time link); --burst split (default): all pages first, then all submissions
 *    at once, timed (the hall: pages open while the reports are heard, 提交 pressed at the end);
 *    --burst together: page + submission per phone, all phones at once (the measure before 2026-12-07);
 * 2. paced: phones submitting at --rate per second for --paced-seconds (open loop: each phone starts on
 *    schedule whatever the others do); with --burst split (the default) their pages are opened first,
 *    untimed, and only the submissions arrive at --rate; with --burst together page + submission do;
 * 3. 50 phones submit a second time with other scores (must all be 409), and 50 repeat their own
 *    submission (a retry after a lost answer: must all be 200, replayed) — no row may be added;
 * 4. the tally (GET /review-sessions/{id}/tally as the system) compared with the sums the phones sent,
 *    reporter by reporter; then the close, whose results must match.
 * CPU per submission: the server process's (process.cpuUsage), PostgreSQL's (the pool's backends,
 * /proc/{pid}/stat) and the phones' (the child's), over the burst. Every phone whose answer was not 201
 * is listed on stderr with its attempts' statuses and error code.
 * Prints Markdown on stdout, progress on stderr; drops the database at the end (--keep to keep it).
 */
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
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
import { type PhoneResult, type PhonesRequest, runPhones } from "./review-phones";

const { values: options } = parseArgs({
  options: {
    phones: { type: "string", default: "500" },
    reporters: { type: "string", default: "10" },
    "paced-seconds": { type: "string", default: "5" },
    rate: { type: "string", default: "500" },
    database: { type: "string", default: "bench_c2" },
    keep: { type: "boolean", default: false },
    client: { type: "string", default: "process" },
    burst: { type: "string", default: "split" },
  },
});
const PHONES = Number(options.phones);
const REPORTERS = Number(options.reporters);
const PACED_SECONDS = Number(options["paced-seconds"]);
const RATE = Number(options.rate);
const DATABASE = String(options.database);
const CLIENT = String(options.client);
if (!["process", "inline"].includes(CLIENT)) throw new Error("--client is process or inline");
const BURST = String(options.burst);
if (!["split", "together"].includes(BURST)) throw new Error("--burst is split or together");
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

/** CPU milliseconds (user + system) of the PostgreSQL backends `pids`, from /proc/{pid}/stat (Linux). */
function backendCpuMs(pids: number[]): number {
  const tick = 10; // ms per clock tick (USER_HZ 100)
  let total = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      total += (Number(fields[11]) + Number(fields[12])) * tick;
    } catch {
      // The backend ended.
    }
  }
  return total;
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
    const warmUp = 5;
    const totalLinks = PHONES + pacedPhones + warmUp;
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
    /** Counts what a recorded phone sent (a 200 repeat counts once: its first answer was lost). */
    const countSent = (results: PhoneResult[]) => {
      for (const result of results) {
        if (!result.recorded) continue;
        for (const score of result.scores) {
          const entry = sent.get(score.reporterId) as { count: number; sum: number };
          entry.count += 1;
          entry.sum += score.score;
        }
      }
    };
    const child =
      CLIENT === "process"
        ? fork(new URL("./review-phones.client.ts", import.meta.url), { stdio: "inherit" })
        : undefined;
    if (child) await new Promise((resolve) => child.once("message", resolve));
    /** Runs phones in the child (or inline); the client's CPU time when in the child. */
    async function phones(
      request: PhonesRequest,
    ): Promise<{ results: PhoneResult[]; seconds: number; cpuMs: number }> {
      if (!child) return { ...(await runPhones(request)), cpuMs: Number.NaN };
      child.send(request);
      return new Promise((resolve) =>
        child.once("message", (answer) => resolve(answer as Awaited<ReturnType<typeof phones>>)),
      );
    }
    const slice = (from: number, to: number) =>
      tokens.slice(from, to).map((token, offset) => ({ index: from + offset, token }));

    // Warm-up: 5 phones on links of their own (the last 5), one after the other.
    for (let index = totalLinks - warmUp; index < totalLinks; index++) {
      countSent((await phones({ address, phones: slice(index, index + 1), rate: 0, step: "both" })).results);
    }
    // Every pooled connection opened before the burst, so its backend's CPU is counted from the start.
    await Promise.all(Array.from({ length: 10 }, () => handle?.exec("select pg_sleep(0.05)")));
    const backends = (
      await queryRows<{ pid: number }>(
        db,
        sql`select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'`,
      )
    ).map((row) => Number(row.pid));

    log(
      `burst: ${PHONES} phones at once (${CLIENT === "process" ? "child process" : "in the server's process"})`,
    );
    const loadBefore = os.loadavg()[0] ?? 0;
    // split: every phone opens its page first (not timed as submissions), then all press 提交 at once.
    const pagesRun =
      BURST === "split"
        ? await phones({ address, phones: slice(0, PHONES), rate: 0, step: "page" })
        : undefined;
    const serverCpu = process.cpuUsage();
    const databaseCpuBefore = backendCpuMs(backends);
    const burstRun = await phones({
      address,
      phones: slice(0, PHONES),
      rate: 0,
      step: BURST === "split" ? "submit" : "both",
    });
    const serverUsed = process.cpuUsage(serverCpu);
    const databaseCpuMs = backendCpuMs(backends) - databaseCpuBefore;
    const serverCpuMs = (serverUsed.user + serverUsed.system) / 1000;
    const burst = burstRun.results;
    const burstSeconds = burstRun.seconds;
    countSent(burst);

    log(`paced: ${RATE}/s for ${PACED_SECONDS} s`);
    const pacedCount = pacedPhones;
    const pacedRun =
      pacedCount > 0
        ? await (async () => {
            const pacedPhonesOf = slice(PHONES, PHONES + pacedCount);
            if (BURST !== "split")
              return phones({ address, phones: pacedPhonesOf, rate: RATE, step: "both" });
            await phones({ address, phones: pacedPhonesOf, rate: 0, step: "page" });
            return phones({ address, phones: pacedPhonesOf, rate: RATE, step: "submit" });
          })()
        : { results: [], seconds: 0, cpuMs: 0 };
    const paced = pacedRun.results;
    const pacedSeconds = pacedRun.seconds;
    countSent(paced);
    const loadAfter = os.loadavg()[0] ?? 0;
    for (const result of [...burst, ...paced]) {
      if (result.status !== 201) {
        log(
          `phone ${result.index}: ${result.status}${result.code ? ` ${result.code}` : ""} (attempts ${result.attempts.join(", ")}${result.replayed ? ", replayed" : ""})`,
        );
      }
    }

    log("second submissions: 50 phones with other scores, 50 repeating their own");
    const countRows = async () =>
      Number(
        (
          await queryRows<{ total: number }>(
            db,
            sql`select count(*)::int as total from review_score where session_id = ${session.id}`,
          )
        )[0]?.total,
      );
    const rowsBefore = await countRows();
    const post = (token: string, scores: unknown) =>
      fetch(`${address}/api/v1/public/review/${token}/scores`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ scores }),
      }).then((response) => response.status);
    const again = await Promise.all(
      burst.slice(0, 50).map((result) =>
        post(
          tokens[result.index] as string,
          result.scores.map((each) => ({ ...each, score: each.score === 1 ? 2 : 1 })),
        ),
      ),
    );
    const repeats = await Promise.all(
      burst.slice(50, 100).map((result) => post(tokens[result.index] as string, result.scores)),
    );
    const rowsAfter = await countRows();

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
    child?.send("exit");

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
    const burstPage = summarize((pagesRun?.results ?? burst).map((result) => result.pageMs));
    const pacedSubmit = summarize(paced.map((result) => result.submitMs));
    const pacedPage = summarize(paced.map((result) => result.pageMs));
    const burstOk = burst.filter((result) => result.recorded).length;
    const retried = (results: PhoneResult[]) => results.reduce((sum, result) => sum + result.retries, 0);
    const pacedOk = paced.filter((result) => result.recorded).length;
    const perPhone = (value: number) => (value / PHONES).toFixed(2);

    const lines = [
      `### 述职评议 phone scoring (issue 13) — ${new Date().toISOString()}`,
      "",
      `Command: \`npx tsx bench/cadres/review-scoring.bench.ts --phones ${PHONES} --reporters ${REPORTERS} --paced-seconds ${PACED_SECONDS} --rate ${RATE} --client ${CLIENT}\``,
      `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average (1 min) ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after; PostgreSQL database ${DATABASE} (pool of 10); HTTP over loopback, phones ${CLIENT === "process" ? "in a child process" : "in the same process as the server"}.`,
      "",
      "| phase | phones | submissions/s | scores/s | submit p50 | submit p95 | submit max | page p95 | statuses |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---|",
      `| burst (${BURST === "split" ? "pages first, then all submit at once" : "page + submit, all at once"}) | ${PHONES} | ${(burstOk / burstSeconds).toFixed(0)} | ${((burstOk * REPORTERS) / burstSeconds).toFixed(0)} | ${ms(burstSubmit.p50)} | ${ms(burstSubmit.p95)} | ${ms(burstSubmit.max)} | ${ms(burstPage.p95)} | ${statusCounts(burst)} |`,
      `| paced ${RATE}/s | ${pacedCount} | ${(pacedOk / pacedSeconds).toFixed(0)} | ${((pacedOk * REPORTERS) / pacedSeconds).toFixed(0)} | ${ms(pacedSubmit.p50)} | ${ms(pacedSubmit.p95)} | ${ms(pacedSubmit.max)} | ${ms(pacedPage.p95)} | ${statusCounts(paced)} |`,
      "",
      `A submission = one phone's one-time link with ${REPORTERS} scores (one per reporter) in one transaction; "scores/s" counts score rows. Burst: ${burstSeconds.toFixed(2)} s for ${PHONES} phones (${BURST === "split" ? `the POSTs; the ${PHONES} pages before them took ${pagesRun?.seconds.toFixed(2)} s` : "GET page + POST each"}). Paced: ${pacedSeconds.toFixed(2)} s. Network errors retried (connection reset, as a phone's page retries): ${retried(burst)} in the burst, ${retried(paced)} paced.`,
      `CPU over the burst (${PHONES} phones, ${BURST === "split" ? "the submissions" : "page + submission each"}): server process ${serverCpuMs.toFixed(0)} ms (${perPhone(serverCpuMs)} ms per phone), PostgreSQL backends ${databaseCpuMs.toFixed(0)} ms (${perPhone(databaseCpuMs)} ms per phone), phones ${Number.isNaN(burstRun.cpuMs) ? "in the server's process" : `${burstRun.cpuMs.toFixed(0)} ms (${perPhone(burstRun.cpuMs)} ms per phone)`}.`,
      `Second submissions with other scores by 50 phones: ${again.filter((status) => status === 409).length}/50 answered 409; repeats of their own submission by 50 phones: ${repeats.filter((status) => status === 200).length}/50 answered 200; score rows ${rowsBefore} before, ${rowsAfter} after.`,
      `Tally exact: ${mismatches.length === 0 ? "yes" : `NO (${mismatches.length} reporters differ)`} — ${tally.submitted} links used, every reporter's count and sum equal to what the recorded phones sent; results on close ${resultMismatches.length === 0 ? "equal the phones' means" : `DIFFER for ${resultMismatches.length}`}.`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    await handle?.close();
    if (!options.keep) await admin.exec(`drop database if exists ${DATABASE} with (force)`);
    await admin.close();
  }
}

await main();
