import { sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { queryPrepared, queryRows } from "../../db/sql-result";
import { intArray } from "../../lib/sql-arrays";

/**
 * Reads and writes of report-and-review 述职评议 (issue 13 part 4): sessions, reporters, one-time links
 * (only the token's sha256 is kept), scores, results. The only place with its SQL.
 */

/** A session row with its organization and counts. */
export interface SessionRow {
  id: number;
  organizationId: number;
  organizationName: string;
  organizationPath: string;
  year: number;
  title: string;
  status: "draft" | "open" | "closed";
  scaleMax: number;
  openedAt: string | null;
  closedAt: string | null;
  reporters: number;
  links: number;
  submitted: number;
}

const SESSION_COLUMNS = sql`s.id::int as "id", s.organization_id as "organizationId", o.name as "organizationName",
  o.path as "organizationPath", s.year::int as "year", s.title, s.status, s.scale_max::int as "scaleMax",
  to_char(s.opened_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "openedAt",
  to_char(s.closed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "closedAt",
  (select count(*)::int from review_reporter r where r.session_id = s.id) as "reporters",
  (select count(*)::int from review_link l where l.session_id = s.id) as "links",
  (select count(*)::int from review_link l where l.session_id = s.id and l.used_at is not null) as "submitted"`;

/** Sessions held at organizations of the subtree rooted at `rootPath`, newest year first. */
export async function findSessionsUnder(db: Executor, rootPath: string): Promise<SessionRow[]> {
  return queryRows<SessionRow>(
    db,
    sql`select ${SESSION_COLUMNS} from review_session s join organization o on o.id = s.organization_id
         where o.path like ${`${rootPath}%`} order by s.year desc, s.id desc limit 500`,
  );
}

/** One session, row-locked FOR UPDATE with `forUpdate` (closing waits for scorers in flight). */
export async function findSession(
  db: Executor,
  id: number,
  forUpdate = false,
): Promise<SessionRow | undefined> {
  if (forUpdate) await queryRows(db, sql`select id from review_session where id = ${id} for update`);
  const rows = await queryRows<SessionRow>(
    db,
    sql`select ${SESSION_COLUMNS} from review_session s join organization o on o.id = s.organization_id
         where s.id = ${id}`,
  );
  return rows[0];
}

/** A reporter of a session with the cadre's name, post and organization. */
export interface ReporterRow {
  id: number;
  cadreId: number;
  sequence: number;
  name: string;
  post: string;
  organizationName: string;
}

/** The reporters of a session in speaking order. */
export async function findReporters(db: Executor, sessionId: number): Promise<ReporterRow[]> {
  return queryPrepared<ReporterRow>(
    db,
    "review_reporters",
    sql`select r.id::int as "id", r.cadre_id::int as "cadreId", r.sequence, c.name, c.post,
               o.name as "organizationName"
          from review_reporter r join cadre c on c.id = r.cadre_id join organization o on o.id = c.organization_id
         where r.session_id = ${sessionId} order by r.sequence, r.id`,
  );
}

/** The cadres to report: their organization path and whether the post is still held. */
export async function findCadreFacts(db: Executor, cadreIds: readonly number[]) {
  if (cadreIds.length === 0) return [];
  return queryRows<{ id: number; name: string; path: string; ended: boolean }>(
    db,
    sql`select c.id::int as "id", c.name, o.path, c.ended_on is not null as "ended"
          from cadre c join organization o on o.id = c.organization_id
         where c.id in (${sql.join(
           cadreIds.map((id) => sql`${id}`),
           sql`, `,
         )})`,
  );
}

/** Inserts a draft session with its reporters in the given order; returns its id. */
export async function insertSession(
  db: Executor,
  values: {
    organizationId: number;
    year: number;
    title: string;
    scaleMax: number;
    cadreIds: readonly number[];
  },
): Promise<number> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into review_session (organization_id, year, title, scale_max)
        values (${values.organizationId}, ${values.year}, ${values.title}, ${values.scaleMax}) returning id::int as id`,
  );
  const id = Number(row?.id);
  await db.execute(
    sql`insert into review_reporter (session_id, cadre_id, sequence) values ${sql.join(
      values.cadreIds.map((cadreId, index) => sql`(${id}, ${cadreId}, ${index + 1})`),
      sql`, `,
    )}`,
  );
  return id;
}

/** Sets a session's status and stamps opened_at / closed_at. */
export async function setSessionStatus(db: Executor, id: number, status: "open" | "closed"): Promise<void> {
  await db.execute(
    status === "open"
      ? sql`update review_session set status = 'open', opened_at = now() where id = ${id}`
      : sql`update review_session set status = 'closed', closed_at = now() where id = ${id}`,
  );
}

/** Inserts one-time links (hash and label); returns their ids in order. */
export async function insertLinks(
  db: Executor,
  sessionId: number,
  links: readonly { tokenHash: string; label: string }[],
): Promise<number[]> {
  const rows = await queryRows<{ id: number; label: string }>(
    db,
    sql`insert into review_link (session_id, token_hash, label) values ${sql.join(
      links.map((link) => sql`(${sessionId}, ${link.tokenHash}, ${link.label})`),
      sql`, `,
    )} returning id::int as id, label`,
  );
  const byLabel = new Map(rows.map((row) => [row.label, Number(row.id)]));
  return links.map((link) => byLabel.get(link.label) as number);
}

/** How many links a session has (to number new labels). */
export async function countLinks(db: Executor, sessionId: number): Promise<number> {
  const [row] = await queryRows<{ total: number }>(
    db,
    sql`select count(*)::int as total from review_link where session_id = ${sessionId}`,
  );
  return Number(row?.total ?? 0);
}

/** The tally: per reporter the number of scores and their sum (one statement over the session's scores). */
export async function tallyScores(db: Executor, sessionId: number) {
  const rows = await queryRows<{ reporterId: number; count: number; sum: number }>(
    db,
    sql`select reporter_id::int as "reporterId", count(*)::int as "count", sum(score)::int as "sum"
          from review_score where session_id = ${sessionId} group by reporter_id`,
  );
  return rows.map((row) => ({
    reporterId: Number(row.reporterId),
    count: Number(row.count),
    sum: Number(row.sum),
  }));
}

/** Inserts the results of a closing session. */
export async function insertResults(
  db: Executor,
  sessionId: number,
  results: readonly { reporterId: number; average: number; grade: string; letterNumber: string }[],
): Promise<void> {
  if (results.length === 0) return;
  await db.execute(
    sql`insert into review_result (session_id, reporter_id, average, grade, letter_number) values ${sql.join(
      results.map(
        (result) =>
          sql`(${sessionId}, ${result.reporterId}, ${result.average}, ${result.grade}, ${result.letterNumber})`,
      ),
      sql`, `,
    )}`,
  );
}

/** The results of a session. */
export async function findResults(db: Executor, sessionId: number) {
  const rows = await queryRows<{
    reporterId: number;
    average: string;
    grade: string;
    letterNumber: string | null;
  }>(
    db,
    sql`select reporter_id::int as "reporterId", average::text as average, grade, letter_number as "letterNumber"
          from review_result where session_id = ${sessionId} order by reporter_id`,
  );
  return rows.map((row) => ({ ...row, reporterId: Number(row.reporterId), average: Number(row.average) }));
}

/** A cadre's results across closed sessions, newest first, with how many representatives scored. */
export async function findCadreResults(db: Executor, cadreId: number) {
  const rows = await queryRows<{
    sessionId: number;
    year: number;
    title: string;
    organizationName: string;
    reporterId: number;
    average: string;
    grade: string;
    letterNumber: string | null;
    scoredBy: number;
  }>(
    db,
    sql`select s.id::int as "sessionId", s.year::int as "year", s.title, o.name as "organizationName",
               r.id::int as "reporterId", rr.average::text as average, rr.grade, rr.letter_number as "letterNumber",
               (select count(*)::int from review_score sc where sc.reporter_id = r.id) as "scoredBy"
          from review_reporter r
          join review_result rr on rr.reporter_id = r.id and rr.session_id = r.session_id
          join review_session s on s.id = r.session_id
          join organization o on o.id = s.organization_id
         where r.cadre_id = ${cadreId} order by s.year desc, s.id desc`,
  );
  return rows.map((row) => ({ ...row, average: Number(row.average) }));
}

// --- Public scoring (hot path: a few statements per submission) ---------------------------------

/**
 * The session's status and scale under a KEY SHARE lock (conflicts with the close's FOR UPDATE: a close
 * waits for submissions in flight, and a submission that waited sees the session closed), with its
 * reporters' ids and names.
 */
export async function lockSessionForScoring(db: Executor, sessionId: number) {
  // One statement: the session row locked (FOR KEY SHARE OF s), one row per reporter.
  const rows = await queryRows<{
    status: string;
    scaleMax: number;
    organizationId: number;
    id: number | null;
    name: string | null;
  }>(
    db,
    sql`select s.status, s.scale_max::int as "scaleMax", s.organization_id as "organizationId", r.id::int as id, c.name
          from review_session s
          left join review_reporter r on r.session_id = s.id
          left join cadre c on c.id = r.cadre_id
         where s.id = ${sessionId} order by r.sequence for key share of s`,
  );
  const first = rows[0];
  if (!first) return undefined;
  return {
    status: first.status,
    scaleMax: first.scaleMax,
    organizationId: Number(first.organizationId),
    reporters: rows.flatMap((row) => (row.id === null ? [] : [{ id: Number(row.id), name: row.name ?? "" }])),
  };
}

/**
 * A phone's whole submission as ONE statement (autocommit; issue 13 speed: 500 phones at once): the
 * session read under KEY SHARE through the link (a close's FOR UPDATE waits for it; a submission that
 * waited sees the session closed), the scores checked against the session's reporters and scale (one
 * score for each reporter, no other, each in 0..scale_max — the same rule as domain
 * checkReviewSubmission, which explains a refusal afterwards), the link claimed by `update … where
 * used_at is null` (the one-submission rule: concurrent submissions of one link see one winner, the
 * row lock of the UPDATE), the score rows and the audit entry (actor `actorName`, action
 * review_session.score, detail {reporters}) inserted — or nothing at all. `scores` must be whole
 * numbers. Returns how many scores were recorded: 0 when nothing was claimed (unknown, used or closed
 * link, or scores that do not fit).
 */
export async function submitScoresOnce(
  db: Executor,
  tokenHash: string,
  scores: readonly { reporterId: number; score: number }[],
  actorName: string,
): Promise<number> {
  const [row] = await queryPrepared<{ recorded: number }>(
    db,
    "review_submit_scores",
    sql`with x as (
        select * from unnest(${intArray(scores.map((each) => each.reporterId))}::bigint[],
                             ${intArray(scores.map((each) => each.score))}::int[]) as x (reporter_id, score)),
      s as (
        select s.id, s.organization_id, l.id as link_id
          from review_link l join review_session s on s.id = l.session_id
         where l.token_hash = ${tokenHash} and l.used_at is null and s.status = 'open'
           for key share of s),
      ok as (
        select s.* from s
         where (select count(*) from review_reporter r where r.session_id = s.id) = ${scores.length}
           and (select count(distinct x.reporter_id) from x
                  join review_reporter r on r.id = x.reporter_id and r.session_id = s.id
                  join review_session ss on ss.id = s.id
                 where x.score between 0 and ss.scale_max) = ${scores.length}),
      claimed as (
        update review_link l set used_at = now() from ok where l.id = ok.link_id and l.used_at is null
        returning l.id, l.session_id, ok.organization_id,
                  (select o.county_id from organization o where o.id = ok.organization_id) as county_id),
      inserted as (
        insert into review_score (session_id, link_id, reporter_id, score)
        select c.session_id, c.id, x.reporter_id, x.score from claimed c cross join x returning 1),
      audited as (
        insert into audit_log (county_id, actor_user_id, actor_name, action, entity_type, entity_id, organization_id, detail)
        select c.county_id, null, ${actorName}, 'review_session.score', 'review_session', c.session_id::text, c.organization_id,
               jsonb_build_object('reporters', ${scores.length}::int)
          from claimed c returning 1)
    select (select count(*) from inserted)::int as recorded, (select count(*) from audited)::int as audited`,
  );
  return Number(row?.recorded ?? 0);
}

/** The link of `tokenHash` with its session (for the phone page, and to explain a refused submission). */
export async function findLinkByHash(db: Executor, tokenHash: string) {
  const [row] = await queryPrepared<{
    linkId: number;
    used: boolean;
    sessionId: number;
    status: "draft" | "open" | "closed";
    title: string;
    year: number;
    scaleMax: number;
    organizationId: number;
    organizationName: string;
  }>(
    db,
    "review_link_by_hash",
    sql`select l.id::int as "linkId", l.used_at is not null as used, s.id::int as "sessionId", s.status, s.title,
               s.year::int as year, s.scale_max::int as "scaleMax", s.organization_id as "organizationId",
               o.name as "organizationName"
          from review_link l join review_session s on s.id = l.session_id join organization o on o.id = s.organization_id
         where l.token_hash = ${tokenHash}`,
  );
  return row;
}

/**
 * The scores a used link recorded (reporter, score; none for an unused link) — to recognise a repeat of
 * the link's own submission. Read by the link's id only: never another link's scores.
 */
export async function findLinkScores(db: Executor, linkId: number) {
  return queryRows<{ reporterId: number; score: number }>(
    db,
    sql`select reporter_id::int as "reporterId", score::int as score from review_score where link_id = ${linkId}`,
  );
}
