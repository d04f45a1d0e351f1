import { App, Button, Collapse, Popconfirm, Table, type TableColumnsType } from "antd";
import { errorMessageOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import { OrganizationSearchSelect } from "../../organizations/components/OrganizationSearchSelect";
import type { BranchNameMapping } from "../api/organization-import-queries";
import {
  useBranchNameMappings,
  useDeleteBranchNameMapping,
  useSaveBranchNameMappings,
} from "../hooks/use-organization-import";

/**
 * The 所在团支部 names remembered for an organization (团支部名称对照): each can point at another branch
 * (searched in the user's scope) or be deleted; hidden when none.
 */
export function BranchNameMappingList({ organizationId }: { organizationId: number }) {
  const t = useT();
  const { message } = App.useApp();
  const mappings = useBranchNameMappings(organizationId);
  const remove = useDeleteBranchNameMapping(organizationId);
  const save = useSaveBranchNameMappings(organizationId);
  const onError = (error: unknown) => message.error(errorMessageOf(error, t("common.error")));
  const rows = mappings.data ?? [];
  if (rows.length === 0) return null;

  const columns: TableColumnsType<BranchNameMapping> = [
    { key: "sourceName", title: t("import.mapping.name"), dataIndex: "sourceName" },
    {
      key: "target",
      title: t("import.mapping.target"),
      render: (_, mapping) =>
        mapping.branch
          ? `${mapping.branch.name}（${mapping.branch.code}）`
          : t("import.mapping.createUnder", { organization: mapping.createUnder?.name ?? "" }),
    },
    {
      key: "change",
      width: 260,
      render: (_, mapping) => (
        <OrganizationSearchSelect
          value={mapping.branch?.id ?? null}
          placeholder={t("import.mapping.other")}
          exclude={(candidate) => candidate.kind !== "branch"}
          onChange={(branchId) => save.mutate([{ sourceName: mapping.sourceName, branchId }], { onError })}
        />
      ),
    },
    {
      key: "delete",
      width: 90,
      render: (_, mapping) => (
        <Popconfirm
          title={t("import.mapping.delete")}
          onConfirm={() =>
            remove.mutate(mapping.id, {
              onError: (error) => message.error(errorMessageOf(error, t("common.error"))),
            })
          }
        >
          <Button size="small" danger type="link">
            {t("import.mapping.delete")}
          </Button>
        </Popconfirm>
      ),
    },
  ];
  return (
    <Collapse
      size="small"
      data-testid="branch-name-mapping-list"
      items={[
        {
          key: "mappings",
          label: t("import.mapping.remembered", { count: rows.length }),
          children: (
            <Table<BranchNameMapping>
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={rows}
              pagination={false}
            />
          ),
        },
      ]}
    />
  );
}
