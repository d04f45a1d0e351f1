import { rankByValue, scoreOrganization, scoreTask, type TaskEvaluationScore } from "@tuanwu/domain";
import type { EvaluationResultTaskRow } from "./evaluation.repository";

/** An item of a round as the results need it. */
interface ResultItem {
  id: number;
  weight: number;
  maxScore: number;
}

/** A stored score as the results need it. */
interface ResultScore {
  itemId: number;
  taskId: number;
  score: number;
  comment: string | null;
  evaluatorName: string;
}

/** Each task's scores by item id, from a round's score rows. */
export function scoresByTask(scores: readonly Pick<ResultScore, "itemId" | "taskId" | "score">[]) {
  const byTask = new Map<number, Map<number, number>>();
  for (const row of scores) {
    const map = byTask.get(row.taskId) ?? new Map<number, number>();
    map.set(row.itemId, row.score);
    byTask.set(row.taskId, map);
  }
  return byTask;
}

/**
 * A round's results (issue 5 part 5): per task, its score on every item (null where not scored), its
 * total (domain scoreTask) and whether it is complete; per organization (county), the average of its
 * completely scored tasks (domain scoreOrganization), ranked highest first (equal averages share a
 * rank, organizations without an average last). Tasks keep their order; organizations appear in the
 * order of their first task before ranking.
 */
export function buildEvaluationResults(
  items: readonly ResultItem[],
  tasks: readonly EvaluationResultTaskRow[],
  scores: readonly ResultScore[],
) {
  const byTask = scoresByTask(scores);
  const details = new Map(scores.map((row) => [`${row.taskId}:${row.itemId}`, row]));
  const taskResults = tasks.map((task) => {
    const score = scoreTask(items, byTask.get(task.taskId) ?? new Map());
    return {
      ...task,
      scores: items.map((item) => {
        const stored = details.get(`${task.taskId}:${item.id}`);
        return {
          itemId: item.id,
          score: stored?.score ?? null,
          comment: stored?.comment ?? null,
          evaluatorName: stored?.evaluatorName ?? null,
        };
      }),
      total: score.total,
      complete: score.complete,
      scoredItems: score.scoredItems,
    };
  });
  const byOrganization = new Map<
    number,
    { organizationId: number; organizationName: string; tasks: TaskEvaluationScore[] }
  >();
  for (const task of taskResults) {
    const entry = byOrganization.get(task.organizationId) ?? {
      organizationId: task.organizationId,
      organizationName: task.organizationName,
      tasks: [],
    };
    entry.tasks.push(task);
    byOrganization.set(task.organizationId, entry);
  }
  const organizations = [...byOrganization.values()].map((entry) => ({
    organizationId: entry.organizationId,
    organizationName: entry.organizationName,
    ...scoreOrganization(entry.tasks),
    taskCount: entry.tasks.length,
  }));
  return {
    tasks: taskResults,
    organizations: rankByValue(organizations, (entry) => entry.average, "highest_first").map(
      ({ entry, rank }) => ({ rank, ...entry }),
    ),
  };
}
