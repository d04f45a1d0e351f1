import { createSeededRandom, type Random } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle, Executor } from "../../db/database";
import { isDistributed } from "../../db/distributed";
import { queryRows } from "../../db/sql-result";
import { createTestCounty, testMember } from "../../test/factories";
import { citizenIdFor } from "../../test/member-factories";
import {
  foldOnCitus,
  ids,
  moveOrCreateBranch,
  orgLifeCountDiff,
  pick,
} from "../../test/org-life-count-proof";
import { createTestDatabase } from "../../test/test-database";
import { systemActor } from "../auth/system-actor";
import { insertMembersWithHistory } from "../members/member-bulk.repository";
import { readDuesAndRatingTallies } from "./dues-and-rating.repository";
import { readDuesAndRatingCounts, readOrganizationalLifeCounts } from "./org-life-count.repository";
import { readOrganizationalLifeTallies } from "./organizational-life.repository";

/**
 * The proof of the organizational-life tallies (org_life_count, migration 0026; issue 12 speed): after
 * seeded random writes — meetings inserted, re-dated, moved between organizations and deleted,
 * attendance of 团课 marked and removed, star ratings, dues payments, members changing branch, status
 * and joined date, organizations created and moved (service) — as raw single- and multi-row
 * statements, EVERY tally equals a fresh recount from the records (org_life_count_recount), the
 * indicator reads from the tallies equal the record reads on several dates, and a rebuild changes
 * nothing. A failure names its seed and step.
 */

const actor = systemActor("proof");
const KINDS = ["general_meeting", "committee_meeting", "group_meeting", "league_class", "theme_day"];
const STATUSES = ["active", "transferring", "flowing", "lapsed", "aged_out"];

const day = (random: Random) =>
  `${2025 + Math.floor(random() * 2)}-${String(1 + Math.floor(random() * 12)).padStart(2, "0")}-${String(1 + Math.floor(random() * 28)).padStart(2, "0")}`;

async function step(db: DatabaseHandle["db"], random: Random, index: number): Promise<string> {
  const branches = await ids(
    db,
    sql`select id from organization where kind in ('branch', 'general_branch') order by id`,
  );
  const orgs = await ids(db, sql`select id from organization order by id`);
  const members = await ids(db, sql`select id::int as id from member order by id`);
  const meetings = await ids(db, sql`select id::int as id from meeting order by id`);
  const roll = random();
  if (roll < 0.25) {
    const rows = Array.from({ length: 1 + Math.floor(random() * 4) }, () => {
      const kind = pick(random, KINDS);
      return sql`(${pick(random, random() < 0.9 ? branches : orgs)}::int, ${kind}, ${day(random)}::date, ${`议题${index}`}, ${kind === "league_class" ? 1.5 : null}::numeric)`;
    });
    // Each in its organization's county (on Citus the distribution column, given with the write).
    await db.execute(
      sql`insert into meeting (county_id, organization_id, kind, held_on, topic, class_hours)
          select o.county_id, o.id, v.kind, v.held_on, v.topic, v.class_hours
            from (values ${sql.join(rows, sql`, `)}) as v (organization_id, kind, held_on, topic, class_hours)
            join organization o on o.id = v.organization_id`,
    );
    return "insert meetings";
  }
  if (roll < 0.35 && meetings.length > 0) {
    // Moved to a branch of their own county (on Citus a meeting cannot change county in place).
    const target = pick(random, branches);
    const [county] = await ids(db, sql`select county_id as id from organization where id = ${target}`);
    await db.execute(
      sql`update meeting set held_on = ${day(random)}::date, organization_id = ${target}
          where county_id = ${county} and id % 3 = ${Math.floor(random() * 3)} and id <= ${pick(random, meetings)}`,
    );
    return "update meetings";
  }
  if (roll < 0.5 && meetings.length > 0) {
    await db.execute(
      sql`insert into meeting_attendance (county_id, meeting_id, member_id, status)
          select m.county_id, m.id, mb.id, case when (m.id + mb.id) % 3 = 0 then 'absent' else 'present' end
            from meeting m join member mb on mb.county_id = m.county_id
           where m.id % 2 = ${Math.floor(random() * 2)} and mb.id % 3 = ${Math.floor(random() * 3)}
          on conflict do nothing`,
    );
    await db.execute(
      sql`update meeting_attendance set status = case status when 'present' then 'absent' else 'present' end
          where (meeting_id + member_id) % 5 = ${Math.floor(random() * 5)}`,
    );
    return "attendance";
  }
  if (roll < 0.58 && meetings.length > 0) {
    const id = pick(random, meetings);
    await db.execute(sql`delete from meeting_attendance where meeting_id = ${id}`);
    await db.execute(sql`delete from meeting where id = ${id}`);
    return "delete meeting";
  }
  if (roll < 0.68) {
    const [organization, year, stars, exempt] = [
      pick(random, orgs),
      2025 + Math.floor(random() * 2),
      random() < 0.2 ? null : Math.floor(random() * 6),
      random() < 0.2,
    ];
    await db.execute(
      sql`insert into star_rating (county_id, organization_id, year, stars, exempt)
          select o.county_id, o.id, ${year}, ${stars}, ${exempt} from organization o where o.id = ${organization}
          on conflict (county_id, organization_id, year) do update set stars = excluded.stars, exempt = excluded.exempt`,
    );
    if (random() < 0.3) await db.execute(sql`delete from star_rating where id % 4 = 0`);
    // (on Citus the statement's trigger leaves marks; the fold before each check refreshes: 0053)
    return "star rating";
  }
  if (roll < 0.8 && members.length > 0) {
    const month = `${2025 + Math.floor(random() * 2)}-${String(1 + Math.floor(random() * 12)).padStart(2, "0")}-01`;
    await db.execute(
      sql`insert into dues_payment (county_id, member_id, organization_id, month, amount_yuan, paid_on, category)
          select m.county_id, m.id, m.organization_id, ${month}::date, 0.2, ${month}::date, 'student' from member m
           where m.id % 2 = ${Math.floor(random() * 2)}
          on conflict (county_id, member_id, month) do nothing`,
    );
    if (random() < 0.4) await db.execute(sql`delete from dues_payment where id % 5 = 0`);
    return "dues";
  }
  if (roll < 0.85 && members.length > 0) {
    // The status alone (no move, same joined_on): between current statuses the tallies stay as they
    // are (migration 0028 skips the refresh), into or out of them they change.
    await db.execute(
      sql`update member set status = ${pick(random, STATUSES)}
          where id = ${pick(random, members)} or id % 5 = ${Math.floor(random() * 5)}`,
    );
    return "members status";
  }
  if (roll < 0.9 && members.length > 0) {
    await db.execute(
      sql`update member set organization_id = ${pick(random, branches)}, status = ${pick(random, STATUSES)},
            joined_on = greatest(birth_date + 1, ${day(random)}::date)
          where id = ${pick(random, members)} or id % 7 = ${Math.floor(random() * 7)}`,
    );
    return "members";
  }
  return moveOrCreateBranch(db, actor, random, index, roll < 0.95);
}

/** The indicator reads from the tallies equal the record reads, for every organization, on `dates`. */
async function expectSameFigures(db: Executor, label: string, dates: readonly string[]): Promise<void> {
  const orgs = await ids(db, sql`select id from organization order by id`);
  for (const asOf of dates) {
    expect(await readDuesAndRatingCounts(db, orgs, asOf), `${label} dues ${asOf}`).toEqual(
      await readDuesAndRatingTallies(db, orgs, asOf),
    );
    const counted = await readOrganizationalLifeCounts(db, orgs, asOf);
    if (counted) {
      expect(counted, `${label} org life ${asOf}`).toEqual(
        await readOrganizationalLifeTallies(db, orgs, asOf),
      );
    }
  }
}

describe("organizational-life tallies (org_life_count) equal a recount from the records", () => {
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
          {
            joinedOn: `${2024 + (i % 3)}-${String(1 + (i % 12)).padStart(2, "0")}-15`,
          },
        );
      }),
    );
  });
  // Dropping the database forces a checkpoint on each node: minutes on a loaded cluster.
  afterAll(async () => {
    await handle.close();
  }, 600_000);

  it("after seeded random writes, moves and deletions", async () => {
    const seed = Number(process.env.TUANWU_PROOF_SEED ?? 20261212);
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
      "insert meetings",
      "update meetings",
      "attendance",
      "delete meeting",
      "star",
      "dues",
      "members status",
      "members",
      "move",
    ]) {
      expect(
        done.filter((what) => what.startsWith(kind)).length,
        `${kind}: ${done.join("; ")}`,
      ).toBeGreaterThan(0);
    }
    expect(await orgLifeCountDiff(db), `seed ${seed} at the end`).toEqual([]);
    // Same figures as the record reads: today (no meeting after it) and past dates (dues; org life
    // only where no meeting is dated later — else the records are read).
    await expectSameFigures(db, `seed ${seed}`, ["2026-12-31", "2026-11-30", "2026-06-15", "2025-03-31"]);
    // (their attendance with them: the key to meeting cascades on every engine)
    await db.execute(sql`delete from meeting where held_on > '2026-10-20'`);
    // (on Citus the deletion's tallies follow at the fold, from the marks it left: migration 0053)
    await foldOnCitus(db);
    expect(await readOrganizationalLifeCounts(db, [1], "2026-10-20")).not.toBeNull();
    await expectSameFigures(db, `seed ${seed} without later meetings`, ["2026-10-20"]);
    expect(await orgLifeCountDiff(db), `seed ${seed} after deletions`).toEqual([]);

    const before = await queryRows(db, sql`select * from org_life_count where amount <> 0 order by 1, 2, 3`);
    expect(before.length).toBeGreaterThan(50);
    await db.execute(sql`select org_life_count_rebuild()`);
    expect(await queryRows(db, sql`select * from org_life_count order by 1, 2, 3`)).toEqual(before);
  }, 300_000);

  it("a status change between current statuses leaves the tallies unwritten; leaving them refreshes", async () => {
    const { db } = handle;
    const [member] = await queryRows<{ id: number; status: string }>(
      db,
      sql`select id::int as id, status from member where status in ('active', 'transferring', 'flowing') order by id limit 1`,
    );
    if (!member) throw new Error("no current member");
    const versions = () =>
      queryRows<{ v: string }>(
        db,
        sql`select string_agg(xmin::text, ',' order by organization_id, dimension, value) as v from org_life_own`,
      );
    // On Citus the member side is refreshed by the fold, for every branch with a delta (a change between
    // current statuses too): there the tallies are compared after it, not the versions.
    const distributed = await isDistributed(db);
    const before = await versions();
    const other = member.status === "flowing" ? "active" : "flowing";
    await db.execute(sql`update member set status = ${other} where id = ${member.id}`);
    expect(await versions(), "flowing ↔ active rewrote org_life_own").toEqual(before);
    await db.execute(sql`update member set status = 'lapsed' where id = ${member.id}`);
    if (!distributed) expect(await versions(), "lapsed did not refresh").not.toEqual(before);
    expect(await orgLifeCountDiff(db)).toEqual([]);
    await db.execute(sql`update member set status = ${member.status} where id = ${member.id}`);
    expect(await orgLifeCountDiff(db)).toEqual([]);
  });
});
