import { ImportOutlined, UserAddOutlined } from "@ant-design/icons";
import { Button, Flex } from "antd";
import { useEffect, useState } from "react";
import { useNavigate } from "react-router";
import { ErrorResult } from "../../../components/ErrorResult";
import { useT } from "../../../i18n/use-t";
import { importPath, memberPath, newMemberPath } from "../../../routes/member-routes";
import { useCan } from "../../auth/hooks/use-me";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import { MemberExportButton } from "../components/MemberExportButton";
import { MemberFilterBar } from "../components/MemberFilterBar";
import { MemberTable } from "../components/MemberTable";
import { useMemberFilters } from "../hooks/use-member-filters";
import { useMembers } from "../hooks/use-members";

/** 成员: the members of the organization's whole subtree, searched and filtered on the server. */
export function MembersTab() {
  const organization = useCurrentOrganization();
  const t = useT();
  const navigate = useNavigate();
  const canWrite = useCan("member:write");
  const [filters, setFilters] = useMemberFilters();
  const members = useMembers(organization.id, filters);
  // The cursors of the pages before this one (keyset paging has no page numbers to jump back to).
  const [trail, setTrail] = useState<Array<string | undefined>>([]);
  useEffect(() => {
    if (!filters.cursor) setTrail([]);
  }, [filters.cursor]);
  const hasPrevious = filters.cursor !== undefined || filters.page > 1;

  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap justify="space-between" align="start">
        <MemberFilterBar filters={filters} onChange={setFilters} />
        <Flex gap={8}>
          {canWrite && (
            <Button
              type="primary"
              icon={<UserAddOutlined />}
              onClick={() => navigate(newMemberPath(organization.id))}
              data-testid="member-create-button"
            >
              {t("members.create")}
            </Button>
          )}
          {canWrite && (
            <Button
              icon={<ImportOutlined />}
              onClick={() => navigate(importPath(organization.id))}
              data-testid="member-import"
            >
              {t("members.import")}
            </Button>
          )}
          <MemberExportButton organizationId={organization.id} />
        </Flex>
      </Flex>
      {members.isError ? (
        <ErrorResult error={members.error} onRetry={() => void members.refetch()} />
      ) : (
        <MemberTable
          page={members.data}
          loading={members.isFetching}
          memberHref={(member) => memberPath(organization.id, member.id)}
          pageNumber={filters.page}
          onNext={(cursor) => {
            setTrail((before) => [...before, filters.cursor]);
            setFilters({ cursor, page: filters.page + 1 });
          }}
          onPrevious={
            hasPrevious
              ? () => {
                  const cursor = trail[trail.length - 1];
                  setTrail((before) => before.slice(0, -1));
                  // Without a trail (a page opened from a link) the first page.
                  setFilters(
                    trail.length > 0
                      ? { cursor, page: Math.max(1, filters.page - 1) }
                      : { cursor: undefined, page: 1 },
                  );
                }
              : undefined
          }
          onPageSizeChange={(pageSize) => setFilters({ page: 1, pageSize })}
        />
      )}
    </Flex>
  );
}
