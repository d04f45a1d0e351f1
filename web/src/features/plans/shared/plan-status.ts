import type { PlanTaskStatus } from "./plan-types";

/**
 * Colours of the ledger (domain.md §8): overdue and due soon in red, in progress in the League blue,
 * done green, closed out (已销号) teal, not started and cancelled grey; phases as pale bars.
 */
export const STATUS_COLORS: Readonly<Record<PlanTaskStatus | "dueSoon" | "phase", string>> = {
  not_started: "#adb5bd",
  in_progress: "#1d4e89",
  done: "#2f9e44",
  closed_out: "#0c8599",
  overdue: "#cf1322",
  cancelled: "#dee2e6",
  dueSoon: "#ff4d4f",
  phase: "#868e96",
};

/** antd Tag colours of the statuses. */
export const STATUS_TAG_COLORS: Readonly<Record<PlanTaskStatus, string>> = {
  not_started: "default",
  in_progress: "processing",
  done: "success",
  closed_out: "cyan",
  overdue: "red",
  cancelled: "default",
};

/** The order in which the ledger's header counts the statuses. */
export const STATUS_ORDER: readonly PlanTaskStatus[] = [
  "not_started",
  "in_progress",
  "overdue",
  "done",
  "closed_out",
  "cancelled",
];
