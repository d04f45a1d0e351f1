import { citizenIdCheckDigit } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import type { Executor } from "../db/database";
import { queryRows } from "../db/sql-result";
import type { TestSession } from "./factories";

/**
 * Helpers for member-registry route tests (members, member-status): valid records, citizen IDs with
 * a correct check digit, counts of every table a member write touches, and history periods.
 */

/**
 * A valid resident citizen ID (GB 11643-1999) of region 110105 for a birth date "YYYY-MM-DD" and a
 * 3-digit sequence; the sequence's parity is the sex (odd: male, even: female).
 */
export function citizenIdFor(birthDate: string, sequence: string): string {
  const first17 = `110105${birthDate.replaceAll("-", "")}${sequence}`;
  return `${first17}${citizenIdCheckDigit(first17)}`;
}

/**
 * A complete, valid member record for POST /organizations/{branchId}/members: born 2005-06-15
 * (male, sequence 551), joined 2021-05-04, every required field present. `overrides` replace fields.
 */
export function memberRecordInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "孙小明",
    sex: "male",
    birthDate: "2005-06-15",
    citizenId: citizenIdFor("2005-06-15", "551"),
    idDocumentType: "resident_id_card",
    ethnicity: "han",
    memberNumber: "9900012021000551",
    joinedOn: "2021-05-04",
    phone: "13900001111",
    education: "senior_high",
    occupation: "student",
    politicalStatus: "league_member",
    ...overrides,
  };
}

/** The tables a member write touches (and a refused one must leave alone). */
const MEMBER_TABLES = [
  "member",
  "county_locator",
  "member_history",
  "member_event",
  "member_status_request",
  "member_correction_request",
  "audit_log",
  // The national registrations (issue 19 part 2): a refused write registers nothing either.
  "citizen_id_registry",
  "member_number_registry",
] as const;

/** A table of {@link MEMBER_TABLES}. */
export type MemberTable = (typeof MEMBER_TABLES)[number];

/** Row counts of every table of {@link MEMBER_TABLES}, e.g. { member: 4, member_history: 4, … }. */
export async function countMemberRows(db: Executor): Promise<Record<MemberTable, number>> {
  const counts = {} as Record<MemberTable, number>;
  for (const table of MEMBER_TABLES) {
    const rows = await queryRows<{ total: number }>(
      db,
      sql`select count(*)::int as total from ${sql.identifier(table)}`,
    );
    counts[table] = Number(rows[0]?.total);
  }
  return counts;
}

/** Every member row as stored (id order), to compare before and after a refused write. */
export async function memberSnapshot(db: Executor) {
  return queryRows(db, sql`select * from member order by id`);
}

/**
 * Runs a write that must be refused: checks the status and error (code, field) and that no member
 * table changed (counts, and every member row as it was). Returns the response.
 */
export async function expectRefusedWithoutWrites(
  db: Executor,
  write: () => Promise<{ statusCode: number; json: () => { error: Record<string, unknown> } }>,
  status: number,
  error: { code?: string; field?: string } = {},
) {
  const counts = await countMemberRows(db);
  const members = await memberSnapshot(db);
  const response = await write();
  expect(response.statusCode).toBe(status);
  expect(response.json().error).toMatchObject(error);
  expect(await countMemberRows(db)).toEqual(counts);
  expect(await memberSnapshot(db)).toEqual(members);
  return response;
}

/** One member_history period. */
export interface HistoryPeriod {
  organizationId: number;
  status: string;
  validFrom: string;
  validTo: string | null;
}

/** A member's history periods, oldest first. */
export async function historyOf(db: Executor, memberId: number): Promise<HistoryPeriod[]> {
  const rows = await queryRows<HistoryPeriod>(
    db,
    sql`select organization_id as "organizationId", status, valid_from::text as "validFrom", valid_to::text as "validTo"
      from member_history where member_id = ${memberId} order by valid_from, id`,
  );
  return rows.map((row) => ({ ...row, organizationId: Number(row.organizationId) }));
}

/** The kinds of a member's archive entries, oldest first. */
export async function eventKindsOf(db: Executor, memberId: number): Promise<string[]> {
  const rows = await queryRows<{ kind: string }>(
    db,
    sql`select kind from member_event where member_id = ${memberId} order by id`,
  );
  return rows.map((row) => row.kind);
}

/** The id of a member by name (test data has unique names). */
export async function memberIdByName(db: Executor, name: string): Promise<number> {
  const rows = await queryRows<{ id: number }>(db, sql`select id from member where name = ${name}`);
  const id = rows[0]?.id;
  if (id === undefined) throw new Error(`no member named ${name}`);
  return Number(id);
}

/** Sends a JSON request as `session` (or anonymously). */
export function sendAs(
  app: FastifyInstance,
  session: TestSession | undefined,
  method: "GET" | "POST" | "PATCH" | "PUT",
  url: string,
  payload?: unknown,
) {
  return app.inject({
    method,
    url: `/api/v1${url}`,
    ...(payload === undefined ? {} : { payload: payload as object }),
    ...(session ? { headers: session.headers } : {}),
  });
}

/** Creates a member through the API as `session` and returns its id (fails the test otherwise). */
export async function createMemberThroughApi(
  app: FastifyInstance,
  session: TestSession,
  branchId: number,
  overrides: Record<string, unknown> = {},
): Promise<number> {
  const response = await sendAs(
    app,
    session,
    "POST",
    `/organizations/${branchId}/members`,
    memberRecordInput(overrides),
  );
  if (response.statusCode !== 201) throw new Error(`member not created: ${response.body}`);
  return (response.json() as { id: number }).id;
}

/**
 * Overrides of {@link memberRecordInput} for another person: a valid citizen ID from the birth date
 * and sequence (odd: male), a member number from both, and a join date (default: the 15th birthday).
 */
export function personRecord(
  name: string,
  birthDate: string,
  sequence: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name,
    birthDate,
    citizenId: citizenIdFor(birthDate, sequence),
    sex: Number(sequence) % 2 === 1 ? "male" : "female",
    memberNumber: `99${birthDate.replaceAll("-", "")}${sequence}`,
    joinedOn: `${Number(birthDate.slice(0, 4)) + 15}${birthDate.slice(4)}`,
    ...extra,
  };
}
