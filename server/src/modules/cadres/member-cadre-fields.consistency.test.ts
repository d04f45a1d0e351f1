import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { expectMemberCadreFieldsDerived } from "../../test/cadre-factories";
import { createTestApp, logInEach, type TestSession } from "../../test/factories";
import { createMemberThroughApi, personRecord, sendAs } from "../../test/member-factories";
import { readMemberFigures, recountMemberFigures } from "../stats/member-count.repository";

/**
 * Issue 13 part 1: the member record's cadre fields are views of the cadre records. After every
 * appointment, change and end through the cadre API, every member's fields equal what its current
 * cadre records say (domain memberCadreFieldsOf), the member detail lists the records, and the
 * counters' cadre dimension equals a recount.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let alice: number;
let bob: number;

beforeAll(async () => {
  context = await createTestApp();
  [county] = await logInEach(context.app, ["county"]);
  alice = await createMemberThroughApi(
    context.app,
    county,
    context.tree.eastVillage1.id,
    personRecord("甲干部", "2000-02-02", "552"),
  );
  bob = await createMemberThroughApi(
    context.app,
    county,
    context.tree.eastVillage2.id,
    personRecord("乙干部", "2001-03-03", "553"),
  );
});
afterAll(async () => context.close());

async function member(id: number) {
  const response = await sendAs(context.app, county, "GET", `/members/${id}`);
  expect(response.statusCode).toBe(200);
  return response.json();
}

async function appoint(
  organizationId: number,
  memberId: number,
  post: string,
  kind: string,
  startedOn: string,
) {
  const response = await sendAs(context.app, county, "POST", `/organizations/${organizationId}/cadres`, {
    memberId,
    post,
    kind,
    startedOn,
  });
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { id: number }).id;
}

/** The cadre figures of the county: counters + pending deltas against a recount. */
async function expectCadreCountsExact() {
  const [root] = await queryRows<{
    id: number;
    path: string;
    kind: string;
    sector: string | null;
    depth: number;
  }>(context.db, sql`select id, path, kind, sector, depth from organization where parent_id is null`);
  const cadreFigures = (rows: { status: string; dimension: string; value: string; count: number }[]) => {
    const map: Record<string, number> = {};
    for (const row of rows.filter((each) => each.dimension === "cadre")) {
      const key = `${row.status}|${row.value}`;
      map[key] = (map[key] ?? 0) + Number(row.count);
    }
    return Object.fromEntries(Object.entries(map).filter(([, count]) => count !== 0));
  };
  const organization = {
    ...(root as NonNullable<typeof root>),
    id: Number(root?.id),
    depth: Number(root?.depth),
  };
  expect(cadreFigures(await readMemberFigures(context.db, organization))).toEqual(
    cadreFigures(await recountMemberFigures(context.db, organization.path)),
  );
}

describe("member cadre fields = views of the cadre records", () => {
  it("follow appointments, post changes and ends, in the same transaction", async () => {
    await expectMemberCadreFieldsDerived(context.db, "before");
    expect(await member(alice)).toMatchObject({ isCadre: false, leaguePosition: null, cadreRecords: [] });

    const publicity = await appoint(
      context.tree.eastVillage1.id,
      alice,
      "publicity",
      "part_time",
      "2023-03-01",
    );
    await expectMemberCadreFieldsDerived(context.db, "after appointing 宣传委员");
    expect(await member(alice)).toMatchObject({
      isCadre: true,
      leaguePosition: "publicity_member",
      cadreKind: "part_time",
      positionSince: "2023-03-01",
      cadreRecords: [
        { id: publicity, post: "publicity", postLabel: "宣传委员", organizationName: "东一村团支部" },
      ],
    });
    await expectCadreCountsExact();

    // A second, more senior post at the town committee: the record shows the senior one.
    const deputy = await appoint(context.tree.east.id, alice, "deputy_secretary", "full_time", "2024-05-01");
    await expectMemberCadreFieldsDerived(context.db, "after appointing 副书记");
    expect(await member(alice)).toMatchObject({
      leaguePosition: "deputy_secretary",
      cadreKind: "full_time",
      positionSince: "2024-05-01",
    });

    const patched = await sendAs(context.app, county, "PATCH", `/cadres/${publicity}`, { kind: "seconded" });
    expect(patched.statusCode).toBe(200);
    await expectMemberCadreFieldsDerived(context.db, "after changing a kind");

    expect(
      (await sendAs(context.app, county, "POST", `/cadres/${deputy}/end`, { endedOn: "2025-01-01" }))
        .statusCode,
    ).toBe(200);
    await expectMemberCadreFieldsDerived(context.db, "after ending 副书记");
    expect(await member(alice)).toMatchObject({ leaguePosition: "publicity_member", cadreKind: "seconded" });

    await appoint(context.tree.eastVillage2.id, bob, "secretary", "part_time", "2024-09-01");
    expect(
      (await sendAs(context.app, county, "POST", `/cadres/${publicity}/end`, { endedOn: "2025-02-01" }))
        .statusCode,
    ).toBe(200);
    await expectMemberCadreFieldsDerived(context.db, "after ending every post of 甲干部");
    expect(await member(alice)).toMatchObject({
      isCadre: false,
      leaguePosition: null,
      cadreKind: null,
      positionSince: null,
    });
    expect(await member(bob)).toMatchObject({ isCadre: true, leaguePosition: "secretary" });
    await expectCadreCountsExact();
  });

  it("are left alone by a member edit (which may not send them)", async () => {
    const response = await sendAs(context.app, county, "PATCH", `/members/${bob}`, { wechat: "yigb" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ isCadre: true, leaguePosition: "secretary", wechat: "yigb" });
    await expectMemberCadreFieldsDerived(context.db, "after a member edit");
  });
});
