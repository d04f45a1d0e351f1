import { useQuery } from "@tanstack/react-query";
import { Card, Empty, Flex, List, Tag, Typography } from "antd";
import { ErrorResult } from "../../../components/ErrorResult";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import { formatDateTime } from "../../youth-homes/youth-labels";
import { myActivitiesQuery, myVolunteerHoursQuery } from "../api/me-youth-queries";

/**
 * /me/activities — the member's activities and volunteer hours on the phone (我的活动与志愿, issue 14
 * part 5): sign-ups with check-in and rating, volunteer records with their status and certificates.
 */
export function MyActivitiesPage() {
  const t = useT();
  const activities = useQuery(myActivitiesQuery());
  const hours = useQuery(myVolunteerHoursQuery());
  if (activities.isPending || hours.isPending) return <PageSpinner />;
  if (activities.isError)
    return <ErrorResult error={activities.error} onRetry={() => activities.refetch()} />;
  if (hours.isError) return <ErrorResult error={hours.error} onRetry={() => hours.refetch()} />;
  return (
    <Flex vertical gap={12} data-testid="my-activities">
      <Card size="small" title={t("me.activities.mine")}>
        {activities.data.items.length === 0 ? (
          <Empty description={t("me.activities.none")} />
        ) : (
          <List
            dataSource={activities.data.items}
            renderItem={(item) => (
              <List.Item>
                <List.Item.Meta
                  title={item.title}
                  description={`${formatDateTime(item.startsAt)} · ${item.place}`}
                />
                <Flex vertical align="end" gap={4}>
                  <Tag
                    color={
                      item.status === "confirmed"
                        ? "green"
                        : item.status === "waitlisted"
                          ? "orange"
                          : "default"
                    }
                  >
                    {item.status === "confirmed"
                      ? t("youth.activities.confirmed")
                      : t("youth.activities.waitlisted")}
                  </Tag>
                  {item.checkedInAt && <Tag color="blue">{t("youth.activities.checkedIn")}</Tag>}
                </Flex>
              </List.Item>
            )}
          />
        )}
      </Card>
      <Card
        size="small"
        title={t("me.hours.title")}
        extra={
          <Typography.Text strong data-testid="my-hours-total">
            {t("me.hours.total", { hours: hours.data.totals.reduce((sum, year) => sum + year.hours, 0) })}
          </Typography.Text>
        }
      >
        {hours.data.records.length === 0 ? (
          <Empty description={t("me.hours.none")} />
        ) : (
          <List
            dataSource={hours.data.records}
            renderItem={(item) => (
              <List.Item>
                <List.Item.Meta
                  title={item.shiftTitle}
                  description={`${formatDateTime(item.checkedInAt)} · ${item.organizationName}`}
                />
                <Flex vertical align="end" gap={4}>
                  <span>{item.hours ?? "—"} h</span>
                  {item.certificateNumber && <Tag color="green">{item.certificateNumber}</Tag>}
                </Flex>
              </List.Item>
            )}
          />
        )}
      </Card>
    </Flex>
  );
}
