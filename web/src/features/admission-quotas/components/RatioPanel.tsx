import { Alert, Card, Flex, Progress, Table, Tag, Typography } from "antd";
import { ErrorResult } from "../../../components/ErrorResult";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import type { GradeRatio, SchoolRatio } from "../api/quota-queries";
import { useLeagueRatios } from "../hooks/use-quotas";

/** A ratio as a bar (red above its cap); "未填报" when the denominator was not entered. */
function RatioBar({ ratio, exceedsCap }: { ratio: number | null; exceedsCap?: boolean | null }) {
  const t = useT();
  if (ratio === null) return <Typography.Text type="secondary">{t("ratios.notEntered")}</Typography.Text>;
  return (
    <Progress
      percent={Math.min(ratio, 100)}
      format={() => `${ratio}%`}
      status={exceedsCap ? "exception" : "normal"}
      size="small"
      style={{ minWidth: 140 }}
    />
  );
}

function CapTag({ cap, exceedsCap }: { cap: number | null; exceedsCap: boolean | null }) {
  if (cap === null) return <>—</>;
  return <Tag color={exceedsCap ? "red" : "default"}>≤ {cap}%</Tag>;
}

/** A school's levels, grades and graduating classes against their caps. */
function SchoolGrades({ school }: { school: SchoolRatio }) {
  const t = useT();
  const rows = [
    ...school.graduating,
    ...school.grades.filter((grade) => !grade.graduating),
    ...school.levels,
  ];
  return (
    <Flex vertical gap={4}>
      {school.notes.map((note) => (
        <Typography.Text key={note} type="secondary">
          {note}
        </Typography.Text>
      ))}
      <Table<GradeRatio>
        size="small"
        rowKey={(row) => `${row.level}-${row.grade ?? "all"}-${row.graduating}`}
        pagination={false}
        dataSource={rows}
        columns={[
          {
            key: "label",
            title: t("ratios.scope"),
            render: (_, row) => (
              <Flex gap={4}>
                {row.label}
                {row.graduating && <Tag color="blue">{t("ratios.graduating")}</Tag>}
              </Flex>
            ),
          },
          { key: "members", title: t("ratios.members"), dataIndex: "members", width: 90 },
          { key: "students", title: t("ratios.students"), dataIndex: "students", width: 100 },
          {
            key: "ratio",
            title: t("ratios.ratio"),
            render: (_, row) => <RatioBar ratio={row.ratio} exceedsCap={row.exceedsCap} />,
          },
          {
            key: "cap",
            title: t("ratios.cap"),
            width: 90,
            render: (_, row) => <CapTag cap={row.cap} exceedsCap={row.exceedsCap} />,
          },
        ]}
      />
    </Flex>
  );
}

/**
 * 团学比 / 团青比: per school (expand for its levels, grades and graduating classes against the caps:
 * junior-high graduating classes ≤ 30%, senior high ≤ 60%) and 团青比 against 30% — computed on the
 * server from the live counters and the entered data.
 */
export function RatioPanel({ organizationId, year }: { organizationId: number; year: number }) {
  const t = useT();
  const ratios = useLeagueRatios(organizationId, year);
  return (
    <Card size="small" title={t("ratios.title")} data-testid="ratio-panel">
      {ratios.isPending ? (
        <PageSpinner />
      ) : ratios.isError ? (
        <ErrorResult error={ratios.error} onRetry={() => void ratios.refetch()} />
      ) : (
        <Flex vertical gap={12}>
          <Alert
            type={ratios.data.youthRatio.exceedsCap ? "error" : "info"}
            showIcon
            title={t("ratios.youth", {
              ratio:
                ratios.data.youthRatio.ratio === null
                  ? t("ratios.notEntered")
                  : `${ratios.data.youthRatio.ratio}%`,
              cap: ratios.data.youthRatio.cap,
            })}
            description={ratios.data.youthRatio.note ?? undefined}
            data-testid="ratio-youth"
          />
          <Typography.Text type={ratios.data.graduatingAboveCap > 0 ? "danger" : "secondary"}>
            {t("ratios.summary", {
              asOf: ratios.data.asOf,
              above: ratios.data.graduatingAboveCap,
              missing: ratios.data.schoolsWithoutEnrollment,
            })}
          </Typography.Text>
          <Table<SchoolRatio>
            size="small"
            rowKey="organizationId"
            pagination={false}
            dataSource={ratios.data.schools}
            locale={{ emptyText: t("ratios.noSchools") }}
            expandable={{ expandedRowRender: (school) => <SchoolGrades school={school} /> }}
            columns={[
              { key: "name", title: t("ratios.school"), dataIndex: "organizationName" },
              { key: "members", title: t("ratios.members"), dataIndex: "members", width: 90 },
              {
                key: "students",
                title: t("ratios.students"),
                width: 100,
                render: (_, school) => school.students ?? "—",
              },
              {
                key: "ratio",
                title: t("ratios.ratio"),
                render: (_, school) => (
                  <RatioBar
                    ratio={school.ratio}
                    exceedsCap={school.graduating.some((graduating) => graduating.exceedsCap)}
                  />
                ),
              },
            ]}
            data-testid="ratio-schools"
          />
        </Flex>
      )}
    </Card>
  );
}
