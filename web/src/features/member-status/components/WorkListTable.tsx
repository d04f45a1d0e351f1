import { Flex, Table, type TableColumnsType, Tag } from "antd";
import { Link, useNavigate } from "react-router";
import type { AgeOutWorkListItem, LapseWorkListItem } from "../../../api/types";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import { memberPath } from "../../../routes/member-routes";

type WorkListItem = AgeOutWorkListItem | LapseWorkListItem;

interface WorkListPage<Item> {
  items: Item[];
  total: number;
  page: number;
  pageSize: number;
}

interface WorkListTableProps<Item extends WorkListItem> {
  organizationId: number;
  page: WorkListPage<Item> | undefined;
  loading: boolean;
  onPageChange: (page: number, pageSize: number) => void;
  /** The list's own column (why the member is on it). */
  reasonColumn: TableColumnsType<Item>[number];
  "data-testid"?: string;
}

/** A review work list: members with the reason they are on it; each row opens the member. */
export function WorkListTable<Item extends WorkListItem>(props: WorkListTableProps<Item>) {
  const { organizationId, page, loading, onPageChange, reasonColumn } = props;
  const t = useT();
  const labels = useLabels();
  const navigate = useNavigate();

  const columns: TableColumnsType<Item> = [
    {
      key: "name",
      title: t("members.name"),
      render: (_, member) => (
        <Link to={memberPath(organizationId, member.id)} onClick={(event) => event.stopPropagation()}>
          {member.name}
        </Link>
      ),
    },
    { key: "sex", title: t("members.sex"), width: 60, render: (_, member) => labels.sex(member.sex) },
    { key: "birthDate", title: t("member.birthDate"), dataIndex: "birthDate", width: 110 },
    { key: "age", title: t("members.age"), dataIndex: "age", width: 60, align: "right" },
    {
      key: "status",
      title: t("members.status"),
      width: 160,
      render: (_, member) => (
        <Flex gap={4} wrap>
          <Tag>{labels.status(member.status)}</Tag>
          {member.hasPendingStatusRequest && <Tag color="processing">{t("review.pending")}</Tag>}
        </Flex>
      ),
    },
    reasonColumn,
    { key: "branch", title: t("members.branch"), dataIndex: "organizationName" },
  ];

  return (
    <div data-testid={props["data-testid"]}>
      <Table<Item>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={page?.items}
        loading={loading}
        onRow={(member) => ({
          onClick: () => navigate(memberPath(organizationId, member.id)),
          style: { cursor: "pointer" },
        })}
        pagination={{
          current: page?.page ?? 1,
          pageSize: page?.pageSize ?? 20,
          total: page?.total ?? 0,
          showTotal: (total) => t("common.total", { total }),
          onChange: onPageChange,
        }}
      />
    </div>
  );
}
