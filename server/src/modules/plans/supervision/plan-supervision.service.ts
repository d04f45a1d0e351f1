import { assertNotInFuture, assertTaskAccepts, type SupervisionKind } from "@tuanwu/domain";
import { countyOfLedgerRecord } from "../../../db/county";
import type { Database } from "../../../db/database";
import { requireAccess, requireFound } from "../../access/access.service";
import { recordAudit } from "../../audit/audit.service";
import type { Actor } from "../../auth/actor";
import { findPlanTaskWithPath } from "../ledger/plan.repository";
import { getPlan, type LedgerView } from "../ledger/plan.service";
import type { PlanTaskView } from "../ledger/plan-ledger";
import { findLatestReports } from "../progress/plan-progress.repository";
import type { SupervisionInput } from "../progress/plan-progress.schemas";
import {
  countSupervisions,
  findSupervisionsOfTask,
  insertSupervision,
  type SupervisionRecord,
} from "./plan-supervision.repository";

/** A supervision record (督导) as the API shows it. */
export function presentSupervision(row: SupervisionRecord) {
  return {
    id: row.id,
    taskId: row.taskId,
    kind: row.kind as SupervisionKind,
    subject: row.subject,
    note: row.note,
    occurredOn: row.occurredOn,
    recordedByName: row.recordedByName,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Records a supervision of a lagging task (督导, domain.md §8 "reminders and talks for laggards"):
 * a reminder 提醒 or a talk 约谈, with whom, a note and the date it happened (not after today). One
 * transaction with the audit entry. Source: issue 5 part 4.
 * Errors: 404 outside scope; 403 role; 422 date_in_future (field "occurredOn"), task_cancelled.
 */
export async function recordSupervision(
  db: Database,
  actor: Actor,
  taskId: number,
  input: SupervisionInput,
  today: string,
) {
  const found = requireFound(await findPlanTaskWithPath(db, taskId), "plan_task");
  await requireAccess(db, actor, { permission: "plan:write", kind: "plan_task", ids: [taskId] });
  assertNotInFuture(input.occurredOn, today, "occurredOn");
  assertTaskAccepts(found.task, "supervision");
  return db.transaction(async (tx) => {
    const locked = requireFound(await findPlanTaskWithPath(tx, taskId, true), "plan_task");
    await requireAccess(tx, actor, { permission: "plan:write", kind: "plan_task", ids: [taskId] });
    assertTaskAccepts(locked.task, "supervision");
    const row = await insertSupervision(tx, {
      countyId: locked.task.countyId,
      taskId,
      kind: input.kind,
      subject: input.subject,
      note: input.note,
      occurredOn: input.occurredOn,
      recordedBy: actor.userId,
      recordedByName: actor.displayName || actor.username,
    });
    await recordAudit(tx, actor, {
      action: "plan_supervision.create",
      entityType: "plan_supervision",
      entityId: row.id,
      organizationId: locked.organizationId,
      after: { taskId, taskNumber: locked.task.number, ...input },
    });
    return presentSupervision(row);
  });
}

/** A task's supervision records, newest first. Errors: 404; 403. */
export async function listSupervisions(db: Database, actor: Actor, taskId: number) {
  await requireAccess(db, actor, { permission: "plan:read", kind: "plan_task", ids: [taskId] });
  const countyId = await countyOfLedgerRecord(db, "plan_task", taskId);
  return (await findSupervisionsOfTask(db, countyId, taskId)).map(presentSupervision);
}

/**
 * The supervision list (督导清单) of a plan: its overdue tasks and the tasks due within
 * `view.dueSoonDays`, each by deadline (earliest first), with its latest progress report and how
 * many supervision records it has (and the latest one's date). Errors: 404 outside scope; 403 role.
 */
export async function listLaggards(db: Database, actor: Actor, planId: number, view: LedgerView) {
  const { tasks } = await getPlan(db, actor, planId, view);
  const lagging = tasks.filter((task) => task.status === "overdue" || task.dueSoon);
  const taskIds = lagging.map((task) => task.id);
  const countyId = await countyOfLedgerRecord(db, "plan", planId);
  const [reports, supervisions] = await Promise.all([
    findLatestReports(db, countyId, taskIds),
    countSupervisions(db, countyId, taskIds),
  ]);
  const byDeadline = (a: PlanTaskView, b: PlanTaskView) =>
    (a.deadline ?? "").localeCompare(b.deadline ?? "") || a.number - b.number;
  const entry = (task: PlanTaskView) => ({
    task,
    latestReport: reports.get(task.id) ?? null,
    supervisionCount: supervisions.get(task.id)?.count ?? 0,
    lastSupervisedOn: supervisions.get(task.id)?.lastOn ?? null,
  });
  return {
    dueSoonDays: view.dueSoonDays,
    overdue: lagging
      .filter((task) => task.status === "overdue")
      .sort(byDeadline)
      .map(entry),
    dueSoon: lagging
      .filter((task) => task.dueSoon)
      .sort(byDeadline)
      .map(entry),
  };
}
