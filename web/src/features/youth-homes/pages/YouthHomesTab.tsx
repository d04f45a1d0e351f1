import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Flex, Switch, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";
import { ErrorResult } from "../../../components/ErrorResult";
import { useT } from "../../../i18n/use-t";
import { useAbilities } from "../../auth/hooks/use-abilities";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import type { YouthHomeListItem } from "../api/youth-home-queries";
import { CreateYouthHomeModal } from "../components/CreateYouthHomeModal";
import { StandardTags } from "../components/StandardTags";
import { useYouthHomes } from "../hooks/use-youth-homes";
import { kindKey } from "../youth-labels";
import { youthHomePath } from "../youth-paths";

/**
 * /orgs/:orgId/youth-homes — 青年之家与服务驿站 of the subtree (issue 14 part 1): kind, organization,
 * the 五有 standard, subsidy, activities and participants in the last quarter; demonstration homes
 * without activity are flagged for de-listing (摘牌). A map-free list; a row opens the home's page.
 */
export function YouthHomesTab() {
  const organization = useCurrentOrganization();
  const t = useT();
  const navigate = useNavigate();
  const abilities = useAbilities();
  const [showDelisted, setShowDelisted] = useState(false);
  const homes = useYouthHomes(organization.id, showDelisted);
  const [creating, setCreating] = useState(false);
  if (homes.isError) return <ErrorResult error={homes.error} onRetry={() => homes.refetch()} />;
  const items = homes.data?.items ?? [];
  return (
    <Card
      title={t("youth.homes.title")}
      data-testid="youth-homes"
      extra={
        <Flex gap={8} align="center">
          <Switch size="small" checked={showDelisted} onChange={setShowDelisted} />
          <span>{t("youth.homes.showDelisted")}</span>
          {abilities.can("youth_home:write") && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="youth-home-new"
            >
              {t("youth.homes.new")}
            </Button>
          )}
        </Flex>
      }
    >
      <Table<YouthHomeListItem>
        rowKey="id"
        size="small"
        loading={homes.isPending}
        dataSource={items}
        pagination={{ pageSize: 20, showTotal: (total) => t("youth.common.total", { total }) }}
        scroll={{ x: 900 }}
        onRow={(home) => ({
          onClick: () => navigate(youthHomePath(organization.id, home.id)),
          style: { cursor: "pointer" },
        })}
        columns={[
          {
            title: t("youth.homes.name"),
            dataIndex: "name",
            render: (name: string, home) => (
              <Flex gap={4} wrap>
                <Typography.Link data-testid="youth-home-link">{name}</Typography.Link>
                {home.isDemonstration && <Tag color="gold">{t("youth.homes.demonstration")}</Tag>}
              </Flex>
            ),
          },
          { title: t("youth.homes.kind"), dataIndex: "kind", render: (kind: string) => t(kindKey(kind)) },
          { title: t("youth.homes.organization"), dataIndex: "organizationName" },
          {
            title: t("youth.homes.standard"),
            key: "standard",
            render: (_, home) => <StandardTags standard={home.standard} compact />,
          },
          { title: t("youth.homes.subsidy"), dataIndex: "subsidyYuanPerYear", align: "right" },
          {
            title: t("youth.homes.activities"),
            key: "activities",
            align: "right",
            render: (_, home) => home.counts.activities,
          },
          { title: t("youth.homes.lastActivityOn"), dataIndex: "lastActivityOn" },
          {
            title: t("youth.homes.participants"),
            key: "participants",
            align: "right",
            render: (_, home) => home.counts.participants,
          },
          {
            title: t("youth.common.status"),
            key: "status",
            render: (_, home) =>
              home.delistedOn ? (
                <Tag>{t("youth.homes.delisted")}</Tag>
              ) : home.delistingDue ? (
                <Tag color="red" data-testid="due-for-delisting">
                  {t("youth.homes.dueForDelisting")}
                </Tag>
              ) : home.lastActivityOn !== null ? (
                <Tag color="green">{t("youth.homes.active")}</Tag>
              ) : (
                <Tag color="orange">{t("youth.homes.inactive")}</Tag>
              ),
          },
        ]}
      />
      <CreateYouthHomeModal open={creating} onClose={() => setCreating(false)} />
    </Card>
  );
}
