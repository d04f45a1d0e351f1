import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countyOfOrganization } from "../../db/county";
import type { DatabaseHandle } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { createTestCounty } from "../../test/factories";
import { orgLifeCountDiff } from "../../test/org-life-count-proof";
import { createTestDatabase } from "../../test/test-database";
import { foldMemberCountDeltas } from "./member-count.service";

/**
 * Issue 19 part 3: the organizational-life tallies (org_life_count, migration 0026) stay exact when
 * members change. On PostgreSQL and PGlite the member triggers keep them in the member's transaction;
 * on a Citus coordinator those triggers are dropped (migration 0030) and the fold refreshes the
 * branches it takes deltas of (refreshOrgLifeOfFolded, migration 0031 marks joined_on changes). So on
 * every engine: after member writes of each kind the tallies depend on — a new member, a change of
 * branch, of status, of joined date alone, a deletion — and a fold, every tally equals the recount.
 * Member rows are written with their county (on Citus the distribution column is given with the write).
 */
describe("organizational-life tallies after member writes and a fold (every engine, Citus included)", () => {
  let handle: DatabaseHandle;
  let tree: Awaited<ReturnType<typeof createTestCounty>>;

  beforeAll(async () => {
    handle = await createTestDatabase();
    tree = await createTestCounty(handle.db);
  }, 120_000);
  afterAll(async () => handle?.close());

  const memberIds = async () =>
    (await queryRows<{ id: number }>(handle.db, sql`select id::int as id from member order by id`)).map(
      (row) => Number(row.id),
    );

  it("starts exact", async () => {
    await foldMemberCountDeltas(handle.db);
    expect(await orgLifeCountDiff(handle.db)).toEqual([]);
  });

  it("a dues payment (coordinator table) counts at once", async () => {
    const [first] = await memberIds();
    const [member] = await queryRows<{ organization_id: number; joined_on: string }>(
      handle.db,
      sql`select organization_id, joined_on::text from member where id = ${first}`,
    );
    await handle.db.execute(
      sql`insert into dues_payment (member_id, organization_id, month, amount_yuan, paid_on, category)
          values (${first}, ${Number(member?.organization_id)}, date_trunc('month', ${member?.joined_on}::date + 40)::date,
                  0.5, ${member?.joined_on}::date + 40, 'student')`,
    );
    expect(await orgLifeCountDiff(handle.db)).toEqual([]);
  });

  it("members moved, re-dated, lapsed, added and deleted: exact after the fold", async () => {
    const db = handle.db;
    const [first, second, third] = await memberIds();
    const west = await countyOfOrganization(db, tree.westVillage.id);
    // Another branch of the same county (the member's distribution column does not change).
    await db.execute(
      sql`update member set organization_id = ${tree.westVillage.id}, county_id = ${west} where id = ${first}`,
    );
    // joined_on alone: counted in the 'joined' and 'paid' tallies, in no member counter.
    await db.execute(sql`update member set joined_on = joined_on - 400 where id = ${second}`);
    await db.execute(sql`update member set status = 'lapsed' where id = ${third}`);
    const county = await countyOfOrganization(db, tree.eastVillage2.id);
    await db.execute(
      sql`insert into member (county_id, organization_id, name, name_initials, sex, ethnicity, citizen_id,
                              birth_date, member_number, joined_on, education, occupation, political_status,
                              phone, status, status_since)
          values (${county}, ${tree.eastVillage2.id}, '孙七', 'sq', 'male', 'han', '110105200905050012',
                  '2009-05-05', '9900012024000500', '2024-05-04', 'senior_high', 'student', 'league_member',
                  '13812345678', 'active', '2024-05-04')`,
    );
    await foldMemberCountDeltas(db);
    expect(await orgLifeCountDiff(db)).toEqual([]);

    const [added] = await queryRows<{ id: number }>(
      db,
      sql`select id::int as id from member where name = '孙七'`,
    );
    await db.execute(sql`delete from member_history where member_id = ${Number(added?.id)}`);
    await db.execute(sql`delete from member where id = ${Number(added?.id)}`);
    await foldMemberCountDeltas(db);
    expect(await orgLifeCountDiff(db)).toEqual([]);
  });
});
