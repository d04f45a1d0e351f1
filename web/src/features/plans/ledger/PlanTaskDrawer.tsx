import { Descriptions, Divider, Drawer, Flex, List, Tabs, Typography } from "antd";
import { useState } from "react";
import { ErrorResult } from "../../../components/ErrorResult";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import { useCan } from "../../auth/hooks/use-me";
import { TaskCloseOutSection } from "../close-out/TaskCloseOutSection";
import { TaskProgressSection } from "../progress/TaskProgressSection";
import { DeadlineCell } from "../shared/DeadlineCell";
import { PlanStatusTag } from "../shared/PlanStatusTag";
import type { PlanTask } from "../shared/plan-types";
import { UnitTags } from "../shared/UnitTags";
import { usePlanTaskDetail } from "../shared/use-plan-task";
import { TaskSupervisionSection } from "../supervision/TaskSupervisionSection";
import { TaskAssignForm } from "./TaskAssignForm";

type DrawerTab = "overview" | "progress" | "closeOut" | "supervision";

interface PlanTaskDrawerProps {
  /** The open task; undefined closes the drawer. */
  task: PlanTask | undefined;
  onClose: () => void;
}

/**
 * A task of the ledger, in tabs: its details (where it sits in the plan, units with the lead first,
 * deadline, phase, targets, status; with plan:write the person responsible and the dates, 责任到人),
 * progress reports (信息报送), close-outs (销号) and supervision records (督导).
 */
export function PlanTaskDrawer({ task, onClose }: PlanTaskDrawerProps) {
  const t = useT();
  const canWrite = useCan("plan:write");
  const [tab, setTab] = useState<DrawerTab>("overview");
  const detail = usePlanTaskDetail(task?.id);
  const current = detail.data?.task ?? task;
  const tracking = (render: (data: NonNullable<typeof detail.data>) => React.ReactNode) =>
    detail.isPending ? (
      <PageSpinner />
    ) : detail.isError ? (
      <ErrorResult error={detail.error} onRetry={() => void detail.refetch()} />
    ) : (
      render(detail.data)
    );
  return (
    <Drawer
      open={task !== undefined}
      onClose={onClose}
      size={720}
      title={current ? `${t("task.drawerTitle", { number: current.number })}　${current.title}` : undefined}
      destroyOnHidden
      afterOpenChange={(open) => !open && setTab("overview")}
      data-testid="plan-task-drawer"
    >
      {current && (
        <Tabs
          activeKey={tab}
          onChange={(key) => setTab(key as DrawerTab)}
          items={[
            {
              key: "overview",
              label: t("tracking.tab.overview"),
              children: <TaskOverview task={current} canWrite={canWrite} />,
            },
            {
              key: "progress",
              label: t("tracking.tab.progress", { count: detail.data?.progressReports.length ?? 0 }),
              children: tracking((data) => (
                <TaskProgressSection task={data.task} reports={data.progressReports} canWrite={canWrite} />
              )),
            },
            {
              key: "closeOut",
              label: t("tracking.tab.closeOut"),
              children: tracking((data) => (
                <TaskCloseOutSection
                  task={data.task}
                  closeOuts={data.closeOuts}
                  canSubmit={data.canSubmitCloseOut}
                />
              )),
            },
            {
              key: "supervision",
              label: t("tracking.tab.supervision", { count: detail.data?.supervisions.length ?? 0 }),
              children: tracking((data) => (
                <TaskSupervisionSection
                  task={data.task}
                  supervisions={data.supervisions}
                  canWrite={canWrite}
                />
              )),
            },
          ]}
          data-testid="plan-task-tabs"
        />
      )}
    </Drawer>
  );
}

function TaskOverview({ task, canWrite }: { task: PlanTask; canWrite: boolean }) {
  const t = useT();
  return (
    <Flex vertical gap={12}>
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t("plans.status")} span={2}>
          <PlanStatusTag task={task} />
        </Descriptions.Item>
        <Descriptions.Item label={t("plans.path")} span={2}>
          {task.path.join(" › ") || "—"}
        </Descriptions.Item>
        <Descriptions.Item label={t("plans.units")} span={2}>
          <UnitTags units={task.units} leadUnit={task.leadUnit} />
        </Descriptions.Item>
        <Descriptions.Item label={t("plans.deadline")}>
          <DeadlineCell deadline={task.deadline} deadlineText={task.deadlineText} />
        </Descriptions.Item>
        <Descriptions.Item label={t("plans.phase")}>{task.phase ?? "—"}</Descriptions.Item>
        <Descriptions.Item label={t("plans.owner")}>{task.ownerName ?? t("plans.noOwner")}</Descriptions.Item>
        <Descriptions.Item label={t("plans.startedOn")}>{task.startedOn ?? "—"}</Descriptions.Item>
        <Descriptions.Item label={t("plans.doneOn")}>{task.doneOn ?? "—"}</Descriptions.Item>
        <Descriptions.Item label={t("plans.closedOutOn")}>{task.closedOutOn ?? "—"}</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t("task.text")}
      </Typography.Title>
      <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }} data-testid="plan-task-text">
        {task.text}
      </Typography.Paragraph>
      {task.targets.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{t("plans.targets")}</Typography.Text>}
          dataSource={task.targets}
          renderItem={(target) => (
            <List.Item>
              <Typography.Text>
                {target.dueOn ?? "—"}：{target.value ?? ""}
                {target.unit ?? ""}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {target.text}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
      {canWrite && (
        <>
          <Divider titlePlacement="start" style={{ margin: "4px 0" }}>
            {t("task.assign")}
          </Divider>
          <TaskAssignForm
            key={`${task.id}-${task.ownerName}-${task.startedOn}-${task.doneOn}-${task.cancelled}`}
            task={task}
          />
        </>
      )}
    </Flex>
  );
}
