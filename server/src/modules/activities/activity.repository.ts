import { and, asc, desc, eq, inArray, isNull, ne, or, type SQL, sql } from "drizzle-orm";
import { countyOfLocatedRow, countyOfOrganization, countyScopeOfPath } from "../../db/county";
import type { Executor } from "../../db/database";
import { activity, activityPhoto, activitySignup, organization, youthHome } from "../../db/schema";
import { inSubtree } from "../../lib/tree-sql";

export type ActivityValues = typeof activity.$inferInsert;
export type ActivityRecord = typeof activity.$inferSelect;
export type SignupRecord = typeof activitySignup.$inferSelect;

/** An activity with its organization's and home's names and its counts. */
export interface ActivityRow {
  activity: ActivityRecord;
  organizationName: string;
  youthHomeName: string | null;
  confirmed: number;
  waitlisted: number;
  checkedIn: number;
  checkedOut: number;
  ratings: number;
  ratingAverage: number | null;
}

/**
 * The activity's id, always qualified: drizzle writes columns unqualified in a query of one table,
 * where "id" inside a subquery on activity_signup would name the sign-up's id.
 */
const activityId = sql.raw(`"activity"."id"`);

/** The activity's county (its organization's: migration 0050), qualified as {@link activityId}. */
const activityCounty = sql.raw(`"activity"."county_id"`);

/**
 * The counts of an activity's sign-ups, correlated on the co-location key (county_id, activity): `county`
 * is the activity's county column in a list, the county's value in a read by id (Citus plans a correlated
 * subquery on one shard only when the county is a value: by the column alone it asks every shard).
 */
function countColumnsIn(county: SQL) {
  return {
    confirmed: sql<number>`(select count(*)::int from activity_signup s where s.county_id = ${county} and s.activity_id = ${activityId} and s.status = 'confirmed')`,
    waitlisted: sql<number>`(select count(*)::int from activity_signup s where s.county_id = ${county} and s.activity_id = ${activityId} and s.status = 'waitlisted')`,
    checkedIn: sql<number>`(select count(*)::int from activity_signup s where s.county_id = ${county} and s.activity_id = ${activityId} and s.checked_in_at is not null)`,
    checkedOut: sql<number>`(select count(*)::int from activity_signup s where s.county_id = ${county} and s.activity_id = ${activityId} and s.checked_out_at is not null)`,
    ratings: sql<number>`(select count(s.rating)::int from activity_signup s where s.county_id = ${county} and s.activity_id = ${activityId})`,
    ratingAverage: sql<
      string | null
    >`(select round(avg(s.rating), 2)::text from activity_signup s where s.county_id = ${county} and s.activity_id = ${activityId} and s.rating is not null)`,
  };
}

/** The activities with their names and counts; `countyId`: the one county read (see {@link countColumnsIn}). */
function selectActivities(db: Executor, countyId?: number) {
  const county = countyId === undefined ? activityCounty : sql`${countyId}::int`;
  return db
    .select({
      activity,
      organizationName: sql<string>`coalesce(${organization.shortName}, ${organization.name})`,
      youthHomeName: youthHome.name,
      ...countColumnsIn(county),
    })
    .from(activity)
    .innerJoin(organization, eq(organization.id, activity.organizationId))
    .leftJoin(youthHome, and(sql`${youthHome.countyId} = ${county}`, eq(youthHome.id, activity.youthHomeId)));
}

function toRow(
  row: Awaited<ReturnType<ReturnType<typeof selectActivities>["execute"]>>[number],
): ActivityRow {
  return {
    ...row,
    confirmed: Number(row.confirmed),
    waitlisted: Number(row.waitlisted),
    checkedIn: Number(row.checkedIn),
    checkedOut: Number(row.checkedOut),
    ratings: Number(row.ratings),
    ratingAverage: row.ratingAverage === null ? null : Number(row.ratingAverage),
  };
}

/** The activities at organizations of the subtree rooted at `rootPath`, newest start first. */
export async function findActivities(
  db: Executor,
  rootPath: string,
  options: { youthHomeId?: number | undefined },
): Promise<ActivityRow[]> {
  const conditions: SQL[] = [inSubtree(organization.path, rootPath)];
  // The subtree's county when it lies in one (one shard on Citus; a city's or province's asks every shard).
  const county = await countyScopeOfPath(db, rootPath);
  if (county !== null) conditions.push(eq(activity.countyId, county));
  if (options.youthHomeId !== undefined) conditions.push(eq(activity.youthHomeId, options.youthHomeId));
  const rows = await selectActivities(db, county ?? undefined)
    .where(and(...conditions))
    .orderBy(desc(activity.startsAt), desc(activity.id));
  return rows.map(toRow);
}

/** One activity of county `countyId` with counts, or undefined. */
export async function findActivity(
  db: Executor,
  countyId: number,
  id: number,
): Promise<ActivityRow | undefined> {
  const [row] = await selectActivities(db, countyId).where(
    and(eq(activity.countyId, countyId), eq(activity.id, id)),
  );
  return row ? toRow(row) : undefined;
}

/**
 * Locks an activity row of county `countyId` (FOR UPDATE, the activity table alone) and returns it:
 * sign-ups, check-ins and edits of it serialize here.
 */
export async function lockActivity(
  db: Executor,
  countyId: number,
  id: number,
): Promise<ActivityRecord | undefined> {
  const [row] = await db
    .select()
    .from(activity)
    .where(and(eq(activity.countyId, countyId), eq(activity.id, id)))
    .for("update");
  return row;
}

/** Length of a sign-up or check-in token's random part: 16 bytes in base64url (no padding). */
const TOKEN_RANDOM_LENGTH = 22;

/**
 * The county and id of the activity whose `column` token is `token` (migration 0054_youth_home_distribution),
 * or null. A token of {@link insertActivity} is the random part followed by the activity's id, whose county
 * county_locator holds (one shard on Citus); a token issued before (the random part alone), or one whose id
 * is unknown, is looked up by the token on every shard, without a lock (Citus locks rows of one shard only).
 */
async function activityOfToken(
  db: Executor,
  column: "public" | "checkin",
  token: string,
): Promise<{ countyId: number; id: number } | null> {
  const suffix = token.slice(TOKEN_RANDOM_LENGTH);
  if (/^[1-9][0-9]{0,15}$/.test(suffix)) {
    const id = Number(suffix);
    const countyId = await countyOfLocatedRow(db, "activity", id);
    if (countyId !== 0) return { countyId, id };
  }
  const [row] = await db
    .select({ countyId: activity.countyId, id: activity.id })
    .from(activity)
    .where(column === "public" ? eq(activity.publicToken, token) : eq(activity.checkinToken, token));
  return row ?? null;
}

/**
 * The condition on activity of a public (sign-up) or check-in token — by county, id and token — and the
 * county its counts are correlated on; null when no activity has the token.
 */
async function byToken(
  db: Executor,
  column: "public" | "checkin",
  token: string,
): Promise<{ where: SQL | undefined; county: SQL } | null> {
  const named = await activityOfToken(db, column, token);
  if (named === null) return null;
  const tokenMatches =
    column === "public" ? eq(activity.publicToken, token) : eq(activity.checkinToken, token);
  return {
    where: and(eq(activity.countyId, named.countyId), eq(activity.id, named.id), tokenMatches),
    county: sql`${named.countyId}::int`,
  };
}

/** Locks the activity of a public token (FOR UPDATE), or undefined. */
export async function lockActivityByToken(
  db: Executor,
  column: "public" | "checkin",
  token: string,
): Promise<ActivityRecord | undefined> {
  const found = await byToken(db, column, token);
  if (found === null) return undefined;
  const [row] = await db.select().from(activity).where(found.where).for("update");
  return row;
}

/** The activity of a public sign-up token with its confirmed count, unlocked (the public page). */
export async function findActivityByPublicToken(db: Executor, token: string) {
  const found = await byToken(db, "public", token);
  if (found === null) return undefined;
  const [row] = await db
    .select({ activity, confirmed: countColumnsIn(found.county).confirmed })
    .from(activity)
    .where(found.where);
  return row ? { activity: row.activity, confirmed: Number(row.confirmed) } : undefined;
}

/**
 * Inserts an activity with its organization's county (read when not given: migration 0050), its tokens
 * being the random parts given followed by its id (migration 0054: the public pages find the county by the
 * id); returns its id. Two statements, both on the county's shard on Citus.
 */
export async function insertActivity(db: Executor, values: ActivityValues): Promise<number> {
  const countyId = values.countyId ?? (await countyOfOrganization(db, values.organizationId));
  const [row] = await db
    .insert(activity)
    .values({ ...values, countyId })
    .returning({ id: activity.id });
  if (!row) throw new Error("activity not inserted");
  await db
    .update(activity)
    .set({
      publicToken: `${values.publicToken}${row.id}`,
      checkinToken: `${values.checkinToken}${row.id}`,
    })
    .where(and(eq(activity.countyId, countyId), eq(activity.id, row.id)));
  return row.id;
}

/** Updates an activity of county `countyId`. */
export async function updateActivity(
  db: Executor,
  countyId: number,
  id: number,
  values: Partial<ActivityValues>,
): Promise<void> {
  if (Object.keys(values).length === 0) return;
  await db
    .update(activity)
    .set(values)
    .where(and(eq(activity.countyId, countyId), eq(activity.id, id)));
}

/** The figures a new sign-up is placed by: confirmed count and the last waitlist position. */
export async function findSignupState(db: Executor, countyId: number, activityId: number) {
  const [row] = await db
    .select({
      confirmed: sql<number>`count(*) filter (where ${activitySignup.status} = 'confirmed')::int`,
      waitlisted: sql<number>`count(*) filter (where ${activitySignup.status} = 'waitlisted')::int`,
      lastWaitlistPosition: sql<
        number | null
      >`max(${activitySignup.waitlistPosition}) filter (where ${activitySignup.status} = 'waitlisted')`,
    })
    .from(activitySignup)
    .where(and(eq(activitySignup.countyId, countyId), eq(activitySignup.activityId, activityId)));
  return {
    confirmed: Number(row?.confirmed ?? 0),
    waitlisted: Number(row?.waitlisted ?? 0),
    lastWaitlistPosition: row?.lastWaitlistPosition == null ? null : Number(row.lastWaitlistPosition),
  };
}

export async function insertSignup(db: Executor, values: typeof activitySignup.$inferInsert) {
  const [row] = await db.insert(activitySignup).values(values).returning();
  if (!row) throw new Error("signup not inserted");
  return row;
}

/** The live (not cancelled) sign-up of a phone to an activity, or undefined. */
export async function findLiveSignup(
  db: Executor,
  countyId: number,
  activityId: number,
  phone: string,
  lock = false,
) {
  const query = db
    .select()
    .from(activitySignup)
    .where(
      and(
        eq(activitySignup.countyId, countyId),
        eq(activitySignup.activityId, activityId),
        eq(activitySignup.phone, phone),
        ne(activitySignup.status, "cancelled"),
      ),
    );
  const [row] = lock ? await query.for("update") : await query;
  return row;
}

/** The activity of a check-in token (unlocked), or undefined. */
export async function findActivityByCheckinToken(db: Executor, token: string) {
  const found = await byToken(db, "checkin", token);
  if (found === null) return undefined;
  const [row] = await db.select().from(activity).where(found.where);
  return row;
}

/** A sign-up of an activity of county `countyId`, or undefined. */
export async function findSignup(db: Executor, countyId: number, activityId: number, signupId: number) {
  const [row] = await db
    .select()
    .from(activitySignup)
    .where(
      and(
        eq(activitySignup.countyId, countyId),
        eq(activitySignup.activityId, activityId),
        eq(activitySignup.id, signupId),
      ),
    );
  return row;
}

/** Updates a sign-up of county `countyId` (its activity's). */
export async function updateSignup(
  db: Executor,
  countyId: number,
  id: number,
  values: Partial<typeof activitySignup.$inferInsert>,
) {
  await db
    .update(activitySignup)
    .set(values)
    .where(and(eq(activitySignup.countyId, countyId), eq(activitySignup.id, id)));
}

/** Promotes the first `count` waitlisted sign-ups (lowest positions) to confirmed; returns their ids. */
export async function promoteWaitlisted(
  db: Executor,
  countyId: number,
  activityId: number,
  count: number,
): Promise<number[]> {
  if (count <= 0) return [];
  const first = await db
    .select({ id: activitySignup.id })
    .from(activitySignup)
    .where(
      and(
        eq(activitySignup.countyId, countyId),
        eq(activitySignup.activityId, activityId),
        eq(activitySignup.status, "waitlisted"),
      ),
    )
    .orderBy(asc(activitySignup.waitlistPosition), asc(activitySignup.id))
    .limit(count);
  const ids = first.map((row) => row.id);
  if (ids.length > 0)
    await db
      .update(activitySignup)
      .set({ status: "confirmed", waitlistPosition: null })
      .where(and(eq(activitySignup.countyId, countyId), inArray(activitySignup.id, ids)));
  return ids;
}

/** The sign-ups of an activity: confirmed, then the waitlist in order, then cancelled. */
export async function findSignups(
  db: Executor,
  countyId: number,
  activityId: number,
): Promise<SignupRecord[]> {
  return db
    .select()
    .from(activitySignup)
    .where(and(eq(activitySignup.countyId, countyId), eq(activitySignup.activityId, activityId)))
    .orderBy(
      sql`case ${activitySignup.status} when 'confirmed' then 0 when 'waitlisted' then 1 else 2 end`,
      asc(activitySignup.waitlistPosition),
      asc(activitySignup.id),
    );
}

export async function insertPhoto(db: Executor, values: typeof activityPhoto.$inferInsert) {
  const [row] = await db.insert(activityPhoto).values(values).returning({
    id: activityPhoto.id,
    fileName: activityPhoto.fileName,
    contentType: activityPhoto.contentType,
    byteSize: activityPhoto.byteSize,
  });
  if (!row) throw new Error("photo not inserted");
  return row;
}

/** The photos of an activity without their bytes, oldest first. */
export async function findPhotos(db: Executor, countyId: number, activityId: number) {
  return db
    .select({
      id: activityPhoto.id,
      fileName: activityPhoto.fileName,
      contentType: activityPhoto.contentType,
      byteSize: activityPhoto.byteSize,
    })
    .from(activityPhoto)
    .where(and(eq(activityPhoto.countyId, countyId), eq(activityPhoto.activityId, activityId)))
    .orderBy(asc(activityPhoto.id));
}

/** A photo's bytes, or undefined. */
export async function findPhotoBytes(db: Executor, countyId: number, activityId: number, photoId: number) {
  const [row] = await db
    .select({
      fileName: activityPhoto.fileName,
      contentType: activityPhoto.contentType,
      bytes: activityPhoto.bytes,
    })
    .from(activityPhoto)
    .where(
      and(
        eq(activityPhoto.countyId, countyId),
        eq(activityPhoto.activityId, activityId),
        eq(activityPhoto.id, photoId),
      ),
    );
  return row;
}

/**
 * The sign-ups of a member (GET /me/activities): those recorded with `memberId`, or with `phone` when
 * the member has one, with their activity; newest activity first. A read of every shard on Citus (a person
 * signs up at activities of any county; the sign-up joined to its activity on (county_id, activity_id)).
 */
export async function findSignupsOfPerson(db: Executor, memberId: number, phone: string | null) {
  const who = phone
    ? or(eq(activitySignup.memberId, memberId), eq(activitySignup.phone, phone))
    : eq(activitySignup.memberId, memberId);
  return db
    .select({
      signup: activitySignup,
      activity,
      organizationName: sql<string>`coalesce(${organization.shortName}, ${organization.name})`,
    })
    .from(activitySignup)
    .innerJoin(
      activity,
      and(eq(activity.countyId, activitySignup.countyId), eq(activity.id, activitySignup.activityId)),
    )
    .innerJoin(organization, eq(organization.id, activity.organizationId))
    .where(who)
    .orderBy(desc(activity.startsAt), desc(activitySignup.id));
}

/**
 * Whether `youthHomeId` exists, is listed, lies in the subtree rooted at `rootPath` and in the county
 * bucket `countyId` (an activity's home: the activity's county is its organization's, and the family's
 * rows are joined on (county_id, id) — a city committee's activity takes a home of its own bucket).
 */
export async function isYouthHomeInSubtree(
  db: Executor,
  youthHomeId: number,
  rootPath: string,
  countyId: number,
) {
  const rows = await db
    .select({ id: youthHome.id })
    .from(youthHome)
    .innerJoin(organization, eq(organization.id, youthHome.organizationId))
    .where(
      and(
        eq(youthHome.countyId, countyId),
        eq(youthHome.id, youthHomeId),
        inSubtree(organization.path, rootPath),
        isNull(youthHome.delistedOn),
      ),
    );
  return rows.length > 0;
}

/** A member's phone (for matching their sign-ups), or null. */
export async function findMemberPhone(db: Executor, memberId: number): Promise<string | null> {
  const rows = await db.execute(sql`select phone from member where id = ${memberId}`);
  const row = (rows as unknown as { rows: { phone: string | null }[] }).rows[0];
  return row?.phone ?? null;
}
