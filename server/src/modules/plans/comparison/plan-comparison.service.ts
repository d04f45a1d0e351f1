import {
  derivePlanTaskStatus,
  isDomainError,
  PROGRESS_RULES,
  type ProgressRule,
  type RankDirection,
  rankByValue,
  rollUpPlanProgress,
  scoreOrganization,
  scoreTask,
} from "@tuanwu/domain";
import type { Database } from "../../../db/database";
import { requireAccess, requireFound } from "../../access/access.service";
import type { Actor } from "../../auth/actor";
import { findEvaluationItems } from "../evaluation/evaluation.repository";
import { scoresByTask } from "../evaluation/evaluation-results";
import type { LedgerView } from "../ledger/plan.service";
import {
  type ComparedScoreRow,
  type ComparedTaskRow,
  findLatestPlansInSubtree,
  findScoresOfOrganizations,
  findTasksWithLatestProgress,
} from "./plan-comparison.repository";
import type { PlanComparison, PlanComparisonEntry, PlanComparisonSort } from "./plan-comparison.schemas";

/** Which end of each sort ranks first. */
const SORT_DIRECTION: Record<PlanComparisonSort, RankDirection> = {
  progress: "highest_first",
  overdue: "lowest_first",
  closeOutRate: "highest_first",
  evaluationScore: "highest_first",
};

function toProgressRule(value: string): ProgressRule {
  return (PROGRESS_RULES as readonly string[]).includes(value) ? (value as ProgressRule) : "average";
}

/**
 * One plan's figures for the city view from its tasks as of `view.today`: task count, rolled-up
 * progress (domain rollUpPlanProgress with the plan's rule and each task's latest reported percent;
 * weights that do not add up give null progress and the reason, never an error), overdue and due-soon
 * counts, and the close-out rate (closed-out / not-cancelled tasks, percent, one decimal).
 */
export function summarizePlanTasks(rule: ProgressRule, tasks: readonly ComparedTaskRow[], view: LedgerView) {
  const derived = tasks.map((task) => ({
    task,
    ...derivePlanTaskStatus(task, view.today, view.dueSoonDays),
  }));
  let progress: number | null = null;
  let progressProblem: string | null = null;
  try {
    progress = rollUpPlanProgress(
      rule,
      derived.map(({ task, status }) => ({
        number: task.number,
        status,
        reportedPercent: task.reportedPercent,
        weight: task.weight === null ? null : Number(task.weight),
      })),
    ).percent;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    progressProblem = error.message;
  }
  const counted = derived.filter(({ status }) => status !== "cancelled").length;
  const closedOut = derived.filter(({ status }) => status === "closed_out").length;
  return {
    taskCount: tasks.length,
    progress,
    progressProblem,
    overdueCount: derived.filter(({ status }) => status === "overdue").length,
    dueSoonCount: derived.filter(({ dueSoon }) => dueSoon).length,
    closeOutRate: counted === 0 ? null : Math.round((closedOut / counted) * 1000) / 10,
  };
}

/**
 * An organization's latest evaluation score: among the rounds covering it that have scores for its
 * tasks, the latest (by start date, then id); the score is the average of its completely scored
 * tasks there (domain scoreOrganization).
 */
function latestEvaluation(
  scores: readonly ComparedScoreRow[],
  itemsByRound: ReadonlyMap<number, { id: number; weight: number; maxScore: number }[]>,
): Pick<PlanComparisonEntry, "evaluationScore" | "evaluationRound"> {
  let latest: ComparedScoreRow | undefined;
  for (const row of scores) {
    if (
      latest === undefined ||
      row.roundStartsOn > latest.roundStartsOn ||
      (row.roundStartsOn === latest.roundStartsOn && row.roundId > latest.roundId)
    ) {
      latest = row;
    }
  }
  if (latest === undefined) return { evaluationScore: null, evaluationRound: null };
  const roundId = latest.roundId;
  const items = itemsByRound.get(roundId) ?? [];
  const byTask = scoresByTask(scores.filter((row) => row.roundId === roundId));
  const result = scoreOrganization([...byTask.values()].map((taskScores) => scoreTask(items, taskScores)));
  return {
    evaluationScore: result.average,
    evaluationRound: { id: roundId, name: latest.roundName, scoredTasks: result.scoredTasks },
  };
}

/** Rows grouped by a key, each group in the rows' order. */
function groupBy<Row>(rows: readonly Row[], keyOf: (row: Row) => number): Map<number, Row[]> {
  const groups = new Map<number, Row[]>();
  for (const row of rows) {
    const group = groups.get(keyOf(row));
    if (group) group.push(row);
    else groups.set(keyOf(row), [row]);
  }
  return groups;
}

/** The value an entry is ranked by under `sort`. */
function sortValue(entry: Omit<PlanComparisonEntry, "rank">, sort: PlanComparisonSort): number | null {
  if (sort === "progress") return entry.progress;
  if (sort === "overdue") return entry.overdueCount;
  if (sort === "closeOutRate") return entry.closeOutRate;
  return entry.evaluationScore;
}

/**
 * The city view (issue 5 part 7): for each organization in the subtree of `organizationId` (and the
 * actor's scope) that has a plan, its latest plan's title, task count, rolled-up progress, overdue and
 * due-soon counts, close-out rate and latest evaluation score, ranked by `sort` (progress, close-out
 * rate and score highest first; overdue fewest first; equal values share a rank; no value last).
 * A fixed number of queries whatever the number of organizations and tasks (five).
 * Errors: 404 organization outside the scope; 403 without plan:read.
 */
export async function comparePlans(
  db: Database,
  actor: Actor,
  organizationId: number,
  view: LedgerView & { sort: PlanComparisonSort },
): Promise<PlanComparison> {
  const [root] = await requireAccess(db, actor, {
    permission: "plan:read",
    kind: "organization",
    ids: [organizationId],
  });
  const plans = await findLatestPlansInSubtree(db, requireFound(root, "organization").path, actor.scopePaths);
  const tasks = await findTasksWithLatestProgress(
    db,
    plans.map((plan) => ({ countyId: plan.countyId, planId: plan.planId })),
  );
  const scores = await findScoresOfOrganizations(
    db,
    plans.map((plan) => plan.organizationId),
  );
  const items = await findEvaluationItems(db, [...new Set(scores.map((row) => row.roundId))]);
  const itemsByRound = groupBy(items, (item) => item.roundId);

  const tasksByPlan = groupBy(tasks, (task) => task.planId);
  const scoresByOrganization = groupBy(scores, (row) => row.organizationId);
  const entries = plans.map((plan) => {
    const rule = toProgressRule(plan.progressRule);
    return {
      organizationId: plan.organizationId,
      organizationName: plan.organizationName,
      planId: plan.planId,
      planTitle: plan.title,
      progressRule: rule,
      ...summarizePlanTasks(rule, tasksByPlan.get(plan.planId) ?? [], view),
      ...latestEvaluation(
        (scoresByOrganization.get(plan.organizationId) ?? []).filter((row) =>
          plan.organizationPath.startsWith(row.roundPath),
        ),
        itemsByRound,
      ),
    };
  });
  const ranked = rankByValue(entries, (entry) => sortValue(entry, view.sort), SORT_DIRECTION[view.sort]);
  return {
    organizationId,
    today: view.today,
    dueSoonDays: view.dueSoonDays,
    sort: view.sort,
    items: ranked.map(({ entry, rank }) => ({ rank, ...entry })),
  };
}
