import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDistributed } from "../../db/distributed";
import { queryRows } from "../../db/sql-result";
import { countRows, latestAuditEntry, organizationSnapshot } from "../../test/database-state";
import { createOrganizationRow, createTestApp, logInEach, type TestSession } from "../../test/factories";

/**
 * POST /organizations/{id}/move across counties (区划调整: a township handed to a neighbouring county).
 * The subtree's rows follow it to the new county's bucket. On PostgreSQL and PGlite every family moves
 * in the move's transaction; on a Citus coordinator the distribution column cannot change in place, so
 * a subtree that holds records (members, cadres, meetings, …) is refused with 409
 * `county_move_refused` naming them and nothing written, and a subtree without records moves — before
 * migration 0058 every such move answered 500 there (an UPDATE of `county_id` planned even with no row).
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let admin: TestSession;
let distributed: boolean;
type Row = Awaited<ReturnType<typeof createOrganizationRow>>;
/** A second county, a root of its own: 团测试二县委. */
let second: Row;
/** A township under the test county with a branch and no records: 南河镇团委 > 南一村团支部. */
let south: Row;
let southBranch: Row;

beforeAll(async () => {
  context = await createTestApp();
  second = await createOrganizationRow(context.db, {
    name: "共青团测试二县委员会",
    shortName: "团测试二县委",
    level: "county",
    sector: null,
    code: "990002",
  });
  south = await createOrganizationRow(context.db, {
    parent: context.tree.county,
    name: "共青团南河镇委员会",
    shortName: "南河镇团委",
    level: "township",
  });
  southBranch = await createOrganizationRow(context.db, {
    parent: south,
    kind: "branch",
    name: "南一村团支部",
  });
  distributed = await isDistributed(context.db);
  [admin] = await logInEach(context.app, ["admin"]);
}, 400_000);
afterAll(async () => context?.close());

function move(id: number, newParentId: number) {
  return context.app.inject({
    method: "POST",
    url: `/api/v1/organizations/${id}/move`,
    payload: { newParentId },
    headers: admin.headers,
  });
}

async function countyOf(id: number): Promise<number> {
  const [row] = await queryRows<{ county_id: number }>(
    context.db,
    sql`select county_id from organization where id = ${id}`,
  );
  return Number(row?.county_id);
}

describe("POST /organizations/{id}/move to another county", () => {
  it("moves a township without records, its organization counts to the new county's bucket, and audits it", async () => {
    const response = await move(south.id, second.id);
    expect(response.statusCode, response.body).toBe(200);
    expect([await countyOf(south.id), await countyOf(southBranch.id)]).toEqual([second.id, second.id]);
    const counts = await queryRows<{ county_id: number }>(
      context.db,
      sql`select distinct county_id from organization_count where organization_id = ${south.id}`,
    );
    expect(counts.map((row) => Number(row.county_id))).toEqual([second.id]);
    expect(await latestAuditEntry(context.db, "organization.move")).toMatchObject({
      entityId: String(south.id),
      after: { parentId: second.id },
    });
  });

  it("moves a township with members on PostgreSQL; on Citus answers 409 naming the members, nothing written", async () => {
    const east = context.tree.east;
    if (!distributed) {
      const response = await move(east.id, second.id);
      expect(response.statusCode, response.body).toBe(200);
      const members = await queryRows<{ county_id: number }>(
        context.db,
        sql`select distinct m.county_id from member m join organization o on o.id = m.organization_id
             where o.path like ${`${east.path}%`} or o.path like ${`${second.path}${east.id}/%`}`,
      );
      expect(members.map((row) => Number(row.county_id))).toEqual([second.id]);
      return;
    }
    const rows = await countRows(context.db);
    const organizations = await organizationSnapshot(context.db);
    const response = await move(east.id, second.id);
    expect(response.statusCode, response.body).toBe(409);
    expect(response.json().error).toMatchObject({ code: "county_move_refused" });
    expect(response.json().error.message).toContain("团员");
    expect(await countRows(context.db)).toEqual(rows);
    expect(await organizationSnapshot(context.db)).toEqual(organizations);
  });
});
