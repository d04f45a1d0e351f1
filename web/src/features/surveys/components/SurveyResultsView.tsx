import { Card, Empty, Flex, Select, Statistic, Typography } from "antd";
import { useState } from "react";
import { Chart } from "../../../components/Chart";
import { ErrorResult } from "../../../components/ErrorResult";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import type { SurveyResults } from "../api/survey-queries";
import { useSurveyResults } from "../hooks/use-surveys";
import {
  barChartHeight,
  type CountBar,
  type CrossTab,
  countBarOption,
  crossTabOption,
} from "../survey-chart-options";

type QuestionResult = SurveyResults["questions"][number];

/** The bars of one question's result: its options' counts, or a scale's points. */
export function barsOf(question: QuestionResult): CountBar[] {
  return (question.counts ?? []).map((count) => ({ label: count.label, count: count.count }));
}

/** The cross-tab of the results (when asked `by` a question) as chart input. */
export function crossTabOf(results: SurveyResults): CrossTab | null {
  const crossTab = results.crossTab;
  if (!crossTab) return null;
  return {
    categories: crossTab.columns.map((column) => column.label),
    groups: crossTab.rows.map((row) => ({ label: row.label, counts: row.counts })),
  };
}

/**
 * A survey's results (问卷结果, issue 14 part 4): responses, a bar chart per choice or scale question (with
 * the scale's mean), text answers counted, and a cross-tab of one question against another (?by=).
 */
export function SurveyResultsView({ surveyId }: { surveyId: number }) {
  const t = useT();
  const [by, setBy] = useState<string>();
  const [crossOf, setCrossOf] = useState<string>();
  const results = useSurveyResults(surveyId, by);
  if (results.isPending) return <PageSpinner />;
  if (results.isError) return <ErrorResult error={results.error} onRetry={() => results.refetch()} />;
  const data = results.data;
  const choiceQuestions = data.questions.filter((question) => question.kind !== "text");
  const crossTab = crossTabOf(data);
  return (
    <Flex vertical gap={12} data-testid="survey-results">
      <Statistic
        title={t("youth.surveys.responses")}
        value={data.responseCount}
        data-testid="survey-results-count"
      />
      {data.responseCount === 0 && <Empty />}
      {data.questions.map((question, index) => (
        <Card key={question.id} size="small" title={`${index + 1}. ${question.title}`}>
          {question.kind === "text" ? (
            <Typography.Text type="secondary">
              {t("youth.surveys.textAnswers", { count: question.answered })}
            </Typography.Text>
          ) : (
            <>
              {question.kind === "scale" && question.mean !== null && question.mean !== undefined && (
                <Typography.Text strong>
                  {t("youth.surveys.mean", { mean: question.mean.toFixed(2) })}
                </Typography.Text>
              )}
              <Chart
                option={countBarOption(barsOf(question))}
                height={barChartHeight(barsOf(question).length)}
              />
            </>
          )}
        </Card>
      ))}
      <Card size="small" title={t("youth.surveys.crossTab")}>
        <Flex gap={8} wrap style={{ marginBottom: 8 }}>
          <Select
            allowClear
            style={{ minWidth: 220 }}
            placeholder={t("youth.surveys.crossBy")}
            value={by}
            onChange={setBy}
            options={choiceQuestions.map((question) => ({ value: question.id, label: question.title }))}
            data-testid="survey-cross-by"
          />
          <Select
            allowClear
            style={{ minWidth: 220 }}
            placeholder={t("youth.surveys.question")}
            value={crossOf}
            onChange={setCrossOf}
            options={choiceQuestions
              .filter((question) => question.id !== by)
              .map((question) => ({ value: question.id, label: question.title }))}
          />
        </Flex>
        {crossTab && crossOf ? (
          <Chart option={crossTabOption(selectCrossTab(data, crossOf) ?? crossTab)} height={360} />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        )}
      </Card>
    </Flex>
  );
}

/** The cross-tab of question `questionId` against the `by` question, from the results' cross-tab. */
export function selectCrossTab(results: SurveyResults, questionId: string): CrossTab | null {
  const crossTab = results.crossTab;
  if (!crossTab) return null;
  const table = crossTab.tables?.find((each) => each.questionId === questionId);
  if (!table) return null;
  return {
    categories: table.columns.map((column) => column.label),
    groups: table.rows.map((row) => ({ label: row.label, counts: row.counts })),
  };
}
