import { and, desc, eq, sql } from "drizzle-orm";
import type { Executor } from "../../../db/database";
import { planSupervision } from "../../../db/schema";
import { queryRows } from "../../../db/sql-result";

/** A supervision record row as stored. */
export type SupervisionRecord = typeof planSupervision.$inferSelect;

/** Inserts a supervision record (督导) and returns it. */
export async function insertSupervision(
  db: Executor,
  values: typeof planSupervision.$inferInsert,
): Promise<SupervisionRecord> {
  const [row] = await db.insert(planSupervision).values(values).returning();
  if (!row) throw new Error("supervision not inserted");
  return row;
}

/** A task's supervision records, newest first (date, then entry order); the task's county named. */
export async function findSupervisionsOfTask(
  db: Executor,
  countyId: number,
  taskId: number,
): Promise<SupervisionRecord[]> {
  return db
    .select()
    .from(planSupervision)
    .where(and(eq(planSupervision.countyId, countyId), eq(planSupervision.taskId, taskId)))
    .orderBy(desc(planSupervision.occurredOn), desc(planSupervision.id));
}

/**
 * How many supervision records each of `taskIds` has and the date of the latest, by task id; the tasks
 * are of one county (one plan's), named so that Citus reads one shard.
 */
export async function countSupervisions(
  db: Executor,
  countyId: number,
  taskIds: readonly number[],
): Promise<Map<number, { count: number; lastOn: string }>> {
  if (taskIds.length === 0) return new Map();
  const rows = await queryRows<{ task_id: number; total: number; last_on: string }>(
    db,
    sql`select task_id, count(*)::int as total, max(occurred_on)::text as last_on
      from plan_supervision
      where county_id = ${countyId} and task_id in (${sql.join(
        taskIds.map((id) => sql`${id}`),
        sql`, `,
      )})
      group by task_id`,
  );
  return new Map(rows.map((row) => [Number(row.task_id), { count: Number(row.total), lastOn: row.last_on }]));
}
