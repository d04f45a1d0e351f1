import { sql } from "drizzle-orm";
import { expect } from "vitest";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { cadreRowsForUpkeep, cadreUpkeep } from "../cadres/cadre-upkeep.repository";

/** Helpers of the 述职评议 and liaison route tests (issue 13): cadre rows and the "nothing written" check. */

/** Inserts a cadre holding `post` at `organizationId` (ended when `endedOn` is given); returns its id. */
export async function insertTestCadre(
  db: Executor,
  organizationId: number,
  name: string,
  options: { post?: string; memberId?: number | null; endedOn?: string | null } = {},
): Promise<number> {
  const [row] = await queryRows<{ id: number; county_id: number }>(
    db,
    sql`insert into cadre (organization_id, county_id, member_id, name, gender, birth_date, post, kind, started_on, ended_on)
        select o.id, o.county_id, ${options.memberId ?? null}::bigint, ${name}, 'male', '1995-03-01', ${options.post ?? "secretary"},
               'full_time', '2024-01-01', ${options.endedOn ?? null}::date
          from organization o where o.id = ${organizationId}
        returning id::int as id, county_id`,
  );
  // On Citus the tallies, member fields and empty posts (the cadre triggers' work elsewhere).
  await cadreUpkeep(
    db,
    [],
    await cadreRowsForUpkeep(db, sql`c.county_id = ${row?.county_id} and c.id = ${row?.id}`),
  );
  return Number(row?.id);
}

const TABLES = [
  "review_session",
  "review_reporter",
  "review_link",
  "review_score",
  "review_result",
  "deputy",
  "liaison_station",
  "liaison_assignment",
  "contact_log",
  "audit_log",
] as const;

/** Row counts of the tables issue 13's reviews and liaison write, the links' use and the sessions' status. */
export async function reviewState(db: Executor) {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const [row] = await queryRows<{ total: number }>(
      db,
      sql`select count(*)::int as total from ${sql.identifier(table)}`,
    );
    counts[table] = Number(row?.total);
  }
  const links = await queryRows(db, sql`select id, used_at is not null as used from review_link order by id`);
  const sessions = await queryRows(db, sql`select id, status from review_session order by id`);
  return { counts, links, sessions };
}

/** Runs a request that must be refused: its status (and error code), and nothing written. Returns the error. */
export async function expectNothingWritten(
  db: Executor,
  run: () => Promise<{ statusCode: number; body: string }>,
  status: number,
  code?: string,
): Promise<{ code: string; message: string; field?: string }> {
  const before = await reviewState(db);
  const response = await run();
  expect(response.statusCode, response.body).toBe(status);
  const error = JSON.parse(response.body).error;
  if (code) expect(error.code).toBe(code);
  expect(await reviewState(db)).toEqual(before);
  return error;
}
