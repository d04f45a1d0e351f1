import { Button, Flex, Select, Table, type TableColumnsType, Tag, Typography } from "antd";
import { Link, useNavigate } from "react-router";
import type { MemberListItem, MemberPage, MemberStatus } from "../../../api/types";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import { organizationPath } from "../../../routes/organization-routes";
import { PAGE_SIZES } from "../hooks/use-member-filters";

/** Tag colors of the membership statuses. */
export const STATUS_COLORS: Record<MemberStatus, string> = {
  active: "green",
  transferring: "blue",
  flowing: "cyan",
  aged_out: "default",
  lapsed: "orange",
  withdrawn: "default",
  expelled: "red",
  transferred_out: "purple",
};

interface MemberTableProps {
  page: MemberPage | undefined;
  loading: boolean;
  /** The next page: the answer's nextCursor (keyset paging, issue 18 part 3). */
  onNext: (cursor: string) => void;
  /** The page before; absent on the first page. */
  onPrevious: (() => void) | undefined;
  onPageSizeChange: (pageSize: number) => void;
  /** The page number shown (1-based). */
  pageNumber: number;
  /** Where a row leads: the member's page. */
  memberHref: (member: MemberListItem) => string;
}

/** A page of members; citizen ID and phone are shown as the server sends them (masked). */
export function MemberTable({
  page,
  loading,
  onNext,
  onPrevious,
  onPageSizeChange,
  pageNumber,
  memberHref,
}: MemberTableProps) {
  const t = useT();
  const navigate = useNavigate();
  const labels = useLabels();

  const columns: TableColumnsType<MemberListItem> = [
    {
      key: "name",
      title: t("members.name"),
      fixed: "left",
      width: 100,
      render: (_, member) => (
        <Link to={memberHref(member)} onClick={(event) => event.stopPropagation()}>
          {member.name}
        </Link>
      ),
    },
    { key: "sex", title: t("members.sex"), width: 60, render: (_, member) => labels.sex(member.sex) },
    { key: "age", title: t("members.age"), dataIndex: "age", width: 60, align: "right" },
    {
      key: "citizenId",
      title: t("members.citizenId"),
      dataIndex: "citizenId",
      width: 170,
      render: (value: string) => <span style={{ fontFamily: "monospace" }}>{value}</span>,
    },
    { key: "phone", title: t("members.phone"), width: 120, render: (_, member) => member.phone ?? "—" },
    {
      key: "memberNumber",
      title: t("members.memberNumber"),
      width: 170,
      render: (_, member) => <span style={{ whiteSpace: "nowrap" }}>{member.memberNumber ?? "—"}</span>,
    },
    {
      key: "joinedOn",
      title: t("members.joinedOn"),
      width: 110,
      render: (_, member) => member.joinedOn ?? "—",
    },
    {
      key: "status",
      title: t("members.status"),
      width: 110,
      render: (_, member) => <Tag color={STATUS_COLORS[member.status]}>{labels.status(member.status)}</Tag>,
    },
    {
      key: "branch",
      title: t("members.branch"),
      fixed: "right",
      width: 180,
      ellipsis: true,
      render: (_, member) => (
        <Link to={organizationPath(member.organizationId)} onClick={(event) => event.stopPropagation()}>
          {member.organizationName}
        </Link>
      ),
    },
  ];

  return (
    <div data-testid="member-table">
      <Table<MemberListItem>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={page?.items}
        loading={loading}
        scroll={{ x: 1250 }}
        onRow={(member) => ({
          onClick: () => navigate(memberHref(member)),
          style: { cursor: "pointer" },
          "data-testid": "member-row",
        })}
        pagination={false}
      />
      <Flex gap={8} justify="end" align="center" wrap style={{ marginTop: 12 }} data-testid="member-pager">
        <Typography.Text type="secondary" data-testid="member-total">
          {/* A filtered list of a large subtree answers an estimate (issue 18 part 3): said as 约 N. */}
          {page?.totalExact === false
            ? t("common.totalAbout", { total: page.total })
            : t("common.total", { total: page?.total ?? 0 })}
        </Typography.Text>
        <Button size="small" disabled={!onPrevious} onClick={onPrevious} data-testid="member-previous">
          {t("members.previousPage")}
        </Button>
        <Typography.Text data-testid="member-page-number">
          {t("members.pageNumber", { page: pageNumber })}
        </Typography.Text>
        <Button
          size="small"
          disabled={!page?.nextCursor}
          onClick={() => page?.nextCursor && onNext(page.nextCursor)}
          data-testid="member-next"
        >
          {t("members.nextPage")}
        </Button>
        <Select
          size="small"
          value={page?.pageSize ?? PAGE_SIZES[0]}
          options={PAGE_SIZES.map((size) => ({ value: size, label: t("members.pageSize", { size }) }))}
          onChange={onPageSizeChange}
          data-testid="member-page-size"
        />
      </Flex>
    </div>
  );
}
