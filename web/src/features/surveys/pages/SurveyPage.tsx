import { DownloadOutlined } from "@ant-design/icons";
import type { SurveyQuestion, SurveyQuestionInput } from "@tuanwu/domain";
import { Button, Card, Col, Flex, QRCode, Row, Space, Tabs, Tag, Typography } from "antd";
import { useEffect, useState } from "react";
import { useParams } from "react-router";
import { ErrorResult } from "../../../components/ErrorResult";
import { FormErrorAlert } from "../../../components/FormErrorAlert";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import { parseOrganizationId } from "../../../routes/organization-routes";
import { ShareLink } from "../../activities/components/ShareLink";
import { useAbilities } from "../../auth/hooks/use-abilities";
import { publicSurveyPath, publicUrl } from "../../public/public-paths";
import { surveyExportUrl } from "../api/survey-queries";
import { SurveyBuilder } from "../components/SurveyBuilder";
import { SurveyResultsView } from "../components/SurveyResultsView";
import { useSurvey, useSurveyTransition, useUpdateSurvey } from "../hooks/use-surveys";
import { surveyStatusColor, surveyStatusKey } from "../survey-labels";

/**
 * /orgs/:orgId/surveys/:surveyId — a survey (issue 14 part 4): the builder while a draft, open and close,
 * the public link and its QR code, results with charts and a cross-tab, the .xlsx export.
 */
export function SurveyPage() {
  const t = useT();
  const surveyId = parseOrganizationId(useParams().surveyId);
  const abilities = useAbilities();
  const survey = useSurvey(surveyId);
  const update = useUpdateSurvey(surveyId ?? 0);
  const transition = useSurveyTransition(surveyId ?? 0);
  const [questions, setQuestions] = useState<SurveyQuestionInput[]>([]);
  const loaded = survey.data;
  useEffect(() => {
    if (loaded) setQuestions(loaded.questions as SurveyQuestionInput[]);
  }, [loaded]);
  if (survey.isPending) return <PageSpinner />;
  if (survey.isError) return <ErrorResult error={survey.error} onRetry={() => survey.refetch()} />;
  const data = survey.data;
  const writable = abilities.can("youth_home:write");
  const editable = writable && data.status === "draft";
  const link = publicUrl(publicSurveyPath(data.publicToken));
  return (
    <Flex vertical gap={16} data-testid="survey">
      <Card
        title={
          <Space>
            {data.title}
            <Tag color={surveyStatusColor(data.status)}>{t(surveyStatusKey(data.status))}</Tag>
          </Space>
        }
        extra={
          <Space>
            {writable && data.status !== "open" && (
              <Button
                type="primary"
                loading={transition.isPending}
                onClick={() => transition.mutate("open")}
                data-testid="survey-open"
              >
                {t("youth.surveys.open")}
              </Button>
            )}
            {writable && data.status === "open" && (
              <Button loading={transition.isPending} onClick={() => transition.mutate("close")}>
                {t("youth.surveys.close")}
              </Button>
            )}
            <Button icon={<DownloadOutlined />} href={surveyExportUrl(data.id)}>
              {t("youth.surveys.export")}
            </Button>
          </Space>
        }
      >
        <FormErrorAlert error={transition.error} fieldNames={[]} style={{ marginBottom: 12 }} />
        {data.description && <Typography.Paragraph>{data.description}</Typography.Paragraph>}
        <Row gutter={16} align="middle">
          <Col xs={24} md={16}>
            <Typography.Text type="secondary">{t("youth.surveys.link")}</Typography.Text>
            <ShareLink url={link} testId="survey-public-link" />
          </Col>
          <Col xs={24} md={8}>
            <QRCode value={link} size={140} />
          </Col>
        </Row>
      </Card>
      <Card size="small">
        <Tabs
          defaultActiveKey={data.status === "draft" ? "builder" : "results"}
          items={[
            {
              key: "builder",
              label: t("youth.surveys.builder"),
              children: (
                <Flex vertical gap={8}>
                  <FormErrorAlert error={update.error} fieldNames={[]} />
                  <SurveyBuilder value={questions} onChange={setQuestions} disabled={!editable} />
                  {editable && (
                    <Button
                      type="primary"
                      loading={update.isPending}
                      onClick={() =>
                        // The builder edits the input shape; the server's zod schema fills the
                        // defaults (maxSelections, scale labels, text length) the generated type lists.
                        update.mutate({ questions: questions as SurveyQuestion[] })
                      }
                      style={{ alignSelf: "flex-start" }}
                    >
                      {t("youth.surveys.save")}
                    </Button>
                  )}
                </Flex>
              ),
            },
            {
              key: "results",
              label: t("youth.surveys.results"),
              children: <SurveyResultsView surveyId={data.id} />,
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
