import { Card, Descriptions, Empty, Flex, Tag, Timeline, Typography } from "antd";
import { isApiError } from "../../../api/errors";
import { ErrorResult } from "../../../components/ErrorResult";
import { PageSpinner } from "../../../components/PageSpinner";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import type { OwnMemberRecord } from "../api/me-queries";
import { useMyArchive, useMyRecord } from "../hooks/use-my-pages";

/**
 * /me/record: 我的档案, phone first — the member's own record (citizen ID and phone masked, as the
 * rules say for the member's own view) and the archive timeline, oldest first. An applicant not yet
 * admitted has no record: they are told so.
 */
export function MyRecordPage() {
  const t = useT();
  const record = useMyRecord();
  const archive = useMyArchive(record.isSuccess);

  if (record.isPending) return <PageSpinner />;
  if (record.isError) {
    if (isApiError(record.error, 404)) {
      return <Empty description={t("me.noRecord")} data-testid="my-record-none" />;
    }
    return <ErrorResult error={record.error} onRetry={() => void record.refetch()} />;
  }
  return (
    <Flex vertical gap={12} data-testid="my-record">
      <RecordCard record={record.data} />
      <Card size="small" title={t("me.archive")}>
        {archive.isPending ? (
          <PageSpinner />
        ) : archive.isError ? (
          <ErrorResult error={archive.error} onRetry={() => void archive.refetch()} />
        ) : archive.data.length === 0 ? (
          <Empty description={t("me.noEvents")} />
        ) : (
          <Timeline
            data-testid="my-archive"
            items={archive.data.map((event) => ({
              key: event.id,
              title: event.occurredOn,
              content: (
                <Flex vertical gap={2}>
                  <Typography.Text>{event.summary}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {event.actorName}
                  </Typography.Text>
                </Flex>
              ),
            }))}
          />
        )}
      </Card>
    </Flex>
  );
}

function RecordCard({ record }: { record: OwnMemberRecord }) {
  const t = useT();
  const labels = useLabels();
  return (
    <Card
      size="small"
      title={record.name}
      extra={
        <Tag color={record.status === "active" ? "green" : "orange"}>{labels.status(record.status)}</Tag>
      }
    >
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: "memberNumber", label: t("me.memberNumberLabel"), children: record.memberNumber ?? "—" },
          { key: "joinedOn", label: t("me.joinedOn"), children: record.joinedOn },
          { key: "organization", label: t("me.organization"), children: record.organization.name },
          { key: "sex", label: t("development.sex"), children: labels.sex(record.sex) },
          {
            key: "birthDate",
            label: t("development.birthDate"),
            children: `${record.birthDate}（${record.age}）`,
          },
          { key: "citizenId", label: t("development.citizenId"), children: record.citizenId },
          { key: "phone", label: t("development.phone"), children: record.phone ?? "—" },
          { key: "education", label: t("me.education"), children: labels.education(record.education) },
          {
            key: "verified",
            label: t("me.verified"),
            children: record.verified ? t("me.verifiedYes") : t("me.verifiedNo"),
          },
        ]}
      />
    </Card>
  );
}
