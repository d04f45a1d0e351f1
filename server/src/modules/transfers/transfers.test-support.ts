import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { createTestApp, createTestUser, logInEach, type TestSession } from "../../test/factories";
import { memberIdByName, sendAs } from "../../test/member-factories";
import {
  type CountedOrganization,
  readMemberFigures,
  recountMemberFigures,
} from "../stats/member-count.repository";

/**
 * Helpers of the transfer tests (组织关系转接, issue 11): the world they start from, the tables a
 * transfer write touches (a refused one must leave them alone), a start and a step through the API.
 */

/**
 * The world of the transfer route tests: the test app with a "west" admin of the west committee (the
 * other side), the sessions of county, east, secretary (东一村), member (a plain account) and west,
 * and the member ids of 张三 and 李四 (both of 东一村).
 */
export async function createTransferWorld() {
  const context = await createTestApp();
  await createTestUser(context.db, "west", "org_admin", context.tree.west.id);
  const [county, east, secretary, member, west] = await logInEach(context.app, [
    "county",
    "east",
    "secretary",
    "member",
    "west",
  ]);
  const zhang = await memberIdByName(context.db, "张三");
  const li = await memberIdByName(context.db, "李四");
  return { context, county, east, secretary, member, west, zhang, li };
}

const TRANSFER_TABLES = [
  "workflow_instance",
  "workflow_step",
  "work_item",
  "member_transfer",
  "member",
  "member_history",
  "member_event",
  "audit_log",
] as const;

/** Row counts of every table a transfer write touches, the members' branch and status, the instances. */
export async function transferState(db: Executor) {
  const counts: Record<string, number> = {};
  for (const table of TRANSFER_TABLES) {
    const rows = await queryRows<{ total: number }>(
      db,
      sql`select count(*)::int as total from ${sql.identifier(table)}`,
    );
    counts[table] = Number(rows[0]?.total);
  }
  const members = await queryRows(db, sql`select id, organization_id, status from member order by id`);
  const instances = await queryRows(
    db,
    sql`select id, state, version, counterpart_organization_id from workflow_instance order by id`,
  );
  const openItems = await queryRows(
    db,
    sql`select id, state, organization_id from work_item where closed_at is null order by id`,
  );
  return { counts, members, instances, openItems };
}

/** Runs a write that must be refused: its status and error, and nothing written. Returns the error. */
export async function expectTransferRefused(
  db: Executor,
  write: () => Promise<{ statusCode: number; body: string; json: () => { error: Record<string, unknown> } }>,
  status: number,
  error: Record<string, unknown> = {},
) {
  const before = await transferState(db);
  const response = await write();
  expect(response.statusCode, response.body).toBe(status);
  expect(response.json().error).toMatchObject(error);
  expect(await transferState(db)).toEqual(before);
  return response.json().error;
}

/** A start's body: 升学 ordinary transfer started today-ish (2026-06-01). */
export function startBody(overrides: Record<string, unknown>): Record<string, unknown> {
  return { reason: "moved_residence", kind: "ordinary", startedOn: "2026-06-01", ...overrides };
}

/** POST /transfers with {@link startBody} and `body`; returns the response. */
export function startTransfer(
  app: FastifyInstance,
  session: TestSession | undefined,
  body: Record<string, unknown>,
) {
  return sendAs(app, session, "POST", "/transfers", startBody(body));
}

/** Starts a transfer that must succeed; returns its page. */
export async function startOk(app: FastifyInstance, session: TestSession, body: Record<string, unknown>) {
  const response = await startTransfer(app, session, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: number; version: number; state: string };
}

/** Takes a step through the API; returns the response. */
export function transferStep(
  app: FastifyInstance,
  session: TestSession | undefined,
  transferId: number,
  action: string,
  version: number,
  payload: Record<string, unknown> = {},
) {
  return sendAs(app, session, "POST", `/transfers/${transferId}/transitions`, { action, version, payload });
}

/** Takes a step that must succeed; returns the new version. */
export async function transferStepOk(
  app: FastifyInstance,
  session: TestSession,
  transferId: number,
  action: string,
  version: number,
  payload: Record<string, unknown> = {},
): Promise<number> {
  const response = await transferStep(app, session, transferId, action, version, payload);
  expect(response.statusCode, `${action}: ${response.body}`).toBe(200);
  return (response.json() as { version: number }).version;
}

/**
 * The member figures of each organization's subtree (counters and pending deltas, as the dashboards
 * read them) equal a recount from the member rows; answers the current members (active, transferring,
 * flowing) of each, by dimension "total".
 */
export async function expectFiguresEqualRecount(
  db: Executor,
  organizations: readonly (CountedOrganization & { path: string })[],
): Promise<number[]> {
  const totals: number[] = [];
  for (const organization of organizations) {
    const counted = new Map<string, number>();
    for (const row of await readMemberFigures(db, organization)) {
      const key = `${row.status}|${row.dimension}|${row.value}`;
      counted.set(key, (counted.get(key) ?? 0) + Number(row.count));
    }
    const recounted = new Map<string, number>();
    for (const row of await recountMemberFigures(db, organization.path)) {
      recounted.set(`${row.status}|${row.dimension}|${row.value}`, Number(row.count));
    }
    const nonZero = (map: Map<string, number>) =>
      [...map.entries()].filter(([, count]) => count !== 0).sort(([a], [b]) => a.localeCompare(b));
    expect(nonZero(counted), organization.path).toEqual(nonZero(recounted));
    totals.push(
      ["active", "transferring", "flowing"].reduce(
        (sum, status) => sum + (counted.get(`${status}|total|`) ?? 0),
        0,
      ),
    );
  }
  return totals;
}
