import { Card, Empty, Flex, Segmented, Table, type TableColumnsType, Typography } from "antd";
import { useMemo, useState } from "react";
import { Link } from "react-router";
import { Chart, type ChartOption } from "../../../components/Chart";
import { ErrorResult } from "../../../components/ErrorResult";
import { useT } from "../../../i18n/use-t";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import { DEFAULT_DUE_SOON_DAYS } from "../ledger/use-ledger-params";
import { hasCountiesToCompare, PlansSubNav } from "../shared/PlansSubNav";
import { planPath } from "../shared/plan-routes";
import { STATUS_COLORS } from "../shared/plan-status";
import type { PlanComparisonEntry, PlanComparisonSort } from "../shared/plan-types";
import { usePlanLabels } from "../shared/use-plan-labels";
import { usePlanComparison } from "./use-plan-comparison";

const SORTS: readonly PlanComparisonSort[] = ["progress", "overdue", "closeOutRate", "evaluationScore"];

function measureOf(entry: PlanComparisonEntry, sort: PlanComparisonSort): number | null {
  if (sort === "progress") return entry.progress;
  if (sort === "overdue") return entry.overdueCount;
  if (sort === "closeOutRate") return entry.closeOutRate;
  return entry.evaluationScore;
}

const percent = (value: number | null) => (value === null ? "—" : `${value}%`);

/**
 * /orgs/:orgId/plans/compare (city view): each county's latest plan side by side — progress, overdue,
 * due soon, close-out rate, evaluation score — ranked by the chosen measure, with a bar chart.
 */
export function PlanComparisonPage() {
  const organization = useCurrentOrganization();
  const t = useT();
  const labels = usePlanLabels();
  const [sort, setSort] = useState<PlanComparisonSort>("progress");
  const comparison = usePlanComparison(organization.id, sort, DEFAULT_DUE_SOON_DAYS);
  const items = comparison.data?.items ?? [];

  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
      xAxis: {
        type: "category",
        data: items.map((entry) => entry.organizationName),
        axisLabel: { interval: 0, rotate: items.length > 6 ? 30 : 0 },
      },
      yAxis: { type: "value", max: sort === "overdue" ? undefined : 100 },
      series: [
        {
          type: "bar",
          name: t(`comparison.sort.${sort}`),
          data: items.map((entry) => measureOf(entry, sort)),
          itemStyle: { color: sort === "overdue" ? STATUS_COLORS.overdue : STATUS_COLORS.in_progress },
          label: { show: true, position: "top" },
        },
      ],
    }),
    [items, sort, t],
  );

  const columns: TableColumnsType<PlanComparisonEntry> = [
    {
      title: t("comparison.rank"),
      dataIndex: "rank",
      width: 64,
      render: (rank: number | null) => rank ?? "—",
    },
    { title: t("comparison.county"), dataIndex: "organizationName", width: 140 },
    {
      title: t("plans.planTitle"),
      dataIndex: "planTitle",
      render: (title: string, entry) => (
        <Link to={planPath(entry.organizationId, entry.planId)}>{title}</Link>
      ),
    },
    {
      title: t("plans.taskCount"),
      dataIndex: "taskCount",
      width: 80,
      sorter: (a, b) => a.taskCount - b.taskCount,
    },
    {
      title: t("comparison.sort.progress"),
      dataIndex: "progress",
      width: 110,
      sorter: (a, b) => (a.progress ?? -1) - (b.progress ?? -1),
      render: (value: number | null, entry) => (
        <span title={entry.progressProblem ?? labels.progressRule(entry.progressRule)}>{percent(value)}</span>
      ),
    },
    {
      title: t("comparison.sort.overdue"),
      dataIndex: "overdueCount",
      width: 90,
      sorter: (a, b) => a.overdueCount - b.overdueCount,
      render: (count: number) => (
        <Typography.Text type={count > 0 ? "danger" : undefined}>{count}</Typography.Text>
      ),
    },
    {
      title: t("plans.dueSoon"),
      dataIndex: "dueSoonCount",
      width: 90,
      sorter: (a, b) => a.dueSoonCount - b.dueSoonCount,
      render: (count: number) => (
        <Typography.Text type={count > 0 ? "danger" : undefined}>{count}</Typography.Text>
      ),
    },
    {
      title: t("comparison.sort.closeOutRate"),
      dataIndex: "closeOutRate",
      width: 100,
      sorter: (a, b) => (a.closeOutRate ?? -1) - (b.closeOutRate ?? -1),
      render: percent,
    },
    {
      title: t("comparison.sort.evaluationScore"),
      dataIndex: "evaluationScore",
      width: 110,
      sorter: (a, b) => (a.evaluationScore ?? -1) - (b.evaluationScore ?? -1),
      render: (score: number | null, entry) =>
        score === null ? "—" : <span title={entry.evaluationRound?.name}>{score.toFixed(1)}</span>,
    },
  ];

  return (
    <Flex vertical gap={12} data-testid="plan-comparison">
      <Flex gap={12} align="center" wrap>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t("plans.title")}
        </Typography.Title>
        <PlansSubNav organizationId={organization.id} current="compare" />
      </Flex>
      <Flex gap={8} align="center" wrap>
        <Typography.Text>{t("comparison.rankBy")}</Typography.Text>
        <Segmented<PlanComparisonSort>
          value={sort}
          onChange={setSort}
          options={SORTS.map((value) => ({ value, label: t(`comparison.sort.${value}`) }))}
          data-testid="plan-comparison-sort"
        />
      </Flex>
      {!hasCountiesToCompare(organization) ? (
        <Empty description={t("comparison.notEnough")} data-testid="plan-comparison-not-enough" />
      ) : comparison.isError ? (
        <ErrorResult error={comparison.error} onRetry={() => void comparison.refetch()} />
      ) : items.length === 0 && !comparison.isPending ? (
        <Empty description={t("comparison.none")} />
      ) : (
        <>
          <Card size="small">
            <Chart option={option} height={280} />
          </Card>
          <Table<PlanComparisonEntry>
            size="small"
            rowKey="planId"
            loading={comparison.isFetching}
            columns={columns}
            dataSource={items}
            pagination={false}
            data-testid="plan-comparison-table"
          />
        </>
      )}
    </Flex>
  );
}
