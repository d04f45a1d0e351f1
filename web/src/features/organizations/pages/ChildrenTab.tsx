import { Table, type TableColumnsType } from "antd";
import { Link, useNavigate } from "react-router";
import type { OrganizationSummary } from "../../../api/types";
import { ErrorResult } from "../../../components/ErrorResult";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import { organizationPath } from "../../../routes/organization-routes";
import { useCurrentOrganization } from "../hooks/use-current-organization";
import { useOrganizationChildren } from "../hooks/use-organizations";

/** 下级组织: the direct children with their subtree member counts; a row opens that organization. */
export function ChildrenTab() {
  const organization = useCurrentOrganization();
  const t = useT();
  const labels = useLabels();
  const navigate = useNavigate();
  const children = useOrganizationChildren(organization.id);

  if (children.isError) return <ErrorResult error={children.error} onRetry={() => void children.refetch()} />;

  const columns: TableColumnsType<OrganizationSummary> = [
    {
      key: "name",
      title: t("org.name"),
      render: (_, child) => <Link to={organizationPath(child.id, "children")}>{child.name}</Link>,
    },
    { key: "kind", title: t("org.kind"), render: (_, child) => labels.kind(child.kind) },
    { key: "level", title: t("org.level"), render: (_, child) => labels.level(child.level) },
    { key: "sector", title: t("org.sector"), render: (_, child) => labels.sector(child.sector) },
    { key: "code", title: t("org.code"), render: (_, child) => child.code ?? "—" },
    { key: "childCount", title: t("org.childCount"), dataIndex: "childCount", align: "right" },
    {
      key: "subtreeMemberCount",
      title: t("org.subtreeMemberCount"),
      dataIndex: "subtreeMemberCount",
      align: "right",
      sorter: (a, b) => a.subtreeMemberCount - b.subtreeMemberCount,
    },
  ];

  return (
    <div data-testid="children-table">
      <Table<OrganizationSummary>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={children.data}
        loading={children.isPending}
        locale={{ emptyText: t("org.noChildren") }}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        onRow={(child) => ({
          onClick: () => navigate(organizationPath(child.id, "children")),
          style: { cursor: "pointer" },
        })}
      />
    </div>
  );
}
