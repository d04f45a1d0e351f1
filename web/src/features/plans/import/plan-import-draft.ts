import type { MessageKey } from "../../../i18n/zh-CN";
import type { ParsedPlanTask, PlanImportBody, PlanPreview } from "../shared/plan-types";

/** The preview as the user corrects it before confirming: what POST /organizations/{id}/plans takes. */
export type PlanImportDraft = PlanImportBody & { tasks: ParsedPlanTask[] };

/** The task fields the preview lets the user correct in place. */
export type EditableTaskField = "title" | "units" | "deadline" | "deadlineText";

export function draftOfPreview(preview: PlanPreview): PlanImportDraft {
  return {
    title: preview.title,
    phases: preview.phases,
    tasks: preview.tasks,
    unplaced: preview.unplaced,
    sourceFileName: preview.fileName,
  };
}

/** A task with one field corrected; the first unit leads, and a deadline set by hand is no longer flagged. */
export function correctTask<Field extends EditableTaskField>(
  task: ParsedPlanTask,
  field: Field,
  value: ParsedPlanTask[Field],
): ParsedPlanTask {
  const next: ParsedPlanTask = { ...task, [field]: value };
  if (field === "units") next.leadUnit = next.units[0] ?? null;
  if (field === "deadline") next.deadlineFlagged = next.deadline === null;
  return next;
}

/** The body to send: titles and units trimmed, empty deadline text as null. */
export function importBodyOf(draft: PlanImportDraft): PlanImportBody {
  return {
    ...draft,
    title: draft.title.trim(),
    tasks: draft.tasks.map((task) => {
      const units = task.units.map((unit) => unit.trim()).filter((unit) => unit !== "");
      return {
        ...task,
        title: task.title.trim(),
        units,
        leadUnit: units[0] ?? null,
        deadlineText: task.deadlineText?.trim() || null,
      };
    }),
  };
}

/** Where a server error points in the draft: "title", or a task's field ("tasks.3.deadline"). */
export interface DraftFieldError {
  /** Index into draft.tasks, when the error is about a task. */
  taskIndex: number | undefined;
  /** The field's name, e.g. "deadline" or "title". */
  name: string;
}

export function draftFieldOf(field: string | undefined): DraftFieldError | undefined {
  if (!field) return undefined;
  const parts = field.split(".");
  if (parts[0] === "tasks" && parts[1] !== undefined && /^\d+$/.test(parts[1])) {
    return { taskIndex: Number(parts[1]), name: parts[2] ?? "tasks" };
  }
  return { taskIndex: undefined, name: parts.at(-1) ?? field };
}

/** The label of a field of the import body, for error messages. */
export const IMPORT_FIELD_LABELS: Readonly<Record<string, MessageKey>> = {
  title: "plans.task",
  units: "plans.units",
  leadUnit: "plans.units",
  deadline: "plans.deadline",
  deadlineText: "plans.deadlineText",
  targets: "plans.targets",
  phases: "plans.phases",
};
