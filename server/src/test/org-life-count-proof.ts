import type { Random } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import type { Database, DatabaseHandle, Executor } from "../db/database";
import { isDistributed } from "../db/distributed";
import { queryRows } from "../db/sql-result";
import type { Actor } from "../modules/auth/actor";
import { createOrganization, moveOrganization } from "../modules/organizations/organization.service";
import { foldMemberCountDeltas } from "../modules/stats/member-count.service";

/**
 * Shared steps of the org_life_count proofs (org-life-count and annual-cycle-count consistency tests):
 * random picks, id lists, the stored-versus-recount difference and the tree step (move a subtree or
 * create a branch) that every tally must survive.
 */

/** One of `items`, chosen by the seeded `random`. */
export const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;

/** The `id` column of `query`'s rows, as numbers. */
export async function ids(db: Executor, query: ReturnType<typeof sql>): Promise<number[]> {
  return (await queryRows<{ id: number }>(db, query)).map((row) => Number(row.id));
}

/**
 * Non-zero org_life_count rows that differ from the recount (both directions), and tally or own rows
 * outside their holder's bucket (org_life_holder_bucket, migration 0056_org_life_tally_county); empty when exact. On a
 * Citus coordinator the tallies are exact after a fold (member changes, dues payments and registrations
 * are refreshed by it: migrations 0035, 0043), so there it folds first unless `fold` is false.
 */
export async function orgLifeCountDiff(db: Executor, fold = true): Promise<unknown[]> {
  if (fold && (await isDistributed(db))) await foldMemberCountDeltas(db as Database);
  return queryRows(
    db,
    sql`(select 'stored' as side, c.organization_id, c.dimension, c.value, c.amount from org_life_count c where c.amount <> 0
         except select 'stored', r.organization_id, r.dimension, r.value, r.amount from org_life_count_recount() r)
        union all
        (select 'recount', r.organization_id, r.dimension, r.value, r.amount from org_life_count_recount() r
         except select 'recount', c.organization_id, c.dimension, c.value, c.amount from org_life_count c where c.amount <> 0)
        union all
        (select 'count outside its holder''s bucket ' || c.county_id, c.organization_id, c.dimension, c.value, c.amount
           from org_life_count c join organization o on o.id = c.organization_id
          where c.county_id <> org_life_holder_bucket(o.id, o.county_id, o.level))
        union all
        (select 'own outside its holder''s bucket ' || w.county_id, w.organization_id, w.dimension, w.value, w.amount
           from org_life_own w join organization o on o.id = w.organization_id
          where w.county_id <> org_life_holder_bucket(o.id, o.county_id, o.level))`,
  );
}

/**
 * The tree step of a proof: when `move`, move a random non-root organization under another committee
 * outside its subtree (a refused move is reported, not thrown); otherwise create branch 新村{index}团支部
 * under a random committee. Returns what it did, for the proof's log.
 */
export async function moveOrCreateBranch(
  db: DatabaseHandle["db"],
  actor: Actor,
  random: Random,
  index: number,
  move: boolean,
): Promise<string> {
  if (move) {
    const tree = await queryRows<{ id: number; path: string; parent_id: number | null; kind: string }>(
      db,
      sql`select id, path, parent_id, kind from organization order by id`,
    );
    const node = pick(
      random,
      tree.filter((org) => org.parent_id !== null),
    );
    const parents = tree.filter(
      (org) => org.kind === "committee" && !org.path.startsWith(node.path) && org.id !== node.parent_id,
    );
    if (parents.length === 0) return "no move";
    try {
      await moveOrganization(db, actor, node.id, { newParentId: pick(random, parents).id });
      return `move ${node.id}`;
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status !== undefined && status >= 400 && status < 500) return "move refused";
      throw error;
    }
  }
  const parents = await ids(db, sql`select id from organization where kind = 'committee' order by id`);
  await createOrganization(db, actor, {
    parentId: pick(random, parents),
    kind: "branch",
    level: "grassroots",
    name: `新村${index}团支部`,
  } as never);
  return "create branch";
}

/**
 * On a Citus coordinator, folds (foldMemberCountDeltas): there the organizational-life tallies follow the
 * marks the writes left (migrations 0043, 0053_meeting_county) after the fold; a no-op elsewhere, where
 * the triggers keep them in the writing transaction.
 */
export async function foldOnCitus(db: Executor): Promise<void> {
  if (await isDistributed(db)) await foldMemberCountDeltas(db as Database);
}
