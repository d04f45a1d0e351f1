import type { PlanProgress, PlanTaskStatus, ProgressRule } from "@tuanwu/domain";

/**
 * The shape of a plan's ledger as the exports show it (the 台账 workbook, the 信息报送 document):
 * built by plan-export.service, written by plan-ledger-workbook and plan-progress-document.
 */

/** One task as the exports show it: the ledger's columns as of a date. */
export interface ExportTask {
  number: number;
  area: string | null;
  subArea: string | null;
  title: string;
  text: string;
  leadUnit: string | null;
  units: string[];
  deadline: string | null;
  deadlineText: string | null;
  phase: string | null;
  ownerName: string | null;
  status: PlanTaskStatus;
  dueSoon: boolean;
  startedOn: string | null;
  doneOn: string | null;
  closedOutOn: string | null;
  /** The latest progress report on or before the date, or null. */
  latestReport: { reportedOn: string; percent: number; narrative: string; reportedByName: string } | null;
  /** Weight in percent, or null. */
  weight: number | null;
  /** Each target as one line: date, value and unit, clause, bound indicator. */
  targets: string[];
}

/** A plan's ledger as of a date, for the exports. */
export interface ExportLedger {
  planId: number;
  title: string;
  organizationId: number;
  organizationName: string;
  asOf: string;
  dueSoonDays: number;
  rule: ProgressRule;
  /** The rolled-up progress (domain rollUpPlanProgress), or null with `progressProblem` when it cannot be computed. */
  progress: PlanProgress | null;
  progressProblem: string | null;
  tasks: ExportTask[];
}
