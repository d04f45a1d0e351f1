import { and, asc, eq, isNull, type SQL, sql } from "drizzle-orm";
import { countyOfOrganization, countyScopeOfPath } from "../../db/county";
import type { Executor } from "../../db/database";
import { organization, youthHome, youthHomeService } from "../../db/schema";
import { inSubtree } from "../../lib/tree-sql";

/** A youth_home row as inserted or updated (drizzle's insert shape). */
export type YouthHomeValues = typeof youthHome.$inferInsert;

/** A home with its organization's name and its counts (see {@link findYouthHomes}). */
export interface YouthHomeRow {
  home: typeof youthHome.$inferSelect;
  organizationName: string;
  activities: number;
  signups: number;
  participants: number;
  servicePersonTimes: number;
  lastActivityAt: Date | null;
}

/** The home's id, always qualified (drizzle leaves columns unqualified in a query of one table). */
const homeId = sql.raw(`"youth_home"."id"`);

/** The home's county (its organization's: migration 0050), qualified as {@link homeId}. */
const homeCounty = sql.raw(`"youth_home"."county_id"`);

/**
 * The counts of a home, as correlated subqueries: activities not cancelled, their confirmed sign-ups
 * and check-ins, the last start of one held by `now`, and the person-times of all months. Correlated on
 * the family's co-location key (county_id, id): an activity at a home lies in the home's county (checked
 * when it is created, `isYouthHomeInSubtree`), a sign-up in its activity's, a service month in its
 * home's, so on Citus each subquery stays on the home's shard once the family is distributed by county.
 */
function countColumns(now: Date, county: SQL = homeCounty) {
  return {
    activities: sql<number>`(select count(*)::int from activity a where a.county_id = ${county} and a.youth_home_id = ${homeId} and a.status = 'published')`,
    signups: sql<number>`(select count(*)::int from activity a join activity_signup s on s.county_id = a.county_id and s.activity_id = a.id where a.county_id = ${county} and a.youth_home_id = ${homeId} and a.status = 'published' and s.status = 'confirmed')`,
    participants: sql<number>`(select count(*)::int from activity a join activity_signup s on s.county_id = a.county_id and s.activity_id = a.id where a.county_id = ${county} and a.youth_home_id = ${homeId} and a.status = 'published' and s.checked_in_at is not null)`,
    servicePersonTimes: sql<number>`(select coalesce(sum(v.person_times), 0)::int from youth_home_service v where v.county_id = ${county} and v.youth_home_id = ${homeId})`,
    lastActivityAt: sql<
      string | null
    >`(select max(a.starts_at) from activity a where a.county_id = ${county} and a.youth_home_id = ${homeId} and a.status = 'published' and a.starts_at <= ${now.toISOString()}::timestamptz)`,
  };
}

function toRow(row: {
  home: typeof youthHome.$inferSelect;
  organizationName: string;
  activities: number;
  signups: number;
  participants: number;
  servicePersonTimes: number;
  lastActivityAt: string | Date | null;
}): YouthHomeRow {
  return {
    ...row,
    activities: Number(row.activities),
    signups: Number(row.signups),
    participants: Number(row.participants),
    servicePersonTimes: Number(row.servicePersonTimes),
    lastActivityAt: row.lastActivityAt === null ? null : new Date(row.lastActivityAt),
  };
}

/**
 * The homes at organizations in the subtree rooted at `rootPath`, with counts, ordered by
 * organization path then name. `kind` narrows to one kind; de-listed homes only when `includeDelisted`.
 */
export async function findYouthHomes(
  db: Executor,
  rootPath: string,
  options: { kind?: string | undefined; includeDelisted: boolean; now: Date },
): Promise<YouthHomeRow[]> {
  const conditions: SQL[] = [inSubtree(organization.path, rootPath)];
  // The subtree's county when it lies in one (one shard on Citus; a city's or province's asks every shard).
  const county = await countyScopeOfPath(db, rootPath);
  if (county !== null) conditions.push(eq(youthHome.countyId, county));
  if (options.kind) conditions.push(eq(youthHome.kind, options.kind));
  if (!options.includeDelisted) conditions.push(isNull(youthHome.delistedOn));
  const rows = await db
    .select({
      home: youthHome,
      organizationName: sql<string>`coalesce(${organization.shortName}, ${organization.name})`,
      ...countColumns(options.now, county === null ? homeCounty : sql`${county}::int`),
    })
    .from(youthHome)
    .innerJoin(organization, eq(organization.id, youthHome.organizationId))
    .where(and(...conditions))
    .orderBy(asc(organization.path), asc(youthHome.name), asc(youthHome.id));
  return rows.map(toRow);
}

/**
 * One home of county `countyId` with counts, or undefined; `lock` takes its row lock (FOR UPDATE, in a
 * statement of its own: Citus refuses a row lock on a read joined with the reference tree).
 */
export async function findYouthHome(
  db: Executor,
  countyId: number,
  id: number,
  now: Date,
  lock = false,
): Promise<YouthHomeRow | undefined> {
  const byId = and(eq(youthHome.countyId, countyId), eq(youthHome.id, id));
  if (lock) await db.select({ id: youthHome.id }).from(youthHome).where(byId).for("update");
  const [row] = await db
    .select({
      home: youthHome,
      organizationName: sql<string>`coalesce(${organization.shortName}, ${organization.name})`,
      // The county as a value: Citus plans the correlated counts on one shard only so.
      ...countColumns(now, sql`${countyId}::int`),
    })
    .from(youthHome)
    .innerJoin(organization, eq(organization.id, youthHome.organizationId))
    .where(byId);
  return row ? toRow(row) : undefined;
}

/** Inserts a home with its organization's county (read when not given: migration 0050); returns its id. */
export async function insertYouthHome(db: Executor, values: YouthHomeValues): Promise<number> {
  const countyId = values.countyId ?? (await countyOfOrganization(db, values.organizationId));
  const [row] = await db
    .insert(youthHome)
    .values({ ...values, countyId })
    .returning({ id: youthHome.id });
  if (!row) throw new Error("youth_home not inserted");
  return row.id;
}

/** Updates a home's columns (the home of county `countyId`). */
export async function updateYouthHome(
  db: Executor,
  countyId: number,
  id: number,
  values: Partial<YouthHomeValues>,
): Promise<void> {
  if (Object.keys(values).length === 0) return;
  await db
    .update(youthHome)
    .set(values)
    .where(and(eq(youthHome.countyId, countyId), eq(youthHome.id, id)));
}

/** A home's person-times per month, oldest first (month as YYYY-MM-DD, the first day). */
export async function findServiceMonths(db: Executor, countyId: number, youthHomeId: number) {
  return db
    .select({ month: youthHomeService.month, personTimes: youthHomeService.personTimes })
    .from(youthHomeService)
    .where(and(eq(youthHomeService.countyId, countyId), eq(youthHomeService.youthHomeId, youthHomeId)))
    .orderBy(asc(youthHomeService.month));
}

/** The person-times of a month before a write, or undefined. */
export async function findServiceMonth(db: Executor, countyId: number, youthHomeId: number, month: string) {
  const [row] = await db
    .select({ personTimes: youthHomeService.personTimes })
    .from(youthHomeService)
    .where(
      and(
        eq(youthHomeService.countyId, countyId),
        eq(youthHomeService.youthHomeId, youthHomeId),
        eq(youthHomeService.month, month),
      ),
    );
  return row;
}

/**
 * Sets the person-times of a month (insert, or replace the month's figure); `countyId` is the home's. The
 * conflict target is youth_home_service_key (youth_home_id, month, county_id): the county on every engine
 * (migration 0054), first on Citus.
 */
export async function upsertServiceMonth(
  db: Executor,
  youthHomeId: number,
  countyId: number,
  month: string,
  personTimes: number,
): Promise<void> {
  await db
    .insert(youthHomeService)
    .values({ youthHomeId, countyId, month, personTimes })
    .onConflictDoUpdate({
      target: [youthHomeService.youthHomeId, youthHomeService.month, youthHomeService.countyId],
      set: { personTimes },
    });
}
