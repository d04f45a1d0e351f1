import { UploadOutlined } from "@ant-design/icons";
import {
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Image,
  QRCode,
  Row,
  Statistic,
  Table,
  Tag,
  Typography,
  Upload,
} from "antd";
import { useParams } from "react-router";
import { ErrorResult } from "../../../components/ErrorResult";
import { FormErrorAlert } from "../../../components/FormErrorAlert";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import type { MessageKey } from "../../../i18n/zh-CN";
import { parseOrganizationId } from "../../../routes/organization-routes";
import { useAbilities } from "../../auth/hooks/use-abilities";
import {
  publicActivityPath,
  publicCheckinPath,
  publicRatingPath,
  publicUrl,
} from "../../public/public-paths";
import { formatDateTime } from "../../youth-homes/youth-labels";
import { type ActivitySignups, activityPhotoUrl } from "../api/activity-queries";
import { ShareLink } from "../components/ShareLink";
import {
  useActivity,
  useActivitySignups,
  useCancelActivity,
  useUploadActivityPhoto,
} from "../hooks/use-activities";

type Signup = ActivitySignups["items"][number];

const SIGNUP_STATUS_KEYS: Record<string, MessageKey> = {
  confirmed: "youth.activities.signupStatus.confirmed",
  waitlisted: "youth.activities.signupStatus.waitlisted",
  cancelled: "youth.activities.signupStatus.cancelled",
};

/**
 * /orgs/:orgId/activities/:activityId — an activity (issue 14 part 2): counts, the sign-up and rating
 * links, the check-in QR code for staff to show at the venue (antd QRCode), the sign-ups with masked
 * phones, check-in and check-out times and ratings, photos, cancelling.
 */
export function ActivityPage() {
  const t = useT();
  const activityId = parseOrganizationId(useParams().activityId);
  const abilities = useAbilities();
  const activity = useActivity(activityId);
  const signups = useActivitySignups(activityId);
  const cancel = useCancelActivity(activityId ?? 0);
  const upload = useUploadActivityPhoto(activityId ?? 0);
  if (activity.isPending) return <PageSpinner />;
  if (activity.isError) return <ErrorResult error={activity.error} onRetry={() => activity.refetch()} />;
  const data = activity.data;
  const writable = abilities.can("youth_home:write") && data.status !== "cancelled";
  const checkinUrl = publicUrl(publicCheckinPath(data.checkinToken));
  return (
    <Flex vertical gap={16} data-testid="activity">
      <Card
        title={
          <span>
            {data.title} {data.status === "cancelled" && <Tag>{t("youth.activities.status.cancelled")}</Tag>}
          </span>
        }
        extra={
          writable && (
            <Button danger loading={cancel.isPending} onClick={() => cancel.mutate()}>
              {t("youth.activities.cancel")}
            </Button>
          )
        }
      >
        <FormErrorAlert error={cancel.error} fieldNames={[]} style={{ marginBottom: 12 }} />
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t("youth.activities.time")}>
            {formatDateTime(data.startsAt)} – {formatDateTime(data.endsAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t("youth.activities.place")}>{data.place}</Descriptions.Item>
          <Descriptions.Item label={t("youth.activities.home")}>{data.youthHomeName}</Descriptions.Item>
          <Descriptions.Item label={t("youth.activities.audience")}>{data.audience}</Descriptions.Item>
        </Descriptions>
        {data.description && <Typography.Paragraph>{data.description}</Typography.Paragraph>}
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Statistic title={t("youth.activities.capacity")} value={data.capacity} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t("youth.activities.confirmed")} value={data.counts.confirmed} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t("youth.activities.checkedIn")}
              value={data.counts.checkedIn}
              data-testid="activity-checked-in-count"
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t("youth.activities.rating")}
              value={data.counts.ratingAverage === null ? "—" : data.counts.ratingAverage.toFixed(1)}
            />
          </Col>
        </Row>
      </Card>
      <Row gutter={16}>
        <Col xs={24} md={14}>
          <Card title={t("youth.activities.signupLink")} size="small">
            <Flex vertical gap={8}>
              <ShareLink
                url={publicUrl(publicActivityPath(data.publicToken))}
                testId="activity-signup-link"
              />
              <Typography.Text type="secondary">{t("youth.activities.ratingLink")}</Typography.Text>
              <ShareLink url={publicUrl(publicRatingPath(data.publicToken))} />
            </Flex>
          </Card>
        </Col>
        <Col xs={24} md={10}>
          <Card title={t("youth.activities.checkinQr")} size="small">
            <Flex vertical align="center" gap={8}>
              <QRCode value={checkinUrl} size={200} data-testid="activity-checkin-qr" />
              <Typography.Text type="secondary">{t("youth.activities.checkinQrHint")}</Typography.Text>
              <Typography.Text copyable={{ text: checkinUrl }} data-testid="activity-checkin-link">
                {checkinUrl}
              </Typography.Text>
            </Flex>
          </Card>
        </Col>
      </Row>
      <Card title={t("youth.activities.signups")} size="small">
        {signups.isError ? (
          <ErrorResult error={signups.error} />
        ) : (
          <Table<Signup>
            rowKey="id"
            size="small"
            loading={signups.isPending}
            dataSource={signups.data?.items}
            scroll={{ x: 800 }}
            pagination={{ pageSize: 50, showTotal: (total) => t("youth.common.total", { total }) }}
            columns={[
              { title: t("public.name"), dataIndex: "name" },
              { title: t("public.phone"), dataIndex: "phone" },
              {
                title: t("youth.common.status"),
                dataIndex: "status",
                render: (status: string, signup) => (
                  <Tag
                    color={status === "confirmed" ? "green" : status === "waitlisted" ? "orange" : "default"}
                  >
                    {SIGNUP_STATUS_KEYS[status] ? t(SIGNUP_STATUS_KEYS[status]) : status}
                    {signup.waitlistPosition ? ` #${signup.waitlistPosition}` : ""}
                  </Tag>
                ),
              },
              { title: t("youth.activities.checkinAt"), dataIndex: "checkedInAt", render: formatDateTime },
              { title: t("youth.activities.checkoutAt"), dataIndex: "checkedOutAt", render: formatDateTime },
              { title: t("public.rating.score"), dataIndex: "rating", align: "right" },
              { title: t("youth.activities.comment"), dataIndex: "comment", ellipsis: true },
            ]}
          />
        )}
      </Card>
      <Card
        title={t("youth.activities.photos")}
        size="small"
        extra={
          writable && (
            <Upload
              accept="image/*"
              showUploadList={false}
              customRequest={({ file, onSuccess, onError }) =>
                upload.mutate(file as File, {
                  onSuccess: () => onSuccess?.(null),
                  onError: (error) => onError?.(error instanceof Error ? error : new Error(String(error))),
                })
              }
            >
              <Button icon={<UploadOutlined />} loading={upload.isPending}>
                {t("youth.activities.uploadPhoto")}
              </Button>
            </Upload>
          )
        }
      >
        <FormErrorAlert error={upload.error} fieldNames={[]} style={{ marginBottom: 8 }} />
        <Image.PreviewGroup>
          <Flex gap={8} wrap>
            {(data.photos ?? []).map((photo) => (
              <Image
                key={photo.id}
                width={120}
                height={90}
                style={{ objectFit: "cover" }}
                src={activityPhotoUrl(data.id, photo.id)}
                alt={photo.fileName}
              />
            ))}
          </Flex>
        </Image.PreviewGroup>
      </Card>
    </Flex>
  );
}
