import type { StarRatingItem } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import { countyOfWorkflowRecord, countyScopeOfPath, locateInCounty } from "../../db/county";
import type { Executor } from "../../db/database";
import { executeWrite, queryRows } from "../../db/sql-result";
import { intArray } from "../../lib/sql-arrays";
import { inScope, inSubtree } from "../../lib/tree-sql";

/**
 * SQL of the star rating (评星定级; star_rating_sheet, star_rating): the nearest sheet of a year, a
 * subtree's ratings, the five-star count under a committee, writes and the year-end lock. The unique
 * keys (county, organization, year) decide races. A rating lives in its branch's county (star_rating.
 * county_id, migration 0044_review_rating_county): every read and write of one rating names it, so on
 * Citus each is one shard; the sheets are a reference table there.
 */

/** The sheet items of the first organization of `organizationIds` (nearest first) holding one for `year`. */
export async function findNearestSheet(
  db: Executor,
  organizationIds: readonly number[],
  year: number,
): Promise<{ organizationId: number; items: StarRatingItem[] } | null> {
  if (organizationIds.length === 0) return null;
  const [row] = await queryRows<{ organization_id: number; items: StarRatingItem[] }>(
    db,
    sql`select organization_id, items from star_rating_sheet
        where year = ${year} and organization_id = any(${intArray(organizationIds)})
        order by array_position(${intArray(organizationIds)}, organization_id) limit 1`,
  );
  return row ? { organizationId: Number(row.organization_id), items: row.items } : null;
}

/** Inserts or replaces an organization's sheet of a year. */
export async function upsertSheet(
  db: Executor,
  organizationId: number,
  year: number,
  items: StarRatingItem[],
) {
  await executeWrite(
    db,
    sql`insert into star_rating_sheet (organization_id, year, items) values (${organizationId}, ${year}, ${JSON.stringify(items)}::jsonb)
        on conflict (organization_id, year) do update set items = excluded.items`,
  );
}

/** A rating with its branch and workflow state. */
export interface StarRatingRow {
  id: number;
  /** The branch's county bucket (star_rating.county_id). */
  countyId: number;
  organizationId: number;
  organizationName: string;
  organizationPath: string;
  year: number;
  instanceId: number | null;
  state: string | null;
  version: number | null;
  selfScore: number | null;
  reviewedScore: number | null;
  stars: number | null;
  exempt: boolean;
  lockedAt: string | null;
}

const SELECT_RATING = sql`select r.id, r.county_id, r.organization_id, coalesce(o.short_name, o.name) as organization_name, o.path,
  r.year, r.instance_id, w.state, w.version, r.self_score, r.reviewed_score, r.stars, r.exempt, r.locked_at
  from star_rating r join organization o on o.id = r.organization_id
  left join workflow_instance w on w.county_id = r.county_id and w.id = r.instance_id`;

function toRow(row: Record<string, unknown>): StarRatingRow {
  const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  return {
    id: Number(row.id),
    countyId: Number(row.county_id),
    organizationId: Number(row.organization_id),
    organizationName: String(row.organization_name),
    organizationPath: String(row.path),
    year: Number(row.year),
    instanceId: num(row.instance_id),
    state: (row.state as string | null) ?? null,
    version: num(row.version),
    selfScore: num(row.self_score),
    reviewedScore: num(row.reviewed_score),
    stars: num(row.stars),
    exempt: Boolean(row.exempt),
    lockedAt:
      row.locked_at === null || row.locked_at === undefined
        ? null
        : row.locked_at instanceof Date
          ? row.locked_at.toISOString()
          : String(row.locked_at),
  };
}

/**
 * One rating by id (with `lock` "update": row-locked): its county first (one read without a lock, on
 * Citus of every shard), then the rating read and locked in that county (one shard).
 */
export async function findRating(
  db: Executor,
  id: number,
  lock?: "update",
): Promise<StarRatingRow | undefined> {
  const countyId = await countyOfWorkflowRecord(db, "star_rating", id);
  const rows = await queryRows<Record<string, unknown>>(
    db,
    lock
      ? sql`${SELECT_RATING} where r.county_id = ${countyId} and r.id = ${id} for update of r`
      : sql`${SELECT_RATING} where r.county_id = ${countyId} and r.id = ${id}`,
  );
  return rows[0] ? toRow(rows[0]) : undefined;
}

/** A branch's rating of a year, row-locked (`countyId`: the branch's county). */
export async function findRatingOf(db: Executor, countyId: number, organizationId: number, year: number) {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`${SELECT_RATING} where r.county_id = ${countyId} and r.organization_id = ${organizationId} and r.year = ${year}
        for update of r`,
  );
  return rows[0] ? toRow(rows[0]) : undefined;
}

/**
 * The ratings of a year in the subtree at `rootPath`, by organization path; inside a county the
 * county is named (on Citus one shard), above it every shard is asked.
 */
export async function findRatingsInSubtree(db: Executor, rootPath: string, year: number) {
  const county = await countyScopeOfPath(db, rootPath);
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`${SELECT_RATING} where r.year = ${year} and ${inSubtree(sql`o.path`, rootPath)}
        ${county === null ? sql`` : sql`and r.county_id = ${county}`} order by o.path`,
  );
  return rows.map(toRow);
}

/**
 * Inserts a rating in its branch's county (`countyId`) and locates it there (county_locator); answers its id. The branch's tallies (the
 * `star` dimension of org_life_count) follow by trigger in the same transaction on PostgreSQL and PGlite,
 * after the next fold on Citus (marks, migration 0053_meeting_county).
 */
export async function insertRating(
  db: Executor,
  values: {
    countyId: number;
    organizationId: number;
    year: number;
    selfScore: number | null;
    exempt: boolean;
  },
): Promise<number> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into star_rating (county_id, organization_id, year, self_score, exempt)
        values (${values.countyId}, ${values.organizationId}, ${values.year}, ${values.selfScore}, ${values.exempt})
        returning id`,
  );
  const id = Number(row?.id);
  // Its county by id for the by-id reads (county_locator, migration 0059_record_locator), in this transaction.
  await locateInCounty(db, "star_rating", [{ id, countyId: values.countyId }]);
  return id;
}

/**
 * Sets a rating's columns (only those given), in its county. A change of stars moves the branch's
 * tallies (by trigger; on Citus after the next fold).
 */
export async function updateRating(
  db: Executor,
  rating: { id: number; countyId: number; organizationId: number },
  values: { instanceId?: number; selfScore?: number; reviewedScore?: number; stars?: number },
) {
  await executeWrite(
    db,
    sql`update star_rating set
          instance_id = coalesce(${values.instanceId ?? null}::bigint, instance_id),
          self_score = coalesce(${values.selfScore ?? null}::numeric, self_score),
          reviewed_score = coalesce(${values.reviewedScore ?? null}::numeric, reviewed_score),
          stars = coalesce(${values.stars ?? null}::smallint, stars)
        where county_id = ${rating.countyId} and id = ${rating.id}`,
  );
}

/**
 * Five-star ratings and rated (not exempt) branches of `year` in the subtree at `committeePath`, this
 * rating excluded from the five-star count; locks the committee's organization row first so two
 * reviews under one committee are serialized (≤ 20% holds under concurrency). A committee inside a
 * county names it (one shard on Citus); a city's asks every shard.
 */
export async function countFiveStars(
  db: Executor,
  committeeId: number,
  committeePath: string,
  year: number,
  except: number,
) {
  await queryRows(db, sql`select id from organization where id = ${committeeId} for update`);
  const county = await countyScopeOfPath(db, committeePath);
  const [row] = await queryRows<{ five: number; rated: number }>(
    db,
    sql`select count(*) filter (where r.stars = 5 and r.id <> ${except})::int as five,
               count(*) filter (where not r.exempt)::int as rated
        from star_rating r join organization o on o.id = r.organization_id
        where r.year = ${year} and ${inSubtree(sql`o.path`, committeePath)}
          ${county === null ? sql`` : sql`and r.county_id = ${county}`}`,
  );
  return { fiveStarsSoFar: Number(row?.five ?? 0), ratedBranches: Number(row?.rated ?? 0) };
}

/**
 * Locks the unlocked ratings of `year` at organizations strictly below the actor's scope roots (a
 * committee locks its branches; null scope: all). Answers the ids locked.
 */
export async function lockRatings(
  db: Executor,
  scopePaths: readonly string[] | null,
  year: number,
): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`update star_rating r set locked_at = now()
        from organization o
        where o.id = r.organization_id and r.year = ${year} and r.locked_at is null
          and ${inScope(sql`o.path`, scopePaths)}
          ${scopePaths === null ? sql`` : sql`and not (o.path = any(${`{${scopePaths.join(",")}}`}::text[]))`}
        returning r.id`,
  );
  return rows.map((row) => Number(row.id));
}
