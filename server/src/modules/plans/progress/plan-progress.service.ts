import {
  assertNotInFuture,
  assertTaskAccepts,
  assertWeightsSumTo100,
  checkPlanFiles,
  DomainError,
  type PlanFileUpload,
} from "@tuanwu/domain";
import type { Database } from "../../../db/database";
import { requireAccess, requireFound } from "../../access/access.service";
import { recordAudit } from "../../audit/audit.service";
import type { Actor } from "../../auth/actor";
import { findPlanTaskWithPath } from "../ledger/plan.repository";
import {
  auditedFiles,
  insertStoredFiles,
  presentPlanAttachment,
  withPlanFiles,
} from "../shared/plan-attachment.service";
import { requirePlanTaskAccess } from "../units/plan-assignment.service";
import {
  findAttachmentsOfTask,
  findPlanForUpdate,
  findProgressReportsOfTask,
  findTaskWeights,
  insertProgressReport,
  type PlanAttachmentRecord,
  type ProgressReportRecord,
  replaceTaskWeights,
  updatePlanProgressRule,
} from "./plan-progress.repository";
import type { ProgressRuleInput } from "./plan-progress.schemas";

/** A progress report (信息报送) as the API shows it, with its attachments. */
export function presentProgressReport(
  row: ProgressReportRecord,
  attachments: readonly PlanAttachmentRecord[],
) {
  return {
    id: row.id,
    taskId: row.taskId,
    reportedOn: row.reportedOn,
    percent: row.percent,
    narrative: row.narrative,
    reportedByName: row.reportedByName,
    createdAt: row.createdAt.toISOString(),
    attachments: attachments
      .filter((attachment) => attachment.progressReportId === row.id)
      .map(presentPlanAttachment),
  };
}

/** The fields of a progress report. */
export interface ProgressReportInput {
  /** "YYYY-MM-DD", not after today. */
  reportedOn: string;
  /** Whole percent done, 0–100. */
  percent: number;
  narrative: string;
}

/**
 * Records a progress report (信息报送) on a task: the date, percent done (0–100) and narrative, with
 * 0–5 files (PDF, JPEG, PNG, DOCX, XLSX by their bytes, ≤ 20 MB each) stored in plan_attachment. The
 * report, its files and the audit entry are written in one transaction (the task row locked); a refused
 * request writes nothing, on disk or in the database. Source: issue 5 part 4, domain.md §8.
 * A responsible unit below the plan's organization reports on the tasks naming it (plan-assignment).
 * Errors: 404 task outside scope; 403 role; 400 a file (field "files"); 422 date_in_future
 * (field "reportedOn"), task_cancelled, task_closed_out; 503 files without file storage.
 */
export async function createProgressReport(
  db: Database,
  actor: Actor,
  filesDir: string | undefined,
  taskId: number,
  input: ProgressReportInput,
  files: readonly PlanFileUpload[],
  today: string,
) {
  const found = await requirePlanTaskAccess(db, actor, "write", await findPlanTaskWithPath(db, taskId));
  const checked = checkPlanFiles(files);
  assertNotInFuture(input.reportedOn, today, "reportedOn");
  assertTaskAccepts(found.task, "progress_report");
  return withPlanFiles(db, filesDir, checked, (storeFiles) =>
    db.transaction(async (tx) => {
      const locked = await requirePlanTaskAccess(
        tx,
        actor,
        "write",
        await findPlanTaskWithPath(tx, taskId, true),
      );
      assertTaskAccepts(locked.task, "progress_report");
      const report = await insertProgressReport(tx, {
        countyId: locked.task.countyId,
        taskId,
        reportedOn: input.reportedOn,
        percent: input.percent,
        narrative: input.narrative,
        reportedBy: actor.userId,
        reportedByName: actor.displayName || actor.username,
      });
      const attachments = await insertStoredFiles(
        tx,
        actor,
        locked.task.countyId,
        taskId,
        { progressReportId: report.id },
        await storeFiles(),
      );
      await recordAudit(tx, actor, {
        action: "plan_progress_report.create",
        entityType: "plan_progress_report",
        entityId: report.id,
        organizationId: locked.organizationId,
        after: {
          taskId,
          taskNumber: locked.task.number,
          reportedOn: report.reportedOn,
          percent: report.percent,
          narrative: report.narrative,
          files: auditedFiles(attachments),
        },
      });
      return presentProgressReport(report, attachments);
    }),
  );
}

/** A task's progress reports, newest first, each with its attachments. Errors: 404; 403. */
export async function listProgressReports(db: Database, actor: Actor, taskId: number) {
  const found = await requirePlanTaskAccess(db, actor, "read", await findPlanTaskWithPath(db, taskId));
  const [reports, attachments] = await Promise.all([
    findProgressReportsOfTask(db, found.task.countyId, taskId),
    findAttachmentsOfTask(db, found.task.countyId, taskId),
  ]);
  return reports.map((report) => presentProgressReport(report, attachments));
}

function weightsProblem(message: string, code = "invalid_weights"): DomainError {
  return new DomainError(code, message, { field: "weights" });
}

/**
 * Sets how a plan's progress rolls up (issue 5 part 4): "average" of its tasks, or "weighted" by
 * task weights. `weights`, when given, replaces every weight of the plan (tasks left out get none)
 * and must give each task that is not cancelled a weight, summing to 100% (domain
 * assertWeightsSumTo100); the weighted rule needs such weights, given now or already stored. Rule and
 * weights change together with one audit entry; a refusal writes nothing.
 * Errors: 404 plan outside scope; 403 role; 422 field "weights": a task listed twice or not of this
 * plan, a task without a weight (weight_missing), a sum other than 100 (weights_not_100).
 */
export async function setProgressRule(
  db: Database,
  actor: Actor,
  planId: number,
  input: ProgressRuleInput,
): Promise<void> {
  await db.transaction(async (tx) => {
    const found = requireFound(await findPlanForUpdate(tx, planId), "plan");
    await requireAccess(tx, actor, { permission: "plan:write", kind: "plan", ids: [planId] });
    const tasks = await findTaskWeights(tx, found.countyId, planId);
    const before = {
      rule: found.progressRule,
      weights: tasks
        .filter((task) => task.weight !== null)
        .map((task) => ({ taskNumber: task.number, weight: Number(task.weight) })),
    };
    let weights = new Map(tasks.map((task) => [task.id, task.weight === null ? null : Number(task.weight)]));
    if (input.weights !== undefined) {
      const taskIds = new Set(tasks.map((task) => task.id));
      const given = new Map<number, number>();
      for (const entry of input.weights) {
        if (!taskIds.has(entry.taskId)) {
          throw weightsProblem(
            `weights：任务 ${entry.taskId} 不属于该方案 / task ${entry.taskId} is not in this plan`,
          );
        }
        if (given.has(entry.taskId)) {
          throw weightsProblem(`weights：任务 ${entry.taskId} 重复 / task ${entry.taskId} is listed twice`);
        }
        given.set(entry.taskId, entry.weight);
      }
      weights = new Map(tasks.map((task) => [task.id, given.get(task.id) ?? null]));
    }
    if (input.weights !== undefined || input.rule === "weighted") {
      assertWeightsSumTo100(
        tasks.map((task) => ({
          number: task.number,
          status: task.cancelled ? ("cancelled" as const) : ("not_started" as const),
          weight: weights.get(task.id) ?? null,
        })),
      );
    }
    await updatePlanProgressRule(tx, found.countyId, planId, input.rule);
    if (input.weights !== undefined) {
      await replaceTaskWeights(
        tx,
        found.countyId,
        planId,
        input.weights.map((entry) => ({ taskId: entry.taskId, weight: entry.weight })),
      );
    }
    const numberOf = new Map(tasks.map((task) => [task.id, task.number]));
    await recordAudit(tx, actor, {
      action: "plan.progress_rule",
      entityType: "plan",
      entityId: planId,
      organizationId: found.organizationId,
      before,
      after: {
        rule: input.rule,
        weights:
          input.weights === undefined
            ? before.weights
            : input.weights.map((entry) => ({
                taskNumber: numberOf.get(entry.taskId),
                weight: entry.weight,
              })),
      },
    });
  });
}
