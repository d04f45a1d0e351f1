import { Alert, Card, Progress, Table, Tag, Typography } from "antd";
import { ErrorResult } from "../../../components/ErrorResult";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import type { LeagueRatio } from "../api/quota-queries";
import { useLeagueRatios } from "../hooks/use-quotas";

/** A ratio as a bar against its cap (red above it); "未填报" when the denominator was not entered. */
function RatioBar({ ratio }: { ratio: LeagueRatio }) {
  const t = useT();
  if (ratio.ratio === null)
    return <Typography.Text type="secondary">{t("ratios.notEntered")}</Typography.Text>;
  return (
    <Progress
      percent={Math.min(ratio.ratio, 100)}
      format={() => `${ratio.ratio}%`}
      status={ratio.overCap ? "exception" : "normal"}
      success={ratio.cap === null ? undefined : { percent: 0 }}
      size="small"
      style={{ minWidth: 140 }}
    />
  );
}

/**
 * 团学比 / 团青比: per school, grade and graduating class against the caps (junior-high graduating
 * classes ≤ 30%, senior high ≤ 60%), and the county's 团青比 against 30% — computed on the server from
 * the counters and the entered data.
 */
export function RatioPanel({ organizationId, year }: { organizationId: number; year: number }) {
  const t = useT();
  const ratios = useLeagueRatios(organizationId, year);
  const columns = [
    { key: "label", title: t("ratios.scope"), dataIndex: "label" },
    { key: "members", title: t("ratios.members"), dataIndex: "members", width: 90 },
    {
      key: "denominator",
      title: t("ratios.denominator"),
      width: 110,
      render: (_: unknown, row: LeagueRatio) => row.denominator ?? "—",
    },
    {
      key: "ratio",
      title: t("ratios.ratio"),
      render: (_: unknown, row: LeagueRatio) => <RatioBar ratio={row} />,
    },
    {
      key: "cap",
      title: t("ratios.cap"),
      width: 110,
      render: (_: unknown, row: LeagueRatio) =>
        row.cap === null ? "—" : <Tag color={row.overCap ? "red" : "default"}>≤ {row.cap}%</Tag>,
    },
  ];
  return (
    <Card size="small" title={t("ratios.title")} data-testid="ratio-panel">
      {ratios.isPending ? (
        <PageSpinner />
      ) : ratios.isError ? (
        <ErrorResult error={ratios.error} onRetry={() => void ratios.refetch()} />
      ) : (
        <>
          {ratios.data.youth && (
            <Alert
              type={ratios.data.youth.overCap ? "error" : "info"}
              showIcon
              style={{ marginBottom: 12 }}
              title={t("ratios.youth", {
                ratio: ratios.data.youth.ratio === null ? "—" : `${ratios.data.youth.ratio}%`,
                cap: ratios.data.youth.cap ?? 30,
              })}
              data-testid="ratio-youth"
            />
          )}
          <Table<LeagueRatio & { organizationId: number; grades: LeagueRatio[] }>
            size="small"
            rowKey="organizationId"
            pagination={false}
            dataSource={ratios.data.schools}
            columns={columns}
            locale={{ emptyText: t("ratios.noSchools") }}
            expandable={{
              rowExpandable: (row) => row.grades.length > 0,
              expandedRowRender: (row) => (
                <Table<LeagueRatio>
                  size="small"
                  rowKey="label"
                  pagination={false}
                  dataSource={row.grades}
                  columns={columns}
                />
              ),
            }}
            data-testid="ratio-schools"
          />
        </>
      )}
    </Card>
  );
}
