import { Flex, InputNumber, Tabs, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { ErrorResult } from "../../../components/ErrorResult";
import { useT } from "../../../i18n/use-t";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import type { WorkListPaging } from "../api/member-status-queries";
import { PendingStatusRequests } from "../components/PendingStatusRequests";
import { WorkListTable } from "../components/WorkListTable";
import { useAgeOutList, useLapseList } from "../hooks/use-member-status";

const REVIEW_TABS = ["pending", "age-out", "lapse"] as const;
const FIRST_PAGE: WorkListPaging = { page: 1, pageSize: 20 };

/** /orgs/:orgId/reviews: 待审核 status requests, 满28周岁 and 脱团预警 work lists of the subtree. */
export function ReviewsTab() {
  const organization = useCurrentOrganization();
  const t = useT();
  const [searchParams, setSearchParams] = useSearchParams();
  const tab = REVIEW_TABS.find((key) => key === searchParams.get("list")) ?? "pending";

  return (
    <div data-testid="review-lists">
      <Tabs
        activeKey={tab}
        destroyOnHidden
        onChange={(key) => setSearchParams(key === "pending" ? {} : { list: key }, { replace: true })}
        items={[
          {
            key: "pending",
            label: t("review.pending"),
            children: <PendingStatusRequests organizationId={organization.id} />,
          },
          {
            key: "age-out",
            label: t("review.ageOut"),
            children: <AgeOutList organizationId={organization.id} />,
          },
          {
            key: "lapse",
            label: t("review.lapse"),
            children: <LapseList organizationId={organization.id} />,
          },
        ]}
      />
    </div>
  );
}

function AgeOutList({ organizationId }: { organizationId: number }) {
  const t = useT();
  const [year, setYear] = useState(dayjs().year());
  const [paging, setPaging] = useState(FIRST_PAGE);
  const list = useAgeOutList(organizationId, year, paging);

  return (
    <Flex vertical gap={12}>
      <Flex gap={8} align="center">
        <Typography.Text>{t("review.year")}</Typography.Text>
        <InputNumber<number>
          min={1950}
          max={2100}
          value={year}
          onChange={(value) => {
            if (value !== null) {
              setYear(value);
              setPaging(FIRST_PAGE);
            }
          }}
          data-testid="review-year"
        />
        <Typography.Text type="secondary">{t("review.ageOutHint")}</Typography.Text>
      </Flex>
      {list.isError ? (
        <ErrorResult error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <WorkListTable
          organizationId={organizationId}
          page={list.data}
          loading={list.isFetching}
          onPageChange={(page, pageSize) => setPaging({ page, pageSize })}
          reasonColumn={{
            key: "ageOutDate",
            title: t("review.ageOutOn"),
            width: 130,
            render: (_, member) =>
              member.overAge ? <Tag color="orange">{t("review.overAge")}</Tag> : member.ageOutDate,
          }}
          data-testid="review-age-out"
        />
      )}
    </Flex>
  );
}

function LapseList({ organizationId }: { organizationId: number }) {
  const t = useT();
  const [paging, setPaging] = useState(FIRST_PAGE);
  const list = useLapseList(organizationId, paging);

  return (
    <Flex vertical gap={12}>
      <Typography.Text type="secondary">{t("review.lapseHint")}</Typography.Text>
      {list.isError ? (
        <ErrorResult error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <WorkListTable
          organizationId={organizationId}
          page={list.data}
          loading={list.isFetching}
          onPageChange={(page, pageSize) => setPaging({ page, pageSize })}
          reasonColumn={{
            key: "lastActivity",
            title: t("review.lastActivity"),
            render: (_, member) => (
              <Flex vertical gap={2}>
                <Flex gap={4} wrap>
                  {member.reasons.map((reason) => (
                    <Tag key={reason} color="orange">
                      {t(`review.reason.${reason}`)}
                    </Tag>
                  ))}
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t("review.lastActivityValue", {
                    dues: member.lastDuesPaidOn ?? "—",
                    life: member.lastOrganizationalLifeOn ?? "—",
                  })}
                </Typography.Text>
              </Flex>
            ),
          }}
          data-testid="review-lapse"
        />
      )}
    </Flex>
  );
}
