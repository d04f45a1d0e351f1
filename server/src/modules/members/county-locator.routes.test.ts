import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countyOfLocatedRow, countyOfMember } from "../../db/county";
import { isDistributed } from "../../db/distributed";
import { queryRows } from "../../db/sql-result";
import { todayInChina } from "../../lib/clock";
import {
  createOrganizationRow,
  createTestApp,
  logInEach,
  type TestSession,
  testMember,
} from "../../test/factories";
import {
  createMemberThroughApi,
  expectRefusedWithoutWrites,
  memberRecordInput,
  personRecord,
  sendAs,
} from "../../test/member-factories";
import { insertMembersWithHistory } from "./member-bulk.repository";
import { findMemberWithBranch } from "./member-record.repository";

/**
 * county_locator (issue 19 part 2; db/county.ts): every member, status request and correction request
 * has exactly one location, with its county — after creation through the API, a bulk import, requests,
 * a move of a branch to another county (PostgreSQL and PGlite: the location follows; Citus refuses the
 * move) and a deletion (PostgreSQL and PGlite: the location goes with the row; Citus: a location left
 * behind finds no member, "not found"). Refused writes leave no location. Runs on PGlite, PostgreSQL
 * and the Citus cluster.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let admin: TestSession;
let east: TestSession;
let otherCounty: { id: number; path: string; depth: number };
let otherBranch: { id: number; path: string; depth: number };
let citus: boolean;

const KINDS = ["member", "member_status_request", "member_correction_request"] as const;

beforeAll(async () => {
  context = await createTestApp();
  citus = await isDistributed(context.db);
  otherCounty = await createOrganizationRow(context.db, {
    name: "共青团邻县委员会",
    shortName: "团邻县委",
    level: "county",
    sector: null,
    code: "990002",
  });
  otherBranch = await createOrganizationRow(context.db, {
    parent: otherCounty,
    kind: "branch",
    name: "邻县一村团支部",
  });
  [admin, east] = await logInEach(context.app, ["admin", "east"]);
});
afterAll(async () => context.close());

/**
 * What differs between county_locator and the rows it locates, one line each: a row without a
 * location, with two, with another county, and (when `orphans`) a location without its row. Compared
 * here rather than in one SQL join (on Citus the locator and the family are not co-located).
 */
async function locatorDifferences(orphans = true): Promise<string[]> {
  const located = await queryRows<{ kind: string; id: string | number; county_id: number }>(
    context.db,
    sql`select kind, id, county_id from county_locator`,
  );
  const locations = new Map<string, number[]>();
  for (const row of located) {
    const key = `${row.kind} ${Number(row.id)}`;
    locations.set(key, [...(locations.get(key) ?? []), Number(row.county_id)]);
  }
  const differences: string[] = [];
  const seen = new Set<string>();
  for (const kind of KINDS) {
    const rows = await queryRows<{ id: string | number; county_id: number }>(
      context.db,
      sql`select id, county_id from ${sql.identifier(kind)}`,
    );
    for (const row of rows) {
      const key = `${kind} ${Number(row.id)}`;
      seen.add(key);
      const counties = locations.get(key) ?? [];
      if (counties.length !== 1 || counties[0] !== Number(row.county_id))
        differences.push(`${key} in county ${row.county_id} located at [${counties.join(", ")}]`);
    }
  }
  if (orphans) {
    for (const key of locations.keys()) if (!seen.has(key)) differences.push(`${key} located but absent`);
  }
  return differences;
}

async function locationsOf(kind: string, id: number): Promise<number[]> {
  const rows = await queryRows<{ county_id: number }>(
    context.db,
    sql`select county_id from county_locator where id = ${id} and kind = ${kind}`,
  );
  return rows.map((row) => Number(row.county_id));
}

const askStatus = (memberId: number, toStatus: string) =>
  sendAs(context.app, admin, "POST", `/members/${memberId}/status-requests`, {
    toStatus,
    reason: "本人申请",
    effectiveOn: todayInChina(),
  });

describe("county_locator", () => {
  it("locates every member of the test county (bulk insert of the factories), in its county", async () => {
    expect(await locatorDifferences()).toEqual([]);
    const [row] = await queryRows<{ members: number }>(
      context.db,
      sql`select count(*)::int as members from county_locator where kind = 'member' and county_id = ${context.tree.county.id}`,
    );
    expect(row?.members).toBe(4);
  });

  it("locates a member created through the API, its status request and its correction request", async () => {
    const id = await createMemberThroughApi(
      context.app,
      admin,
      otherBranch.id,
      personRecord("周一", "2004-02-02", "661"),
    );
    expect(await locationsOf("member", id)).toEqual([otherCounty.id]);
    expect(await countyOfMember(context.db, id)).toBe(otherCounty.id);

    expect((await sendAs(context.app, admin, "POST", `/members/${id}/verify`)).statusCode).toBe(200);
    const correction = await sendAs(context.app, admin, "POST", `/members/${id}/corrections`, {
      changes: { name: "周壹" },
      reason: "户籍信息登记错误",
    });
    expect(correction.statusCode, correction.body).toBe(201);
    const correctionId = correction.json().id as number;
    expect(await locationsOf("member_correction_request", correctionId)).toEqual([otherCounty.id]);

    const asked = await askStatus(id, "withdrawn");
    expect(asked.statusCode, asked.body).toBe(201);
    const requestId = asked.json().request.id as number;
    expect(await locationsOf("member_status_request", requestId)).toEqual([otherCounty.id]);
    expect(await countyOfLocatedRow(context.db, "member_status_request", requestId)).toBe(otherCounty.id);
    expect(await locatorDifferences()).toEqual([]);
  });

  it("locates members inserted in bulk (imports), in their branches' counties", async () => {
    const ids = await insertMembersWithHistory(context.db, [
      testMember(otherBranch.id, "吴二", "we", "110105200605050021", "female", {
        memberNumber: "9900012026990001",
      }),
      testMember(context.tree.westVillage.id, "郑三", "zs", "110105200706060035", "male", {
        memberNumber: "9900012026990002",
      }),
    ]);
    expect(await locationsOf("member", ids[0] as number)).toEqual([otherCounty.id]);
    expect(await locationsOf("member", ids[1] as number)).toEqual([context.tree.county.id]);
    expect(await locatorDifferences()).toEqual([]);
  });

  it("refused writes leave no location: a duplicate citizen ID, a second pending request", async () => {
    const record = personRecord("冯四", "2005-07-07", "771");
    const id = await createMemberThroughApi(context.app, admin, context.tree.eastVillage1.id, record);
    // expectRefusedWithoutWrites compares county_locator's row count too (member-factories MEMBER_TABLES)
    await expectRefusedWithoutWrites(
      context.db,
      () =>
        sendAs(
          context.app,
          admin,
          "POST",
          `/organizations/${otherBranch.id}/members`,
          memberRecordInput({ ...record, name: "冯四四", memberNumber: null }),
        ),
      409,
      { code: "duplicate", field: "citizenId" },
    );
    expect((await askStatus(id, "withdrawn")).statusCode).toBe(201);
    await expectRefusedWithoutWrites(context.db, () => askStatus(id, "withdrawn"), 409, {
      code: "pending_status_request_exists",
    });
    expect(await locatorDifferences()).toEqual([]);
  });

  it("follows a member whose branch moves to another county (PostgreSQL, PGlite; refused on Citus)", async () => {
    const branch = await createOrganizationRow(context.db, {
      parent: otherCounty,
      kind: "branch",
      name: "邻县二村团支部",
    });
    const id = await createMemberThroughApi(
      context.app,
      admin,
      branch.id,
      personRecord("陈五", "2004-08-08", "883"),
    );
    const asked = await askStatus(id, "withdrawn");
    expect(asked.statusCode, asked.body).toBe(201);
    const requestId = asked.json().request.id as number;
    const moved = await sendAs(context.app, admin, "POST", `/organizations/${branch.id}/move`, {
      newParentId: context.tree.east.id,
    });
    if (citus) {
      // The member family cannot change shard in place: the move is refused and nothing moved.
      expect(moved.statusCode).not.toBe(200);
      expect(await locationsOf("member", id)).toEqual([otherCounty.id]);
    } else {
      expect(moved.statusCode, moved.body).toBe(200);
      expect(await locationsOf("member", id)).toEqual([context.tree.county.id]);
      expect(await locationsOf("member_status_request", requestId)).toEqual([context.tree.county.id]);
      // found where it is now, by the township's committee too, and the request decided there
      expect((await sendAs(context.app, east, "GET", `/members/${id}`)).statusCode).toBe(200);
      const decided = await sendAs(
        context.app,
        east,
        "POST",
        `/member-status-requests/${requestId}/decision`,
        {
          decision: "approve",
        },
      );
      expect(decided.statusCode, decided.body).toBe(200);
    }
    expect(await locatorDifferences()).toEqual([]);
  });

  it("a deleted member is not found; on PostgreSQL and PGlite its location goes with it", async () => {
    const [id] = await insertMembersWithHistory(context.db, [
      testMember(otherBranch.id, "褚六", "cl", "110105200809090043", "female", {
        memberNumber: "9900012026990003",
      }),
    ]);
    const memberId = id as number;
    for (const table of ["member_history", "member_event", "member"]) {
      const key = table === "member" ? "id" : "member_id";
      await context.db.execute(
        sql`delete from ${sql.identifier(table)} where county_id = ${otherCounty.id} and ${sql.identifier(key)} = ${memberId}`,
      );
    }
    expect(await findMemberWithBranch(context.db, memberId)).toBeUndefined();
    expect((await sendAs(context.app, admin, "GET", `/members/${memberId}`)).statusCode).toBe(404);
    if (citus) {
      // no trigger on a member shard can write the locator's node: the location stays, pointing at a
      // county where the member is not (the application never deletes members)
      expect(await locationsOf("member", memberId)).toEqual([otherCounty.id]);
      expect(await locatorDifferences()).toEqual([`member ${memberId} located but absent`]);
    } else {
      expect(await locationsOf("member", memberId)).toEqual([]);
      expect(await locatorDifferences()).toEqual([]);
    }
  });
});
