import { Progress, Table, type TableColumnsType, Typography } from "antd";
import { useT } from "../../../i18n/use-t";
import { DeadlineCell } from "../shared/DeadlineCell";
import { PlanStatusTag } from "../shared/PlanStatusTag";
import type { PlanTask } from "../shared/plan-types";
import { UnitTags } from "../shared/UnitTags";

interface PlanTaskTableProps {
  tasks: readonly PlanTask[];
  onOpen: (task: PlanTask) => void;
  /** Extra column after the deadline, e.g. days overdue on the alert lists. */
  extra?: { title: string; render: (task: PlanTask) => React.ReactNode };
  loading?: boolean;
  "data-testid"?: string;
}

/**
 * Tasks of the ledger: number, title (with its headings), units, deadline, person responsible, and on
 * the right, fixed so they stay in view at 1440 px with the organization tree open, the latest reported
 * progress (信息报送 percent) and the status.
 */
export function PlanTaskTable({ tasks, onOpen, extra, loading, ...rest }: PlanTaskTableProps) {
  const t = useT();
  const columns: TableColumnsType<PlanTask> = [
    { title: t("plans.number"), dataIndex: "number", width: 64, fixed: "left" },
    {
      title: t("plans.task"),
      key: "title",
      width: 320,
      render: (_, task) => (
        <>
          <Typography.Link onClick={() => onOpen(task)} data-testid="plan-task-open">
            {task.title}
          </Typography.Link>
          {task.path.length > 1 && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {task.path.slice(1).join(" › ")}
              </Typography.Text>
            </div>
          )}
        </>
      ),
    },
    {
      title: t("plans.units"),
      key: "units",
      width: 200,
      render: (_, task) => <UnitTags units={task.units} leadUnit={task.leadUnit} />,
    },
    {
      title: t("plans.deadline"),
      key: "deadline",
      width: 120,
      render: (_, task) => <DeadlineCell deadline={task.deadline} deadlineText={task.deadlineText} />,
    },
    ...(extra
      ? [
          {
            title: extra.title,
            key: "extra",
            width: 110,
            render: (_: unknown, task: PlanTask) => extra.render(task),
          },
        ]
      : []),
    {
      title: t("plans.owner"),
      dataIndex: "ownerName",
      width: 100,
      render: (name: string | null) =>
        name ?? <Typography.Text type="secondary">{t("plans.noOwner")}</Typography.Text>,
    },
    {
      title: t("ledger.progress"),
      key: "progress",
      width: 120,
      fixed: "right",
      render: (_, task) =>
        task.latestPercent === null ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <Progress percent={task.latestPercent} size="small" data-testid="plan-task-percent" />
        ),
    },
    {
      title: t("plans.status"),
      key: "status",
      width: 120,
      fixed: "right",
      render: (_, task) => <PlanStatusTag task={task} />,
    },
  ];
  return (
    <Table<PlanTask>
      size="small"
      rowKey="id"
      columns={columns}
      dataSource={tasks as PlanTask[]}
      loading={loading}
      pagination={false}
      scroll={{ x: 1100 }}
      onRow={(task) => ({ "data-task-number": task.number }) as React.HTMLAttributes<HTMLElement>}
      data-testid={rest["data-testid"]}
    />
  );
}
