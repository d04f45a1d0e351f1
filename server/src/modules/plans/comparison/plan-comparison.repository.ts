import { sql } from "drizzle-orm";
import type { Executor } from "../../../db/database";
import { queryRows } from "../../../db/sql-result";
import { inScope, inSubtree } from "../../../lib/tree-sql";

/** An organization's latest plan, as the city view lists it. */
export interface LatestPlanRow {
  /** The plan's county bucket (migration 0045_ledger_county). */
  countyId: number;
  planId: number;
  title: string;
  progressRule: string;
  organizationId: number;
  organizationName: string;
  organizationPath: string;
}

/**
 * The latest plan (by import time) of every organization in the subtree at `rootPath` that has a
 * plan, narrowed to the actor's scope; by organization code. One query; on Citus a fan-out to the
 * counties' shards, each answering for its own organizations (DISTINCT ON names the county first, so
 * Citus pushes it down; an organization's plans all lie in its county bucket), concatenated.
 */
export async function findLatestPlansInSubtree(
  db: Executor,
  rootPath: string,
  scopePaths: readonly string[] | null,
): Promise<LatestPlanRow[]> {
  const rows = await queryRows<LatestPlanRow & { code: string }>(
    db,
    sql`select * from (
          select distinct on (p.county_id, p.organization_id) p.county_id as "countyId", p.id as "planId",
            p.title, p.progress_rule as "progressRule",
            p.organization_id as "organizationId", o.name as "organizationName", o.path as "organizationPath", o.code
          from plan p join organization o on o.id = p.organization_id
          where ${inSubtree(sql`o.path`, rootPath)} and (${inScope(sql`o.path`, scopePaths)})
          order by p.county_id, p.organization_id, p.imported_at desc, p.id desc
        ) latest order by code, "organizationId"`,
  );
  return rows.map(({ code: _code, ...row }) => ({
    ...row,
    countyId: Number(row.countyId),
    planId: Number(row.planId),
    organizationId: Number(row.organizationId),
  }));
}

/** A task of a compared plan with what its status and progress derive from. */
export interface ComparedTaskRow {
  planId: number;
  number: number;
  deadline: string | null;
  startedOn: string | null;
  doneOn: string | null;
  closedOutOn: string | null;
  cancelled: boolean;
  weight: string | null;
  /** Percent of the task's latest progress report (by report date, then id), or null. */
  reportedPercent: number | null;
}

/**
 * The tasks of the given plans, each with its latest progress report's percent. One query; the plans'
 * counties named (Citus reads only their shards) and the latest report correlated on (county_id,
 * task_id), the co-location key, so each shard answers for its own tasks.
 */
export async function findTasksWithLatestProgress(
  db: Executor,
  plans: readonly { countyId: number; planId: number }[],
): Promise<ComparedTaskRow[]> {
  if (plans.length === 0) return [];
  const counties = [...new Set(plans.map((plan) => plan.countyId))];
  const rows = await queryRows<ComparedTaskRow>(
    db,
    sql`select t.plan_id as "planId", t.number, t.deadline::text as deadline, t.started_on::text as "startedOn",
          t.done_on::text as "doneOn", t.closed_out_on::text as "closedOutOn", t.cancelled, t.weight::text as weight,
          (select r.percent from plan_progress_report r where r.county_id = t.county_id and r.task_id = t.id
            order by r.reported_on desc, r.id desc limit 1) as "reportedPercent"
        from plan_task t
        where t.county_id in (${sql.join(
          counties.map((id) => sql`${id}`),
          sql`, `,
        )}) and t.plan_id in (${sql.join(
          plans.map((plan) => sql`${plan.planId}`),
          sql`, `,
        )})
        order by t.plan_id, t.number`,
  );
  return rows.map((row) => ({
    ...row,
    planId: Number(row.planId),
    reportedPercent: row.reportedPercent === null ? null : Number(row.reportedPercent),
  }));
}

/** A score given in a round to a task of a compared organization. */
export interface ComparedScoreRow {
  roundId: number;
  roundName: string;
  roundStartsOn: string;
  roundPath: string;
  organizationId: number;
  taskId: number;
  itemId: number;
  score: number;
}

/**
 * Every score given to a task of the given organizations' plans (any of their plans) in a round held
 * at the organization or above it (a round covering it), with the round's name, start and path.
 * One query: the scores, tasks and plans joined on (county_id, …), the co-location key (rounds, items and
 * organizations are reference tables on Citus).
 */
export async function findScoresOfOrganizations(
  db: Executor,
  organizationIds: readonly number[],
): Promise<ComparedScoreRow[]> {
  if (organizationIds.length === 0) return [];
  const rows = await queryRows<ComparedScoreRow>(
    db,
    sql`select r.id as "roundId", r.name as "roundName", r.starts_on::text as "roundStartsOn", ro.path as "roundPath",
          p.organization_id as "organizationId", s.task_id as "taskId", s.item_id as "itemId", s.score
        from evaluation_score s
        join evaluation_item i on i.id = s.item_id
        join evaluation_round r on r.id = i.round_id
        join organization ro on ro.id = r.organization_id
        join plan_task t on t.county_id = s.county_id and t.id = s.task_id
        join plan p on p.county_id = t.county_id and p.id = t.plan_id
        join organization o on o.id = p.organization_id
        where p.organization_id in (${sql.join(
          organizationIds.map((id) => sql`${id}`),
          sql`, `,
        )}) and ${inSubtree(sql`o.path`, sql`ro.path`)}`,
  );
  return rows.map((row) => ({
    ...row,
    roundId: Number(row.roundId),
    organizationId: Number(row.organizationId),
    taskId: Number(row.taskId),
    itemId: Number(row.itemId),
    score: Number(row.score),
  }));
}
