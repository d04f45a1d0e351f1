import { Alert, Card, Empty, Flex, Progress, Steps, Tag, Timeline, Typography } from "antd";
import { ErrorResult } from "../../../components/ErrorResult";
import { PageSpinner } from "../../../components/PageSpinner";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import type { OwnApplication } from "../api/me-queries";
import { useMyApplications } from "../hooks/use-my-pages";

/**
 * /me/application: 我的入团申请, phone first — where each application stands (the main line's steps,
 * done with their dates, the next one and who takes it), what is still missing (prerequisites and
 * points), and what happened (returns, deferrals with their reasons).
 */
export function MyApplicationPage() {
  const t = useT();
  const applications = useMyApplications();
  if (applications.isPending) return <PageSpinner />;
  if (applications.isError) {
    return <ErrorResult error={applications.error} onRetry={() => void applications.refetch()} />;
  }
  if (applications.data.length === 0) {
    return <Empty description={t("me.noApplication")} data-testid="my-application-empty" />;
  }
  return (
    <Flex vertical gap={12} data-testid="my-applications">
      {applications.data.map((application) => (
        <ApplicationProgress key={application.id} application={application} />
      ))}
    </Flex>
  );
}

function ApplicationProgress({ application }: { application: OwnApplication }) {
  const t = useT();
  const labels = useLabels();
  const done = application.steps.filter((step) => step.status === "done").length;
  const next = application.steps.find((step) => step.status === "next");
  const points = application.points;
  return (
    <Card
      size="small"
      title={
        <Flex gap={8} align="center" wrap>
          <Typography.Text strong>{application.organization.name}</Typography.Text>
        </Flex>
      }
      extra={
        <Tag color={application.closed ? "default" : "red"} data-testid="my-application-state">
          {labels.developmentState(application.state)}
        </Tag>
      }
      data-testid="my-application"
    >
      <Flex vertical gap={12}>
        <Progress percent={Math.round((done / Math.max(application.steps.length, 1)) * 100)} size="small" />
        {application.memberNumber && (
          <Alert type="success" showIcon title={t("me.memberNumber", { number: application.memberNumber })} />
        )}
        {application.pausedFromLabel && (
          <Alert type="warning" showIcon title={t("me.deferred", { step: application.pausedFromLabel })} />
        )}
        {next && (
          <Alert
            type="info"
            showIcon
            title={t("me.nextStep", { step: next.label })}
            description={next.by ? t("me.nextBy", { by: next.by }) : undefined}
            data-testid="my-application-next"
          />
        )}
        <div data-testid="my-application-missing">
          <Typography.Text strong>{t("me.missingTitle")}</Typography.Text>
          {points.missing.length === 0 ? (
            <Typography.Paragraph type="success" style={{ margin: "4px 0 0" }}>
              {t("me.nothingMissing")}
            </Typography.Paragraph>
          ) : (
            <ul style={{ margin: "4px 0 0", paddingInlineStart: 18 }}>
              {points.missing.map((message) => (
                <li key={message}>
                  <Typography.Text type="warning">{message}</Typography.Text>
                </li>
              ))}
            </ul>
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t("me.points", { total: points.total, threshold: points.threshold })}
          </Typography.Text>
        </div>
        <Steps
          orientation="vertical"
          size="small"
          current={application.steps.findIndex((step) => step.status !== "done")}
          items={application.steps.map((step) => ({
            title: step.label,
            status: step.status === "done" ? "finish" : step.status === "next" ? "process" : "wait",
            content: step.date ? `${step.dateLabel}：${step.date}` : (step.by ?? undefined),
          }))}
          data-testid="my-application-steps"
        />
        {application.timeline.some((entry) => entry.reason) && (
          <Timeline
            items={application.timeline
              .filter((entry) => entry.reason)
              .map((entry) => ({
                key: `${entry.occurredOn}-${entry.action}`,
                color: "orange",
                title: entry.occurredOn,
                content: `${entry.actionLabel}：${entry.reason}`,
              }))}
          />
        )}
      </Flex>
    </Card>
  );
}
