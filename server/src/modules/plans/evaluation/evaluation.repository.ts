import { and, asc, desc, eq, inArray, or, sql } from "drizzle-orm";
import type { Executor } from "../../../db/database";
import { appUser, evaluationItem, evaluationRound, evaluationScore, organization } from "../../../db/schema";
import { queryRows } from "../../../db/sql-result";
import { inScope, inSubtree } from "../../../lib/tree-sql";

const roundColumns = {
  id: evaluationRound.id,
  organizationId: evaluationRound.organizationId,
  organizationPath: organization.path,
  organizationName: organization.name,
  name: evaluationRound.name,
  startsOn: evaluationRound.startsOn,
  endsOn: evaluationRound.endsOn,
  createdByName: appUser.displayName,
  createdAt: evaluationRound.createdAt,
  itemCount: sql<number>`(select count(*)::int from evaluation_item i where i.round_id = "evaluation_round"."id")`,
};

/** A round as read, with its organization's path and name and its number of items. */
export type EvaluationRoundRow = Awaited<ReturnType<typeof findEvaluationRound>> & object;

/** One round with its organization's path and name, or undefined. */
export async function findEvaluationRound(db: Executor, id: number) {
  const [row] = await db
    .select(roundColumns)
    .from(evaluationRound)
    .innerJoin(organization, eq(organization.id, evaluationRound.organizationId))
    .leftJoin(appUser, eq(appUser.id, evaluationRound.createdBy))
    .where(eq(evaluationRound.id, id));
  return row;
}

/**
 * The rounds whose subtree overlaps the subtree at `path`: held at that organization, at one of its
 * ancestors (they cover it) or inside its subtree; newest first.
 */
export async function findEvaluationRoundsOverlapping(db: Executor, path: string) {
  return db
    .select(roundColumns)
    .from(evaluationRound)
    .innerJoin(organization, eq(organization.id, evaluationRound.organizationId))
    .leftJoin(appUser, eq(appUser.id, evaluationRound.createdBy))
    .where(or(inSubtree(sql`${path}`, organization.path), inSubtree(organization.path, path)))
    .orderBy(desc(evaluationRound.startsOn), desc(evaluationRound.id));
}

/** A round's items (its scoring sheet) in order, weights and maxima as numbers. */
export async function findEvaluationItems(db: Executor, roundIds: readonly number[]) {
  if (roundIds.length === 0) return [];
  const rows = await db
    .select()
    .from(evaluationItem)
    .where(inArray(evaluationItem.roundId, [...roundIds]))
    .orderBy(asc(evaluationItem.roundId), asc(evaluationItem.position));
  return rows.map((row) => ({ ...row, weight: Number(row.weight), maxScore: Number(row.maxScore) }));
}

/** An evaluation item as read (weights and maxima as numbers). */
export type EvaluationItemRow = Awaited<ReturnType<typeof findEvaluationItems>>[number];

/** Inserts a round and its items (call inside a transaction); returns the round's id. */
export async function insertEvaluationRound(
  db: Executor,
  round: { organizationId: number; name: string; startsOn: string; endsOn: string; createdBy: number | null },
  items: readonly { name: string; weight: number; maxScore: number }[],
): Promise<number> {
  const [created] = await db.insert(evaluationRound).values(round).returning({ id: evaluationRound.id });
  if (!created) throw new Error("round not inserted");
  await db.insert(evaluationItem).values(
    items.map((item, index) => ({
      roundId: created.id,
      position: index + 1,
      name: item.name,
      weight: String(item.weight),
      maxScore: String(item.maxScore),
    })),
  );
  return created.id;
}

/** The stored scores of a round for the given tasks (to audit what an upsert replaces). */
export async function findScoresOfTasks(db: Executor, roundId: number, taskIds: readonly number[]) {
  if (taskIds.length === 0) return [];
  return db
    .select({ itemId: evaluationScore.itemId, taskId: evaluationScore.taskId, score: evaluationScore.score })
    .from(evaluationScore)
    .innerJoin(evaluationItem, eq(evaluationItem.id, evaluationScore.itemId))
    .where(and(eq(evaluationItem.roundId, roundId), inArray(evaluationScore.taskId, [...taskIds])));
}

/** Inserts scores, or replaces the score, comment and evaluator of a task on an item scored before. */
export async function upsertEvaluationScores(
  db: Executor,
  rows: readonly {
    countyId: number;
    itemId: number;
    taskId: number;
    score: number;
    comment: string | null;
    evaluatorId: number | null;
    evaluatorName: string;
  }[],
): Promise<void> {
  const scoredAt = new Date();
  for (let start = 0; start < rows.length; start += 1_000) {
    await db
      .insert(evaluationScore)
      .values(rows.slice(start, start + 1_000).map((row) => ({ ...row, score: String(row.score), scoredAt })))
      .onConflictDoUpdate({
        // (county_id, item_id, task_id): the unique index, county first as Citus needs it
        target: [evaluationScore.countyId, evaluationScore.itemId, evaluationScore.taskId],
        set: {
          score: sql`excluded.score`,
          comment: sql`excluded.comment`,
          evaluatorId: sql`excluded.evaluator_id`,
          evaluatorName: sql`excluded.evaluator_name`,
          // (the time as a value: Citus refuses a function that is not IMMUTABLE in DO UPDATE SET)
          scoredAt: sql`excluded.scored_at`,
        },
      });
  }
}

/** A task a round's results list, with its plan and organization. */
export interface EvaluationResultTaskRow {
  taskId: number;
  number: number;
  title: string;
  planId: number;
  planTitle: string;
  organizationId: number;
  organizationName: string;
}

/**
 * The tasks a round's results list, inside the round's subtree and the actor's scope: every task of
 * each organization's latest plan, and any other task scored in the round (e.g. on a plan imported
 * again since); by organization code, plan and task number.
 */
export async function findEvaluationResultTasks(
  db: Executor,
  roundId: number,
  roundPath: string,
  scopePaths: readonly string[] | null,
): Promise<EvaluationResultTaskRow[]> {
  const rows = await queryRows<EvaluationResultTaskRow>(
    db,
    sql`with covered as (
          select p.county_id, p.id, p.title, p.imported_at, p.organization_id, o.name as organization_name, o.code
          from plan p join organization o on o.id = p.organization_id
          where ${inSubtree(sql`o.path`, roundPath)} and (${inScope(sql`o.path`, scopePaths)})
        ),
        latest as (
          select distinct on (organization_id) id from covered
          order by organization_id, imported_at desc, id desc
        )
        select t.id as "taskId", t.number, t.title, c.id as "planId", c.title as "planTitle",
          c.organization_id as "organizationId", c.organization_name as "organizationName"
        from plan_task t join covered c on c.county_id = t.county_id and c.id = t.plan_id
        where t.plan_id in (select id from latest)
          or exists (select 1 from evaluation_score s join evaluation_item i on i.id = s.item_id
                     where s.county_id = t.county_id and s.task_id = t.id and i.round_id = ${roundId})
        order by c.code, c.organization_id, c.id, t.number`,
  );
  return rows.map((row) => ({
    ...row,
    taskId: Number(row.taskId),
    planId: Number(row.planId),
    organizationId: Number(row.organizationId),
  }));
}

/** The scores of a round on the given tasks, scores as numbers. */
export async function findRoundScores(db: Executor, roundId: number, taskIds: readonly number[]) {
  if (taskIds.length === 0) return [];
  const rows = await db
    .select({
      itemId: evaluationScore.itemId,
      taskId: evaluationScore.taskId,
      score: evaluationScore.score,
      comment: evaluationScore.comment,
      evaluatorName: evaluationScore.evaluatorName,
    })
    .from(evaluationScore)
    .innerJoin(evaluationItem, eq(evaluationItem.id, evaluationScore.itemId))
    .where(and(eq(evaluationItem.roundId, roundId), inArray(evaluationScore.taskId, [...taskIds])));
  return rows.map((row) => ({ ...row, score: Number(row.score) }));
}

/** A stored score as read (score as a number). */
export type EvaluationScoreRow = Awaited<ReturnType<typeof findRoundScores>>[number];
