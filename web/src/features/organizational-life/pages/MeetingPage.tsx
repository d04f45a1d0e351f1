import { ArrowLeftOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Descriptions, Flex, QRCode, Table, Tag, Typography } from "antd";
import { useNavigate, useParams } from "react-router";
import { ErrorResult } from "../../../components/ErrorResult";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import { parseOrganizationId } from "../../../routes/organization-routes";
import { useAbilities } from "../../auth/hooks/use-abilities";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import type { MeetingDetail } from "../api/meeting-queries";
import { useMeeting, useOpenSignin } from "../api/use-meetings";
import { useMeetingKindLabel } from "../org-life-labels";
import { meetingsPath, signinPath } from "../org-life-paths";

type Attendee = MeetingDetail["attendance"][number];

/**
 * /orgs/:orgId/meetings/:meetingId: one meeting — kind, date, topic, class hours, minutes, attendance
 * with absences and reasons — and its QR sign-in: the secretary opens sign-in (2 hours) and shows the
 * antd QRCode of the member's sign-in page (/me/signin/<token>) for attendees to scan on their phones;
 * while it is open the attendance below follows them (useMeeting reads the meeting again every 5 s).
 */
export function MeetingPage() {
  const t = useT();
  const navigate = useNavigate();
  const organization = useCurrentOrganization();
  const kindLabel = useMeetingKindLabel();
  const params = useParams();
  const meetingId = parseOrganizationId(params.meetingId);
  const meeting = useMeeting(meetingId);
  const open = useOpenSignin(meetingId ?? 0);
  const canWrite = useAbilities().can("member:write");

  if (meeting.isError) return <ErrorResult error={meeting.error} />;
  if (!meeting.data) return <PageSpinner />;
  const data = meeting.data;
  const signinUrl = data.signin ? `${window.location.origin}${signinPath(data.signin.token)}` : undefined;

  return (
    <Flex vertical gap={12} data-testid="meeting-page">
      <div>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(meetingsPath(organization.id))}>
          {t("meetings.back")}
        </Button>
      </div>
      <Card size="small" title={data.topic}>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t("meetings.kind")}>
            <Tag color="red">{kindLabel(data.kind)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t("meetings.heldOn")}>{data.heldOn}</Descriptions.Item>
          {data.classHours !== null && (
            <Descriptions.Item label={t("meetings.classHours")}>{data.classHours}</Descriptions.Item>
          )}
          <Descriptions.Item label={t("meetings.attendees")}>
            {t("meetings.counts", { present: data.presentCount, absent: data.absentCount })}
          </Descriptions.Item>
        </Descriptions>
        {data.minutes && (
          <Typography.Paragraph
            style={{ whiteSpace: "pre-wrap", marginTop: 8 }}
            data-testid="meeting-minutes-text"
          >
            {data.minutes}
          </Typography.Paragraph>
        )}
      </Card>
      <Card size="small" title={t("meetings.signin")} data-testid="meeting-signin">
        {data.signin?.open && signinUrl ? (
          <Flex vertical align="center" gap={8}>
            <QRCode value={signinUrl} size={220} data-testid="meeting-qr" />
            <Typography.Text type="secondary">
              {t("meetings.signinOpenUntil", { time: new Date(data.signin.closesAt).toLocaleString() })}
            </Typography.Text>
            <Typography.Text copyable={{ text: signinUrl }} style={{ wordBreak: "break-all" }}>
              {signinUrl}
            </Typography.Text>
          </Flex>
        ) : (
          <Flex vertical gap={8}>
            {data.signin && <Typography.Text type="secondary">{t("meetings.signinClosed")}</Typography.Text>}
            {canWrite && (
              <Button
                type="primary"
                loading={open.isPending}
                onClick={() => open.mutate()}
                data-testid="meeting-open-signin"
              >
                {t("meetings.openSignin")}
              </Button>
            )}
            {open.error && <Alert type="error" showIcon title={open.error.message} />}
          </Flex>
        )}
      </Card>
      <Table<Attendee>
        size="small"
        rowKey="memberId"
        dataSource={data.attendance}
        pagination={false}
        scroll={{ x: true }}
        data-testid="meeting-attendance"
        columns={[
          { title: t("meetings.attendees"), dataIndex: "memberName" },
          {
            title: t("meetings.present"),
            dataIndex: "status",
            render: (status: Attendee["status"]) =>
              status === "present" ? (
                <Tag color="green">{t("meetings.present")}</Tag>
              ) : (
                <Tag>{t("meetings.absent")}</Tag>
              ),
          },
          { title: t("meetings.absenceReason"), dataIndex: "absenceReason" },
          {
            title: t("meetings.signedInAt"),
            dataIndex: "signedInAt",
            render: (value: string | null) => (value ? new Date(value).toLocaleTimeString() : ""),
          },
        ]}
      />
    </Flex>
  );
}
