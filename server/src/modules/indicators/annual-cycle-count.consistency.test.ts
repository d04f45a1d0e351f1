import { createSeededRandom, type Random } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle, Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { createTestCounty, testMember } from "../../test/factories";
import { citizenIdFor } from "../../test/member-factories";
import { ids, moveOrCreateBranch, orgLifeCountDiff, pick } from "../../test/org-life-count-proof";
import { createTestDatabase } from "../../test/test-database";
import { systemActor } from "../auth/system-actor";
import { insertMembersWithHistory } from "../members/member-bulk.repository";
import { readAnnualCycleTallies, readAnnualCycleTalliesFromRecords } from "./annual-cycle-figures.repository";

/**
 * The proof of the annual-cycle tallies (the `registered`, `review`, `review_approved` and `graded`
 * dimensions of org_life_count, migration 0027; issue 12 speed): after seeded random writes — branch
 * reviews inserted (multi-row), approved and un-approved, deleted (their grades cascade), grades set,
 * changed and removed, registrations inserted, re-decided and deleted, members changing branch and
 * status, organizations created and moved (service) — as raw single- and multi-row statements, EVERY
 * tally equals a fresh recount (org_life_count_recount), readAnnualCycleTallies equals the record read
 * for every organization on several dates (campaigns at the county and under it, two years), and a
 * rebuild changes nothing. A failure names its seed and step.
 */

const actor = systemActor("proof");
const GRADES = ["excellent", "qualified", "basically_qualified", "unqualified", null];
const STATUSES = ["active", "transferring", "flowing", "lapsed", "aged_out"];
const DECISIONS = ["registered", "registered", "unregistered"];

async function step(db: DatabaseHandle["db"], random: Random, index: number): Promise<string> {
  const branches = await ids(
    db,
    sql`select id from organization where kind in ('branch', 'general_branch') order by id`,
  );
  const members = await ids(db, sql`select id::int as id from member order by id`);
  const reviewCampaigns = await ids(db, sql`select id::int as id from education_review_campaign order by id`);
  const registrationCampaigns = await ids(
    db,
    sql`select id::int as id from registration_campaign order by id`,
  );
  const reviews = await ids(db, sql`select id::int as id from branch_education_review order by id`);
  const roll = random();
  if (roll < 0.15) {
    await db.execute(
      sql`insert into branch_education_review (campaign_id, organization_id)
          select ${pick(random, reviewCampaigns)}, o.id from organization o
           where o.kind in ('branch', 'general_branch') and o.id % 2 = ${Math.floor(random() * 2)}
          on conflict do nothing`,
    );
    return "insert reviews";
  }
  if (roll < 0.3 && reviews.length > 0) {
    await db.execute(
      sql`update branch_education_review
             set approved_at = case when approved_at is null then now() else null end
           where id % 3 = ${Math.floor(random() * 3)} or id = ${pick(random, reviews)}`,
    );
    return "approve reviews";
  }
  if (roll < 0.45 && reviews.length > 0) {
    await db.execute(
      sql`insert into member_review_grade (branch_review_id, member_id, grade)
          select r.id, m.id, (array['excellent', 'qualified', 'basically_qualified', 'unqualified'])[1 + (r.id + m.id) % 4]
            from branch_education_review r join member m on m.organization_id = r.organization_id
           where m.id % 2 = ${Math.floor(random() * 2)}
          on conflict (branch_review_id, member_id) do update set grade = excluded.grade`,
    );
    await db.execute(
      sql`update member_review_grade set grade = ${pick(random, GRADES)}
           where (branch_review_id + member_id) % 4 = ${Math.floor(random() * 4)}`,
    );
    if (random() < 0.3) await db.execute(sql`delete from member_review_grade where member_id % 5 = 0`);
    return "grades";
  }
  if (roll < 0.52 && reviews.length > 0) {
    await db.execute(sql`delete from branch_education_review where id = ${pick(random, reviews)}`);
    return "delete review";
  }
  if (roll < 0.7 && members.length > 0) {
    await db.execute(
      sql`insert into member_registration (county_id, campaign_id, member_id, status, decided_on)
          select m.county_id, ${pick(random, registrationCampaigns)}, m.id, ${pick(random, DECISIONS)}, '2026-03-01'
            from member m where m.id % 3 = ${Math.floor(random() * 3)}
          on conflict (county_id, campaign_id, member_id) do update set status = excluded.status`,
    );
    if (random() < 0.4) {
      await db.execute(
        sql`update member_registration set status = case status when 'registered' then 'unregistered' else 'registered' end
             where id % 4 = ${Math.floor(random() * 4)}`,
      );
    }
    if (random() < 0.3) await db.execute(sql`delete from member_registration where id % 5 = 0`);
    return "registrations";
  }
  if (roll < 0.85 && members.length > 0) {
    await db.execute(
      sql`update member set organization_id = ${pick(random, branches)}, status = ${pick(random, STATUSES)}
          where id = ${pick(random, members)} or id % 7 = ${Math.floor(random() * 7)}`,
    );
    return "members";
  }
  return moveOrCreateBranch(db, actor, random, index, roll < 0.95);
}

/** readAnnualCycleTallies equals the record read for every organization on `dates`. */
async function expectSameFigures(db: Executor, label: string, dates: readonly string[]): Promise<void> {
  const orgs = await ids(db, sql`select id from organization order by id`);
  for (const asOf of dates) {
    expect(await readAnnualCycleTallies(db, orgs, asOf), `${label} ${asOf}`).toEqual(
      await readAnnualCycleTalliesFromRecords(db, orgs, asOf),
    );
  }
}

describe("annual-cycle tallies (org_life_count, migration 0027) equal a recount from the records", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
    const tree = await createTestCounty(handle.db);
    const branches = [tree.eastVillage1.id, tree.eastVillage2.id, tree.westVillage.id];
    await insertMembersWithHistory(
      handle.db,
      Array.from({ length: 24 }, (_, i) => {
        const birth = `${2000 + (i % 8)}-0${1 + (i % 9)}-1${i % 10}`;
        return testMember(
          branches[i % 3] as number,
          `成员${i}`,
          "cy",
          citizenIdFor(birth, String(100 + i)),
          "male",
        );
      }),
    );
    // Campaigns: the county in 2025 and 2026, a town under it in 2026 (nested, both counted).
    for (const table of [sql`education_review_campaign`, sql`registration_campaign`]) {
      await handle.db.execute(
        sql`insert into ${table} (organization_id, year, opens_on, closes_on) values
              (${tree.county.id}, 2025, '2025-09-01', '2025-12-31'),
              (${tree.county.id}, 2026, '2026-09-01', '2026-12-31'),
              (${tree.east.id}, 2026, '2026-10-01', '2026-12-31')`,
      );
    }
  });
  afterAll(async () => {
    await handle.close();
  });

  it("after seeded random writes, moves and deletions", async () => {
    const seed = Number(process.env.TUANWU_PROOF_SEED ?? 20261207);
    const random = createSeededRandom(seed);
    const { db } = handle;
    const done: string[] = [];
    for (let index = 0; index < 60; index += 1) {
      const what = await step(db, random, index);
      done.push(what);
      if (index % 15 === 14)
        expect(await orgLifeCountDiff(db), `seed ${seed} step ${index} (${what})`).toEqual([]);
    }
    for (const kind of [
      "insert reviews",
      "approve reviews",
      "grades",
      "delete review",
      "registrations",
      "members",
      "move",
    ]) {
      expect(
        done.filter((what) => what.startsWith(kind)).length,
        `${kind}: ${done.join("; ")}`,
      ).toBeGreaterThan(0);
    }
    expect(await orgLifeCountDiff(db), `seed ${seed} at the end`).toEqual([]);
    await expectSameFigures(db, `seed ${seed}`, ["2026-12-31", "2026-09-15", "2025-10-01", "2025-01-01"]);
    const graded = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from org_life_count where dimension in ('graded', 'registered') and amount <> 0`,
    );
    expect(Number(graded[0]?.n)).toBeGreaterThan(0);

    const before = await queryRows(db, sql`select * from org_life_count where amount <> 0 order by 1, 2, 3`);
    await db.execute(sql`select org_life_count_rebuild()`);
    expect(await queryRows(db, sql`select * from org_life_count order by 1, 2, 3`)).toEqual(before);
  }, 300_000);
});
