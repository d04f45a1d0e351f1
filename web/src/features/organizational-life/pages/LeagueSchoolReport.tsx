import { useQuery } from "@tanstack/react-query";
import { Card, Flex, InputNumber, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import type { components } from "../../../api/schema";
import { ErrorResult } from "../../../components/ErrorResult";
import { useT } from "../../../i18n/use-t";
import { todayInChina } from "../components/MeetingForm";

type LeagueSchoolReportData = components["schemas"]["LeagueSchoolReport"];
type SchoolItem = LeagueSchoolReportData["items"][number];

/** GET /organizations/{id}/league-school-report?year=. */
function useLeagueSchoolReport(organizationId: number, year: number) {
  return useQuery({
    queryKey: [...queryKeys.meetings, "league-school", organizationId, year],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/league-school-report", {
          params: { path: { id: organizationId }, query: { year } },
        }),
      ),
  });
}

/**
 * 中学团校 in the 组织生活 tab of a committee (domain.md §5: a middle school's League school holds ≥ 6
 * sessions a year; Wangcang task 18): the middle schools of the subtree with the year's session count,
 * the ones under 6 first with their shortfall. Hidden when the subtree has no middle school.
 */
export function LeagueSchoolReport({ organizationId }: { organizationId: number }) {
  const t = useT();
  const [year, setYear] = useState(Number(todayInChina().slice(0, 4)));
  const report = useLeagueSchoolReport(organizationId, year);
  if (report.isError) return <ErrorResult error={report.error} />;
  const data = report.data;
  if (data && data.schools === 0) return null;
  return (
    <Card
      size="small"
      title={t("leagueSchool.title")}
      loading={report.isLoading}
      extra={
        <InputNumber
          size="small"
          min={2000}
          max={2100}
          value={year}
          onChange={(value) => value && setYear(Number(value))}
          aria-label={t("leagueSchool.year")}
        />
      }
      data-testid="league-school-report"
    >
      {data && (
        <Flex vertical gap={8}>
          <Typography.Text type={data.underMinimum > 0 ? "warning" : "secondary"}>
            {t("leagueSchool.summary", {
              schools: data.schools,
              under: data.underMinimum,
              required: data.required,
              through: data.through,
            })}
          </Typography.Text>
          <Table<SchoolItem>
            size="small"
            rowKey="organizationId"
            dataSource={data.items}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: true }}
            columns={[
              { title: t("leagueSchool.school"), dataIndex: "name" },
              { title: t("leagueSchool.sessions"), dataIndex: "sessions", align: "right" },
              {
                title: "",
                render: (_, item) =>
                  item.met ? (
                    <Tag color="green">{t("leagueSchool.met")}</Tag>
                  ) : (
                    <Tag color="orange">{t("leagueSchool.short", { shortfall: item.shortfall })}</Tag>
                  ),
              },
              {
                title: t("leagueSchool.lastHeldOn"),
                dataIndex: "lastHeldOn",
                render: (value: string | null) => value ?? "—",
              },
              { title: t("leagueSchool.parent"), dataIndex: "parentName", responsive: ["md"] },
            ]}
          />
        </Flex>
      )}
    </Card>
  );
}
