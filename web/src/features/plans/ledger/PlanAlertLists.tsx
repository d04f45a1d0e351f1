import { Card, Empty, Flex, Typography } from "antd";
import dayjs from "dayjs";
import { useT } from "../../../i18n/use-t";
import type { PlanTask } from "../shared/plan-types";
import { PlanTaskTable } from "./PlanTaskTable";

interface PlanAlertListsProps {
  tasks: readonly PlanTask[];
  dueSoonDays: number;
  onOpen: (task: PlanTask) => void;
}

function byDeadline(left: PlanTask, right: PlanTask): number {
  return (left.deadline ?? "").localeCompare(right.deadline ?? "") || left.number - right.number;
}

/** Overdue tasks (most overdue first) and tasks due within the window, both in red (domain.md §8). */
export function PlanAlertLists({ tasks, dueSoonDays, onOpen }: PlanAlertListsProps) {
  const t = useT();
  const today = dayjs().startOf("day");
  const overdue = tasks.filter((task) => task.status === "overdue").sort(byDeadline);
  const dueSoon = tasks.filter((task) => task.dueSoon && task.status !== "overdue").sort(byDeadline);
  const daysFrom = (task: PlanTask) => (task.deadline ? dayjs(task.deadline).diff(today, "day") : 0);

  return (
    <Flex vertical gap={12} data-testid="plan-alerts">
      <Card
        size="small"
        title={
          <Typography.Text type="danger">
            {t("ledger.overdueList", { count: overdue.length })}
          </Typography.Text>
        }
      >
        {overdue.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("ledger.noOverdue")} />
        ) : (
          <PlanTaskTable
            tasks={overdue}
            onOpen={onOpen}
            extra={{
              title: t("ledger.overdueDays"),
              render: (task) => (
                <Typography.Text type="danger">
                  {t("ledger.daysOverdue", { days: -daysFrom(task) })}
                </Typography.Text>
              ),
            }}
            data-testid="plan-overdue-list"
          />
        )}
      </Card>
      <Card
        size="small"
        title={
          <Typography.Text type="danger">
            {t("ledger.dueSoonList", { days: dueSoonDays, count: dueSoon.length })}
          </Typography.Text>
        }
      >
        {dueSoon.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("ledger.noDueSoon")} />
        ) : (
          <PlanTaskTable
            tasks={dueSoon}
            onOpen={onOpen}
            extra={{
              title: t("ledger.remainingDays"),
              render: (task) => (
                <Typography.Text type="danger">
                  {t("ledger.daysLeft", { days: daysFrom(task) })}
                </Typography.Text>
              ),
            }}
            data-testid="plan-due-soon-list"
          />
        )}
      </Card>
    </Flex>
  );
}
