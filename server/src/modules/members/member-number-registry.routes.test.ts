import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { createOrganizationRow, createTestApp, logInEach, type TestSession } from "../../test/factories";
import {
  countMemberRows,
  expectRefusedWithoutWrites,
  memberRecordInput,
  personRecord,
  sendAs,
} from "../../test/member-factories";
import { buildRegistryWorkbook, multipartFile, registryRow } from "../../test/registry-factories";

/**
 * A member number (团员编号) is unique across counties (issue 19 part 2; docs/SCALING.md "Uniqueness
 * across counties"): the national registration (member_number_registry) refuses a second county's
 * member with the same number — on Citus the only check, since member's unique index holds per county
 * there — and a concurrent pair in two counties ends with one member and a 409 naming the field, never
 * a 500. Creation, edits and the registry import write it. Runs on PGlite, PostgreSQL and the Citus
 * cluster.
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

async function registrations(memberNumber: string) {
  const rows = await queryRows<{ county_id: number; member_id: number }>(
    context.db,
    sql`select county_id, member_id from member_number_registry where member_number = ${memberNumber}`,
  );
  return rows.map((row) => ({ countyId: Number(row.county_id), memberId: Number(row.member_id) }));
}

async function registrationsOfMember(memberId: number) {
  const rows = await queryRows<{ member_number: string }>(
    context.db,
    sql`select member_number from member_number_registry where member_id = ${memberId} order by 1`,
  );
  return rows.map((row) => row.member_number);
}

const DUPLICATE = { code: "duplicate", field: "memberNumber" };

describe("member numbers across counties", () => {
  it("registers every numbered member of the test county, each in its county", async () => {
    // Read apart and compared here: on Citus the registry and member are not co-located (no join).
    const members = await queryRows<{ id: number; member_number: string; county_id: number }>(
      context.db,
      sql`select id, member_number, county_id from member where member_number is not null order by member_number`,
    );
    const registered = await queryRows<{ member_id: number; member_number: string; county_id: number }>(
      context.db,
      sql`select member_id, member_number, county_id from member_number_registry order by member_number`,
    );
    expect(members.length).toBeGreaterThan(0);
    expect(members.every((row) => Number(row.county_id) === context.tree.county.id)).toBe(true);
    expect(
      registered.map((row) => [row.member_number, Number(row.county_id), Number(row.member_id)]),
    ).toEqual(members.map((row) => [row.member_number, Number(row.county_id), Number(row.id)]));
  });

  it("answers 409 naming the field when another county already holds the number, writing nothing", async () => {
    const record = personRecord("周一", "2006-05-11", "401");
    const first = await create(context.tree.eastVillage1.id, memberRecordInput(record));
    expect(first.statusCode, first.body).toBe(201);
    const other = personRecord("周一一", "2006-05-12", "403", { memberNumber: record.memberNumber });
    const response = await expectRefusedWithoutWrites(
      context.db,
      () => create(otherBranch.id, memberRecordInput(other)),
      409,
      DUPLICATE,
    );
    expect(response.json().error.message).toContain("团员编号");
    expect(await registrations(record.memberNumber as string)).toEqual([
      { countyId: context.tree.county.id, memberId: first.json().id },
    ]);
    // The citizen ID of the refused member was not registered either (the whole transaction rolled back).
    const [held] = await queryRows<{ held: number }>(
      context.db,
      sql`select count(*)::int as held from citizen_id_registry where citizen_id = ${other.citizenId as string}`,
    );
    expect(held?.held).toBe(0);
  });

  it("a concurrent pair in two counties: one member, the other 409 — never a 500", async () => {
    for (const [index, sequence] of ["503", "505", "507"].entries()) {
      const record = personRecord(`吴${index}`, "2007-06-12", sequence);
      const twin = personRecord(`郑${index}`, "2007-06-13", sequence, { memberNumber: record.memberNumber });
      const before = await countMemberRows(context.db);
      const answers = await Promise.all([
        create(context.tree.westVillage.id, memberRecordInput(record)),
        create(otherBranch.id, memberRecordInput(twin)),
      ]);
      const statuses = answers.map((answer) => answer.statusCode).sort();
      expect(statuses, answers.map((answer) => answer.body).join("\n")).toEqual([201, 409]);
      const refused = answers.find((answer) => answer.statusCode === 409);
      expect(refused?.json().error).toMatchObject(DUPLICATE);
      expect((await countMemberRows(context.db)).member).toBe(before.member + 1);
      const created = answers.find((answer) => answer.statusCode === 201)?.json();
      expect(await registrations(record.memberNumber as string)).toEqual([
        {
          countyId: answers[0]?.statusCode === 201 ? context.tree.county.id : otherBranch.countyId,
          memberId: created.id,
        },
      ]);
    }
  });

  it("an edited number moves the registration: the old number is free, the new one held, a cleared one gone", async () => {
    const record = personRecord("冯二", "2006-07-14", "603");
    const created = await create(context.tree.eastVillage2.id, memberRecordInput(record));
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as number;
    const oldNumber = record.memberNumber as string;
    const newNumber = "9920060714605";
    const changed = await sendAs(context.app, admin, "PATCH", `/members/${id}`, { memberNumber: newNumber });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(await registrationsOfMember(id)).toEqual([newNumber]);
    // the freed number can be given in the other county; the held one cannot be taken by an edit there
    const reused = await create(
      otherBranch.id,
      memberRecordInput(personRecord("陈二", "2006-07-15", "607", { memberNumber: oldNumber })),
    );
    expect(reused.statusCode, reused.body).toBe(201);
    expect(await registrations(oldNumber)).toEqual([
      { countyId: otherBranch.countyId, memberId: reused.json().id },
    ]);
    await expectRefusedWithoutWrites(
      context.db,
      () => sendAs(context.app, admin, "PATCH", `/members/${reused.json().id}`, { memberNumber: newNumber }),
      409,
      DUPLICATE,
    );
    expect(await registrationsOfMember(reused.json().id)).toEqual([oldNumber]);
    // cleared: no registration, and the number is free again
    const cleared = await sendAs(context.app, admin, "PATCH", `/members/${id}`, { memberNumber: null });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(await registrationsOfMember(id)).toEqual([]);
    const taken = await sendAs(context.app, admin, "PATCH", `/members/${reused.json().id}`, {
      memberNumber: newNumber,
    });
    expect(taken.statusCode, taken.body).toBe(200);
    expect(await registrations(newNumber)).toEqual([
      { countyId: otherBranch.countyId, memberId: reused.json().id },
    ]);
    expect(await registrations(oldNumber)).toEqual([]);
  });

  it("the registry import registers its numbers and refuses one another county holds", async () => {
    const [held] = await queryRows<{ member_number: string }>(
      context.db,
      sql`select member_number from member_number_registry where county_id = ${context.tree.county.id} limit 1`,
    );
    const heldNumber = held?.member_number as string;
    const post = async (rows: Record<string, unknown>[]) => {
      const body = multipartFile(await buildRegistryWorkbook({ rows }));
      return context.app.inject({
        method: "POST",
        url: `/api/v1/organizations/${otherBranch.id}/member-imports?dryRun=false`,
        payload: body.payload,
        headers: { ...body.headers, ...admin.headers },
      });
    };
    const inBranch = { 所在团支部: "邻县一村团支部" };
    const refused = await post([registryRow(7001, { ...inBranch, 团员编号: heldNumber })]);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().problems).toEqual([
      expect.objectContaining({
        column: "团员编号",
        value: heldNumber,
        message: expect.stringContaining("已被"),
      }),
    ]);
    const imported = await post([registryRow(7002, inBranch)]);
    expect(imported.statusCode, imported.body).toBe(200);
    const number = registryRow(7002).团员编号 as string;
    const [registration] = await registrations(number);
    expect(registration?.countyId).toBe(otherBranch.countyId);
  });
});
