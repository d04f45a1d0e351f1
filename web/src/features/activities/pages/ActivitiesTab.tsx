import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";
import { ErrorResult } from "../../../components/ErrorResult";
import { useT } from "../../../i18n/use-t";
import { useAbilities } from "../../auth/hooks/use-abilities";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import { formatDateTime } from "../../youth-homes/youth-labels";
import { activityPath } from "../../youth-homes/youth-paths";
import type { ActivityListItem } from "../api/activity-queries";
import { CreateActivityModal } from "../components/CreateActivityModal";
import { useActivities } from "../hooks/use-activities";

/**
 * /orgs/:orgId/activities — 青年活动 of the subtree (issue 14 part 2): time, place, home, places, sign-ups
 * (confirmed, waitlisted), check-ins and the mean rating; publish one; a row opens its page (links, QR).
 */
export function ActivitiesTab() {
  const organization = useCurrentOrganization();
  const t = useT();
  const navigate = useNavigate();
  const abilities = useAbilities();
  const activities = useActivities(organization.id);
  const [creating, setCreating] = useState(false);
  if (activities.isError)
    return <ErrorResult error={activities.error} onRetry={() => activities.refetch()} />;
  return (
    <Card
      title={t("youth.activities.title")}
      data-testid="activities"
      extra={
        abilities.can("youth_home:write") && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="activity-new"
          >
            {t("youth.activities.new")}
          </Button>
        )
      }
    >
      <Table<ActivityListItem>
        rowKey="id"
        size="small"
        loading={activities.isPending}
        dataSource={activities.data?.items}
        pagination={{ pageSize: 20, showTotal: (total) => t("youth.common.total", { total }) }}
        scroll={{ x: 900 }}
        onRow={(activity) => ({
          onClick: () => navigate(activityPath(organization.id, activity.id)),
          style: { cursor: "pointer" },
        })}
        columns={[
          {
            title: t("youth.activities.name"),
            dataIndex: "title",
            render: (title: string, activity) => (
              <>
                <Typography.Link data-testid="activity-link">{title}</Typography.Link>{" "}
                {activity.status === "cancelled" && <Tag>{t("youth.activities.status.cancelled")}</Tag>}
              </>
            ),
          },
          {
            title: t("youth.activities.time"),
            dataIndex: "startsAt",
            render: (value: string) => formatDateTime(value),
          },
          { title: t("youth.activities.place"), dataIndex: "place" },
          { title: t("youth.activities.home"), dataIndex: "youthHomeName" },
          { title: t("youth.activities.capacity"), dataIndex: "capacity", align: "right" },
          {
            title: t("youth.activities.confirmed"),
            key: "confirmed",
            align: "right",
            render: (_, activity) => activity.counts.confirmed,
          },
          {
            title: t("youth.activities.waitlisted"),
            key: "waitlisted",
            align: "right",
            render: (_, activity) => activity.counts.waitlisted,
          },
          {
            title: t("youth.activities.checkedIn"),
            key: "checkedIn",
            align: "right",
            render: (_, activity) => (
              <span data-testid="activity-checked-in">{activity.counts.checkedIn}</span>
            ),
          },
          {
            title: t("youth.activities.rating"),
            key: "rating",
            align: "right",
            render: (_, activity) =>
              activity.counts.ratingAverage === null ? "—" : activity.counts.ratingAverage.toFixed(1),
          },
        ]}
      />
      <CreateActivityModal open={creating} onClose={() => setCreating(false)} />
    </Card>
  );
}
