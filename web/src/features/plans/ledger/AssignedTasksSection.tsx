import { useQuery } from "@tanstack/react-query";
import { Card, Drawer, Flex, Typography } from "antd";
import { useState } from "react";
import { ErrorResult } from "../../../components/ErrorResult";
import { useT } from "../../../i18n/use-t";
import { useCan } from "../../auth/hooks/use-me";
import { TaskProgressSection } from "../progress/TaskProgressSection";
import type { PlanTask } from "../shared/plan-types";
import { assignedPlanTasksQuery, taskProgressReportsQuery } from "./assigned-task-queries";
import { PlanTaskTable } from "./PlanTaskTable";
import { DEFAULT_DUE_SOON_DAYS } from "./use-ledger-params";

/**
 * 上级台账中本单位负责的任务: the tasks of the county's (or any higher) ledger naming this organization
 * as a responsible unit — 各乡镇 for a township, or a unit mapped to it — each opening its progress
 * history and, with plan:write, a progress report with evidence. Shown only when there are such tasks;
 * nothing else of those ledgers is shown (the server refuses the rest).
 */
export function AssignedTasksSection({ organizationId }: { organizationId: number }) {
  const t = useT();
  const assigned = useQuery(assignedPlanTasksQuery(organizationId, DEFAULT_DUE_SOON_DAYS));
  const [open, setOpen] = useState<PlanTask | null>(null);
  if (assigned.isError) return <ErrorResult error={assigned.error} onRetry={() => void assigned.refetch()} />;
  const items = assigned.data?.items ?? [];
  if (items.length === 0) return null;
  const current = open && items.flatMap((item) => item.tasks).find((task) => task.id === open.id);
  return (
    <Card size="small" title={t("assigned.title")} data-testid="assigned-plan-tasks">
      <Flex vertical gap={12}>
        {items.map((item) => (
          <Flex vertical gap={4} key={item.plan.id}>
            <Typography.Text type="secondary">
              {t("assigned.plan")}：{item.plan.title}（{item.plan.organizationName}）
            </Typography.Text>
            <PlanTaskTable tasks={item.tasks} onOpen={setOpen} />
          </Flex>
        ))}
      </Flex>
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        size="large"
        title={current ? `${current.number}. ${current.title}` : undefined}
        destroyOnHidden
        data-testid="assigned-task-drawer"
      >
        {current && <AssignedTaskProgress task={current} />}
      </Drawer>
    </Card>
  );
}

function AssignedTaskProgress({ task }: { task: PlanTask }) {
  const canWrite = useCan("plan:write");
  const reports = useQuery(taskProgressReportsQuery(task.id));
  if (reports.isError) return <ErrorResult error={reports.error} onRetry={() => void reports.refetch()} />;
  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph style={{ whiteSpace: "pre-wrap" }}>{task.text}</Typography.Paragraph>
      <TaskProgressSection task={task} reports={reports.data?.items ?? []} canWrite={canWrite} />
    </Flex>
  );
}
