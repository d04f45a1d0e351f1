import { ArrowLeftOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Flex, Form, Timeline, Typography } from "antd";
import { useState } from "react";
import { useNavigate, useParams } from "react-router";
import { DateStringPicker, todayIso } from "../../../components/DateStringPicker";
import { DecisionModal } from "../../../components/DecisionModal";
import { ErrorResult } from "../../../components/ErrorResult";
import { FormErrorAlert } from "../../../components/FormErrorAlert";
import { showFieldErrorOf } from "../../../components/form-errors";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import type { MessageKey } from "../../../i18n/zh-CN";
import { parseOrganizationId } from "../../../routes/organization-routes";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import { annualPath } from "../annual/annual-paths";
import { RecommendationStateTag } from "./PartyRecommendationsPanel";
import {
  type PartyRecommendationDetail,
  type PartyStageName,
  type RecommendationAction,
  useRecommendationDetail,
  useRecordPartyStage,
  useTransitionRecommendation,
} from "./party-recommendation-api";

/** Actions that must say why (退回, 撤回). */
const NEEDS_REASON: readonly RecommendationAction[] = ["return", "withdraw"];

/** The engine's step buttons: only those the server lists for this user. */
function StepActions({ detail }: { detail: PartyRecommendationDetail }) {
  const t = useT();
  const transition = useTransitionRecommendation(detail.id);
  const [action, setAction] = useState<RecommendationAction | null>(null);
  if (detail.availableActions.length === 0) return null;
  return (
    <Flex gap={8} wrap>
      {detail.availableActions.map((item) => (
        <Button
          key={item.action}
          type={item.action === "approve" || item.action === "resubmit" ? "primary" : "default"}
          danger={item.action === "withdraw"}
          onClick={() => setAction(item.action)}
          data-testid={`party-rec-action-${item.action}`}
        >
          {t(`partyRec.action.${item.action}` as MessageKey)}
        </Button>
      ))}
      {action && (
        <DecisionModal
          open
          title={t(`partyRec.action.${action}` as MessageKey)}
          noteRequired={NEEDS_REASON.includes(action)}
          onClose={() => setAction(null)}
          onDecide={(note) =>
            transition.mutateAsync({
              action,
              version: detail.version ?? 1,
              ...(note ? { reason: note } : {}),
            })
          }
          data-testid="party-rec-decision"
        />
      )}
    </Flex>
  );
}

/** Records the Party's next decision (only the next stage in order; the server checks the dates). */
function StageForm({ detail, stage }: { detail: PartyRecommendationDetail; stage: PartyStageName }) {
  const t = useT();
  const [form] = Form.useForm<{ on: string }>();
  const record = useRecordPartyStage(detail.id);
  return (
    <Form
      form={form}
      layout="inline"
      initialValues={{ on: todayIso() }}
      data-testid="party-stage-form"
      onFinish={(values) =>
        record.mutate({ stage, on: values.on }, { onError: (error) => showFieldErrorOf(form, error, ["on"]) })
      }
    >
      <FormErrorAlert error={record.error} fieldNames={["on"]} style={{ marginBottom: 8, width: "100%" }} />
      <Form.Item
        name="on"
        label={t("partyRec.stageOn")}
        rules={[{ required: true, message: t("partyRec.required", { field: t("partyRec.stageOn") }) }]}
      >
        <DateStringPicker data-testid="party-stage-on" />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" loading={record.isPending} data-testid="party-stage-submit">
          {t("partyRec.recordStage", { stage: t(`partyRec.stage.${stage}` as MessageKey) })}
        </Button>
      </Form.Item>
    </Form>
  );
}

/**
 * /orgs/:orgId/party-recommendations/:recommendationId — one recommendation to the Party (推优入党),
 * the page the to-do inbox links to: the branch meeting's figures, the validity, the timeline, the
 * engine's step actions this user may take (the committee approves or returns with a reason; the
 * branch resubmits or withdraws) and, once approved, the Party's decisions recorded in order
 * (积极分子 → 发展对象 → 预备党员 → 正式党员).
 */
export function PartyRecommendationPage() {
  const t = useT();
  const navigate = useNavigate();
  const organization = useCurrentOrganization();
  const recommendationId = parseOrganizationId(useParams().recommendationId) ?? 0;
  const detail = useRecommendationDetail(recommendationId);
  if (detail.isError) return <ErrorResult error={detail.error} />;
  if (!detail.data) return <PageSpinner />;
  const data = detail.data;
  const nextStage = data.nextStage as PartyStageName | null;
  return (
    <Flex vertical gap={12} data-testid="party-recommendation-page">
      <div>
        <Button
          type="link"
          icon={<ArrowLeftOutlined />}
          onClick={() => navigate(annualPath(organization.id, "recommendation"))}
          style={{ paddingInline: 0 }}
        >
          {t("partyRec.back")}
        </Button>
      </div>
      <Flex gap={8} wrap align="center">
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t("partyRec.pageTitle", { name: data.memberName })}
        </Typography.Title>
        <RecommendationStateTag item={data} />
      </Flex>
      <Card size="small">
        <Flex vertical gap={4}>
          <Typography.Text>{data.organizationName}</Typography.Text>
          <Typography.Text>
            {t("partyRec.meeting", {
              date: data.meetingHeldOn ?? "—",
              roll: data.rollCount ?? "—",
              attendees: data.attendeesCount ?? "—",
              votes: data.votesFor ?? "—",
            })}
          </Typography.Text>
          <Typography.Text>
            {t("partyRec.application", { date: data.partyApplicationOn ?? "—" })}
          </Typography.Text>
          {data.validUntil && (
            <Typography.Text type={data.expired ? "danger" : "secondary"}>
              {t("partyRec.validUntil", { date: data.validUntil })}
              {data.expired ? ` · ${t("partyRec.expired")}` : ""}
            </Typography.Text>
          )}
        </Flex>
      </Card>
      <StepActions detail={data} />
      <Card size="small" title={t("partyRec.history")}>
        <Timeline
          data-testid="party-rec-history"
          items={data.history.map((step) => ({
            key: step.sequence,
            children: (
              <Flex vertical>
                <Typography.Text>
                  {step.occurredOn} {step.actionLabel} · {step.actorName}
                </Typography.Text>
                {step.note && <Typography.Text type="secondary">{step.note}</Typography.Text>}
              </Flex>
            ),
          }))}
        />
      </Card>
      {data.state === "recommended" && (
        <Card size="small" title={t("partyRec.stages")}>
          <Flex vertical gap={8}>
            {data.stages.length === 0 ? (
              <Typography.Text type="secondary">{t("partyRec.noStages")}</Typography.Text>
            ) : (
              <Timeline
                data-testid="party-rec-stages"
                items={data.stages.map((stage) => ({
                  key: stage.stage,
                  color: "red",
                  children: `${stage.on} ${t(`partyRec.stage.${stage.stage}` as MessageKey)}`,
                }))}
              />
            )}
            {nextStage && (
              <>
                <Alert type="info" showIcon title={t("partyRec.stageNote")} />
                <StageForm key={nextStage} detail={data} stage={nextStage} />
              </>
            )}
          </Flex>
        </Card>
      )}
    </Flex>
  );
}
