import { ArrowLeftOutlined } from "@ant-design/icons";
import { DEVELOPMENT_DATE_STEPS, type DevelopmentAction } from "@tuanwu/domain";
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Row,
  Table,
  Tag,
  Timeline,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useNavigate, useParams } from "react-router";
import { isApiError } from "../../../api/errors";
import { ErrorResult } from "../../../components/ErrorResult";
import { NotFoundPage } from "../../../components/NotFoundPage";
import { PageSpinner } from "../../../components/PageSpinner";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import { parseOrganizationId } from "../../../routes/organization-routes";
import { useAbilities } from "../../auth/hooks/use-abilities";
import type { ApplicationDetail } from "../api/development-types";
import { fieldLabelKey } from "../components/ActionFormFields";
import { ApplicationActions } from "../components/ApplicationActions";
import { ApplicationDocuments } from "../components/ApplicationDocuments";
import { PrerequisitesSection } from "../components/PrerequisitesSection";
import { StateTag } from "../components/StateTag";
import { developmentPath } from "../development-paths";
import { useApplication, useTransitionApplication } from "../hooks/use-development";

/** /orgs/:orgId/development/applications/:applicationId: one application (入团申请) and its steps. */
export function ApplicationPage() {
  const params = useParams();
  const organizationId = parseOrganizationId(params.orgId);
  const applicationId = parseOrganizationId(params.applicationId);
  if (organizationId === undefined || applicationId === undefined) return <NotFoundPage />;
  return <ApplicationView organizationId={organizationId} applicationId={applicationId} />;
}

function ApplicationView({
  organizationId,
  applicationId,
}: {
  organizationId: number;
  applicationId: number;
}) {
  const t = useT();
  const navigate = useNavigate();
  const application = useApplication(applicationId);
  const transition = useTransitionApplication(applicationId);
  const abilities = useAbilities();

  if (application.isPending) return <PageSpinner />;
  if (application.isError) {
    return (
      <ErrorResult
        error={application.error}
        title={isApiError(application.error, 404) ? t("development.notFound") : undefined}
        onRetry={() => void application.refetch()}
      />
    );
  }
  const detail = application.data;
  const onTransition = (action: DevelopmentAction, payload: Record<string, unknown>) =>
    transition.mutateAsync({ action, version: detail.version, payload });

  return (
    <Flex vertical gap={16} data-testid="application-page">
      <Flex align="center" gap={12} wrap>
        <Button
          icon={<ArrowLeftOutlined />}
          onClick={() => navigate(developmentPath(organizationId))}
          data-testid="application-back"
        >
          {t("development.backToBoard")}
        </Button>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="application-name">
          {detail.name}
        </Typography.Title>
        <StateTag state={detail.state} />
        <Typography.Text type="secondary">{detail.organizationName}</Typography.Text>
        {detail.memberNumber && (
          <Tag color="green" data-testid="application-member-number">
            {t("development.memberNumber")}：{detail.memberNumber}
          </Tag>
        )}
      </Flex>
      <Card size="small" title={t("development.actions")}>
        <ApplicationActions
          availableActions={detail.availableActions.map((entry) => entry.action)}
          returnTargets={detail.returnTargets.map((entry) => entry.state)}
          memberScopeId={detail.organizationId}
          onTransition={onTransition}
          onReload={() => void application.refetch()}
        />
        <div style={{ marginTop: 12 }}>
          <ApplicationDocuments detail={detail} canWrite={abilities.can("member:write")} />
        </div>
        {detail.quota && detail.state === "branch_voted" && (
          <Typography.Paragraph
            type="secondary"
            style={{ margin: "8px 0 0" }}
            data-testid="application-quota"
          >
            {detail.quota.available === null
              ? t("development.quotaNone", { year: detail.quota.year })
              : t("development.quotaAvailable", {
                  year: detail.quota.year,
                  available: detail.quota.available,
                })}
          </Typography.Paragraph>
        )}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Flex vertical gap={16}>
            <ApplicantCard detail={detail} />
            <PointsCard detail={detail} canWrite={abilities.can("member:write")} />
          </Flex>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t("development.timeline")}>
            <ApplicationTimeline steps={detail.timeline} />
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}

function ApplicantCard({ detail }: { detail: ApplicationDetail }) {
  const t = useT();
  const labels = useLabels();
  const recorded = DEVELOPMENT_DATE_STEPS.filter((step) => detail.recorded[step.field] !== undefined);
  return (
    <Card size="small" title={t("development.applicant")}>
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: "sex", label: t("development.sex"), children: labels.sex(detail.sex) },
          { key: "citizenId", label: t("development.citizenId"), children: detail.citizenId },
          { key: "birthDate", label: t("development.birthDate"), children: detail.birthDate },
          ...recorded.map((step) => ({
            key: step.field,
            label: t(fieldLabelKey(step.field)),
            children: <span data-testid={`date-${step.field}`}>{detail.recorded[step.field]}</span>,
          })),
          ...(detail.mentors.length > 0
            ? [
                {
                  key: "mentors",
                  label: t("development.field.mentorMemberIds"),
                  children: detail.mentors.map((mentor) => mentor.name).join("、"),
                },
              ]
            : []),
          ...(detail.sponsors.length > 0
            ? [
                {
                  key: "sponsors",
                  label: t("development.field.sponsorMemberIds"),
                  children: detail.sponsors.map((sponsor) => sponsor.name).join("、"),
                },
              ]
            : []),
          ...(detail.vote
            ? [
                {
                  key: "vote",
                  label: t("development.vote"),
                  children: t("development.voteValue", {
                    votingMembers: detail.vote.votingMembers,
                    present: detail.vote.present,
                    yes: detail.vote.yes,
                  }),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

function PointsCard({ detail, canWrite }: { detail: ApplicationDetail; canWrite: boolean }) {
  const t = useT();
  const points = detail.points;
  return (
    <Card
      size="small"
      title={t("development.points")}
      extra={
        <Tag color={points.meetsThreshold ? "green" : "orange"} data-testid="application-points">
          {t("development.pointsValue", { total: points.total, threshold: points.threshold })}
        </Tag>
      }
    >
      {points.missing.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={t("development.missingTitle", { count: points.missing.length })}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {points.missing.map((failure) => (
                <li key={`${failure.field}-${failure.code}`}>{failure.message}</li>
              ))}
            </ul>
          }
          style={{ marginBottom: 12 }}
          data-testid="application-missing"
        />
      ) : (
        <Alert type="success" showIcon title={t("development.nothingMissing")} style={{ marginBottom: 12 }} />
      )}
      <Table
        size="small"
        rowKey="code"
        pagination={false}
        dataSource={points.items}
        columns={[
          { key: "label", dataIndex: "label", title: t("development.pointsItem") },
          { key: "units", dataIndex: "units", title: t("development.pointsUnits"), width: 80 },
          {
            key: "required",
            title: t("development.pointsRequired"),
            width: 80,
            render: (_, item) => item.requiredMinimum ?? "—",
          },
          { key: "points", dataIndex: "points", title: t("development.pointsPoints"), width: 80 },
          {
            key: "missing",
            width: 80,
            render: (_, item) => (item.missing ? <Tag color="orange">{t("development.missing")}</Tag> : null),
          },
        ]}
      />
      {!detail.closed && (
        <div style={{ marginTop: 12 }}>
          <PrerequisitesSection applicationId={detail.id} canWrite={canWrite} />
        </div>
      )}
    </Card>
  );
}

/** The application's steps, oldest first: what was done, when, by whom, and why for a return. */
export function ApplicationTimeline({ steps }: { steps: ApplicationDetail["timeline"] }) {
  const t = useT();
  if (steps.length === 0) return <Empty description={t("development.noSteps")} />;
  return (
    <Timeline
      data-testid="application-timeline"
      items={steps.map((step) => ({
        key: step.sequence,
        color: step.action === "reject" || step.action === "return_to_step" ? "orange" : "blue",
        title: step.occurredOn,
        content: (
          <Flex vertical gap={2} data-testid="application-step">
            <Typography.Text strong>{step.actionLabel}</Typography.Text>
            {step.summary && <Typography.Text>{step.summary}</Typography.Text>}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t("development.recordedBy", {
                actor: step.actorName,
                at: dayjs(step.recordedAt).format("YYYY-MM-DD HH:mm"),
              })}
            </Typography.Text>
          </Flex>
        ),
      }))}
    />
  );
}
