import { compareIsoDates, requireIsoDate } from "../dates/iso-date";
import type { Label } from "../dictionaries/dictionary";
import { DomainError } from "../errors";

/**
 * Rules of the records kept on a reform ledger task (domain.md §8; issue 5 part 4): progress reports
 * (信息报送), close-outs (销号) and supervision records (督导: 提醒, 约谈) — which tasks accept them and
 * which dates they may carry.
 */

/** Kinds of supervision of a lagging task: a reminder 提醒 or a talk 约谈 (domain.md §8). */
export const SUPERVISION_KINDS = ["reminder", "talk"] as const;

/** A supervision kind (see {@link SUPERVISION_KINDS}). */
export type SupervisionKind = (typeof SUPERVISION_KINDS)[number];

/** Display labels of {@link SUPERVISION_KINDS}. */
export const SUPERVISION_KIND_LABELS: Readonly<Record<SupervisionKind, Label>> = {
  reminder: { zh: "提醒", en: "Reminder" },
  talk: { zh: "约谈", en: "Talk" },
};

/** What may be recorded on a task. */
export type TaskRecordKind = "progress_report" | "close_out" | "supervision";

const RECORD_LABELS: Readonly<Record<TaskRecordKind, Label>> = {
  progress_report: { zh: "报送进展", en: "report progress on" },
  close_out: { zh: "申请销号", en: "close out" },
  supervision: { zh: "记录督导", en: "record supervision of" },
};

/** The part of a task the rule looks at. */
export interface TrackedTask {
  number: number;
  cancelled: boolean;
  /** The date the task was closed out (an approved close-out), or null. */
  closedOutOn: string | null;
}

/**
 * Refuses a record on a task that no longer takes it: nothing is recorded on a cancelled task; a
 * closed-out task takes no more progress reports (reopen its close-out first); a close-out of a
 * closed-out task is refused by the database's one-open-close-out index (409), not here.
 *
 * @throws DomainError 422 "task_cancelled" or "task_closed_out".
 */
export function assertTaskAccepts(task: TrackedTask, record: TaskRecordKind): void {
  const label = RECORD_LABELS[record];
  if (task.cancelled) {
    throw new DomainError(
      "task_cancelled",
      `任务 ${task.number} 已取消，不能${label.zh} / task ${task.number} is cancelled: cannot ${label.en} it`,
    );
  }
  if (record === "progress_report" && task.closedOutOn !== null) {
    throw new DomainError(
      "task_closed_out",
      `任务 ${task.number} 已销号，不能${label.zh}（如需继续，请先重新打开销号） / task ${task.number} is closed out: cannot ${label.en} it`,
    );
  }
}

/**
 * Refuses a date after `today` (a report or a talk cannot have happened tomorrow).
 * @param date, today "YYYY-MM-DD".
 * @throws DomainError 422 "date_in_future" naming `field`; RangeError for a malformed date.
 */
export function assertNotInFuture(date: string, today: string, field: string): void {
  requireIsoDate(date, field);
  requireIsoDate(today, "today");
  if (compareIsoDates(date, today) > 0) {
    throw new DomainError("date_in_future", `${field}：不能晚于今天 / cannot be after today`, { field });
  }
}
