import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countyOfOrganization } from "../../db/county";
import type { DatabaseHandle } from "../../db/database";
import { isDistributed } from "../../db/distributed";
import { queryRows } from "../../db/sql-result";
import { createOrganizationRow, createTestCounty } from "../../test/factories";
import { orgLifeCountDiff } from "../../test/org-life-count-proof";
import { createTestDatabase } from "../../test/test-database";
import { systemActor } from "../auth/system-actor";
import { moveOrganization } from "../organizations/organization.service";
import { foldMemberCountDeltas } from "./member-count.service";

/**
 * Issue 19 part 3: the organizational-life tallies (org_life_count, migration 0026) stay exact when
 * members change. On PostgreSQL and PGlite the member triggers keep them in the member's transaction;
 * on a Citus coordinator those triggers are dropped (migration 0030) and the fold refreshes the
 * branches it takes deltas of (refreshOrgLifeOfFolded, migration 0035 marks joined_on changes). So on
 * every engine: after member writes of each kind the tallies depend on — a new member, a change of
 * branch, of status, of joined date alone, a deletion — and a fold, every tally equals the recount.
 * Member rows are written with their county (on Citus the distribution column is given with the write).
 * And the tallies by holder (migration 0056_org_life_tally_county): a subtree moved to another county takes its
 * holders' rows to their new bucket.
 */
describe("organizational-life tallies after member writes and a fold (every engine, Citus included)", () => {
  let handle: DatabaseHandle;
  let tree: Awaited<ReturnType<typeof createTestCounty>>;

  beforeAll(async () => {
    handle = await createTestDatabase();
    tree = await createTestCounty(handle.db);
  }, 120_000);
  // Dropping the database forces a checkpoint on each node: minutes on a loaded cluster.
  afterAll(async () => handle?.close(), 600_000);

  const memberIds = async () =>
    (await queryRows<{ id: number }>(handle.db, sql`select id::int as id from member order by id`)).map(
      (row) => Number(row.id),
    );

  it("starts exact", async () => {
    await foldMemberCountDeltas(handle.db);
    expect(await orgLifeCountDiff(handle.db)).toEqual([]);
  });

  it("a dues payment and a registration count at once (PostgreSQL, PGlite) or after the fold (Citus)", async () => {
    const [first] = await memberIds();
    const [member] = await queryRows<{ county_id: number; organization_id: number; joined_on: string }>(
      handle.db,
      sql`select county_id, organization_id, joined_on::text from member where id = ${first}`,
    );
    await handle.db.execute(
      sql`insert into dues_payment (county_id, member_id, organization_id, month, amount_yuan, paid_on, category)
          values (${Number(member?.county_id)}, ${first}, ${Number(member?.organization_id)}, date_trunc('month', ${member?.joined_on}::date + 40)::date,
                  0.5, ${member?.joined_on}::date + 40, 'student')`,
    );
    const [campaign] = await queryRows<{ id: number }>(
      handle.db,
      sql`insert into registration_campaign (organization_id, year, opens_on, closes_on)
          values (${tree.county.id}, 2026, '2026-01-01', '2026-12-31') returning id::int as id`,
    );
    await handle.db.execute(
      sql`insert into member_registration (county_id, campaign_id, member_id, status, decided_on)
          values (${Number(member?.county_id)}, ${Number(campaign?.id)}, ${first}, 'registered', '2026-03-01')`,
    );
    // On Citus dues_payment and member_registration are distributed (migration 0043_org_life_county): their writes leave
    // marks on their shard and the fold refreshes the tallies of those members' branches.
    const pending = await orgLifeCountDiff(handle.db, false);
    if (!(await isDistributed(handle.db))) expect(pending).toEqual([]);
    await foldMemberCountDeltas(handle.db);
    const diff = await orgLifeCountDiff(handle.db);
    expect(diff).toEqual([]);
    // The figures themselves: the payment and the registration are counted at the member's branch.
    const tallies = await queryRows<{ dimension: string; amount: number }>(
      handle.db,
      sql`select dimension, amount::int as amount from org_life_count
           where organization_id = ${Number(member?.organization_id)} and dimension in ('paid', 'registered')
             and (dimension = 'paid' or value = ${String(campaign?.id)}) and amount <> 0`,
    );
    expect(tallies.find((row) => row.dimension === "registered")?.amount).toBe(1);
    expect(
      tallies.filter((row) => row.dimension === "paid").reduce((sum, row) => sum + row.amount, 0),
    ).toBeGreaterThan(0);
  });

  it("members moved, re-dated, lapsed, added and deleted: exact after the fold", async () => {
    const db = handle.db;
    const [first, second, third] = await memberIds();
    // Another branch of the same county: the member's county (its distribution column) stays.
    await db.execute(sql`update member set organization_id = ${tree.westVillage.id} where id = ${first}`);
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

  it("a branch and its township moved to another county: their tallies follow to the new bucket (PostgreSQL, PGlite)", async () => {
    const db = handle.db;
    // On Citus any move to another county is refused today, before the tallies: cadre_county_relocate updates
    // the county of distributed rows (organization_term …) in place, which Citus refuses even for no rows.
    if (await isDistributed(db)) return;
    // A township with a branch, moved under a second county: their tallies and own rows leave the old county's
    // bucket for the new one (org_life_bucket_relocate, migration 0056_org_life_tally_county).
    const township = await createOrganizationRow(db, {
      parent: tree.county,
      level: "township",
      name: "共青团迁移镇委员会",
      code: "990001190",
    });
    const branch = await createOrganizationRow(db, {
      parent: township,
      kind: "branch",
      name: "迁移村团支部",
    });
    const other = await createOrganizationRow(db, {
      level: "county",
      name: "共青团另一县委员会",
      code: "990002000",
    });
    await foldMemberCountDeltas(db);
    expect(await orgLifeCountDiff(db)).toEqual([]);
    await moveOrganization(db, systemActor("org-life-fold"), township.id, { newParentId: other.id });
    expect(await countyOfOrganization(db, branch.id)).toBe(other.id);
    expect(await orgLifeCountDiff(db)).toEqual([]);
    const buckets = await queryRows<{ organization_id: number; county_id: number }>(
      db,
      sql`select distinct organization_id::int as organization_id, county_id::int as county_id from org_life_count
           where organization_id in (${township.id}, ${branch.id}, ${other.id}) and amount <> 0 order by 1`,
    );
    expect(buckets).toEqual(
      [township.id, branch.id, other.id]
        .sort((a, b) => a - b)
        .map((id) => ({ organization_id: id, county_id: other.id })),
    );
  });
});
