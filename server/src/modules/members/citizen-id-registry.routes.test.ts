import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { createOrganizationRow, createTestApp, logInEach, type TestSession } from "../../test/factories";
import {
  citizenIdFor,
  countMemberRows,
  expectRefusedWithoutWrites,
  memberRecordInput,
  personRecord,
  sendAs,
} from "../../test/member-factories";

/**
 * A citizen ID is unique across counties (issue 19 part 2; docs/SCALING.md "Uniqueness across
 * counties"): the national registration (citizen_id_registry) refuses a second county's member with
 * the same ID — on Citus the only check, since member's unique index holds per county there — and a
 * concurrent pair in two counties ends with one member and a 409, never a 500. Runs on PGlite,
 * PostgreSQL and the Citus cluster.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let admin: TestSession;
let otherBranch: { id: number; countyId: number };

beforeAll(async () => {
  context = await createTestApp();
  const otherCounty = await createOrganizationRow(context.db, {
    name: "共青团邻县委员会",
    shortName: "团邻县委",
    level: "county",
    sector: null,
    code: "990002",
  });
  const branch = await createOrganizationRow(context.db, {
    parent: otherCounty,
    kind: "branch",
    name: "邻县一村团支部",
  });
  otherBranch = { id: branch.id, countyId: otherCounty.id };
  [admin] = await logInEach(context.app, ["admin"]);
});
afterAll(async () => context.close());

function create(branchId: number, payload: unknown) {
  return sendAs(context.app, admin, "POST", `/organizations/${branchId}/members`, payload);
}

async function registrations(citizenId: string) {
  const rows = await queryRows<{ county_id: number; member_id: number }>(
    context.db,
    sql`select county_id, member_id from citizen_id_registry where citizen_id = ${citizenId}`,
  );
  return rows.map((row) => ({ countyId: Number(row.county_id), memberId: Number(row.member_id) }));
}

describe("citizen IDs across counties", () => {
  it("registers every member of the test county, each in its county", async () => {
    const [row] = await queryRows<{ members: number; registered: number; wrong: number }>(
      context.db,
      sql`select (select count(*) from member)::int as members,
                 (select count(*) from citizen_id_registry)::int as registered,
                 (select count(*) from citizen_id_registry where county_id <> ${context.tree.county.id})::int as wrong`,
    );
    expect(row).toEqual({ members: 4, registered: 4, wrong: 0 });
  });

  it("answers 409 naming the holder when another county already holds the citizen ID, writing nothing", async () => {
    const record = personRecord("钱一", "2006-01-11", "101");
    const first = await create(context.tree.eastVillage1.id, memberRecordInput(record));
    expect(first.statusCode).toBe(201);
    const response = await expectRefusedWithoutWrites(
      context.db,
      () => create(otherBranch.id, memberRecordInput({ ...record, name: "钱一一", memberNumber: null })),
      409,
      { code: "duplicate", field: "citizenId" },
    );
    expect(response.json().error.message).toContain("东一村团支部");
    expect(await registrations(record.citizenId as string)).toEqual([
      { countyId: context.tree.county.id, memberId: first.json().id },
    ]);
  });

  // On Citus this answered 500 in some runs (2026-12-07): the two creations' branch reads (FOR KEY SHARE
  // on the reference table organization) deadlocked on Citus's table-wide shard lock. Fixed in
  // organization.repository findOrganizationById (docs/SCALING.md "Uniqueness across counties").
  it("a concurrent pair in two counties: one member, the other 409 — never a 500", async () => {
    for (const [index, sequence] of ["203", "205", "207"].entries()) {
      const record = personRecord(`孙${index}`, "2007-02-12", sequence);
      const before = await countMemberRows(context.db);
      const answers = await Promise.all([
        create(context.tree.westVillage.id, memberRecordInput(record)),
        create(otherBranch.id, memberRecordInput({ ...record, memberNumber: null })),
      ]);
      const statuses = answers.map((answer) => answer.statusCode).sort();
      expect(statuses, answers.map((answer) => answer.body).join("\n")).toEqual([201, 409]);
      const refused = answers.find((answer) => answer.statusCode === 409);
      expect(refused?.json().error).toMatchObject({ code: "duplicate", field: "citizenId" });
      expect((await countMemberRows(context.db)).member).toBe(before.member + 1);
      const [holder] = await registrations(record.citizenId as string);
      const created = answers.find((answer) => answer.statusCode === 201)?.json();
      expect(holder?.memberId).toBe(created.id);
    }
  });

  it("a changed citizen ID moves the registration: the old ID is free, the new one held", async () => {
    const oldRecord = personRecord("李二", "2006-04-14", "303");
    const created = await create(context.tree.eastVillage2.id, memberRecordInput(oldRecord));
    expect(created.statusCode).toBe(201);
    const id = created.json().id as number;
    const newId = citizenIdFor("2006-04-14", "305");
    const changed = await sendAs(context.app, admin, "PATCH", `/members/${id}`, { citizenId: newId });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(await registrations(oldRecord.citizenId as string)).toEqual([]);
    expect(await registrations(newId)).toEqual([{ countyId: context.tree.county.id, memberId: id }]);
    // the freed ID can be recorded in the other county; the held one cannot be taken by an edit there
    const reused = await create(otherBranch.id, memberRecordInput({ ...oldRecord, memberNumber: null }));
    expect(reused.statusCode, reused.body).toBe(201);
    expect(await registrations(oldRecord.citizenId as string)).toEqual([
      { countyId: otherBranch.countyId, memberId: reused.json().id },
    ]);
    await expectRefusedWithoutWrites(
      context.db,
      () => sendAs(context.app, admin, "PATCH", `/members/${reused.json().id}`, { citizenId: newId }),
      409,
      { code: "duplicate", field: "citizenId" },
    );
  });
});
