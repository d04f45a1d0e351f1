import {
  areaOfPath,
  compareIsoDates,
  derivePlanTaskStatus,
  PLAN_TASK_STATUSES,
  type PlanTaskStatus,
} from "@tuanwu/domain";
import type { PlanTargetRecord, PlanTaskRecord } from "./plan.repository";
import type { PlanTaskGrouping } from "./plan.schemas";

/** A phase as the ledger needs it to place a task by its deadline. */
export interface LedgerPhase {
  name: string;
  startsOn: string | null;
  endsOn: string | null;
}

/** Group keys for tasks that have no area, unit or phase. */
export const UNGROUPED = { area: "未分类", unit: "未明确责任单位", phase: "未分阶段" } as const;

/** The phase whose date range (inclusive) holds `deadline`, or null. */
export function phaseOfDeadline(phases: readonly LedgerPhase[], deadline: string | null): string | null {
  if (deadline === null) return null;
  const phase = phases.find(
    (candidate) =>
      candidate.startsOn !== null &&
      candidate.endsOn !== null &&
      compareIsoDates(candidate.startsOn, deadline) <= 0 &&
      compareIsoDates(deadline, candidate.endsOn) <= 0,
  );
  return phase?.name ?? null;
}

/**
 * A task as the API shows it: its row, area, phase, targets, the status derived as of `today`, its
 * weight and `latestPercent`, the percent of its latest progress report (null when none).
 */
export function toTaskView(
  task: PlanTaskRecord,
  targets: readonly PlanTargetRecord[],
  phases: readonly LedgerPhase[],
  today: string,
  dueSoonDays: number,
  latestPercent: number | null = null,
  sharedDepth = 0,
) {
  const { status, dueSoon } = derivePlanTaskStatus(task, today, dueSoonDays);
  return {
    id: task.id,
    planId: task.planId,
    number: task.number,
    title: task.title,
    text: task.text,
    path: task.path,
    area: areaOfPath(task.path, sharedDepth).area,
    units: task.units,
    leadUnit: task.leadUnit,
    deadline: task.deadline,
    deadlineText: task.deadlineText,
    phase: phaseOfDeadline(phases, task.deadline),
    ownerName: task.ownerName,
    startedOn: task.startedOn,
    doneOn: task.doneOn,
    closedOutOn: task.closedOutOn,
    cancelled: task.cancelled,
    weight: task.weight === null ? null : Number(task.weight),
    latestPercent,
    status,
    dueSoon,
    targets: targets.map((target) => ({
      dueOn: target.dueOn,
      value: target.value === null ? null : Number(target.value),
      unit: target.unit,
      text: target.text,
    })),
  };
}

/** A task view (see {@link toTaskView}). */
export type PlanTaskView = ReturnType<typeof toTaskView>;

/** How many tasks have each status (every status present, zero included). */
export function countStatuses(tasks: readonly { status: PlanTaskStatus }[]): Record<PlanTaskStatus, number> {
  const counts = Object.fromEntries(PLAN_TASK_STATUSES.map((status) => [status, 0])) as Record<
    PlanTaskStatus,
    number
  >;
  for (const task of tasks) counts[task.status] += 1;
  return counts;
}

/**
 * Groups tasks (already in number order) for the ledger's list view: by area (the top heading), by
 * unit (a task appears under each of its responsible units) or by phase (the phase holding its
 * deadline, in the plan's phase order). Groups keep the order in which they first appear; tasks without
 * an area, unit or phase come last under {@link UNGROUPED}.
 */
export function groupTasks(
  tasks: readonly PlanTaskView[],
  groupBy: PlanTaskGrouping,
  phases: readonly LedgerPhase[],
): { key: string; tasks: PlanTaskView[] }[] {
  const groups = new Map<string, PlanTaskView[]>();
  if (groupBy === "phase") for (const phase of phases) groups.set(phase.name, []);
  const add = (key: string, task: PlanTaskView) => {
    const list = groups.get(key);
    if (list) list.push(task);
    else groups.set(key, [task]);
  };
  const ungrouped: PlanTaskView[] = [];
  for (const task of tasks) {
    const keys =
      groupBy === "area"
        ? task.area
          ? [task.area]
          : []
        : groupBy === "unit"
          ? task.units
          : task.phase
            ? [task.phase]
            : [];
    if (keys.length === 0) ungrouped.push(task);
    for (const key of keys) add(key, task);
  }
  const result = [...groups].map(([key, grouped]) => ({ key, tasks: grouped }));
  if (ungrouped.length > 0) result.push({ key: UNGROUPED[groupBy], tasks: ungrouped });
  return result;
}
