import type { SurveyQuestion } from "@tuanwu/domain";
import { Alert, Card, Result, Typography } from "antd";
import { useParams } from "react-router";
import { isApiError } from "../../../api/errors";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import { PublicLayout } from "../components/PublicLayout";
import { SurveyAnswerForm } from "../components/SurveyAnswerForm";
import { deviceKey } from "../device-key";
import { useAnswerSurvey, usePublicSurvey } from "../hooks/use-public";
import { publicErrorMessage } from "../public-errors";

/**
 * /p/surveys/:token — answer a youth survey (问卷填写, issue 14 part 4) on a phone, no account: one answer
 * per device unless the survey allows more; a refused answer names the question.
 */
export function PublicSurveyPage() {
  const t = useT();
  const token = useParams().token ?? "";
  const survey = usePublicSurvey(token);
  const answer = useAnswerSurvey(token);
  if (survey.isPending) return <PageSpinner />;
  if (survey.isError) {
    return (
      <PublicLayout>
        <Result status="warning" title={publicErrorMessage(survey.error, t)} />
      </PublicLayout>
    );
  }
  const data = survey.data;
  const field = isApiError(answer.error) ? answer.error.field : undefined;
  const problemQuestion = field?.startsWith("answers.") ? field.slice("answers.".length) : undefined;
  return (
    <PublicLayout>
      <Card data-testid="public-survey">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {data.title}
        </Typography.Title>
        {data.description && <Typography.Paragraph>{data.description}</Typography.Paragraph>}
        <Typography.Text type="secondary">{t("public.survey.anonymous")}</Typography.Text>
      </Card>
      {answer.isSuccess ? (
        <Result status="success" title={t("public.survey.done")} data-testid="survey-done" />
      ) : !data.accepting ? (
        <Alert type="info" showIcon title={t("public.survey.closed")} />
      ) : (
        <>
          {answer.isError && !problemQuestion && (
            <Alert
              type="error"
              showIcon
              title={publicErrorMessage(answer.error, t)}
              data-testid="survey-error"
            />
          )}
          <SurveyAnswerForm
            questions={data.questions as SurveyQuestion[]}
            submitting={answer.isPending}
            problems={
              problemQuestion && isApiError(answer.error) ? { [problemQuestion]: answer.error.message } : {}
            }
            onSubmit={(answers) => answer.mutate({ deviceKey: deviceKey(), answers })}
          />
        </>
      )}
    </PublicLayout>
  );
}
