import { Card, Empty, Flex, List, Tag, Typography } from "antd";
import { ErrorResult } from "../../../components/ErrorResult";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import { useOwnMeetings } from "../api/use-meetings";
import { useMeetingKindLabel } from "../org-life-labels";

/** /me/meetings: 我的组织生活 — the member's meetings (present / absent with the reason) and 团课 hours, phone first. */
export function MyMeetingsPage() {
  const t = useT();
  const kindLabel = useMeetingKindLabel();
  const meetings = useOwnMeetings();
  if (meetings.isError) return <ErrorResult error={meetings.error} />;
  if (!meetings.data) return <PageSpinner />;
  return (
    <Card size="small" title={t("me.meetings")} data-testid="my-meetings">
      <Typography.Text type="secondary">
        {t("meetings.classHours")}: {meetings.data.classHours}
      </Typography.Text>
      <List
        dataSource={meetings.data.items}
        locale={{ emptyText: <Empty /> }}
        renderItem={(meeting) => (
          <List.Item>
            <Flex vertical gap={2} style={{ width: "100%" }}>
              <Flex gap={6} wrap align="center">
                <Tag color="red">{kindLabel(meeting.kind)}</Tag>
                <Typography.Text strong>{meeting.topic}</Typography.Text>
              </Flex>
              <Typography.Text type="secondary">
                {meeting.heldOn} · {meeting.organizationName} ·{" "}
                {meeting.status === "present"
                  ? t("meetings.present")
                  : `${t("meetings.absent")}（${meeting.absenceReason ?? ""}）`}
              </Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
    </Card>
  );
}
