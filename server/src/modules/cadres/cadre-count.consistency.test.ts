import { CADRE_POSTS, createSeededRandom, type Random } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { bigintArray } from "../../lib/sql-arrays";
import { createTestCounty } from "../../test/factories";
import { createTestDatabase } from "../../test/test-database";
import { systemActor } from "../auth/system-actor";
import { createOrganization, moveOrganization } from "../organizations/organization.service";
import { diffCadreCounts, rebuildCadreCounts } from "./cadre-count.repository";
import { createTrainingRound, putAttendance } from "./cadre-training.service";
import { cadreRowsForUpkeep, cadreUpkeep } from "./cadre-upkeep.repository";
import { readPostRules } from "./cadres.repository";
import {
  createCadre,
  EXPECTED_POST_RULES,
  endCadre,
  getCadreProfile,
  getStaffing,
  patchCadre,
} from "./cadres.service";

/**
 * The proof of the cadre tallies (cadre_count, migration 0019; issue 13 speed): after seeded random
 * writes through the real services — appointments (some refused: a post full), field and post
 * changes, ends, training attendance replaced, organizations created and moved — and raw multi-row
 * statements, EVERY tally equals a fresh recount from the records (cadre_count_recount), and a rebuild
 * changes nothing. A failure names its seed and step.
 */

const actor = systemActor("proof");
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const KINDS = ["full_time", "seconded", "part_time"] as const;
const EDUCATION = ["bachelor", "master", "college", "high_school", undefined] as const;

async function organizations(db: DatabaseHandle["db"]) {
  return queryRows<{ id: number; path: string; kind: string; parent_id: number | null }>(
    db,
    sql`select id, path, kind, parent_id from organization order by id`,
  );
}

async function openCadreIds(db: DatabaseHandle["db"]): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`select id::int as id from cadre where ended_on is null order by id`,
  );
  return rows.map((row) => Number(row.id));
}

async function step(db: DatabaseHandle["db"], random: Random, index: number): Promise<string> {
  const orgs = await organizations(db);
  const roll = random();
  try {
    if (roll < 0.45) {
      const org = pick(random, orgs);
      await createCadre(db, actor, org.id, {
        name: `干部${index}`,
        gender: random() < 0.5 ? "male" : "female",
        birthDate: `${1975 + Math.floor(random() * 30)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
        post: pick(random, CADRE_POSTS),
        kind: pick(random, KINDS),
        partyMember: random() < 0.5,
        fromGrassroots: random() < 0.5,
        education: pick(random, EDUCATION),
        startedOn: "2024-01-01",
      } as never);
      return `appoint at ${org.id}`;
    }
    const open = await openCadreIds(db);
    if (roll < 0.6 && open.length > 0) {
      const id = pick(random, open);
      await patchCadre(db, actor, id, {
        post: pick(random, CADRE_POSTS),
        kind: pick(random, KINDS),
        partyMember: random() < 0.5,
        education: pick(random, ["bachelor", "college"]),
        birthDate: "1990-06-30",
      } as never);
      return `patch ${id}`;
    }
    if (roll < 0.72 && open.length > 0) {
      const id = pick(random, open);
      await endCadre(db, actor, id, "2025-01-01");
      return `end ${id}`;
    }
    if (roll < 0.84 && open.length > 0) {
      const root = orgs[0];
      if (!root) return "no root";
      const round = await createTrainingRound(db, actor, root.id, {
        title: `轮训${index}`,
        startsOn: "2024-05-01",
        endsOn: "2024-05-03",
      } as never);
      await putAttendance(
        db,
        actor,
        round.id,
        open.filter(() => random() < 0.5),
      );
      const [latest] = await queryRows<{ id: number }>(
        db,
        sql`select min(id)::int as id from training_round`,
      );
      if (latest?.id)
        await putAttendance(
          db,
          actor,
          Number(latest.id),
          open.filter(() => random() < 0.3),
        );
      return `attendance of round ${round.id}`;
    }
    if (roll < 0.92) {
      const committees = orgs.filter((org) => org.kind === "committee" && org.parent_id !== null);
      const node = pick(random, committees);
      const parents = orgs.filter(
        (org) => org.kind === "committee" && !org.path.startsWith(node.path) && org.id !== node.parent_id,
      );
      if (parents.length === 0) return "no move";
      await moveOrganization(db, actor, node.id, { newParentId: pick(random, parents).id });
      return `move ${node.id}`;
    }
    const parent = pick(
      random,
      orgs.filter((org) => org.kind === "committee"),
    );
    await createOrganization(db, actor, {
      parentId: parent.id,
      kind: "branch",
      level: "grassroots",
      name: `新村${index}团支部`,
    } as never);
    return `create branch under ${parent.id}`;
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status !== undefined && status >= 400 && status < 500) return `refused (${(error as Error).message})`;
    throw error;
  }
}

/**
 * cadre_empty_post (migration 0023) beside a fresh recount from organizations, cadre_post_rule and
 * the open posts: the rows that differ.
 */
async function diffEmptyPosts(db: DatabaseHandle["db"]) {
  return queryRows(
    db,
    sql`with fresh as (
        select o.id as organization_id, o.path, r.post, r.rank, r.expected - coalesce(n.open, 0) as empty
          from organization o
          join cadre_post_rule r on r.kind = o.kind and r.level = o.level
          left join (select organization_id, post, count(*)::int as open from cadre where ended_on is null group by 1, 2) n
            on n.organization_id = o.id and n.post = r.post
         where coalesce(n.open, 0) < r.expected)
      select coalesce(k.organization_id, f.organization_id) as organization_id, coalesce(k.post, f.post) as post,
             k.empty as kept, f.empty as recounted, k.path as kept_path, f.path as path
        from cadre_empty_post k full join fresh f on f.organization_id = k.organization_id and f.post = k.post
       where (k.empty, k.path, k.rank) is distinct from (f.empty, f.path, f.rank)
       order by 1, 2`,
  );
}

describe("cadre tallies (cadre_count) equal a recount from the records", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
    await createTestCounty(handle.db);
  });
  afterAll(async () => {
    await handle.close();
  });

  it("after seeded random service writes and raw multi-row statements", async () => {
    const seed = Number(process.env.TUANWU_PROOF_SEED ?? 20261313);
    const random = createSeededRandom(seed);
    const { db } = handle;
    const done: string[] = [];
    for (let index = 0; index < 60; index += 1) {
      const what = await step(db, random, index);
      done.push(what);
      if (index % 15 === 14) {
        expect(await diffCadreCounts(db), `seed ${seed} step ${index} (${what})`).toEqual([]);
        expect(await diffEmptyPosts(db), `empty posts, seed ${seed} step ${index} (${what})`).toEqual([]);
      }
    }
    for (const kind of ["appoint", "patch", "end", "attendance", "move"]) {
      expect(
        done.filter((what) => what.startsWith(kind)).length,
        `${kind}: ${done.join("; ")}`,
      ).toBeGreaterThan(0);
    }
    // Raw multi-row statements: a bulk insert, a bulk update crossing posts and organizations, a delete.
    // On Citus (no cadre triggers there) each is followed by the writers' coordinator-side upkeep with the
    // rows before and after, as the repositories do; elsewhere cadreUpkeep does nothing.
    const inserted = await queryRows<{ id: number }>(
      db,
      sql`insert into cadre (organization_id, county_id, name, gender, birth_date, post, kind, started_on, education)
      select o.id, o.county_id, '批量' || o.id, 'female', date '1996-02-29' + o.id, 'committee_member', 'part_time', '2024-03-01', 'master'
        from organization o
      returning id::int as id`,
    );
    await cadreUpkeep(
      db,
      [],
      await cadreRowsForUpkeep(db, sql`c.id = any(${bigintArray(inserted.map((row) => Number(row.id)))})`),
    );
    const batch = sql`c.name like '批量%' and c.id % 2 = 0`;
    const batchBefore = await cadreRowsForUpkeep(db, batch);
    await db.execute(sql`update cadre c set organization_id = (select min(id) from organization), kind = 'seconded'
      where ${batch}`);
    await cadreUpkeep(db, batchBefore, await cadreRowsForUpkeep(db, batch));
    const kept = await queryRows<{ id: number }>(
      db,
      sql`select cadre_id::int as id from training_attendance union select cadre_id::int from review_reporter`,
    );
    const doomed = sql`c.name like '批量%' and c.id % 3 = 0 and c.id <> all(${bigintArray(kept.map((row) => Number(row.id)))})`;
    const deleted = await cadreRowsForUpkeep(db, doomed);
    await db.execute(sql`delete from cadre c where ${doomed}`);
    await cadreUpkeep(db, deleted, []);
    expect(await diffCadreCounts(db), `seed ${seed} after raw statements`).toEqual([]);
    expect(await diffEmptyPosts(db), `empty posts, seed ${seed} after raw statements`).toEqual([]);

    // The read services answer from the tallies what the records say.
    const [county] = await organizations(db);
    const [records] = await queryRows<{ open: number; party: number }>(
      db,
      sql`select count(*)::int as open, count(*) filter (where party_member)::int as party from cadre where ended_on is null`,
    );
    const profile = await getCadreProfile(db, actor, Number(county?.id));
    expect(profile.count).toBe(Number(records?.open));
    expect(profile.partyMemberShare).toBeCloseTo(Number(records?.party) / Number(records?.open), 10);
    const staffing = await getStaffing(db, actor, Number(county?.id));
    expect(staffing.emptyPostCount).toBe(staffing.expected - staffing.filled);
    // The empty-posts tally sums to the count of empty posts, and lists them in path order.
    const [emptySum] = await queryRows<{ empty: number }>(
      db,
      sql`select coalesce(sum(empty), 0)::int as empty from cadre_empty_post`,
    );
    expect(Number(emptySum?.empty)).toBe(staffing.emptyPostCount);
    expect(staffing.emptyPosts.length).toBe(
      Math.min(100, (await queryRows(db, sql`select 1 from cadre_empty_post`)).length),
    );

    const before = await queryRows(db, sql`select * from cadre_count where count <> 0 order by 1, 2, 3`);
    await rebuildCadreCounts(db);
    expect(await queryRows(db, sql`select * from cadre_count order by 1, 2, 3`)).toEqual(before);
  }, 300_000);

  it("holds the domain post standard in cadre_post_rule (migration 0023)", async () => {
    const key = (rule: { kind: string; level: string; rank: number }) =>
      `${rule.kind}/${rule.level}/${rule.rank}`;
    const sorted = [...EXPECTED_POST_RULES].sort((a, b) => key(a).localeCompare(key(b)));
    const held = (await readPostRules(handle.db)).map((rule) => ({
      ...rule,
      expected: Number(rule.expected),
      rank: Number(rule.rank),
    }));
    expect(held.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(sorted);
  });
});
