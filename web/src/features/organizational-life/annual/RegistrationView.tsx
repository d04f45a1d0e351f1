import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Empty, Flex, Input, InputNumber, List, Modal, Tag, Typography } from "antd";
import { useState } from "react";
import type { Organization } from "../../../api/types";
import { ErrorResult } from "../../../components/ErrorResult";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import { useAbilities } from "../../auth/hooks/use-abilities";
import { todayInChina } from "../components/MeetingForm";
import {
  type RegistrationCampaign,
  type RegistrationMember,
  registrationMembersQuery,
  useRegisterEligible,
  useRegistrationCampaigns,
  useSetRegistration,
} from "./annual-api";
import { useGradeLabel, useRegistrationLabel } from "./annual-labels";
import { CloseCampaignButton } from "./CloseCampaignButton";
import { OpenCampaignForm } from "./OpenCampaignForm";
import { CampaignSelect, useSelectedCampaign } from "./ReviewView";

/** `YYYY-MM-DD` plus whole months (the day clamped to the month's end). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/**
 * ?view=registration — 团籍注册. A committee: open the year's campaign for its subtree and see its
 * progress. A branch (phone first): the roll with each member's review grade and registration, one
 * tap to register every eligible member (基本合格 and better), 暂缓注册 for 3–6 months with a reason,
 * or 不予注册 with a reason. The server checks every rule (400 names the field, nothing written).
 */
export function RegistrationView({ organization }: { organization: Organization }) {
  const t = useT();
  const canWrite = useAbilities().can("member:write");
  const campaigns = useRegistrationCampaigns(organization.id);
  const { sorted, campaign, select } = useSelectedCampaign(campaigns.data);
  const isBranch = organization.kind === "branch";
  if (campaigns.isError) return <ErrorResult error={campaigns.error} />;
  if (!campaigns.data) return <PageSpinner />;
  return (
    <Flex vertical gap={12} data-testid="registration-view">
      {!isBranch && canWrite && (
        <Card size="small" title={t("annual.openRegistration")}>
          <OpenCampaignForm organizationId={organization.id} kind="registration" />
        </Card>
      )}
      {campaign === undefined ? (
        <Empty description={t("annual.noCampaign")} />
      ) : (
        <>
          <Flex gap={8} align="center" wrap>
            <CampaignSelect campaigns={sorted} value={campaign.id} onChange={select} />
            <CloseCampaignButton campaign={campaign} kind="registration" />
          </Flex>
          <CampaignSummary campaign={campaign} />
          {isBranch ? (
            <BranchRoll campaignId={campaign.id} branchId={organization.id} canWrite={canWrite} />
          ) : (
            <Typography.Text type="secondary">{t("registration.notBranch")}</Typography.Text>
          )}
        </>
      )}
    </Flex>
  );
}

function CampaignSummary({ campaign }: { campaign: RegistrationCampaign }) {
  const t = useT();
  const progress = campaign.progress;
  if (!progress) return null;
  return (
    <Typography.Text data-testid="registration-progress">
      {t("registration.progress", {
        registered: progress.registered ?? 0,
        deferred: progress.deferred ?? 0,
        unregistered: progress.unregistered ?? 0,
      })}
    </Typography.Text>
  );
}

type Pending = { member: RegistrationMember; status: "deferred" | "unregistered" };

function BranchRoll({
  campaignId,
  branchId,
  canWrite,
}: {
  campaignId: number;
  branchId: number;
  canWrite: boolean;
}) {
  const t = useT();
  const gradeLabel = useGradeLabel();
  const registrationLabel = useRegistrationLabel();
  const members = useQuery(registrationMembersQuery(campaignId, branchId));
  const registerEligible = useRegisterEligible(campaignId);
  const setRegistration = useSetRegistration(campaignId);
  const [pending, setPending] = useState<Pending>();
  const [months, setMonths] = useState<number | null>(3);
  const [reason, setReason] = useState("");
  if (members.isError) return <ErrorResult error={members.error} />;
  if (!members.data) return <PageSpinner />;
  const eligibleLeft = members.data.filter(
    (member) => member.eligible && member.status !== "registered",
  ).length;

  function confirm() {
    if (!pending || reason.trim() === "") return;
    setRegistration.mutate(
      {
        memberId: pending.member.memberId,
        status: pending.status,
        reason: reason.trim(),
        ...(pending.status === "deferred" && months !== null
          ? { deferredUntil: addMonths(todayInChina(), months) }
          : {}),
      },
      {
        onSuccess: () => {
          setPending(undefined);
          setReason("");
        },
      },
    );
  }

  const error = registerEligible.error ?? setRegistration.error;
  return (
    <Flex vertical gap={8} data-testid="registration-roll">
      {canWrite && (
        <Button
          type="primary"
          block
          disabled={eligibleLeft === 0}
          loading={registerEligible.isPending}
          onClick={() => registerEligible.mutate(branchId)}
          data-testid="register-eligible"
        >
          {t("registration.registerEligible", { count: eligibleLeft })}
        </Button>
      )}
      {registerEligible.data && (
        <Alert
          type="success"
          showIcon
          title={t("registration.registeredCount", { count: registerEligible.data.registered })}
          data-testid="registered-count"
        />
      )}
      {error && <Alert type="error" showIcon title={error.message} data-testid="registration-error" />}
      <List
        size="small"
        bordered
        dataSource={members.data}
        renderItem={(member) => (
          <List.Item data-testid={`registration-member-${member.memberId}`}>
            <Flex vertical gap={4} style={{ width: "100%" }}>
              <Flex justify="space-between" align="center" gap={8} wrap>
                <Typography.Text strong>{member.name}</Typography.Text>
                <Flex gap={4}>
                  <Tag>{gradeLabel(member.reviewGrade)}</Tag>
                  <Tag
                    color={
                      member.status === "registered"
                        ? "green"
                        : member.status === "deferred"
                          ? "gold"
                          : member.status === "unregistered"
                            ? "red"
                            : undefined
                    }
                    data-testid={`registration-status-${member.memberId}`}
                  >
                    {registrationLabel(member.status)}
                  </Tag>
                </Flex>
              </Flex>
              {member.status === "deferred" && member.deferredUntil && (
                <Typography.Text type="secondary">
                  {t("registration.deferredUntil", { date: member.deferredUntil })}
                  {member.reason ? ` · ${member.reason}` : ""}
                </Typography.Text>
              )}
              {member.problem && <Typography.Text type="warning">{member.problem}</Typography.Text>}
              {canWrite && member.status !== "registered" && (
                <Flex gap={8} wrap>
                  {member.eligible && (
                    <Button
                      size="small"
                      onClick={() =>
                        setRegistration.mutate({ memberId: member.memberId, status: "registered" })
                      }
                    >
                      {t("registration.register")}
                    </Button>
                  )}
                  <Button
                    size="small"
                    onClick={() => setPending({ member, status: "deferred" })}
                    data-testid={`registration-defer-${member.memberId}`}
                  >
                    {t("registration.defer")}
                  </Button>
                  <Button
                    size="small"
                    danger
                    onClick={() => setPending({ member, status: "unregistered" })}
                    data-testid={`registration-unregister-${member.memberId}`}
                  >
                    {t("registration.markUnregistered")}
                  </Button>
                </Flex>
              )}
            </Flex>
          </List.Item>
        )}
      />
      <Modal
        open={pending !== undefined}
        title={pending ? `${pending.member.name} · ${registrationLabel(pending.status)}` : ""}
        onCancel={() => setPending(undefined)}
        onOk={confirm}
        okText={t("registration.confirm")}
        confirmLoading={setRegistration.isPending}
        okButtonProps={{ disabled: reason.trim() === "" }}
      >
        <Flex vertical gap={8}>
          {pending?.status === "deferred" && (
            <Flex gap={8} align="center">
              <Typography.Text>{t("registration.deferMonths")}</Typography.Text>
              <InputNumber
                min={3}
                max={6}
                value={months}
                onChange={setMonths}
                aria-label={t("registration.deferMonths")}
                data-testid="registration-months"
              />
            </Flex>
          )}
          <Input.TextArea
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            placeholder={t("registration.reasonRequired")}
            aria-label={t("registration.reason")}
            data-testid="registration-reason"
          />
          {setRegistration.error && <Alert type="error" showIcon title={setRegistration.error.message} />}
        </Flex>
      </Modal>
    </Flex>
  );
}
