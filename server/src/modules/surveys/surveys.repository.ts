import { desc, eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { organization, survey, surveyResponse } from "../../db/schema";
import { queryRows } from "../../db/sql-result";
import { inSubtree } from "../../lib/tree-sql";

/** A survey row with its organization's name and path and its number of answers. */
export interface SurveyRow {
  id: number;
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

const responseCount = sql<number>`(select count(*)::int from ${surveyResponse} where ${surveyResponse.surveyId} = ${survey.id})`;

const surveyColumns = {
  id: survey.id,
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
  return { ...row, responseCount: Number(row.responseCount) };
}

/** Surveys of the organizations in the subtree at `rootPath`, newest first, at most `limit`. */
export async function findSurveysInSubtree(
  db: Executor,
  rootPath: string,
  limit: number,
): Promise<SurveyRow[]> {
  const rows = await db
    .select(surveyColumns)
    .from(survey)
    .innerJoin(organization, eq(organization.id, survey.organizationId))
    .where(inSubtree(organization.path, rootPath))
    .orderBy(desc(survey.createdAt), desc(survey.id))
    .limit(limit);
  return rows.map(normalize);
}

/** One survey by id (`lock`: FOR UPDATE of the survey row, for a status change or an edit). */
export async function findSurvey(db: Executor, id: number, lock = false): Promise<SurveyRow | undefined> {
  const query = db
    .select(surveyColumns)
    .from(survey)
    .innerJoin(organization, eq(organization.id, survey.organizationId))
    .where(eq(survey.id, id));
  const [row] = lock ? await query.for("update", { of: survey }) : await query;
  return row ? normalize(row) : undefined;
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

/** Inserts a survey; returns its id. */
export async function insertSurvey(
  db: Executor,
  values: Omit<typeof survey.$inferInsert, "id" | "createdAt">,
): Promise<number> {
  const [row] = await db.insert(survey).values(values).returning({ id: survey.id });
  if (!row) throw new Error("survey not inserted");
  return row.id;
}

/** Updates a survey's columns. */
export async function updateSurvey(
  db: Executor,
  id: number,
  values: Partial<Omit<typeof survey.$inferInsert, "id" | "createdAt" | "organizationId">>,
): Promise<void> {
  if (Object.keys(values).length === 0) return;
  await db.update(survey).set(values).where(eq(survey.id, id));
}

/**
 * Inserts an answer while the survey is still open: the row is written only when the survey's status
 * is "open" at the insert (a close committed meanwhile wins); the unique index
 * (survey_id, unique_device_key) refuses a second answer from a device (23505). Returns the new id,
 * or undefined when the survey was no longer open.
 */
export async function insertSurveyResponse(
  db: Executor,
  values: { surveyId: number; deviceKey: string; uniqueDeviceKey: string | null; answers: unknown },
): Promise<{ id: number; createdAt: Date } | undefined> {
  const [row] = await queryRows<{ id: number; created_at: Date | string }>(
    db,
    sql`
    insert into ${surveyResponse} (survey_id, device_key, unique_device_key, answers)
    select ${values.surveyId}, ${values.deviceKey}, ${values.uniqueDeviceKey}, ${JSON.stringify(values.answers)}::jsonb
    from ${survey} where ${survey.id} = ${values.surveyId} and ${survey.status} = 'open'
    returning id, created_at`,
  );
  return row ? { id: Number(row.id), createdAt: new Date(row.created_at) } : undefined;
}

/** The answer sheets of a survey, oldest first (results and export). */
export async function findSurveyResponses(
  db: Executor,
  surveyId: number,
): Promise<{ id: number; answers: unknown; createdAt: Date }[]> {
  return db
    .select({ id: surveyResponse.id, answers: surveyResponse.answers, createdAt: surveyResponse.createdAt })
    .from(surveyResponse)
    .where(eq(surveyResponse.surveyId, surveyId))
    .orderBy(surveyResponse.createdAt, surveyResponse.id);
}
