import { EditOutlined, SafetyCertificateOutlined, SwapOutlined } from "@ant-design/icons";
import { App, Button, Flex, Popconfirm, Tabs, Tag, Typography } from "antd";
import { type ReactNode, useState } from "react";
import { useNavigate, useParams, useSearchParams } from "react-router";
import { isApiError } from "../../../api/errors";
import type { MemberDetail } from "../../../api/types";
import { ErrorResult } from "../../../components/ErrorResult";
import { errorMessageOf } from "../../../components/form-errors";
import { NotFoundPage } from "../../../components/NotFoundPage";
import { PageSpinner } from "../../../components/PageSpinner";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import { memberEditPath } from "../../../routes/member-routes";
import { parseOrganizationId } from "../../../routes/organization-routes";
import { MemberAttachments } from "../../archive/components/MemberAttachments";
import { MemberAwards } from "../../archive/components/MemberAwards";
import { MemberTimeline } from "../../archive/components/MemberTimeline";
import { useAbilities } from "../../auth/hooks/use-abilities";
import { useCan } from "../../auth/hooks/use-me";
import { StatusChangeModal } from "../../member-status/components/StatusChangeModal";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import { CorrectionRequestModal } from "../components/CorrectionRequestModal";
import { MemberPendingRequests } from "../components/MemberPendingRequests";
import { MemberRecordView } from "../components/MemberRecordView";
import { STATUS_COLORS } from "../components/MemberTable";
import { useMember, useVerifyMember } from "../hooks/use-member";

const MEMBER_TABS = ["record", "timeline", "awards", "attachments"] as const;
type MemberTab = (typeof MEMBER_TABS)[number];

/** /orgs/:orgId/members/:memberId[?tab=]: the member's record, archive timeline, awards and attachments. */
export function MemberDetailPage() {
  const memberId = parseOrganizationId(useParams().memberId);
  if (memberId === undefined) return <NotFoundPage />;
  return <MemberView memberId={memberId} />;
}

function MemberView({ memberId }: { memberId: number }) {
  const t = useT();
  const member = useMember(memberId);
  if (member.isPending) return <PageSpinner />;
  if (member.isError) {
    return (
      <ErrorResult
        error={member.error}
        title={isApiError(member.error, 404) ? t("member.notFound") : undefined}
        onRetry={() => void member.refetch()}
      />
    );
  }
  return <MemberLoaded member={member.data} />;
}

type OpenModal = "status" | "correction" | null;

function MemberLoaded({ member }: { member: MemberDetail }) {
  const organization = useCurrentOrganization();
  const t = useT();
  const labels = useLabels();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const canWrite = useCan("member:write");
  const abilities = useAbilities();
  const verify = useVerifyMember(member.id);
  const [openModal, setOpenModal] = useState<OpenModal>(null);
  const [searchParams, setSearchParams] = useSearchParams();
  const tab: MemberTab = MEMBER_TABS.find((key) => key === searchParams.get("tab")) ?? "record";

  const tabs: { key: MemberTab; label: string; children: ReactNode }[] = [
    {
      key: "record",
      label: t("member.tab.record"),
      children: (
        <MemberRecordView
          member={member}
          onRequestCorrection={
            canWrite && !member.pendingCorrection ? () => setOpenModal("correction") : undefined
          }
        />
      ),
    },
    { key: "timeline", label: t("member.tab.timeline"), children: <MemberTimeline memberId={member.id} /> },
    {
      key: "awards",
      label: t("member.tab.awards"),
      children: <MemberAwards memberId={member.id} canWrite={canWrite} />,
    },
    {
      key: "attachments",
      label: t("member.tab.attachments"),
      children: (
        <MemberAttachments
          memberId={member.id}
          canWrite={canWrite}
          canDecide={abilities.decidesFor(member.organizationId)}
        />
      ),
    },
  ];

  return (
    <Flex vertical gap={12} data-testid="member-detail">
      <Flex align="center" gap={8} wrap>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="member-name">
          {member.name}
        </Typography.Title>
        <Tag color={STATUS_COLORS[member.status]} data-testid="member-status">
          {labels.status(member.status)}
        </Tag>
        {member.verifiedAt ? (
          <Tag color="success" icon={<SafetyCertificateOutlined />}>
            {t("member.verified")}
          </Tag>
        ) : (
          <Tag>{t("member.notVerified")}</Tag>
        )}
        <Typography.Text type="secondary">{member.organization.name}</Typography.Text>
        <div style={{ flex: 1 }} />
        {canWrite && (
          <Flex gap={8} wrap>
            <Button
              icon={<EditOutlined />}
              onClick={() => navigate(memberEditPath(organization.id, member.id))}
              data-testid="member-edit-button"
            >
              {t("member.edit")}
            </Button>
            <Button
              icon={<SwapOutlined />}
              onClick={() => setOpenModal("status")}
              disabled={member.pendingStatusRequest !== null}
              data-testid="member-status-change"
            >
              {t("status.change")}
            </Button>
            {!member.verifiedAt && (
              <Popconfirm
                title={t("member.verifyConfirm")}
                okText={t("member.verify")}
                cancelText={t("common.cancel")}
                onConfirm={() =>
                  verify.mutateAsync().then(
                    () => void message.success(t("member.verifiedDone")),
                    (error: unknown) => void message.error(errorMessageOf(error, t("common.error"))),
                  )
                }
              >
                <Button
                  icon={<SafetyCertificateOutlined />}
                  loading={verify.isPending}
                  data-testid="member-verify"
                >
                  {t("member.verify")}
                </Button>
              </Popconfirm>
            )}
          </Flex>
        )}
      </Flex>
      <MemberPendingRequests member={member} canWrite={canWrite} />
      <Tabs
        activeKey={tab}
        items={tabs}
        destroyOnHidden
        onChange={(key) => setSearchParams(key === "record" ? {} : { tab: key }, { replace: true })}
      />
      {canWrite && (
        <>
          <StatusChangeModal
            member={member}
            open={openModal === "status"}
            onClose={() => setOpenModal(null)}
          />
          <CorrectionRequestModal
            member={member}
            open={openModal === "correction"}
            onClose={() => setOpenModal(null)}
          />
        </>
      )}
    </Flex>
  );
}
