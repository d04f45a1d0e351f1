import { type SQL, sql } from "drizzle-orm";
import {
  countiesOfRows,
  countyOfReviewLink,
  countyScopeOfPath,
  locateInCounty,
  locateReviewLinks,
} from "../../db/county";
import type { Executor } from "../../db/database";
import { queryPrepared, queryRows } from "../../db/sql-result";
import { bigintArray, intArray } from "../../lib/sql-arrays";
import { inSubtree } from "../../lib/tree-sql";

/**
 * Reads and writes of report-and-review 述职评议 (issue 13 part 4): sessions, reporters, one-time links
 * (only the token's sha256 is kept), scores, results. The only place with its SQL. Every statement names the
 * session's county (migration 0055_review_session_county: on Citus one shard group), except the reads by
 * cadre id across sessions and the cadres of other counties a session names.
 */

/** A session row with its organization and counts. */
export interface SessionRow {
  id: number;
  /** The session's county bucket (its organization's county_id): every statement of the session names it. */
  countyId: number;
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

const SESSION_COLUMNS = sql`s.id::int as "id", s.county_id as "countyId", s.organization_id as "organizationId",
  o.name as "organizationName", o.path as "organizationPath", s.year::int as "year", s.title, s.status,
  s.scale_max::int as "scaleMax",
  to_char(s.opened_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "openedAt",
  to_char(s.closed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "closedAt"`;

/** `column = county` for one county, `column = any(counties)` for several. */
function inCounties(column: SQL, counties: readonly number[]): SQL {
  return counties.length === 1
    ? sql`${column} = ${counties[0]}`
    : sql`${column} = any(${intArray(counties)})`;
}

/**
 * The sessions' reporter, link and submission counts, in two grouped statements by county and ids (on Citus
 * one shard for a county's sessions: correlated counts in the sessions' read were planned over every shard).
 */
async function withSessionCounts(
  db: Executor,
  rows: readonly Omit<SessionRow, "reporters" | "links" | "submitted">[],
): Promise<SessionRow[]> {
  if (rows.length === 0) return [];
  const counties = [...new Set(rows.map((row) => Number(row.countyId)))];
  const ids = bigintArray(rows.map((row) => row.id));
  const reporters = await queryRows<{ session_id: number; total: number }>(
    db,
    sql`select session_id::int as session_id, count(*)::int as total from review_reporter
         where ${inCounties(sql`county_id`, counties)} and session_id = any(${ids}) group by session_id`,
  );
  const links = await queryRows<{ session_id: number; total: number; used: number }>(
    db,
    sql`select session_id::int as session_id, count(*)::int as total, count(used_at)::int as used from review_link
         where ${inCounties(sql`county_id`, counties)} and session_id = any(${ids}) group by session_id`,
  );
  const reportersOf = new Map(reporters.map((row) => [Number(row.session_id), Number(row.total)]));
  const linksOf = new Map(links.map((row) => [Number(row.session_id), row]));
  return rows.map((row) => ({
    ...row,
    countyId: Number(row.countyId),
    organizationId: Number(row.organizationId),
    reporters: reportersOf.get(row.id) ?? 0,
    links: Number(linksOf.get(row.id)?.total ?? 0),
    submitted: Number(linksOf.get(row.id)?.used ?? 0),
  }));
}

/**
 * Sessions held at organizations of the subtree rooted at `rootPath`, newest year first: the subtree's county
 * when it lies in one (one shard on Citus), else every shard.
 */
export async function findSessionsUnder(db: Executor, rootPath: string): Promise<SessionRow[]> {
  const county = await countyScopeOfPath(db, rootPath);
  const rows = await queryRows<Omit<SessionRow, "reporters" | "links" | "submitted">>(
    db,
    sql`select ${SESSION_COLUMNS} from review_session s join organization o on o.id = s.organization_id
         where ${inSubtree(sql`o.path`, rootPath)}${county === null ? sql`` : sql` and s.county_id = ${county}`}
         order by s.year desc, s.id desc limit 500`,
  );
  return withSessionCounts(db, rows);
}

/**
 * The county of a session by its id (0 when there is none): county_locator kind review_session, one shard on
 * Citus (db/county.ts countiesOfRows). Every read, lock and write of the session then names it.
 */
export async function countyOfReviewSession(db: Executor, id: number): Promise<number> {
  return (await countiesOfRows(db, "review_session", [id])).get(id) ?? 0;
}

/** One session of county `countyId`, row-locked FOR UPDATE with `forUpdate` (closing waits for scorers in flight). */
export async function findSession(
  db: Executor,
  countyId: number,
  id: number,
  forUpdate = false,
): Promise<SessionRow | undefined> {
  if (forUpdate) {
    await queryRows(
      db,
      sql`select id from review_session where county_id = ${countyId} and id = ${id} for update`,
    );
  }
  const rows = await queryRows<Omit<SessionRow, "reporters" | "links" | "submitted">>(
    db,
    sql`select ${SESSION_COLUMNS} from review_session s join organization o on o.id = s.organization_id
         where s.county_id = ${countyId} and s.id = ${id}`,
  );
  return (await withSessionCounts(db, rows))[0];
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

/**
 * The reporters of a session of county `countyId` in speaking order, with their cadres: those in the session's
 * county joined on (county_id, cadre_id) — one shard on Citus —, the others (a city's session naming township
 * cadres, who sit in their townships' counties) read by id apart (every shard on Citus).
 */
export async function findReporters(
  db: Executor,
  countyId: number,
  sessionId: number,
): Promise<ReporterRow[]> {
  const rows = await queryPrepared<{
    id: number;
    cadreId: number;
    sequence: number;
    name: string | null;
    post: string | null;
    organizationName: string | null;
  }>(
    db,
    "review_reporters_of_county",
    sql`select r.id::int as "id", r.cadre_id::int as "cadreId", r.sequence, c.name, c.post,
               o.name as "organizationName"
          from review_reporter r
          left join cadre c on c.county_id = ${countyId} and c.county_id = r.county_id and c.id = r.cadre_id
          left join organization o on o.id = c.organization_id
         where r.county_id = ${countyId} and r.session_id = ${sessionId} order by r.sequence, r.id`,
  );
  const elsewhere = rows.filter((row) => row.name === null).map((row) => Number(row.cadreId));
  const cadres = new Map<number, { name: string; post: string; organizationName: string }>();
  if (elsewhere.length > 0) {
    const found = await queryRows<{ id: number; name: string; post: string; organizationName: string }>(
      db,
      sql`select c.id::int as id, c.name, c.post, o.name as "organizationName"
            from cadre c join organization o on o.id = c.organization_id where c.id = any(${bigintArray(elsewhere)})`,
    );
    for (const cadre of found) cadres.set(Number(cadre.id), cadre);
  }
  return rows.map((row) => {
    const cadre = row.name === null ? cadres.get(Number(row.cadreId)) : undefined;
    return {
      id: Number(row.id),
      cadreId: Number(row.cadreId),
      sequence: Number(row.sequence),
      name: cadre?.name ?? row.name ?? "",
      post: cadre?.post ?? row.post ?? "",
      organizationName: cadre?.organizationName ?? row.organizationName ?? "",
    };
  });
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

/**
 * Inserts a draft session of county `countyId` (its organization's) with its reporters in the given order and
 * the session's location (county_locator kind review_session), in the caller's transaction; returns its id.
 */
export async function insertSession(
  db: Executor,
  values: {
    countyId: number;
    organizationId: number;
    year: number;
    title: string;
    scaleMax: number;
    cadreIds: readonly number[];
  },
): Promise<number> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into review_session (county_id, organization_id, year, title, scale_max)
        values (${values.countyId}, ${values.organizationId}, ${values.year}, ${values.title}, ${values.scaleMax})
        returning id::int as id`,
  );
  const id = Number(row?.id);
  await db.execute(
    sql`insert into review_reporter (county_id, session_id, cadre_id, sequence) values ${sql.join(
      values.cadreIds.map((cadreId, index) => sql`(${values.countyId}, ${id}, ${cadreId}, ${index + 1})`),
      sql`, `,
    )}`,
  );
  await locateInCounty(db, "review_session", [{ id, countyId: values.countyId }]);
  return id;
}

/** Sets a session's status and stamps opened_at / closed_at (the session of county `countyId`). */
export async function setSessionStatus(
  db: Executor,
  countyId: number,
  id: number,
  status: "open" | "closed",
): Promise<void> {
  await db.execute(
    status === "open"
      ? sql`update review_session set status = 'open', opened_at = now() where county_id = ${countyId} and id = ${id}`
      : sql`update review_session set status = 'closed', closed_at = now() where county_id = ${countyId} and id = ${id}`,
  );
}

/**
 * Inserts one-time links (hash and label) of a session of county `countyId`, and their locations by hash
 * (county_locator kind review_link), in the caller's transaction; returns their ids in order.
 */
export async function insertLinks(
  db: Executor,
  countyId: number,
  sessionId: number,
  links: readonly { tokenHash: string; label: string }[],
): Promise<number[]> {
  const rows = await queryRows<{ id: number; label: string }>(
    db,
    sql`insert into review_link (county_id, session_id, token_hash, label) values ${sql.join(
      links.map((link) => sql`(${countyId}, ${sessionId}, ${link.tokenHash}, ${link.label})`),
      sql`, `,
    )} returning id::int as id, label`,
  );
  await locateReviewLinks(
    db,
    links.map((link) => ({ tokenHash: link.tokenHash, countyId })),
  );
  const byLabel = new Map(rows.map((row) => [row.label, Number(row.id)]));
  return links.map((link) => byLabel.get(link.label) as number);
}

/** How many links a session of county `countyId` has (to number new labels). */
export async function countLinks(db: Executor, countyId: number, sessionId: number): Promise<number> {
  const [row] = await queryRows<{ total: number }>(
    db,
    sql`select count(*)::int as total from review_link where county_id = ${countyId} and session_id = ${sessionId}`,
  );
  return Number(row?.total ?? 0);
}

/** The tally: per reporter the number of scores and their sum (one statement over the session's scores). */
export async function tallyScores(db: Executor, countyId: number, sessionId: number) {
  const rows = await queryRows<{ reporterId: number; count: number; sum: number }>(
    db,
    sql`select reporter_id::int as "reporterId", count(*)::int as "count", sum(score)::int as "sum"
          from review_score where county_id = ${countyId} and session_id = ${sessionId} group by reporter_id`,
  );
  return rows.map((row) => ({
    reporterId: Number(row.reporterId),
    count: Number(row.count),
    sum: Number(row.sum),
  }));
}

/** Inserts the results of a closing session of county `countyId`. */
export async function insertResults(
  db: Executor,
  countyId: number,
  sessionId: number,
  results: readonly { reporterId: number; average: number; grade: string; letterNumber: string }[],
): Promise<void> {
  if (results.length === 0) return;
  await db.execute(
    sql`insert into review_result (county_id, session_id, reporter_id, average, grade, letter_number) values ${sql.join(
      results.map(
        (result) =>
          sql`(${countyId}, ${sessionId}, ${result.reporterId}, ${result.average}, ${result.grade}, ${result.letterNumber})`,
      ),
      sql`, `,
    )}`,
  );
}

/** The results of a session of county `countyId`. */
export async function findResults(db: Executor, countyId: number, sessionId: number) {
  const rows = await queryRows<{
    reporterId: number;
    average: string;
    grade: string;
    letterNumber: string | null;
  }>(
    db,
    sql`select reporter_id::int as "reporterId", average::text as average, grade, letter_number as "letterNumber"
          from review_result where county_id = ${countyId} and session_id = ${sessionId} order by reporter_id`,
  );
  return rows.map((row) => ({ ...row, reporterId: Number(row.reporterId), average: Number(row.average) }));
}

/**
 * A cadre's results across closed sessions, newest first, with how many representatives scored. The
 * sessions naming the cadre sit in its county or above it (a city's, a province's bucket): the reporters
 * by cadre_id are read on every shard, joined to their results and sessions on (county_id, …); the score
 * counts in a grouped statement of their own.
 */
export async function findCadreResults(db: Executor, cadreId: number) {
  const rows = await queryRows<{
    sessionId: number;
    year: number;
    title: string;
    organizationName: string;
    reporterId: number;
    countyId: number;
    average: string;
    grade: string;
    letterNumber: string | null;
  }>(
    db,
    sql`select s.id::int as "sessionId", s.year::int as "year", s.title, o.name as "organizationName",
               r.id::int as "reporterId", r.county_id as "countyId", rr.average::text as average, rr.grade,
               rr.letter_number as "letterNumber"
          from review_reporter r
          join review_result rr on rr.county_id = r.county_id and rr.reporter_id = r.id and rr.session_id = r.session_id
          join review_session s on s.county_id = r.county_id and s.id = r.session_id
          join organization o on o.id = s.organization_id
         where r.cadre_id = ${cadreId} order by s.year desc, s.id desc`,
  );
  if (rows.length === 0) return [];
  const counts = await queryRows<{ reporter_id: number; total: number }>(
    db,
    sql`select reporter_id::int as reporter_id, count(*)::int as total from review_score
         where ${inCounties(sql`county_id`, [...new Set(rows.map((row) => Number(row.countyId)))])}
           and reporter_id = any(${bigintArray(rows.map((row) => Number(row.reporterId)))}) group by reporter_id`,
  );
  const scoredBy = new Map(counts.map((row) => [Number(row.reporter_id), Number(row.total)]));
  return rows.map(({ countyId: _county, ...row }) => ({
    ...row,
    reporterId: Number(row.reporterId),
    average: Number(row.average),
    scoredBy: scoredBy.get(Number(row.reporterId)) ?? 0,
  }));
}

// --- Public scoring (hot path: a few statements per submission) ---------------------------------

/**
 * The session's status, scale and organization under a KEY SHARE lock (conflicts with the close's FOR
 * UPDATE: a close waits for submissions in flight, and a submission that waited sees the session closed),
 * with its reporters' ids and names (read after the lock: findReporters).
 */
export async function lockSessionForScoring(db: Executor, countyId: number, sessionId: number) {
  const [first] = await queryRows<{ status: string; scaleMax: number; organizationId: number }>(
    db,
    sql`select s.status, s.scale_max::int as "scaleMax", s.organization_id as "organizationId"
          from review_session s where s.county_id = ${countyId} and s.id = ${sessionId} for key share`,
  );
  if (!first) return undefined;
  const reporters = await findReporters(db, countyId, sessionId);
  return {
    status: first.status,
    scaleMax: Number(first.scaleMax),
    organizationId: Number(first.organizationId),
    reporters: reporters.map((reporter) => ({ id: reporter.id, name: reporter.name })),
  };
}

/**
 * A phone's whole submission as ONE statement (autocommit; issue 13 speed: 500 phones at once), every table
 * named with the link's county `countyId` (on Citus one task on the county's worker): the session read under
 * KEY SHARE through the link (a close's FOR UPDATE waits for it; a submission that waited sees the session
 * closed), the scores checked against the session's reporters and scale (one score for each reporter, no
 * other, each in 0..scale_max — the same rule as domain checkReviewSubmission, which explains a refusal
 * afterwards), the link claimed by `update … where used_at is null` (the one-submission rule: concurrent
 * submissions of one link see one winner, the row lock of the UPDATE), the score rows and the audit entry
 * (actor `actorName`, action review_session.score, detail {reporters}) inserted — or nothing at all.
 * `scores` must be whole numbers. Returns how many scores were recorded: 0 when nothing was claimed
 * (unknown, used or closed link, scores that do not fit, or a link not in `countyId`).
 */
export async function submitScoresOnce(
  db: Executor,
  countyId: number,
  tokenHash: string,
  scores: readonly { reporterId: number; score: number }[],
  actorName: string,
): Promise<number> {
  const [row] = await queryPrepared<{ recorded: number }>(
    db,
    "review_submit_scores_of_county",
    sql`with x as (
        select * from unnest(${intArray(scores.map((each) => each.reporterId))}::bigint[],
                             ${intArray(scores.map((each) => each.score))}::int[]) as x (reporter_id, score)),
      s as (
        select s.id, s.organization_id, l.id as link_id
          from review_link l join review_session s on s.county_id = l.county_id and s.id = l.session_id
         where l.county_id = ${countyId} and s.county_id = ${countyId}
           and l.token_hash = ${tokenHash} and l.used_at is null and s.status = 'open'
           for key share of s),
      ok as (
        select s.* from s
         where (select count(*) from review_reporter r where r.county_id = ${countyId} and r.session_id = s.id) = ${scores.length}
           and (select count(distinct x.reporter_id) from x
                  join review_reporter r on r.county_id = ${countyId} and r.id = x.reporter_id and r.session_id = s.id
                  join review_session ss on ss.county_id = ${countyId} and ss.id = s.id
                 where x.score between 0 and ss.scale_max) = ${scores.length}),
      claimed as (
        update review_link l set used_at = now() from ok
         where l.county_id = ${countyId} and l.id = ok.link_id and l.used_at is null
        returning l.id, l.session_id, ok.organization_id),
      inserted as (
        insert into review_score (county_id, session_id, link_id, reporter_id, score)
        select ${countyId}::int, c.session_id, c.id, x.reporter_id, x.score from claimed c cross join x returning 1),
      audited as (
        insert into audit_log (county_id, actor_user_id, actor_name, action, entity_type, entity_id, organization_id, detail)
        select ${countyId}::int, null, ${actorName}, 'review_session.score', 'review_session', c.session_id::text, c.organization_id,
               jsonb_build_object('reporters', ${scores.length}::int)
          from claimed c returning 1)
    select (select count(*) from inserted)::int as recorded, (select count(*) from audited)::int as audited`,
  );
  return Number(row?.recorded ?? 0);
}

/** A scoring link with its session, as the phone page and a refused submission's explanation read it. */
export interface LinkRow {
  linkId: number;
  /** The link's county (its session's): the submission names it. */
  countyId: number;
  used: boolean;
  sessionId: number;
  status: "draft" | "open" | "closed";
  title: string;
  year: number;
  scaleMax: number;
  organizationId: number;
  organizationName: string;
}

/**
 * The county where the link of `tokenHash` is read first: county_locator by the hash (db/county.ts
 * countyOfReviewLink; one shard on Citus), 0 when no location names it.
 */
export async function countyOfLinkHash(db: Executor, tokenHash: string): Promise<number> {
  return (await countyOfReviewLink(db, tokenHash)) ?? 0;
}

/**
 * The link of `tokenHash` with its session (for the phone page, and to explain a refused submission): read
 * in county `countyId` (the located one: one shard on Citus) and, not found there, by the hash on every
 * shard (a link whose location another hash took, or none).
 */
export async function findLinkByHash(
  db: Executor,
  tokenHash: string,
  countyId: number,
): Promise<LinkRow | undefined> {
  const read = (inCounty: SQL) =>
    queryRows<LinkRow>(
      db,
      sql`select l.id::int as "linkId", l.county_id as "countyId", l.used_at is not null as used, s.id::int as "sessionId",
                 s.status, s.title, s.year::int as year, s.scale_max::int as "scaleMax",
                 s.organization_id as "organizationId", o.name as "organizationName"
            from review_link l join review_session s on s.county_id = l.county_id and s.id = l.session_id
            join organization o on o.id = s.organization_id
           where ${inCounty}l.token_hash = ${tokenHash}`,
    );
  let [row] =
    countyId === 0 ? [] : await read(sql`l.county_id = ${countyId} and s.county_id = ${countyId} and `);
  if (!row) [row] = await read(sql``);
  return row && { ...row, countyId: Number(row.countyId), organizationId: Number(row.organizationId) };
}

/**
 * The scores a used link of county `countyId` recorded (reporter, score; none for an unused link) — to
 * recognise a repeat of the link's own submission. Read by the link's id only: never another link's scores.
 */
export async function findLinkScores(db: Executor, countyId: number, linkId: number) {
  return queryRows<{ reporterId: number; score: number }>(
    db,
    sql`select reporter_id::int as "reporterId", score::int as score from review_score
         where county_id = ${countyId} and link_id = ${linkId}`,
  );
}
