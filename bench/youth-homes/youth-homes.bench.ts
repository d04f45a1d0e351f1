/**
 * Public links under load (issue 14, "Measured"): 2,000 phones answering one survey and 500 checking in
 * to one activity at once, on PostgreSQL.
 *
 *   createdb -h 127.0.0.1 -U postgres bench_y3
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_y3 npx tsx bench/youth-homes/youth-homes.bench.ts \
 *     [--answers 2000] [--checkins 500] [--clients 100]
 *
 * The database named by DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench_y3) is migrated,
 * and the bench's rows are added to it: the 旺苍县 tree scaffolded (if absent), one open survey of six
 * questions (domain demo questions, repeats not allowed) and one activity whose check-in window is open
 * with --checkins confirmed sign-ups. Then, through the real routes (`app.inject`: routing, the rate
 * limit, zod, the service, the unique index; no TCP), each phone from its own address (10.x.y.z):
 * 1. --answers POST /public/surveys/{token}/responses, each with its own device key, by --clients
 *    concurrent workers all started at once;
 * 2. --checkins POST /public/activities/checkin/{checkinToken} (each sign-up's phone), likewise.
 * Reports answers per second, p50/p95/max latency, and checks the counts afterwards are exact
 * (survey_response rows = answers sent, checked-in sign-ups = check-ins sent; every answer 201/200).
 * Markdown on stdout, progress on stderr. The bench's rows stay in the database (drop it afterwards).
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import { parseArgs } from "node:util";
import { createSeededRandom, surveyQuestionsSchema } from "@tuanwu/domain";
import { eq, sql } from "drizzle-orm";
import { buildApp } from "../../server/src/app";
import { openDatabase } from "../../server/src/db/database";
import { activity, activitySignup, organization, survey } from "../../server/src/db/schema";
import { queryRows } from "../../server/src/db/sql-result";
import { systemActor } from "../../server/src/modules/auth/system-actor";
import { scaffoldDivision } from "../../server/src/modules/scaffold/scaffold.service";
import {
  DEMO_SURVEY_QUESTIONS,
  demoPhone,
  demoSurveyAnswers,
} from "../../server/src/modules/seed/demo-youth-homes-data";

const { values: options } = parseArgs({
  options: {
    answers: { type: "string", default: "2000" },
    checkins: { type: "string", default: "500" },
    clients: { type: "string", default: "100" },
  },
});
const ANSWERS = Number(options.answers);
const CHECKINS = Number(options.checkins);
const CLIENTS = Number(options.clients);
const DATABASE_URL = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/bench_y3";

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1] ?? Number.NaN;
}

/** The i-th phone's own address: 10.x.y.z (so the per-address rate limit sees separate phones). */
function addressOf(index: number): string {
  return `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
}

/** Runs `work(i)` for i < count with CLIENTS workers started at once; latencies and status counts. */
async function burst(count: number, work: (index: number) => Promise<number>) {
  let next = 0;
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(CLIENTS, count) }, async () => {
      while (next < count) {
        const index = next;
        next += 1;
        const begin = performance.now();
        const status = await work(index);
        latencies.push(performance.now() - begin);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  return {
    perSecond: count / seconds,
    seconds,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    max: sorted.at(-1) ?? Number.NaN,
    statuses: Object.fromEntries(statuses),
  };
}

async function main(): Promise<void> {
  const handle = await openDatabase({ databaseUrl: DATABASE_URL });
  await handle.migrate();
  const actor = systemActor("bench");
  let county = (
    await handle.db.select().from(organization).where(eq(organization.divisionCode, "510821")).limit(1)
  )[0];
  if (!county) {
    log("scaffolding 旺苍县");
    await scaffoldDivision(handle.db, actor, "510821");
    county = (
      await handle.db.select().from(organization).where(eq(organization.divisionCode, "510821")).limit(1)
    )[0];
  }
  if (!county) throw new Error("county missing after scaffolding");

  const surveyToken = randomBytes(18).toString("base64url");
  const [benchSurvey] = await handle.db
    .insert(survey)
    .values({
      organizationId: county.id,
      title: "基准测试问卷",
      questions: surveyQuestionsSchema.parse(DEMO_SURVEY_QUESTIONS),
      status: "open",
      publicToken: surveyToken,
      allowRepeatPerDevice: false,
    })
    .returning({ id: survey.id });
  const now = Date.now();
  const checkinToken = randomBytes(18).toString("base64url");
  const [benchActivity] = await handle.db
    .insert(activity)
    .values({
      organizationId: county.id,
      title: "基准测试活动",
      place: "县青年之家",
      startsAt: new Date(now + 10 * 60_000),
      endsAt: new Date(now + 3 * 3_600_000),
      checkinOpensAt: new Date(now - 20 * 60_000),
      checkinClosesAt: new Date(now + 3 * 3_600_000),
      capacity: CHECKINS,
      status: "published",
      publicToken: randomBytes(18).toString("base64url"),
      checkinToken,
    })
    .returning({ id: activity.id });
  if (!benchSurvey || !benchActivity) throw new Error("bench rows not inserted");
  const phones = Array.from({ length: CHECKINS }, (_, index) => demoPhone(900_000 + index));
  for (let start = 0; start < phones.length; start += 500) {
    await handle.db.insert(activitySignup).values(
      phones.slice(start, start + 500).map((phone, index) => ({
        activityId: benchActivity.id,
        name: `青年${start + index + 1}`,
        phone,
        status: "confirmed",
      })),
    );
  }
  await handle.db.execute(sql`analyze`);

  const app = await buildApp({
    db: handle.db,
    config: { sessionHours: 1, cookieSecure: false, loginAttemptsPerMinute: 1000, webDist: false },
  });
  await app.ready();
  const sheets = demoSurveyAnswers(createSeededRandom(14), ANSWERS);
  const runId = randomBytes(4).toString("hex");

  log(`${ANSWERS} survey answers with ${CLIENTS} clients`);
  const answers = await burst(ANSWERS, async (index) => {
    const response = await app.inject({
      method: "POST",
      url: `/api/v1/public/surveys/${surveyToken}/responses`,
      remoteAddress: addressOf(index + 1),
      payload: { deviceKey: `bench-${runId}-${index}`, answers: sheets[index] },
    });
    return response.statusCode;
  });
  log(`${CHECKINS} check-ins with ${CLIENTS} clients`);
  const checkins = await burst(CHECKINS, async (index) => {
    const response = await app.inject({
      method: "POST",
      url: `/api/v1/public/activities/checkin/${checkinToken}`,
      remoteAddress: addressOf(100_000 + index),
      payload: { phone: phones[index], action: "check_in" },
    });
    return response.statusCode;
  });

  const [stored] = await queryRows<{ responses: number; checkedIn: number }>(
    handle.db,
    sql`select (select count(*)::int from survey_response where survey_id = ${benchSurvey.id}) as responses,
               (select count(*)::int from activity_signup
                 where activity_id = ${benchActivity.id} and checked_in_at is not null) as "checkedIn"`,
  );
  await app.close();
  await handle.close();

  const row = (name: string, result: Awaited<ReturnType<typeof burst>>, sent: number, counted: number) =>
    `| ${name} | ${sent} | ${result.seconds.toFixed(2)} | **${result.perSecond.toFixed(0)}** | ${result.p50.toFixed(1)} | **${result.p95.toFixed(1)}** | ${result.max.toFixed(1)} | ${JSON.stringify(result.statuses)} | ${counted} ${counted === sent ? "(exact)" : "(MISMATCH)"} |`;
  const lines = [
    `Machine: ${os.cpus()[0]?.model ?? "?"} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}; PostgreSQL at ${new URL(DATABASE_URL).host}; ${CLIENTS} concurrent clients; load average ${os
      .loadavg()
      .map((value) => value.toFixed(1))
      .join(" / ")} at the end; ${new Date().toISOString().slice(0, 10)}.`,
    "",
    "| Public link | Requests | Seconds | Per second | p50 ms | p95 ms | max ms | Statuses | Rows afterwards |",
    "|---|---:|---:|---:|---:|---:|---:|---|---|",
    row("Survey answers (POST /public/surveys/{token}/responses)", answers, ANSWERS, stored?.responses ?? -1),
    row(
      "QR check-ins (POST /public/activities/checkin/{token})",
      checkins,
      CHECKINS,
      stored?.checkedIn ?? -1,
    ),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

await main();
