import { ImportOutlined } from "@ant-design/icons";
import { Button, Empty, Flex, Table, type TableColumnsType, Typography } from "antd";
import dayjs from "dayjs";
import { Link, useNavigate } from "react-router";
import { ErrorResult } from "../../../components/ErrorResult";
import { useT } from "../../../i18n/use-t";
import { useCan } from "../../auth/hooks/use-me";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import { PlansSubNav } from "../shared/PlansSubNav";
import { planImportPath, planPath } from "../shared/plan-routes";
import type { PlanSummary } from "../shared/plan-types";
import { AssignedTasksSection } from "./AssignedTasksSection";
import { useOrganizationPlans } from "./use-plans";

/** /orgs/:orgId/plans (改革任务台账): the organization's implementation plans, newest first. */
export function PlansTab() {
  const organization = useCurrentOrganization();
  const t = useT();
  const navigate = useNavigate();
  const canWrite = useCan("plan:write");
  const plans = useOrganizationPlans(organization.id);

  const columns: TableColumnsType<PlanSummary> = [
    {
      title: t("plans.planTitle"),
      dataIndex: "title",
      render: (title: string, plan) => (
        <Link to={planPath(organization.id, plan.id)} data-testid="plan-link">
          {title}
        </Link>
      ),
    },
    { title: t("plans.taskCount"), dataIndex: "taskCount", width: 90, align: "right" },
    { title: t("plans.phaseCount"), dataIndex: "phaseCount", width: 90, align: "right" },
    {
      title: t("plans.sourceFile"),
      dataIndex: "sourceFileName",
      render: (name: string | null) => name ?? "—",
    },
    {
      title: t("plans.importedAt"),
      dataIndex: "importedAt",
      width: 170,
      render: (at: string) => dayjs(at).format("YYYY-MM-DD HH:mm"),
    },
    {
      title: t("plans.importedBy"),
      dataIndex: "importedByName",
      width: 120,
      render: (name: string | null) => name ?? "—",
    },
  ];

  return (
    <Flex vertical gap={12} data-testid="plans-list">
      <Flex justify="space-between" align="center">
        <Flex gap={12} align="center">
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t("plans.title")}
          </Typography.Title>
          <PlansSubNav organizationId={organization.id} current="plans" />
        </Flex>
        {canWrite && (
          <Button
            type="primary"
            icon={<ImportOutlined />}
            onClick={() => navigate(planImportPath(organization.id))}
            data-testid="plan-import-button"
          >
            {t("plans.import")}
          </Button>
        )}
      </Flex>
      {plans.isError ? (
        <ErrorResult error={plans.error} onRetry={() => void plans.refetch()} />
      ) : (
        <Table<PlanSummary>
          size="small"
          rowKey="id"
          loading={plans.isPending}
          columns={columns}
          dataSource={plans.data}
          pagination={false}
          locale={{ emptyText: <Empty description={t("plans.empty")} /> }}
        />
      )}
      <AssignedTasksSection organizationId={organization.id} />
    </Flex>
  );
}
