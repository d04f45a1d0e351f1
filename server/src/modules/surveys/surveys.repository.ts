import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import { countiesOfRows, countyScopeOfPath, locateInCounty } from "../../db/county";
import type { Executor } from "../../db/database";
import { organization, survey, surveyResponse } from "../../db/schema";
import { queryRows } from "../../db/sql-result";
import { inSubtree } from "../../lib/tree-sql";

/**
 * SQL of surveys (问卷) and their answers. Every lock, write and read of one survey names its county
 * bucket (`county_id`, the organization's, migration 0046) with its id, so on Citus, where survey and
 * survey_response are distributed by it (co-located with member), each is one task on the county's
 * shard; a survey's county is read by id first where only the id is known (one unlocked pass over the
 * shards), and the public link's read by token is such a pass too.
 */

/** A survey named by its county bucket and id (every statement about one survey names both). */
export interface SurveyKey {
  id: number;
  countyId: number;
}

/** A survey row with its organization's name and path and its number of answers. */
export interface SurveyRow {
  id: number;
  countyId: number;
  organizationId: number;
  organizationName: string;
  organizationPath: string;
  title: string;
  description: string | null;
  questions: unknown[];
  status: string;
  publicToken: string;
  allowRepeatPerDevice: boolean;
  opensAt: Date | null;
  closesAt: Date | null;
  createdAt: Date;
  responseCount: number;
}

// (correlated on the co-location key: on Citus the count runs on the survey's shard)
const responseCount = sql<number>`(select count(*)::int from ${surveyResponse} where ${surveyResponse.countyId} = ${survey.countyId} and ${surveyResponse.surveyId} = ${survey.id})`;

const surveyColumns = {
  id: survey.id,
  countyId: survey.countyId,
  organizationId: survey.organizationId,
  organizationName: organization.name,
  organizationPath: organization.path,
  title: survey.title,
  description: survey.description,
  questions: survey.questions,
  status: survey.status,
  publicToken: survey.publicToken,
  allowRepeatPerDevice: survey.allowRepeatPerDevice,
  opensAt: survey.opensAt,
  closesAt: survey.closesAt,
  createdAt: survey.createdAt,
  responseCount,
};

function normalize(row: SurveyRow): SurveyRow {
  return { ...row, countyId: Number(row.countyId), responseCount: Number(row.responseCount) };
}

/**
 * Surveys of the organizations in the subtree at `rootPath`, newest first, at most `limit`. Inside a
 * county the read names its bucket (one task on Citus); above it every shard, the limit pushed down.
 */
export async function findSurveysInSubtree(
  db: Executor,
  rootPath: string,
  limit: number,
): Promise<SurveyRow[]> {
  const county = await countyScopeOfPath(db, rootPath);
  const conditions: SQL[] = [inSubtree(organization.path, rootPath)];
  if (county !== null) conditions.push(eq(survey.countyId, county));
  const rows = await db
    .select(surveyColumns)
    .from(survey)
    .innerJoin(organization, eq(organization.id, survey.organizationId))
    .where(and(...conditions))
    .orderBy(desc(survey.createdAt), desc(survey.id))
    .limit(limit);
  return rows.map(normalize);
}

/**
 * The county bucket of a survey by id, unlocked (0 when there is no such survey): county_locator
 * (migration 0059_record_locator; db/county.ts countiesOfRows), one shard on Citus, so that the lock and
 * the writes after it name the county.
 */
export async function countyOfSurvey(db: Executor, id: number): Promise<number> {
  return (await countiesOfRows(db, "survey", [id])).get(id) ?? 0;
}

/**
 * One survey by id (`lock`: FOR UPDATE of the survey row, for a status change or an edit), in its
 * county (`countyId`, else read first by {@link countyOfSurvey}).
 */
export async function findSurvey(
  db: Executor,
  id: number,
  lock = false,
  countyId?: number,
): Promise<SurveyRow | undefined> {
  const county = countyId ?? (await countyOfSurvey(db, id));
  // The lock on the survey row alone, then the read with the tree (on Citus a row lock in a statement
  // joining the reference table organization is refused; each of the two is one task on the shard).
  if (lock) {
    await db
      .select({ id: survey.id })
      .from(survey)
      .where(and(eq(survey.countyId, county), eq(survey.id, id)))
      .for("update");
  }
  // The answers counted in a statement of their own: with the correlated count in its select list Citus
  // planned the read over every shard even though it names the county (routing proof, 2026-12-07).
  const [row] = await db
    .select({ ...surveyColumns, responseCount: sql<number>`0` })
    .from(survey)
    .innerJoin(organization, eq(organization.id, survey.organizationId))
    .where(and(eq(survey.countyId, county), eq(survey.id, id)));
  if (!row) return undefined;
  const [counted] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(surveyResponse)
    .where(and(eq(surveyResponse.countyId, county), eq(surveyResponse.surveyId, id)));
  return normalize({ ...row, responseCount: Number(counted?.count ?? 0) });
}

/**
 * One survey by its public token (the public link's hot path: one unique-index lookup, without the
 * answer count — `responseCount` is 0 here).
 */
export async function findSurveyByToken(db: Executor, token: string): Promise<SurveyRow | undefined> {
  const [row] = await db
    .select({ ...surveyColumns, responseCount: sql<number>`0` })
    .from(survey)
    .innerJoin(organization, eq(organization.id, survey.organizationId))
    .where(eq(survey.publicToken, token));
  return row ? normalize(row) : undefined;
}

/**
 * Inserts a survey and locates it in its county (county_locator, migration 0059_record_locator: a survey
 * by its id is one shard's read on Citus); returns its id.
 */
export async function insertSurvey(
  db: Executor,
  values: Omit<typeof survey.$inferInsert, "id" | "createdAt">,
): Promise<number> {
  const [row] = await db
    .insert(survey)
    .values(values)
    .returning({ id: survey.id, countyId: survey.countyId });
  if (!row) throw new Error("survey not inserted");
  await locateInCounty(db, "survey", [row]);
  return row.id;
}

/** Updates a survey's columns (in its county). */
export async function updateSurvey(
  db: Executor,
  key: SurveyKey,
  values: Partial<Omit<typeof survey.$inferInsert, "id" | "createdAt" | "organizationId" | "countyId">>,
): Promise<void> {
  if (Object.keys(values).length === 0) return;
  await db
    .update(survey)
    .set(values)
    .where(and(eq(survey.countyId, key.countyId), eq(survey.id, key.id)));
}

/**
 * Inserts an answer while the survey is still open: the row is written only when the survey's status
 * is "open" at the insert (a close committed meanwhile wins); the unique index
 * (survey_id, unique_device_key) refuses a second answer from a device (23505). Returns the new id,
 * or undefined when the survey was no longer open.
 */
export async function insertSurveyResponse(
  db: Executor,
  values: {
    survey: SurveyKey;
    deviceKey: string;
    uniqueDeviceKey: string | null;
    answers: unknown;
  },
): Promise<{ id: number; createdAt: Date } | undefined> {
  // (the county selected from the survey row: on Citus an INSERT … SELECT between co-located tables
  // on their distribution column, pushed down to the county's shard)
  const [row] = await queryRows<{ id: number; created_at: Date | string }>(
    db,
    sql`
    insert into ${surveyResponse} (county_id, survey_id, device_key, unique_device_key, answers)
    select ${survey.countyId}, ${survey.id}, ${values.deviceKey}, ${values.uniqueDeviceKey}, ${JSON.stringify(values.answers)}::jsonb
    from ${survey} where ${survey.countyId} = ${values.survey.countyId} and ${survey.id} = ${values.survey.id}
      and ${survey.status} = 'open'
    returning id, created_at`,
  );
  return row ? { id: Number(row.id), createdAt: new Date(row.created_at) } : undefined;
}

/** The answer sheets of a survey, oldest first (results and export). */
export async function findSurveyResponses(
  db: Executor,
  key: SurveyKey,
): Promise<{ id: number; answers: unknown; createdAt: Date }[]> {
  return db
    .select({ id: surveyResponse.id, answers: surveyResponse.answers, createdAt: surveyResponse.createdAt })
    .from(surveyResponse)
    .where(and(eq(surveyResponse.countyId, key.countyId), eq(surveyResponse.surveyId, key.id)))
    .orderBy(surveyResponse.createdAt, surveyResponse.id);
}
