import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import mammoth from "mammoth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { latestAuditEntry } from "../../test/database-state";
import {
  createOrganizationRow,
  createTestApp,
  createTestUser,
  logInEach,
  type TestSession,
} from "../../test/factories";
import { sendAs } from "../../test/member-factories";
import { systemActor } from "../auth/system-actor";
import { PUBLIC_REVIEW_REQUESTS_PER_MINUTE } from "./cadre-reviews.routes";
import {
  createReviewLinks,
  createReviewSession,
  listCadreReviewResults,
  transitionReviewSession,
} from "./cadre-reviews.service";
import { expectNothingWritten, insertTestCadre, reviewState } from "./cadre-reviews.test-support";
import { submitPublicScores } from "./review-scoring.service";

/**
 * 述职评议 routes (issue 13 part 4): sessions in scope (401/403/404/400), one-time links stored hashed,
 * the public phone page (no one's scores), one atomic submission per link (a different second → 409;
 * a repeat of the link's own scores — a retry after a lost answer, a double tap — → 200 as the original,
 * nothing written; concurrent ones → one winner), a score outside the scale → 400 naming the reporter, after the close → 409, 429 when a
 * link is hammered, the live tally, grades on close, the result letter .docx, the results on the
 * cadre's record. Every refusal writes nothing.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;
let west: TestSession;
let eastSecretary: number;
let villageSecretary: number;
let endedCadre: number;
let westCadre: number;
let sessionId: number;
let reporters: { id: number; cadreId: number; name: string }[];
let tokens: string[];

const publicGet = (token: string, remoteAddress = "10.0.0.1") =>
  context.app.inject({ method: "GET", url: `/api/v1/public/review/${token}`, remoteAddress });
const publicPost = (token: string, scores: unknown, remoteAddress = "10.0.0.1") =>
  context.app.inject({
    method: "POST",
    url: `/api/v1/public/review/${token}/scores`,
    payload: { scores },
    remoteAddress,
  });
const scoresFor = (values: number[]) =>
  reporters.map((reporter, index) => ({ reporterId: reporter.id, score: values[index] }));

beforeAll(async () => {
  context = await createTestApp();
  await createTestUser(context.db, "west", "org_admin", context.tree.west.id);
  [county, east, secretary, member, west] = await logInEach(context.app, [
    "county",
    "east",
    "secretary",
    "member",
    "west",
  ]);
  eastSecretary = await insertTestCadre(context.db, context.tree.east.id, "王东河");
  villageSecretary = await insertTestCadre(context.db, context.tree.eastVillage1.id, "李东一");
  endedCadre = await insertTestCadre(context.db, context.tree.eastVillage2.id, "赵离任", {
    endedOn: "2025-01-01",
  });
  westCadre = await insertTestCadre(context.db, context.tree.westVillage.id, "钱西一");
  // A fresh PGlite, migrated: slow on a loaded machine.
}, 300_000);
afterAll(async () => context.close());

const newSession = (
  session: TestSession | undefined,
  organizationId: number,
  body: Record<string, unknown>,
) =>
  sendAs(context.app, session, "POST", `/organizations/${organizationId}/review-sessions`, {
    year: 2026,
    title: "2026年度基层团组织书记述职评议",
    ...body,
  });

describe("sessions", () => {
  it("401 signed out, 404 outside the scope, 403 a branch secretary (cadre:read only), 400 naming the field", async () => {
    const body = { reporterCadreIds: [eastSecretary] };
    await expectNothingWritten(context.db, () => newSession(undefined, context.tree.east.id, body), 401);
    await expectNothingWritten(context.db, () => newSession(west, context.tree.east.id, body), 404);
    await expectNothingWritten(
      context.db,
      () => newSession(secretary, context.tree.eastVillage1.id, { reporterCadreIds: [villageSecretary] }),
      403,
    );
    await expectNothingWritten(context.db, () => newSession(member, context.tree.eastVillage1.id, body), 403);
    const scale = await expectNothingWritten(
      context.db,
      () => newSession(east, context.tree.east.id, { ...body, scaleMax: 0 }),
      400,
    );
    expect(scale.field).toBe("scaleMax");
    expect(scale.message).toContain("满分");
    const ended = await expectNothingWritten(
      context.db,
      () => newSession(east, context.tree.east.id, { reporterCadreIds: [eastSecretary, endedCadre] }),
      400,
      "reporter_not_eligible",
    );
    expect(ended.message).toContain("赵离任");
    await expectNothingWritten(
      context.db,
      () => newSession(east, context.tree.east.id, { reporterCadreIds: [westCadre] }),
      404,
    );
    const duplicate = await expectNothingWritten(
      context.db,
      () => newSession(east, context.tree.east.id, { reporterCadreIds: [eastSecretary, eastSecretary] }),
      400,
    );
    expect(duplicate.field).toBe("reporterCadreIds");
  });

  it("creates a draft session with its reporters in speaking order (audited); lists and reads it in scope", async () => {
    const response = await newSession(east, context.tree.east.id, {
      reporterCadreIds: [villageSecretary, eastSecretary],
    });
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json();
    sessionId = created.id;
    expect(created).toMatchObject({
      status: "draft",
      statusLabel: "准备中",
      scaleMax: 100,
      reporters: 2,
      links: 0,
    });
    reporters = created.reporterList;
    expect(reporters.map((reporter) => reporter.name)).toEqual(["李东一", "王东河"]);
    expect(created.reporterList[0]).toMatchObject({
      sequence: 1,
      postLabel: "书记",
      organizationName: "东一村团支部",
    });
    expect(await latestAuditEntry(context.db, "review_session.create")).toMatchObject({
      entityId: String(sessionId),
    });

    const list = await sendAs(
      context.app,
      county,
      "GET",
      `/organizations/${context.tree.county.id}/review-sessions`,
    );
    expect(list.statusCode).toBe(200);
    expect(list.json().map((each: { id: number }) => each.id)).toEqual([sessionId]);
    expect((await sendAs(context.app, west, "GET", `/review-sessions/${sessionId}`)).statusCode).toBe(404);
    expect((await sendAs(context.app, member, "GET", `/review-sessions/${sessionId}`)).statusCode).toBe(403);
    expect((await sendAs(context.app, county, "GET", `/review-sessions/${sessionId}`)).statusCode).toBe(200);
    expect((await sendAs(context.app, county, "GET", "/review-sessions/abc")).json().error.field).toBe("id");
  });

  it("makes one-time links: tokens shown once, only their sha256 stored (audited without tokens)", async () => {
    await expectNothingWritten(
      context.db,
      () => sendAs(context.app, west, "POST", `/review-sessions/${sessionId}/links`, { count: 3 }),
      404,
    );
    const bad = await expectNothingWritten(
      context.db,
      () => sendAs(context.app, east, "POST", `/review-sessions/${sessionId}/links`, { count: 0 }),
      400,
    );
    expect(bad.field).toBe("count");
    const response = await sendAs(context.app, east, "POST", `/review-sessions/${sessionId}/links`, {
      count: 8,
    });
    expect(response.statusCode, response.body).toBe(201);
    const links = response.json().links as { token: string; label: string; path: string }[];
    tokens = links.map((link) => link.token);
    expect(links[0]).toMatchObject({ label: "代表 1", path: `/review/${tokens[0]}` });
    expect(new Set(tokens).size).toBe(8);
    const stored = await queryRows<{ token_hash: string }>(
      context.db,
      sql`select token_hash from review_link where session_id = ${sessionId} order by id`,
    );
    expect(stored.map((row) => row.token_hash)).toEqual(
      tokens.map((token) => createHash("sha256").update(token).digest("hex")),
    );
    const audit = await latestAuditEntry(context.db, "review_session.links");
    expect(JSON.stringify(audit)).not.toContain(tokens[0]);
  });
});

describe("public scoring", () => {
  it("shows the session and its reporters, never scores; 404 unknown link, 400 malformed", async () => {
    const page = await publicGet(tokens[0] as string);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({
      status: "draft",
      submitted: false,
      scaleMax: 100,
      organizationName: "共青团东河镇委员会",
    });
    expect(page.json().reporters.map((reporter: { name: string }) => reporter.name)).toEqual([
      "李东一",
      "王东河",
    ]);
    expect(page.body).not.toContain("score");
    expect((await publicGet("A".repeat(32))).statusCode).toBe(404);
    const malformed = await publicGet("short");
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.field).toBe("token");
  });

  it("409 before the session opens; nothing written", async () => {
    const error = await expectNothingWritten(
      context.db,
      () => publicPost(tokens[0] as string, scoresFor([90, 90])),
      409,
      "review_session_not_open",
    );
    expect(error.message).toContain("尚未开始");
  });

  it("opens (audited); opening twice → 409", async () => {
    const opened = await sendAs(context.app, east, "POST", `/review-sessions/${sessionId}/open`, {});
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json().status).toBe("open");
    await expectNothingWritten(
      context.db,
      () => sendAs(context.app, east, "POST", `/review-sessions/${sessionId}/open`, {}),
      409,
      "review_session_state",
    );
    await expectNothingWritten(
      context.db,
      () => sendAs(context.app, secretary, "POST", `/review-sessions/${sessionId}/close`, {}),
      403,
    );
  });

  it("400 naming the reporter for a score outside the scale, or a reporter left out; nothing written", async () => {
    const outside = await expectNothingWritten(
      context.db,
      () => publicPost(tokens[0] as string, scoresFor([90, 101])),
      400,
      "score_out_of_scale",
    );
    expect(outside.field).toBe("scores.1.score");
    expect(outside.message).toContain("王东河");
    const missing = await expectNothingWritten(
      context.db,
      () => publicPost(tokens[0] as string, [{ reporterId: reporters[0]?.id, score: 80 }]),
      400,
      "scores_incomplete",
    );
    expect(missing.message).toContain("王东河");
    await expectNothingWritten(context.db, () => publicPost("B".repeat(32), scoresFor([90, 90])), 404);
  });

  it("takes one submission per link: the second → 409, concurrent ones → one winner", async () => {
    const first = await publicPost(tokens[0] as string, scoresFor([95, 85]));
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ recorded: 2, replayed: false });
    const again = await expectNothingWritten(
      context.db,
      () => publicPost(tokens[0] as string, scoresFor([10, 10])),
      409,
      "review_link_used",
    );
    expect(again.message).toContain("只能提交一次");
    expect((await publicGet(tokens[0] as string)).json().submitted).toBe(true);

    // One phone tapping five times at once: one submission recorded, the repeats answered as it.
    const racing = await Promise.all(
      [0, 1, 2, 3, 4].map((index) => publicPost(tokens[1] as string, scoresFor([80, 70]), `10.0.1.${index}`)),
    );
    expect(racing.map((response) => response.statusCode).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(racing.map((response) => response.json().recorded)).toEqual([2, 2, 2, 2, 2]);
    expect(racing.filter((response) => response.json().replayed)).toHaveLength(4);
    const scored = await queryRows<{ total: number }>(
      context.db,
      sql`select count(*)::int as total from review_score where session_id = ${sessionId}`,
    );
    expect(Number(scored[0]?.total)).toBe(4);
    const audit = await latestAuditEntry(context.db, "review_session.score");
    expect(audit).toMatchObject({ entityId: String(sessionId), detail: { reporters: 2 } });
  });

  it("answers a repeat of the link's own submission (a retry after a lost answer) 200 with the original result, nothing written; other scores → 409", async () => {
    const before = await reviewState(context.db);
    const retry = await publicPost(tokens[0] as string, [...scoresFor([95, 85])].reverse(), "10.0.2.1");
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json()).toEqual({
      recorded: 2,
      message: "评分已提交，感谢您的参与 / thank you, your scores are recorded",
      replayed: true,
    });
    expect(await reviewState(context.db)).toEqual(before);
    // Not the same submission: one score differs, a reporter left out, or a reporter twice.
    await expectNothingWritten(
      context.db,
      () => publicPost(tokens[0] as string, scoresFor([95, 84])),
      409,
      "review_link_used",
    );
    await expectNothingWritten(
      context.db,
      () => publicPost(tokens[0] as string, [{ reporterId: reporters[0]?.id, score: 95 }]),
      409,
      "review_link_used",
    );
    await expectNothingWritten(
      context.db,
      () =>
        publicPost(tokens[0] as string, [
          { reporterId: reporters[0]?.id, score: 95 },
          { reporterId: reporters[0]?.id, score: 95 },
        ]),
      409,
      "review_link_used",
    );
  });

  it("answers 429 when one address hammers one link, other links from that address still work", async () => {
    const token = tokens[7] as string;
    const statuses: number[] = [];
    for (let index = 0; index <= PUBLIC_REVIEW_REQUESTS_PER_MINUTE; index++) {
      statuses.push((await publicGet(token, "10.9.9.9")).statusCode);
    }
    expect(statuses.slice(0, PUBLIC_REVIEW_REQUESTS_PER_MINUTE).every((status) => status === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect((await publicGet(tokens[6] as string, "10.9.9.9")).statusCode).toBe(200);
  });
});

describe("tally, close, letter, record", () => {
  it("tallies live: count, sum, mean and the grade they would give; staff only", async () => {
    expect((await publicPost(tokens[2] as string, scoresFor([92, 50]))).statusCode).toBe(201);
    await expectNothingWritten(
      context.db,
      () => sendAs(context.app, member, "GET", `/review-sessions/${sessionId}/tally`),
      403,
    );
    const tally = await sendAs(context.app, county, "GET", `/review-sessions/${sessionId}/tally`);
    expect(tally.statusCode, tally.body).toBe(200);
    // Link 0: 95/85; link 1: 80/70; link 2: 92/50.
    expect(tally.json()).toMatchObject({ links: 8, submitted: 3, status: "open" });
    expect(tally.json().reporters).toEqual([
      {
        reporterId: reporters[0]?.id,
        name: "李东一",
        count: 3,
        sum: 267,
        mean: 89,
        grade: "good",
        gradeLabel: "较好",
      },
      {
        reporterId: reporters[1]?.id,
        name: "王东河",
        count: 3,
        sum: 205,
        mean: 68.33,
        grade: "fair",
        gradeLabel: "一般",
      },
    ]);
    await expectNothingWritten(
      context.db,
      () =>
        sendAs(
          context.app,
          east,
          "GET",
          `/review-sessions/${sessionId}/results/${reporters[0]?.id}/letter.docx`,
        ),
      409,
      "review_not_closed",
    );
  });

  it("closes: grades every reporter, numbers the letters (audited); a link used after the close → 409", async () => {
    const closed = await sendAs(context.app, east, "POST", `/review-sessions/${sessionId}/close`, {});
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().status).toBe("closed");
    expect(closed.json().results).toEqual([
      {
        reporterId: reporters[0]?.id,
        average: 89,
        grade: "good",
        gradeLabel: "较好",
        letterNumber: `2026-${String(sessionId).padStart(6, "0")}-01`,
      },
      {
        reporterId: reporters[1]?.id,
        average: 68.33,
        grade: "fair",
        gradeLabel: "一般",
        letterNumber: `2026-${String(sessionId).padStart(6, "0")}-02`,
      },
    ]);
    expect(await latestAuditEntry(context.db, "review_session.close")).toMatchObject({
      after: { status: "closed", graded: 2 },
    });
    const late = await expectNothingWritten(
      context.db,
      () => publicPost(tokens[3] as string, scoresFor([90, 90])),
      409,
      "review_session_closed",
    );
    expect(late.message).toContain("已结束");
    // A phone whose submission was recorded before the close, retrying after it: still its success.
    const before = await reviewState(context.db);
    const retry = await publicPost(tokens[1] as string, scoresFor([80, 70]));
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json()).toMatchObject({ recorded: 2, replayed: true });
    expect(await reviewState(context.db)).toEqual(before);
    await expectNothingWritten(
      context.db,
      () => publicPost(tokens[1] as string, scoresFor([81, 70])),
      409,
      "review_session_closed",
    );
    await expectNothingWritten(
      context.db,
      () => sendAs(context.app, east, "POST", `/review-sessions/${sessionId}/links`, { count: 1 }),
      409,
      "review_session_closed",
    );
    expect((await publicGet(tokens[3] as string)).json().status).toBe("closed");
  });

  it("renders the result letter .docx for the Party organization department", async () => {
    await expectNothingWritten(
      context.db,
      () => sendAs(context.app, east, "GET", `/review-sessions/${sessionId}/results/999999/letter.docx`),
      404,
    );
    await expectNothingWritten(
      context.db,
      () =>
        sendAs(
          context.app,
          west,
          "GET",
          `/review-sessions/${sessionId}/results/${reporters[0]?.id}/letter.docx`,
        ),
      404,
    );
    const response = await sendAs(
      context.app,
      east,
      "GET",
      `/review-sessions/${sessionId}/results/${reporters[0]?.id}/letter.docx`,
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers["content-disposition"]).toContain(encodeURIComponent("述职评议结果函"));
    const text = (await mammoth.extractRawText({ buffer: response.rawPayload })).value;
    for (const part of [
      "团干部述职评议结果函",
      "中共东河镇委组织部",
      "东一村团支部书记李东一",
      "3名",
      "89.00分",
      "“较好”",
    ]) {
      expect(text).toContain(part);
    }
    expect(await latestAuditEntry(context.db, "review_session.letter_export")).toMatchObject({
      entityId: String(sessionId),
    });
  });

  it("puts the result on the cadre's record (GET /cadres/{id}/review-results), in scope only", async () => {
    const response = await sendAs(context.app, county, "GET", `/cadres/${villageSecretary}/review-results`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().results).toEqual([
      expect.objectContaining({
        sessionId,
        year: 2026,
        average: 89,
        grade: "good",
        gradeLabel: "较好",
        scoredBy: 3,
      }),
    ]);
    expect(
      (await sendAs(context.app, west, "GET", `/cadres/${villageSecretary}/review-results`)).statusCode,
    ).toBe(404);
    expect(
      (await sendAs(context.app, undefined, "GET", `/cadres/${villageSecretary}/review-results`)).statusCode,
    ).toBe(401);
  });

  it("a city's session naming township cadres of two counties: in the city's bucket, the cadres read where they sit", async () => {
    // Issue 19 (migration 0055_review_session_county): a city committee is its own county bucket; its
    // reporters' cadres sit in their counties' buckets, read by id apart from the session's county.
    const city = await createOrganizationRow(context.db, { name: "团测试市委", level: "city", sector: null });
    const cadres: number[] = [];
    for (const [index, name] of ["甲县", "乙县"].entries()) {
      const countyRow = await createOrganizationRow(context.db, {
        parent: city,
        name: `团${name}委`,
        level: "county",
        sector: null,
      });
      const township = await createOrganizationRow(context.db, {
        parent: countyRow,
        name: `${name}某镇团委`,
        level: "township",
      });
      cadres.push(await insertTestCadre(context.db, township.id, `${name}书记${index + 1}`));
    }
    const actor = systemActor("city-review-test");
    const created = await createReviewSession(context.db, actor, city.id, {
      year: 2026,
      title: "市级述职评议",
      scaleMax: 100,
      reporterCadreIds: cadres,
    });
    expect(created.reporterList.map((row) => [row.name, row.organizationName])).toEqual([
      ["甲县书记1", "甲县某镇团委"],
      ["乙县书记2", "乙县某镇团委"],
    ]);
    const made = await createReviewLinks(context.db, actor, created.id, { count: 1 });
    await transitionReviewSession(context.db, actor, created.id, "open");
    const token = made.links[0]?.token ?? "";
    const scores = created.reporterList.map((row, index) => ({ reporterId: row.id, score: 95 - index * 10 }));
    expect((await submitPublicScores(context.db, token, scores)).recorded).toBe(2);
    const closed = await transitionReviewSession(context.db, actor, created.id, "close");
    expect(closed.results.map((row) => row.average)).toEqual([95, 85]);
    const counties = await queryRows<{ county_id: number }>(
      context.db,
      sql`select county_id from review_session where id = ${created.id}
          union all select county_id from review_reporter where session_id = ${created.id}
          union all select county_id from review_score where session_id = ${created.id}
          union all select county_id from review_result where session_id = ${created.id}`,
    );
    expect(new Set(counties.map((row) => Number(row.county_id)))).toEqual(new Set([city.id]));
    const onRecord = await listCadreReviewResults(context.db, actor, cadres[1] as number);
    expect(onRecord.results).toEqual([
      expect.objectContaining({ sessionId: created.id, average: 85, scoredBy: 1 }),
    ]);
  });
});
