import { Button, Flex, Table, type TableColumnsType, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import type { AttachmentVerification, MemberAttachment } from "../../../api/types";
import { DecisionModal } from "../../../components/DecisionModal";
import { ErrorResult } from "../../../components/ErrorResult";
import { useT } from "../../../i18n/use-t";
import { attachmentContentUrl } from "../api/archive-queries";
import { useDecideAttachment, useMemberAttachments } from "../hooks/use-archive";
import { AttachmentUpload } from "./AttachmentUpload";
import { useAttachmentKindLabel, useVerificationLabel } from "./archive-labels";

const VERIFICATION_COLORS: Readonly<Record<AttachmentVerification, string>> = {
  pending: "processing",
  verified: "success",
  returned: "error",
  not_required: "default",
};

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

type Decision = { attachment: MemberAttachment; decision: "verify" | "return" };

/**
 * 附件: the signed 入团志愿书 and certificates; the application form is 尚未认证, 已认证 or 已退回.
 * Verify and return are offered to the higher committee only (`canDecide`, from /me); the server decides.
 */
export function MemberAttachments({
  memberId,
  canWrite,
  canDecide,
}: {
  memberId: number;
  canWrite: boolean;
  canDecide: boolean;
}) {
  const t = useT();
  const kindLabel = useAttachmentKindLabel();
  const verificationLabel = useVerificationLabel();
  const attachments = useMemberAttachments(memberId);
  const decide = useDecideAttachment(memberId);
  const [deciding, setDeciding] = useState<Decision | null>(null);

  if (attachments.isError) {
    return <ErrorResult error={attachments.error} onRetry={() => void attachments.refetch()} />;
  }

  const columns: TableColumnsType<MemberAttachment> = [
    {
      key: "kind",
      title: t("archive.attachmentKind"),
      width: 130,
      render: (_, item) => kindLabel(item.kind),
    },
    {
      key: "fileName",
      title: t("archive.fileName"),
      render: (_, item) => (
        <a
          href={attachmentContentUrl(item.id)}
          target="_blank"
          rel="noreferrer"
          data-testid="attachment-download"
        >
          {item.fileName}
        </a>
      ),
    },
    { key: "size", title: t("archive.size"), width: 90, render: (_, item) => formatBytes(item.byteSize) },
    {
      key: "uploaded",
      title: t("archive.uploadedBy"),
      width: 180,
      render: (_, item) => `${item.uploadedByName} ${dayjs(item.uploadedAt).format("YYYY-MM-DD HH:mm")}`,
    },
    {
      key: "verification",
      title: t("archive.verification"),
      width: 200,
      render: (_, item) => (
        <Flex vertical gap={2}>
          <Tag color={VERIFICATION_COLORS[item.verification]} data-testid="attachment-verification">
            {verificationLabel(item.verification)}
          </Tag>
          {item.decisionNote && <Typography.Text type="secondary">{item.decisionNote}</Typography.Text>}
        </Flex>
      ),
    },
    {
      key: "actions",
      title: "",
      width: 150,
      render: (_, item) =>
        canDecide && item.verification === "pending" ? (
          <Flex gap={4}>
            <Button
              size="small"
              type="primary"
              onClick={() => setDeciding({ attachment: item, decision: "verify" })}
            >
              {t("archive.verify")}
            </Button>
            <Button size="small" danger onClick={() => setDeciding({ attachment: item, decision: "return" })}>
              {t("review.return")}
            </Button>
          </Flex>
        ) : null,
    },
  ];

  return (
    <Flex vertical gap={12} data-testid="member-attachments">
      {canWrite && <AttachmentUpload memberId={memberId} />}
      <Table<MemberAttachment>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={attachments.data}
        loading={attachments.isPending}
        pagination={false}
      />
      <DecisionModal
        title={deciding?.decision === "verify" ? t("archive.verify") : t("review.return")}
        open={deciding !== null}
        noteRequired={deciding?.decision === "return"}
        onClose={() => setDeciding(null)}
        onDecide={(note) =>
          deciding
            ? decide.mutateAsync({
                attachmentId: deciding.attachment.id,
                body: { decision: deciding.decision, note },
              })
            : Promise.resolve()
        }
        data-testid="attachment-decision"
      />
    </Flex>
  );
}
