import { sql } from "drizzle-orm";
import { expect } from "vitest";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";

/**
 * Test support of the youth-home and activity routes: the rows of their tables and the audit log, to
 * show that a refused request wrote nothing.
 */
export async function youthTablesSnapshot(db: Executor) {
  const tables = [
    "youth_home",
    "youth_home_service",
    "activity",
    "activity_signup",
    "activity_photo",
    "audit_log",
  ];
  const counts: Record<string, unknown> = {};
  for (const table of tables) {
    const rows = await queryRows<{ total: number; digest: string | null }>(
      db,
      sql`select count(*)::int as total, md5(string_agg(t::text, '|' order by t::text)) as digest from ${sql.identifier(table)} t`,
    );
    counts[table] = rows[0];
  }
  return counts;
}

/** Runs a request that must be refused with `status` (and `code`, `field`) and write nothing. */
export async function expectRefused(
  db: Executor,
  run: () => Promise<{ statusCode: number; body: string }>,
  status: number,
  expected: { code?: string; field?: string } = {},
) {
  const before = await youthTablesSnapshot(db);
  const response = await run();
  expect(response.statusCode, response.body).toBe(status);
  const error = JSON.parse(response.body).error;
  if (expected.code) expect(error.code).toBe(expected.code);
  if (expected.field) expect(error.field).toBe(expected.field);
  expect(await youthTablesSnapshot(db)).toEqual(before);
  return error;
}
