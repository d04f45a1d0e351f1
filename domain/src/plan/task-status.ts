import { compareIsoDates, formatIsoDate, requireIsoDate } from "../dates/iso-date";
import type { Label } from "../dictionaries/dictionary";

/**
 * Status of a reform ledger task (改革任务台账, domain.md §8), always derived from its dates and never
 * typed: cancelled 已取消 (excluded), closed_out 已销号, done 已完成, overdue 逾期 (the deadline has
 * passed and it is neither done nor closed out), in_progress 推进中, not_started 未启动.
 */
export const PLAN_TASK_STATUSES = [
  "not_started",
  "in_progress",
  "done",
  "closed_out",
  "overdue",
  "cancelled",
] as const;

/** A task status (see {@link PLAN_TASK_STATUSES}). */
export type PlanTaskStatus = (typeof PLAN_TASK_STATUSES)[number];

/** Display labels of {@link PLAN_TASK_STATUSES}. */
export const PLAN_TASK_STATUS_LABELS: Readonly<Record<PlanTaskStatus, Label>> = {
  not_started: { zh: "未启动", en: "Not started" },
  in_progress: { zh: "推进中", en: "In progress" },
  done: { zh: "已完成", en: "Done" },
  closed_out: { zh: "已销号", en: "Closed out" },
  overdue: { zh: "逾期", en: "Overdue" },
  cancelled: { zh: "已取消", en: "Cancelled" },
};

/** The dates a task's status is derived from ("YYYY-MM-DD" or null). */
export interface PlanTaskDates {
  deadline: string | null;
  startedOn: string | null;
  doneOn: string | null;
  closedOutOn: string | null;
  cancelled: boolean;
}

/** A task's derived status and whether its deadline falls within the due-soon window. */
export interface PlanTaskStatusResult {
  status: PlanTaskStatus;
  /** Open (not done, closed out or cancelled), not overdue, deadline within `dueSoonDays` of today. */
  dueSoon: boolean;
}

/** `date` plus `days` calendar days ("YYYY-MM-DD"). */
function addDays(date: string, days: number): string {
  const { year, month, day } = requireIsoDate(date);
  const moved = new Date(Date.UTC(year, month - 1, day + days));
  return formatIsoDate({
    year: moved.getUTCFullYear(),
    month: moved.getUTCMonth() + 1,
    day: moved.getUTCDate(),
  });
}

/** Whether `date` is set and on or before `today` (a date in the future has not happened yet). */
function happened(date: string | null, today: string): boolean {
  return date !== null && compareIsoDates(date, today) <= 0;
}

/**
 * Derives a task's status from its dates as of `today` (the domain never reads the clock), in this
 * order: cancelled; closed_out when closed out; done when done; overdue when the deadline is before
 * today; in_progress when started; otherwise not_started. A task is due soon when it is still open,
 * not overdue and its deadline lies between today and today + `dueSoonDays` (inclusive).
 *
 * @param today "YYYY-MM-DD".
 * @param dueSoonDays a whole number of days ≥ 0.
 */
export function derivePlanTaskStatus(
  task: PlanTaskDates,
  today: string,
  dueSoonDays: number,
): PlanTaskStatusResult {
  requireIsoDate(today, "today");
  const status = statusOf(task, today);
  const open = status === "not_started" || status === "in_progress";
  const dueSoon =
    open && task.deadline !== null && compareIsoDates(task.deadline, addDays(today, dueSoonDays)) <= 0;
  return { status, dueSoon };
}

function statusOf(task: PlanTaskDates, today: string): PlanTaskStatus {
  if (task.cancelled) return "cancelled";
  if (happened(task.closedOutOn, today)) return "closed_out";
  if (happened(task.doneOn, today)) return "done";
  if (task.deadline !== null && compareIsoDates(task.deadline, today) < 0) return "overdue";
  if (happened(task.startedOn, today)) return "in_progress";
  return "not_started";
}
