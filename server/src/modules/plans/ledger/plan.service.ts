import { compareIsoDates, DomainError, sharedHeadingDepth } from "@tuanwu/domain";
import { countyOfOrganization } from "../../../db/county";
import type { Database } from "../../../db/database";
import { requireAccess, requireFound } from "../../access/access.service";
import { recordAudit } from "../../audit/audit.service";
import type { Actor } from "../../auth/actor";
import { type PlanReadOptions, readPlanDocumentWith, TABLE_UNMAPPED_MESSAGE } from "../import/plan-document";
import { findLatestReports, findPlanProgressRule } from "../progress/plan-progress.repository";
import { rollUpLedgerProgress } from "../progress/plan-progress-rollup";
import { fillPlanUnits } from "../units/plan-unit.service";
import {
  findPlanLevelTargets,
  findPlanPhases,
  findPlanSummary,
  findPlansOfOrganization,
  findPlanTasks,
  findPlanTaskWithPath,
  findTargetsOfTasks,
  insertPlan,
  type NewTarget,
  updatePlanTaskColumns,
} from "./plan.repository";
import type {
  ParsedPlanInput,
  ParsedTargetInput,
  PlanTaskGrouping,
  UpdatePlanTaskInput,
} from "./plan.schemas";
import { countStatuses, groupTasks, type PlanTaskView, toTaskView } from "./plan-ledger";

/** The message of a preview in which no task was recognised (import refuses such a plan). */
export const NO_TASKS_MESSAGE =
  "未识别出任何编号任务，无法导入；请检查文件是否为实施方案 / no recognisable tasks: this plan cannot be imported";

/** As of when statuses are derived, and how many days ahead count as due soon. */
export interface LedgerView {
  today: string;
  dueSoonDays: number;
}

/**
 * Reads a plan document (.docx, .pdf, .xlsx, .csv, .txt, .md; the type from the bytes) and parses it
 * with the domain's plan parser and task-table reader, as `options` (the wizard's marker or column
 * choice) say. Nothing is written. `message` says why the result cannot be imported (no tasks; a
 * table whose columns could not be mapped), else null; `review` says when the reading is doubtful;
 * `table` is the task table used (or the one to map).
 * Errors: 400 (field "file") empty, binary, image renamed .docx, unreadable Word/Excel/PDF, password,
 * scanned PDF without text; 400 (field "columns") a mapping that does not fit the table.
 */
export async function parsePlanDocument(bytes: Buffer, fileName: string, options: PlanReadOptions = {}) {
  const { plan, table } = await readPlanDocumentWith(bytes, fileName, options);
  const unmapped = plan.tasks.length === 0 && table !== null && table.mapping === null;
  const message = plan.tasks.length > 0 ? null : unmapped ? TABLE_UNMAPPED_MESSAGE : NO_TASKS_MESSAGE;
  // The cover letter and attachments are only shown: their first 2,000 characters are enough.
  const excluded = plan.excluded.map((part) => ({ kind: part.kind, text: part.text.slice(0, 2_000) }));
  return { ...plan, excluded, fileName, message, table };
}

/**
 * Saves a parsed (and possibly corrected) plan as the organization's plan: the plan, its phases, its
 * tasks (units, lead unit, deadline, heading path) and their targets, and its plan-level targets
 * (总体目标, `parsed.targets`), in one transaction, audited. Nothing is written when it is refused.
 * Errors: 404 organization outside scope; 403 role; 422 no_tasks (field "tasks").
 */
export async function importPlan(
  db: Database,
  actor: Actor,
  organizationId: number,
  parsed: ParsedPlanInput,
  sourceFileName: string | null,
): Promise<number> {
  await requireAccess(db, actor, { permission: "plan:write", kind: "organization", ids: [organizationId] });
  if (parsed.tasks.length === 0) {
    throw new DomainError("no_tasks", NO_TASKS_MESSAGE, { field: "tasks", status: 422 });
  }
  const numbers = parsed.tasks.map((task) => task.number);
  const repeated = numbers.find((number, index) => numbers.indexOf(number) !== index);
  if (repeated !== undefined) {
    throw new DomainError(
      "duplicate_task_number",
      `tasks：任务编号 ${repeated} 重复 / task number repeated`,
      {
        field: "tasks",
        status: 422,
      },
    );
  }
  const title = parsed.title.trim() || sourceFileName?.replace(/\.[^.]+$/, "") || "实施方案";
  const countyId = await countyOfOrganization(db, organizationId);
  return db.transaction(async (tx) => {
    const id = await insertPlan(tx, {
      organizationId,
      countyId,
      title,
      sourceFileName,
      importedBy: actor.userId,
      phases: parsed.phases.map((phase) => ({ name: phase.name, startsOn: phase.start, endsOn: phase.end })),
      tasks: parsed.tasks.map((task) => ({
        number: task.number,
        title: task.title,
        text: task.text,
        path: task.path,
        deadline: task.deadline,
        deadlineText: task.deadlineText,
        leadUnit: task.leadUnit ?? task.units[0] ?? null,
        units: task.units,
        targets: task.targets.map(toNewTarget),
      })),
      planTargets: (parsed.targets ?? []).map(toNewTarget),
    });
    await fillPlanUnits(tx, countyId, id, organizationId, parsed.tasks);
    await recordAudit(tx, actor, {
      action: "plan.import",
      entityType: "plan",
      entityId: id,
      organizationId,
      after: {
        title,
        sourceFileName,
        tasks: parsed.tasks.length,
        phases: parsed.phases.length,
        planTargets: parsed.targets?.length ?? 0,
      },
    });
    return id;
  });
}

function toNewTarget(target: ParsedTargetInput): NewTarget {
  return {
    dueOn: target.date,
    value: String(target.value),
    unit: target.unit === "" ? null : target.unit,
    text: target.text,
  };
}

/** The plans of an organization, newest first. Errors: 404 outside scope; 403 role. */
export async function listPlans(db: Database, actor: Actor, organizationId: number) {
  await requireAccess(db, actor, { permission: "plan:read", kind: "organization", ids: [organizationId] });
  const countyId = await countyOfOrganization(db, organizationId);
  return (await findPlansOfOrganization(db, organizationId, countyId)).map(toSummary);
}

function toSummary(row: NonNullable<Awaited<ReturnType<typeof findPlanSummary>>>) {
  const { organizationPath: _path, countyId: _county, importedAt, taskCount, phaseCount, ...rest } = row;
  return {
    ...rest,
    importedAt: importedAt.toISOString(),
    taskCount: Number(taskCount),
    phaseCount: Number(phaseCount),
  };
}

async function loadLedger(db: Database, actor: Actor, planId: number, view: LedgerView) {
  const summary = requireFound(await findPlanSummary(db, planId), "plan");
  await requireAccess(db, actor, { permission: "plan:read", kind: "plan", ids: [planId] });
  const countyId = summary.countyId;
  const phases = await findPlanPhases(db, countyId, planId);
  const tasks = await findPlanTasks(db, countyId, planId);
  const taskIds = tasks.map((task) => task.id);
  const targets = await findTargetsOfTasks(db, countyId, taskIds);
  const latestReports = await findLatestReports(db, countyId, taskIds);
  const sharedDepth = sharedHeadingDepth(tasks.map((task) => task.path));
  const views = tasks.map((task) =>
    toTaskView(
      task,
      targets.filter((target) => target.taskId === task.id),
      phases,
      view.today,
      view.dueSoonDays,
      latestReports.get(task.id)?.percent ?? null,
      sharedDepth,
    ),
  );
  return { summary, phases, tasks: views };
}

/**
 * A plan with its phases, its plan-level targets (总体目标) and tasks, each task's status derived from its dates as of `view.today`
 * (overdue, due soon within `view.dueSoonDays`) and its latest reported percent, and the plan's
 * progress rolled up by its rule (plan-progress-rollup). Errors: 404 outside scope; 403 role.
 */
export async function getPlan(db: Database, actor: Actor, planId: number, view: LedgerView) {
  const { summary, phases, tasks } = await loadLedger(db, actor, planId, view);
  const planTargets = await findPlanLevelTargets(db, summary.countyId, planId);
  return {
    ...toSummary(summary),
    phases: phases.map(({ id, position, name, startsOn, endsOn }) => ({
      id,
      position,
      name,
      startsOn,
      endsOn,
    })),
    tasks,
    planTargets: planTargets.map(({ id, position, dueOn, value, unit, text }) => ({
      id,
      position,
      dueOn,
      value: value === null ? null : Number(value),
      unit,
      text,
    })),
    statusCounts: countStatuses(tasks),
    dueSoonCount: tasks.filter((task) => task.dueSoon).length,
    progress: rollUpLedgerProgress(
      (await findPlanProgressRule(db, summary.countyId, planId)) === "weighted" ? "weighted" : "average",
      tasks,
    ),
  };
}

/** A plan's tasks grouped by area, unit or phase (see plan-ledger groupTasks). Errors: 404; 403. */
export async function listPlanTaskGroups(
  db: Database,
  actor: Actor,
  planId: number,
  groupBy: PlanTaskGrouping,
  view: LedgerView,
): Promise<{ groupBy: PlanTaskGrouping; groups: { key: string; tasks: PlanTaskView[] }[] }> {
  const { phases, tasks } = await loadLedger(db, actor, planId, view);
  return { groupBy, groups: groupTasks(tasks, groupBy, phases) };
}

/**
 * Sets a task's person responsible (责任到人) and the dates work started and was done (null clears),
 * or cancels it (cancelled: true — left out of the plan's progress; false restores it); the status
 * follows from them. Audited with before and after.
 * Errors: 404 outside scope; 403 role; 422 date_in_future (startedOn/doneOn after today),
 * done_before_start (doneOn before startedOn).
 */
export async function updatePlanTask(
  db: Database,
  actor: Actor,
  taskId: number,
  input: UpdatePlanTaskInput,
  today: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const found = requireFound(await findPlanTaskWithPath(tx, taskId, true), "plan_task");
    await requireAccess(tx, actor, { permission: "plan:write", kind: "plan_task", ids: [taskId] });
    const before = found.task;
    for (const field of ["startedOn", "doneOn"] as const) {
      const value = input[field];
      if (value && compareIsoDates(value, today) > 0) {
        throw new DomainError("date_in_future", `${field}：不能晚于今天 / cannot be after today`, { field });
      }
    }
    const startedOn = input.startedOn === undefined ? before.startedOn : input.startedOn;
    const doneOn = input.doneOn === undefined ? before.doneOn : input.doneOn;
    if (startedOn && doneOn && compareIsoDates(doneOn, startedOn) < 0) {
      throw new DomainError(
        "done_before_start",
        "doneOn：完成日期不能早于开始日期 / done before it started",
        {
          field: "doneOn",
        },
      );
    }
    const after = await updatePlanTaskColumns(tx, found.task.countyId, taskId, input);
    await recordAudit(tx, actor, {
      action: "plan_task.update",
      entityType: "plan_task",
      entityId: taskId,
      organizationId: found.organizationId,
      before: {
        ownerName: before.ownerName,
        startedOn: before.startedOn,
        doneOn: before.doneOn,
        cancelled: before.cancelled,
      },
      after: {
        ownerName: after?.ownerName,
        startedOn: after?.startedOn,
        doneOn: after?.doneOn,
        cancelled: after?.cancelled,
      },
    });
  });
}

/** One task as the ledger shows it (after an update). Errors: 404; 403. */
export async function getPlanTask(db: Database, actor: Actor, taskId: number, view: LedgerView) {
  const found = requireFound(await findPlanTaskWithPath(db, taskId), "plan_task");
  await requireAccess(db, actor, { permission: "plan:read", kind: "plan_task", ids: [taskId] });
  const { tasks } = await loadLedger(db, actor, found.task.planId, view);
  const task = tasks.find((candidate) => candidate.id === taskId);
  if (!task) throw new Error("task vanished");
  return task;
}
