import { ArrowLeftOutlined } from "@ant-design/icons";
import { Badge, Button, Flex, Tabs, Typography } from "antd";
import { useNavigate, useParams } from "react-router";
import { isApiError } from "../../../api/errors";
import { ErrorResult } from "../../../components/ErrorResult";
import { NotFoundPage } from "../../../components/NotFoundPage";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import { PlanExportButtons } from "../export/PlanExportButtons";
import { PlanProgressCard } from "../progress/PlanProgressCard";
import { parsePlanId, plansPath } from "../shared/plan-routes";
import type { PlanTask } from "../shared/plan-types";
import { PlanTargetsView } from "../targets/PlanTargetsView";
import { PlanUnitsView } from "../units/PlanUnitsView";
import { PlanAlertLists } from "./PlanAlertLists";
import { PlanGroupedTasks } from "./PlanGroupedTasks";
import { PlanLedgerHeader } from "./PlanLedgerHeader";
import { PlanLevelTargetsTable } from "./PlanLevelTargetsTable";
import { PlanTaskDrawer } from "./PlanTaskDrawer";
import { PlanWallChart } from "./PlanWallChart";
import { type LedgerView, useLedgerParams } from "./use-ledger-params";
import { usePlan } from "./use-plans";

/** /orgs/:orgId/plans/:planId[?view=&dueSoon=&task=]: a plan's task ledger (改革任务台账). */
export function PlanLedgerPage() {
  const planId = parsePlanId(useParams().planId);
  if (planId === undefined) return <NotFoundPage />;
  return <PlanLedger planId={planId} />;
}

function PlanLedger({ planId }: { planId: number }) {
  const organization = useCurrentOrganization();
  const t = useT();
  const navigate = useNavigate();
  const [params, setParams] = useLedgerParams();
  const plan = usePlan(planId, params.dueSoonDays);

  if (plan.isPending) return <PageSpinner />;
  if (plan.isError) {
    return (
      <ErrorResult
        error={plan.error}
        title={isApiError(plan.error, 404) ? t("plans.notFound") : undefined}
        onRetry={() => void plan.refetch()}
      />
    );
  }

  const open = (task: PlanTask) => setParams({ taskId: task.id });
  const openTask = plan.data.tasks.find((task) => task.id === params.taskId);
  const alertCount = (plan.data.statusCounts.overdue ?? 0) + plan.data.dueSoonCount;
  const views: { key: LedgerView; label: React.ReactNode; children: React.ReactNode }[] = [
    ...(["area", "unit", "phase"] as const).map((groupBy) => ({
      key: groupBy,
      label: t(`ledger.view.${groupBy}`),
      children: (
        <PlanGroupedTasks planId={planId} groupBy={groupBy} dueSoonDays={params.dueSoonDays} onOpen={open} />
      ),
    })),
    {
      key: "chart",
      label: t("ledger.view.chart"),
      children: <PlanWallChart phases={plan.data.phases} tasks={plan.data.tasks} onOpen={open} />,
    },
    {
      key: "alerts",
      label: (
        <Badge count={alertCount} size="small" offset={[8, -2]}>
          {t("ledger.view.alerts")}
        </Badge>
      ),
      children: <PlanAlertLists tasks={plan.data.tasks} dueSoonDays={params.dueSoonDays} onOpen={open} />,
    },
    { key: "targets", label: t("ledger.view.targets"), children: <PlanTargetsView planId={planId} /> },
    { key: "units", label: t("ledger.view.units"), children: <PlanUnitsView planId={planId} /> },
  ];

  return (
    <Flex vertical gap={12} data-testid="plan-ledger">
      <Flex gap={8} align="center" wrap>
        <Button
          type="text"
          icon={<ArrowLeftOutlined />}
          onClick={() => navigate(plansPath(organization.id))}
          aria-label={t("plans.back")}
        />
        <Typography.Title level={5} style={{ margin: 0 }} data-testid="plan-title">
          {plan.data.title}
        </Typography.Title>
        {plan.data.sourceFileName && (
          <Typography.Text type="secondary">（{plan.data.sourceFileName}）</Typography.Text>
        )}
        <div style={{ flex: 1 }} />
        <PlanExportButtons planId={planId} dueSoonDays={params.dueSoonDays} />
      </Flex>
      <PlanProgressCard plan={plan.data} />
      <PlanLevelTargetsTable targets={plan.data.planTargets} />
      <PlanLedgerHeader
        plan={plan.data}
        dueSoonDays={params.dueSoonDays}
        onDueSoonDaysChange={(dueSoonDays) => setParams({ dueSoonDays })}
      />
      <Tabs
        activeKey={params.view}
        onChange={(key) => setParams({ view: key as LedgerView })}
        items={views}
        destroyOnHidden
        data-testid="plan-ledger-views"
      />
      <PlanTaskDrawer task={openTask} onClose={() => setParams({ taskId: undefined })} />
    </Flex>
  );
}
