import { Alert, Button, Card, Flex, Form, InputNumber, List, Modal, Tag, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { DateStringPicker } from "../../../components/DateStringPicker";
import { ErrorResult } from "../../../components/ErrorResult";
import { FormErrorAlert } from "../../../components/FormErrorAlert";
import { showFieldErrorOf } from "../../../components/form-errors";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import type { MessageKey } from "../../../i18n/zh-CN";
import { useAbilities } from "../../auth/hooks/use-abilities";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import {
  type EligibleMember,
  type NewRecommendation,
  type PartyRecommendation,
  partyRecommendationPath,
  useCreateRecommendation,
  useEligible,
  useRecommendations,
} from "./party-recommendation-api";

const FORM_FIELDS = [
  "partyApplicationOn",
  "meetingHeldOn",
  "rollCount",
  "attendeesCount",
  "votesFor",
] as const;
type FormValues = Omit<NewRecommendation, "memberId">;

/** The state tag of a recommendation (its engine state, expiry, or the Party stage reached). */
export function RecommendationStateTag({ item }: { item: PartyRecommendation }) {
  const t = useT();
  if (item.partyStage) return <Tag color="red">{t(`partyRec.stage.${item.partyStage}` as MessageKey)}</Tag>;
  if (item.expired) return <Tag>{t("partyRec.expired")}</Tag>;
  const color =
    item.state === "recommended"
      ? "green"
      : item.state === "returned"
        ? "orange"
        : item.state === "withdrawn"
          ? "default"
          : "blue";
  return (
    <Tag color={color}>{t(`partyRec.state.${item.state ?? "awaiting_committee_review"}` as MessageKey)}</Tag>
  );
}

/** The branch meeting's recommendation of one member (a modal form; 400s show on the field named). */
function RecommendForm({
  member,
  rollCount,
  onClose,
}: {
  member: EligibleMember;
  rollCount: number;
  onClose: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateRecommendation();
  const required = (field: MessageKey) => [
    { required: true, message: t("partyRec.required", { field: t(field) }) },
  ];
  return (
    <Modal
      open
      title={t("partyRec.formTitle", { name: member.name })}
      okText={t("partyRec.submit")}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <FormErrorAlert error={create.error} fieldNames={FORM_FIELDS} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ rollCount }}
        data-testid="recommend-form"
        onFinish={(values) =>
          create.mutate(
            { ...values, memberId: member.memberId },
            { onSuccess: onClose, onError: (error) => showFieldErrorOf(form, error, FORM_FIELDS) },
          )
        }
      >
        <Form.Item
          name="partyApplicationOn"
          label={t("partyRec.partyApplicationOn")}
          rules={required("partyRec.partyApplicationOn")}
        >
          <DateStringPicker data-testid="recommend-application" />
        </Form.Item>
        <Form.Item
          name="meetingHeldOn"
          label={t("partyRec.meetingHeldOn")}
          rules={required("partyRec.meetingHeldOn")}
        >
          <DateStringPicker data-testid="recommend-meeting" />
        </Form.Item>
        <Flex gap={8} wrap>
          <Form.Item name="rollCount" label={t("partyRec.rollCount")} rules={required("partyRec.rollCount")}>
            <InputNumber min={1} precision={0} style={{ width: 96 }} data-testid="recommend-roll" />
          </Form.Item>
          <Form.Item
            name="attendeesCount"
            label={t("partyRec.attendeesCount")}
            rules={required("partyRec.attendeesCount")}
          >
            <InputNumber min={0} precision={0} style={{ width: 96 }} data-testid="recommend-attendees" />
          </Form.Item>
          <Form.Item name="votesFor" label={t("partyRec.votesFor")} rules={required("partyRec.votesFor")}>
            <InputNumber min={0} precision={0} style={{ width: 96 }} data-testid="recommend-votes" />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}

/** A branch's members with age, League years and the reasons they may not be recommended yet. */
function EligibleMembers({ branchId, canWrite }: { branchId: number; canWrite: boolean }) {
  const t = useT();
  const eligible = useEligible(branchId);
  const [chosen, setChosen] = useState<EligibleMember | null>(null);
  if (eligible.isError) return <ErrorResult error={eligible.error} />;
  if (!eligible.data) return <PageSpinner />;
  return (
    <Card size="small" title={t("partyRec.eligibleTitle")}>
      <List
        data-testid="party-rec-eligible"
        dataSource={eligible.data}
        renderItem={(member) => (
          <List.Item
            key={member.memberId}
            data-testid={`party-rec-member-${member.memberId}`}
            actions={
              canWrite && member.eligible
                ? [
                    <Button
                      key="recommend"
                      size="small"
                      type="primary"
                      onClick={() => setChosen(member)}
                      data-testid={`party-rec-recommend-${member.memberId}`}
                    >
                      {t("partyRec.recommend")}
                    </Button>,
                  ]
                : []
            }
          >
            <Flex vertical gap={2} style={{ minWidth: 0 }}>
              <Flex gap={6} wrap align="center">
                <Typography.Text strong>{member.name}</Typography.Text>
                {member.age !== null && (
                  <Typography.Text type="secondary">{t("partyRec.age", { age: member.age })}</Typography.Text>
                )}
                {member.leagueYears !== null && (
                  <Typography.Text type="secondary">
                    {t("partyRec.leagueYears", { years: member.leagueYears })}
                  </Typography.Text>
                )}
                <Tag color={member.eligible ? "green" : "default"}>
                  {member.eligible ? t("partyRec.eligible") : t("partyRec.notEligible")}
                </Tag>
              </Flex>
              {member.problems.map((problem) => (
                <Typography.Text key={problem} type="secondary" style={{ fontSize: 12 }}>
                  {problem}
                </Typography.Text>
              ))}
            </Flex>
          </List.Item>
        )}
      />
      {chosen && (
        <RecommendForm member={chosen} rollCount={eligible.data.length} onClose={() => setChosen(null)} />
      )}
    </Card>
  );
}

/**
 * 推优入党 (issue 12 part 5) in the 年度工作 tab: the rules; for a branch, its members with their
 * eligibility and the form that records the branch meeting's recommendation (sent to the committee
 * above); for any organization, the recommendations of its subtree with their states, each opening its
 * page (/orgs/:orgId/party-recommendations/:recommendationId). Phone-sized first (lists, not tables).
 */
export function PartyRecommendationsPanel({ organizationId }: { organizationId: number }) {
  const t = useT();
  const organization = useCurrentOrganization();
  const canWrite = useAbilities().can("member:write");
  const isBranch = organization.id === organizationId && organization.kind === "branch";
  const recommendations = useRecommendations(organizationId);
  return (
    <Flex vertical gap={12} data-testid="party-recommendations-panel">
      <Alert type="info" showIcon title={t("partyRec.rules")} />
      {isBranch ? (
        <EligibleMembers branchId={organizationId} canWrite={canWrite} />
      ) : (
        <Typography.Text type="secondary">{t("partyRec.eligibleHint")}</Typography.Text>
      )}
      <Card size="small" title={t("partyRec.listTitle")}>
        {recommendations.isError ? (
          <ErrorResult error={recommendations.error} />
        ) : (
          <List
            data-testid="party-rec-list"
            loading={recommendations.isLoading}
            locale={{ emptyText: t("partyRec.empty") }}
            dataSource={recommendations.data?.items ?? []}
            renderItem={(item) => (
              <List.Item key={item.id} data-testid={`party-rec-item-${item.id}`}>
                <Flex vertical gap={2} style={{ minWidth: 0, width: "100%" }}>
                  <Flex gap={6} wrap align="center" justify="space-between">
                    <Link to={partyRecommendationPath(organizationId, item.id)}>{item.memberName}</Link>
                    <RecommendationStateTag item={item} />
                  </Flex>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {item.organizationName} · {item.meetingHeldOn}
                    {item.validUntil && item.state === "recommended"
                      ? ` · ${t("partyRec.validUntil", { date: item.validUntil })}`
                      : ""}
                  </Typography.Text>
                </Flex>
              </List.Item>
            )}
          />
        )}
      </Card>
    </Flex>
  );
}
