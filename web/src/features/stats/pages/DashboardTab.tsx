import { Col, Flex, Row, Typography } from "antd";
import { ErrorResult } from "../../../components/ErrorResult";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import { CompletenessSection } from "../../organizations/components/CompletenessSection";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import { AgePyramidChart } from "../components/AgePyramidChart";
import { ChildrenRankChart } from "../components/ChildrenRankChart";
import { DistributionCharts } from "../components/DistributionCharts";
import { KpiCards } from "../components/KpiCards";
import { SectorChart } from "../components/SectorChart";
import { useStats } from "../hooks/use-stats";

/** 统计: the figures of the organization's subtree (GET /organizations/{id}/stats), with 信息完整率 and 录入率. */
export function DashboardTab() {
  const organization = useCurrentOrganization();
  const t = useT();
  const stats = useStats(organization.id);

  if (stats.isPending) return <PageSpinner />;
  if (stats.isError) return <ErrorResult error={stats.error} onRetry={() => void stats.refetch()} />;

  return (
    <Flex vertical gap={16} data-testid="dashboard">
      <Typography.Text type="secondary">{t("dashboard.asOf", { date: stats.data.asOf })}</Typography.Text>
      <KpiCards stats={stats.data} />
      <CompletenessSection organizationId={organization.id} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <SectorChart stats={stats.data} />
        </Col>
        <Col xs={24} xl={12}>
          <AgePyramidChart stats={stats.data} />
        </Col>
      </Row>
      <ChildrenRankChart stats={stats.data} />
      <DistributionCharts stats={stats.data} />
    </Flex>
  );
}
