import { MEMBER_STATUSES } from "@tuanwu/domain";
import { Flex, Input, Select } from "antd";
import { useEffect, useState } from "react";
import type { MemberStatus } from "../../../api/types";
import { ErrorResult } from "../../../components/ErrorResult";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import { MemberTable } from "../components/MemberTable";
import { useMemberFilters } from "../hooks/use-member-filters";
import { useMembers } from "../hooks/use-members";

/** 成员: the members of the organization's whole subtree, searched and filtered on the server. */
export function MembersTab() {
  const organization = useCurrentOrganization();
  const t = useT();
  const labels = useLabels();
  const [filters, setFilters] = useMemberFilters();
  const [search, setSearch] = useState(filters.q);
  const members = useMembers(organization.id, filters);

  useEffect(() => setSearch(filters.q), [filters.q]);

  const statusOptions = MEMBER_STATUSES.map((status) => ({ value: status, label: labels.status(status) }));

  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap>
        <Input.Search
          allowClear
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          onSearch={(value) => setFilters({ q: value.trim(), page: 1 })}
          placeholder={t("members.searchPlaceholder")}
          style={{ width: 360 }}
          data-testid="member-search"
        />
        <Select<MemberStatus>
          allowClear
          value={filters.status}
          onChange={(status) => setFilters({ status, page: 1 })}
          placeholder={t("members.statusAll")}
          options={statusOptions}
          style={{ width: 160 }}
          data-testid="member-status-filter"
        />
      </Flex>
      {members.isError ? (
        <ErrorResult error={members.error} onRetry={() => void members.refetch()} />
      ) : (
        <MemberTable
          page={members.data}
          loading={members.isFetching}
          onPageChange={(page, pageSize) =>
            setFilters({ page: pageSize === filters.pageSize ? page : 1, pageSize })
          }
        />
      )}
    </Flex>
  );
}
