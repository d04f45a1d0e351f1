import { and, asc, eq, inArray, isNull, like, sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { cadre, cadrePlacement, organization, trainingAttendance, trainingRound } from "../../db/schema";
import { queryRows } from "../../db/sql-result";
import { bigintArray } from "../../lib/sql-arrays";
import { inSubtree } from "../../lib/tree-sql";
import { cadreAttendanceUpkeep, cadreRowsForUpkeep, cadreUpkeep } from "./cadre-upkeep.repository";

/** A cadre row with its organization's name and path. */
export type CadreRow = typeof cadre.$inferSelect & { organizationName: string; organizationPath: string };

const cadreColumns = {
  id: cadre.id,
  organizationId: cadre.organizationId,
  countyId: cadre.countyId,
  memberId: cadre.memberId,
  name: cadre.name,
  gender: cadre.gender,
  birthDate: cadre.birthDate,
  phone: cadre.phone,
  post: cadre.post,
  kind: cadre.kind,
  sourceChannel: cadre.sourceChannel,
  fromGrassroots: cadre.fromGrassroots,
  partyMember: cadre.partyMember,
  education: cadre.education,
  startedOn: cadre.startedOn,
  endedOn: cadre.endedOn,
  trainingRounds: cadre.trainingRounds,
  createdAt: cadre.createdAt,
  updatedAt: cadre.updatedAt,
  organizationName: organization.name,
  organizationPath: organization.path,
};

/**
 * One cadre by id (locked for update inside a transaction when `lock`). `countyId` (its county, from
 * countyOfRecord) makes it one shard's read on Citus, where a lock needs it (Citus locks rows only in a
 * single-shard statement).
 */
export async function findCadre(
  db: Executor,
  id: number,
  lock = false,
  countyId?: number,
): Promise<CadreRow | undefined> {
  const query = db
    .select(cadreColumns)
    .from(cadre)
    .innerJoin(organization, eq(organization.id, cadre.organizationId))
    .where(and(countyId === undefined ? undefined : eq(cadre.countyId, countyId), eq(cadre.id, id)));
  const rows = lock ? await query.for("update", { of: cadre }) : await query;
  return rows[0];
}

/**
 * The cadres at an organization (or, with `subtree`, in its subtree, by path then post), open posts
 * only unless `includeEnded`; at most 2,000.
 */
export async function findCadres(
  db: Executor,
  target: { id: number; path: string },
  options: { includeEnded: boolean; subtree: boolean },
): Promise<CadreRow[]> {
  return db
    .select(cadreColumns)
    .from(cadre)
    .innerJoin(organization, eq(organization.id, cadre.organizationId))
    .where(
      and(
        options.subtree ? like(organization.path, `${target.path}%`) : eq(cadre.organizationId, target.id),
        options.includeEnded ? undefined : isNull(cadre.endedOn),
      ),
    )
    .orderBy(asc(organization.path), asc(cadre.endedOn), asc(cadre.post), asc(cadre.id))
    .limit(2000);
}

/** Locks an organization's row for the rest of the transaction (serializes filling its posts). */
export async function lockOrganization(db: Executor, organizationId: number) {
  const [row] = await db
    .select({
      id: organization.id,
      name: organization.name,
      kind: organization.kind,
      level: organization.level,
      countyId: organization.countyId,
    })
    .from(organization)
    .where(eq(organization.id, organizationId))
    .for("update");
  return row;
}

/**
 * How many `post`s are open at an organization, leaving out `exceptId` (`countyId`: the organization's
 * county, one shard on Citus).
 */
export async function countOpenPosts(
  db: Executor,
  organization: { id: number; countyId: number },
  post: string,
  exceptId?: number,
): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(cadre)
    .where(
      and(
        eq(cadre.countyId, organization.countyId),
        eq(cadre.organizationId, organization.id),
        eq(cadre.post, post),
        isNull(cadre.endedOn),
        exceptId === undefined ? undefined : sql`${cadre.id} <> ${exceptId}`,
      ),
    );
  return Number(row?.count ?? 0);
}

/**
 * Inserts a cadre; returns its id. `countyId` is its organization's county bucket (organization.county_id;
 * checked by trigger on Citus, filled when 0 elsewhere).
 */
export async function insertCadre(db: Executor, values: typeof cadre.$inferInsert): Promise<number> {
  const [row] = await db.insert(cadre).values(values).returning({ id: cadre.id, countyId: cadre.countyId });
  if (!row) throw new Error("cadre insert returned nothing");
  await cadreUpkeep(
    db,
    [],
    await cadreRowsForUpkeep(db, sql`c.county_id = ${row.countyId} and c.id = ${row.id}`),
  );
  return row.id;
}

/** Updates a cadre's fields (`countyId`: its county, so that on Citus it is one shard's update). */
export async function updateCadre(
  db: Executor,
  target: { id: number; countyId: number },
  values: Partial<typeof cadre.$inferInsert>,
): Promise<void> {
  const where = and(eq(cadre.countyId, target.countyId), eq(cadre.id, target.id));
  const before = await cadreRowsForUpkeep(db, sql`c.county_id = ${target.countyId} and c.id = ${target.id}`);
  await db
    .update(cadre)
    .set({ ...values, updatedAt: sql`now()` })
    .where(where);
  await cadreUpkeep(
    db,
    before,
    await cadreRowsForUpkeep(db, sql`c.county_id = ${target.countyId} and c.id = ${target.id}`),
  );
}

/** A cadre's placements, earliest first (`countyId`: the cadre's county, one shard on Citus). */
export async function findPlacements(db: Executor, cadreId: number, countyId: number) {
  return db
    .select({
      id: cadrePlacement.id,
      cadreId: cadrePlacement.cadreId,
      kind: cadrePlacement.kind,
      hostName: cadrePlacement.hostName,
      startsOn: cadrePlacement.startsOn,
      endsOn: cadrePlacement.endsOn,
    })
    .from(cadrePlacement)
    .where(and(eq(cadrePlacement.countyId, countyId), eq(cadrePlacement.cadreId, cadreId)))
    .orderBy(asc(cadrePlacement.startsOn), asc(cadrePlacement.id));
}

/** Inserts a placement; returns its id. */
export async function insertPlacement(db: Executor, values: typeof cadrePlacement.$inferInsert) {
  const [row] = await db.insert(cadrePlacement).values(values).returning({ id: cadrePlacement.id });
  if (!row) throw new Error("placement insert returned nothing");
  return row.id;
}

/** The training rounds a cadre attended (`countyId`: the cadre's county, one shard on Citus). */
export async function findAttendedRounds(db: Executor, cadreId: number, countyId: number) {
  return db
    .select({ id: trainingRound.id, title: trainingRound.title, startsOn: trainingRound.startsOn })
    .from(trainingAttendance)
    .innerJoin(trainingRound, eq(trainingRound.id, trainingAttendance.roundId))
    .where(and(eq(trainingAttendance.countyId, countyId), eq(trainingAttendance.cadreId, cadreId)))
    .orderBy(asc(trainingRound.startsOn));
}

/** An organization's training rounds with their attendance counts, latest first. */
export async function findTrainingRounds(db: Executor, organizationId: number) {
  return (
    db
      .select({
        id: trainingRound.id,
        organizationId: trainingRound.organizationId,
        title: trainingRound.title,
        startsOn: trainingRound.startsOn,
        endsOn: trainingRound.endsOn,
        attendeeCount: sql<number>`coalesce(max(n.count), 0)::int`,
      })
      .from(trainingRound)
      // The attendance counted per round of the organization in a subquery of its own (on Citus a count
      // correlated from the reference table into the distributed attendance is not planned).
      .leftJoin(
        sql`(select a.round_id, count(*)::int as count from ${trainingAttendance} a
            where a.round_id in (select r.id from ${trainingRound} r where r.organization_id = ${organizationId})
            group by 1) n`,
        sql`n.round_id = ${trainingRound.id}`,
      )
      .where(eq(trainingRound.organizationId, organizationId))
      .groupBy(trainingRound.id)
      .orderBy(sql`${trainingRound.startsOn} desc`, sql`${trainingRound.id} desc`)
  );
}

/** Inserts a training round; returns its id. */
export async function insertTrainingRound(db: Executor, values: typeof trainingRound.$inferInsert) {
  const [row] = await db.insert(trainingRound).values(values).returning({ id: trainingRound.id });
  if (!row) throw new Error("training round insert returned nothing");
  return row.id;
}

/** A round's attendees' ids. */
export async function findAttendance(db: Executor, roundId: number): Promise<number[]> {
  const rows = await db
    .select({ cadreId: trainingAttendance.cadreId })
    .from(trainingAttendance)
    .where(eq(trainingAttendance.roundId, roundId))
    .orderBy(asc(trainingAttendance.cadreId));
  return rows.map((row) => row.cadreId);
}

/**
 * Replaces a round's attendance with `cadres` (each with its county: cadre.county_id, the attendance's
 * distribution column on Citus). The caller holds the round's lock (lockTrainingRound). The rows on the
 * list are deleted county by county — the counties read first, unlocked — so that on Citus each delete is
 * one task on its county's worker (a round of a township: one county) rather than a delete on every shard.
 */
export async function replaceAttendance(
  db: Executor,
  roundId: number,
  cadres: readonly { cadreId: number; countyId: number }[],
) {
  const counties = await queryRows<{ county_id: number }>(
    db,
    sql`select distinct county_id from training_attendance where round_id = ${roundId} order by 1`,
  );
  const removed: { cadreId: number; countyId: number }[] = [];
  for (const { county_id: countyId } of counties) {
    removed.push(
      ...(await db
        .delete(trainingAttendance)
        .where(
          and(eq(trainingAttendance.countyId, Number(countyId)), eq(trainingAttendance.roundId, roundId)),
        )
        .returning({ cadreId: trainingAttendance.cadreId, countyId: trainingAttendance.countyId })),
    );
  }
  if (cadres.length > 0) {
    await db
      .insert(trainingAttendance)
      .values(cadres.map(({ cadreId, countyId }) => ({ roundId, cadreId, countyId })));
  }
  const moved = new Map<number, { countyId: number; cadreId: number; n: number }>();
  for (const row of removed) moved.set(row.cadreId, { ...row, n: -1 });
  for (const row of cadres) {
    const was = moved.get(row.cadreId);
    moved.set(row.cadreId, { ...row, n: (was?.n ?? 0) + 1 });
  }
  await cadreAttendanceUpkeep(db, [...moved.values()]);
}

/** Locks a training round for update and answers its organization path. */
export async function lockTrainingRound(db: Executor, roundId: number) {
  const [row] = await db
    .select({ id: trainingRound.id, organizationId: trainingRound.organizationId, path: organization.path })
    .from(trainingRound)
    .innerJoin(organization, eq(organization.id, trainingRound.organizationId))
    .where(eq(trainingRound.id, roundId))
    .for("update", { of: trainingRound });
  return row;
}

/**
 * Locks, before a round's attendance is replaced, every cadre whose training_rounds the replacement
 * moves (those on the list now and those on `cadreIds`), then their organizations — each set in id
 * order, FOR NO KEY UPDATE. The replacement is two statements (delete, insert) whose triggers update
 * those cadres and lock their organizations (cadre_count_apply, migration 0019); without this, two
 * replacements (or a replacement and an edit of a cadre, which locks the cadre then its organization)
 * took the same rows in different orders and deadlocked. Locked here, all writers take cadres before
 * organizations, each in id order.
 */
export async function lockAttendanceCadres(
  db: Executor,
  roundId: number,
  cadres: readonly { id: number; countyId: number }[],
) {
  // The cadres on the list now (read without a lock), with those to be listed, grouped by county: on
  // Citus a row lock is taken only by a single-shard statement, so one locking read per county, the
  // counties in order and the cadres in id order within each.
  const listed = await queryRows<{ cadre_id: number | string; county_id: number }>(
    db,
    sql`select a.cadre_id, a.county_id from training_attendance a where a.round_id = ${roundId}`,
  );
  const byCounty = new Map<number, Set<number>>();
  for (const row of [
    ...listed.map((x) => ({ id: Number(x.cadre_id), countyId: Number(x.county_id) })),
    ...cadres,
  ]) {
    const ids = byCounty.get(row.countyId) ?? new Set<number>();
    ids.add(row.id);
    byCounty.set(row.countyId, ids);
  }
  const locked: { id: number; organizationId: number }[] = [];
  for (const countyId of [...byCounty.keys()].sort((a, b) => a - b)) {
    const ids = [...(byCounty.get(countyId) ?? [])];
    locked.push(
      ...(await queryRows<{ id: number; organizationId: number }>(
        db,
        sql`select c.id, c.organization_id as "organizationId" from cadre c
             where c.county_id = ${countyId} and c.id = any(${bigintArray(ids)})
             order by c.id for no key update`,
      )),
    );
  }
  const organizationIds = [...new Set(locked.map((row) => Number(row.organizationId)))];
  if (organizationIds.length === 0) return;
  await queryRows(
    db,
    sql`select o.id from organization o
         where o.id in (${sql.join(
           organizationIds.map((id) => sql`${id}`),
           sql`, `,
         )})
         order by o.id for no key update`,
  );
}

/** The organization paths of cadres (to check they lie under a round's organization). */
export async function findCadrePaths(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: cadre.id, countyId: cadre.countyId, path: organization.path, endedOn: cadre.endedOn })
    .from(cadre)
    .innerJoin(organization, eq(organization.id, cadre.organizationId))
    .where(inArray(cadre.id, [...ids]));
}

/**
 * Open posts of a subtree whose holder attended no training round starting on or after `since`
 * (any round when null), by path; at most 2,000.
 */
export async function findUntrainedCadres(db: Executor, path: string, since: string | null) {
  return db
    .select(cadreColumns)
    .from(cadre)
    .innerJoin(organization, eq(organization.id, cadre.organizationId))
    .where(
      and(
        like(organization.path, `${path}%`),
        isNull(cadre.endedOn),
        sql`not exists (select 1 from ${trainingAttendance} join ${trainingRound} on ${trainingRound.id} = ${trainingAttendance.roundId} where ${trainingAttendance.countyId} = ${cadre.countyId} and ${trainingAttendance.cadreId} = ${cadre.id} ${since === null ? sql`` : sql`and ${trainingRound.startsOn} >= ${since}`})`,
      ),
    )
    .orderBy(asc(organization.path), asc(cadre.post), asc(cadre.id))
    .limit(2000);
}

/**
 * The expected posts of a post standard as SQL rows: for every organization kind and level, the posts
 * the domain standard (postStandardOf, domain/cadre/cadre-posts.ts) expects (expected > 0), passed as
 * four parallel array parameters and unnested — the rules stay data in the domain, never a table.
 */
export interface ExpectedPostRule {
  kind: string;
  level: string;
  post: string;
  expected: number;
  /** Order of the post in its standard (the empty-posts list keeps it). */
  rank: number;
}

/**
 * The first `limit` empty expected posts of the subtree under `path`, by organization path then the
 * post's order in its standard: { organizationId, organizationName, post, empty } (empty = expected −
 * open > 0). Reads cadre_empty_post (migration 0023: a row per organization and post short of its
 * standard, kept by triggers on cadre and organization) — ONE index range of
 * cadre_empty_post_path_idx with a limit, so a province costs what a county does.
 */
export async function findSubtreeEmptyPosts(db: Executor, path: string, limit: number) {
  const rows = await queryRows<{
    organization_id: number;
    organization_name: string;
    post: string;
    empty: number;
  }>(
    db,
    sql`select e.organization_id, o.name as organization_name, e.post, e.empty
          from cadre_empty_post e join organization o on o.id = e.organization_id
         where ${inSubtree(sql`e.path`, path)}
         order by e.path using ~<~, e.rank
         limit ${limit}`,
  );
  return rows.map((row) => ({
    organizationId: Number(row.organization_id),
    organizationName: row.organization_name,
    post: row.post,
    empty: Number(row.empty),
  }));
}

/** The post standard as held in cadre_post_rule (migration 0023), to compare with the domain's. */
export async function readPostRules(db: Executor): Promise<ExpectedPostRule[]> {
  return queryRows<ExpectedPostRule>(
    db,
    sql`select kind, level, post, expected, rank from cadre_post_rule order by kind, level, rank`,
  );
}

/** The open posts of one organization, counted per post (its own expected posts in 配备率). */
export async function findOpenPostCounts(db: Executor, organizationId: number) {
  const rows = await db
    .select({ post: cadre.post, open: sql<number>`count(*)::int` })
    .from(cadre)
    .where(and(eq(cadre.organizationId, organizationId), isNull(cadre.endedOn)))
    .groupBy(cadre.post);
  return rows.map((row) => ({ post: row.post, open: Number(row.open) }));
}
