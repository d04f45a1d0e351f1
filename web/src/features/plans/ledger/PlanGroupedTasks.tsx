import { Collapse, Flex, Tag } from "antd";
import { ErrorResult } from "../../../components/ErrorResult";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import type { PlanTask, PlanTaskGrouping } from "../shared/plan-types";
import { usePlanLabels } from "../shared/use-plan-labels";
import { PlanTaskTable } from "./PlanTaskTable";
import { usePlanTaskGroups } from "./use-plans";

interface PlanGroupedTasksProps {
  planId: number;
  groupBy: PlanTaskGrouping;
  dueSoonDays: number;
  onOpen: (task: PlanTask) => void;
}

/** The ledger's list view by area, unit (a task under each of its units) or phase, all groups open. */
export function PlanGroupedTasks({ planId, groupBy, dueSoonDays, onOpen }: PlanGroupedTasksProps) {
  const t = useT();
  const labels = usePlanLabels();
  const groups = usePlanTaskGroups(planId, groupBy, dueSoonDays);
  if (groups.isPending) return <PageSpinner />;
  if (groups.isError) return <ErrorResult error={groups.error} onRetry={() => void groups.refetch()} />;
  return (
    <Collapse
      data-testid={`plan-groups-${groupBy}`}
      defaultActiveKey={groups.data.groups.map((group) => group.key)}
      key={`${groupBy}-${groups.data.groups.length}`}
      items={groups.data.groups.map((group) => {
        const late = group.tasks.filter((task) => task.status === "overdue").length;
        const soon = group.tasks.filter((task) => task.dueSoon && task.status !== "overdue").length;
        return {
          key: group.key,
          label: (
            <Flex gap={8} align="center" wrap>
              <span>{group.key}</span>
              <Tag>{t("plans.taskCountValue", { count: group.tasks.length })}</Tag>
              {late > 0 && <Tag color="red">{`${labels.status("overdue")} ${late}`}</Tag>}
              {soon > 0 && <Tag color="red" variant="outlined">{`${t("plans.dueSoon")} ${soon}`}</Tag>}
            </Flex>
          ),
          children: <PlanTaskTable tasks={group.tasks} onOpen={onOpen} />,
        };
      })}
    />
  );
}
