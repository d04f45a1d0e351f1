import { Tag } from "antd";
import { useT } from "../../../i18n/use-t";
import { STATUS_TAG_COLORS } from "./plan-status";
import type { PlanTask } from "./plan-types";
import { usePlanLabels } from "./use-plan-labels";

/** A task's derived status; overdue in red, and a red "due soon" tag beside an open task near its deadline. */
export function PlanStatusTag({ task }: { task: Pick<PlanTask, "status" | "dueSoon"> }) {
  const labels = usePlanLabels();
  const t = useT();
  return (
    <>
      <Tag color={STATUS_TAG_COLORS[task.status]} data-testid="plan-task-status">
        {labels.status(task.status)}
      </Tag>
      {task.dueSoon && task.status !== "overdue" && (
        <Tag color="red" variant="outlined" data-testid="plan-task-due-soon">
          {t("plans.dueSoon")}
        </Tag>
      )}
    </>
  );
}
