import { sql } from "drizzle-orm";
import { expect } from "vitest";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";

/** Helpers of the graduation season tests: what a season write touches, and a refused write leaves alone. */

const SEASON_TABLES = [
  "transfer_season",
  "member_flow",
  "member_transfer",
  "workflow_instance",
  "workflow_step",
  "work_item",
  "member_history",
  "audit_log",
] as const;

/** Row counts of every table a season write touches, the organizations' graduation dates and members' statuses. */
export async function seasonState(db: Executor) {
  const counts: Record<string, number> = {};
  for (const table of SEASON_TABLES) {
    const rows = await queryRows<{ total: number }>(
      db,
      sql`select count(*)::int as total from ${sql.identifier(table)}`,
    );
    counts[table] = Number(rows[0]?.total);
  }
  const organizations = await queryRows(db, sql`select id, graduates_on::text from organization order by id`);
  const members = await queryRows(db, sql`select id, status, organization_id from member order by id`);
  const flows = await queryRows(db, sql`select id, ended_on::text from member_flow order by id`);
  const seasons = await queryRows(db, sql`select * from transfer_season order by organization_id, year`);
  return { counts, organizations, members, flows, seasons };
}

/** Runs a write that must be refused: its status and error, and nothing written. Returns the error. */
export async function expectSeasonRefused(
  db: Executor,
  write: () => Promise<{ statusCode: number; json: () => { error: Record<string, unknown> } }>,
  status: number,
  error: Record<string, unknown> = {},
) {
  const before = await seasonState(db);
  const response = await write();
  expect(response.statusCode, JSON.stringify(response.json())).toBe(status);
  expect(response.json().error).toMatchObject(error);
  expect(await seasonState(db)).toEqual(before);
  return response.json().error;
}
