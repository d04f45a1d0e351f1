import type { CrossTabTable, QuestionResult } from "@tuanwu/domain";
import { Card, Empty, Flex, Select, Statistic, Table, Typography } from "antd";
import { useState } from "react";
import { Chart } from "../../../components/Chart";
import { ErrorResult } from "../../../components/ErrorResult";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import { useSurveyResults } from "../hooks/use-surveys";
import { barChartHeight, countBarOption, crossTabOption } from "../survey-chart-options";
import { barsOf, crossTabChartOf } from "../survey-result-bars";

/**
 * A survey's results (问卷结果, issue 14 part 4): responses, a bar chart per choice or scale question (with
 * the scale's mean), text answers counted (the texts are in the export), and cross-tabs by a single-choice
 * question (?by=): one chart and table per other question.
 */
export function SurveyResultsView({ surveyId }: { surveyId: number }) {
  const t = useT();
  const [by, setBy] = useState<string>();
  const [tableId, setTableId] = useState<string>();
  const results = useSurveyResults(surveyId, by);
  if (results.isPending) return <PageSpinner />;
  if (results.isError) return <ErrorResult error={results.error} onRetry={() => results.refetch()} />;
  const data = results.data;
  const questions = data.questions as QuestionResult[];
  const tables = (data.crossTab?.tables ?? []) as CrossTabTable[];
  const table = tables.find((each) => each.questionId === tableId) ?? tables[0];
  return (
    <Flex vertical gap={12} data-testid="survey-results">
      <Statistic
        title={t("youth.surveys.responses")}
        value={data.responseCount}
        data-testid="survey-results-count"
      />
      {data.responseCount === 0 && <Empty />}
      {questions.map((question, index) => {
        const bars = barsOf(question);
        return (
          <Card key={question.questionId} size="small" title={`${index + 1}. ${question.title}`}>
            {question.kind === "text" ? (
              <Typography.Text type="secondary">
                {t("youth.surveys.textAnswers", { count: question.answered })}
              </Typography.Text>
            ) : (
              <>
                {question.kind === "scale" && question.mean !== null && (
                  <Typography.Text strong>
                    {t("youth.surveys.mean", { mean: question.mean.toFixed(2) })}
                  </Typography.Text>
                )}
                <Chart option={countBarOption(bars)} height={barChartHeight(bars.length)} />
              </>
            )}
          </Card>
        );
      })}
      <Card size="small" title={t("youth.surveys.crossTab")}>
        <Flex gap={8} wrap style={{ marginBottom: 8 }}>
          <Select
            allowClear
            style={{ minWidth: 220 }}
            placeholder={t("youth.surveys.crossBy")}
            value={by}
            onChange={(value) => {
              setBy(value);
              setTableId(undefined);
            }}
            options={questions
              .filter((question) => question.kind === "single_choice")
              .map((question) => ({ value: question.questionId, label: question.title }))}
            data-testid="survey-cross-by"
          />
          {tables.length > 0 && (
            <Select
              style={{ minWidth: 220 }}
              value={table?.questionId}
              onChange={setTableId}
              options={tables.map((each) => ({ value: each.questionId, label: each.title }))}
            />
          )}
        </Flex>
        {table ? (
          <Flex vertical gap={8}>
            <Chart option={crossTabOption(crossTabChartOf(table))} height={360} />
            <Table
              size="small"
              pagination={false}
              rowKey={(row) => row.byOptionId ?? "none"}
              dataSource={table.rows}
              scroll={{ x: true }}
              columns={[
                { title: data.crossTab?.by.title, dataIndex: "label" },
                { title: t("youth.surveys.responses"), dataIndex: "respondents", align: "right" },
                ...table.columns.map((column, index) => ({
                  title: column.label,
                  key: column.id,
                  align: "right" as const,
                  render: (_: unknown, row: CrossTabTable["rows"][number]) => row.counts[index] ?? 0,
                })),
              ]}
            />
          </Flex>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        )}
      </Card>
    </Flex>
  );
}
