import { PlusOutlined } from "@ant-design/icons";
import { Button, Flex, Table, type TableColumnsType, Tag } from "antd";
import { useState } from "react";
import type { MemberAward } from "../../../api/types";
import { ErrorResult } from "../../../components/ErrorResult";
import { useT } from "../../../i18n/use-t";
import { attachmentContentUrl } from "../api/archive-queries";
import { useMemberAttachments, useMemberAwards } from "../hooks/use-archive";
import { AwardFormModal } from "./AwardFormModal";
import { useAwardKindLabel } from "./archive-labels";

/** 奖惩: the member's awards and punishments; writers add one. */
export function MemberAwards({ memberId, canWrite }: { memberId: number; canWrite: boolean }) {
  const t = useT();
  const awardKindLabel = useAwardKindLabel();
  const awards = useMemberAwards(memberId);
  const attachments = useMemberAttachments(memberId);
  const [adding, setAdding] = useState(false);

  if (awards.isError) return <ErrorResult error={awards.error} onRetry={() => void awards.refetch()} />;

  const columns: TableColumnsType<MemberAward> = [
    { key: "grantedOn", title: t("archive.grantedOn"), dataIndex: "grantedOn", width: 120 },
    {
      key: "kind",
      title: t("archive.awardKind"),
      width: 120,
      render: (_, award) => (
        <Tag color={award.kind === "punishment" ? "red" : "gold"}>{awardKindLabel(award.kind)}</Tag>
      ),
    },
    { key: "title", title: t("archive.awardTitle"), dataIndex: "title" },
    { key: "grantingBody", title: t("archive.grantingBody"), dataIndex: "grantingBody" },
    {
      key: "attachment",
      title: t("archive.certificate"),
      width: 100,
      render: (_, award) =>
        award.attachmentId ? (
          <a href={attachmentContentUrl(award.attachmentId)} target="_blank" rel="noreferrer">
            {t("archive.download")}
          </a>
        ) : (
          "—"
        ),
    },
  ];

  return (
    <Flex vertical gap={12} data-testid="member-awards">
      {canWrite && (
        <Flex>
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="award-add">
            {t("archive.addAward")}
          </Button>
        </Flex>
      )}
      <Table<MemberAward>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={awards.data}
        loading={awards.isPending}
        pagination={false}
      />
      {canWrite && (
        <AwardFormModal
          memberId={memberId}
          open={adding}
          onClose={() => setAdding(false)}
          attachments={attachments.data ?? []}
        />
      )}
    </Flex>
  );
}
