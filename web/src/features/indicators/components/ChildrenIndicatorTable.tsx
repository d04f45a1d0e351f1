import { Flex, Table, type TableColumnsType, Typography } from "antd";
import { ErrorResult } from "../../../components/ErrorResult";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import { exportIndicators } from "../api/indicator-queries";
import type { ChildIndicatorRow } from "../api/indicator-types";
import { useChildrenIndicators, useIndicatorLookup } from "../hooks/use-indicators";
import { IndicatorExportButton } from "./IndicatorExportButton";
import { IndicatorSelect } from "./IndicatorSelect";
import { formatIndicatorValue } from "./indicator-format";

interface ChildrenIndicatorTableProps {
  organizationId: number;
  asOf: string | undefined;
  /** The indicator columns shown. */
  indicatorIds: readonly string[];
  onIndicatorIdsChange: (ids: string[]) => void;
  /** Opens the list behind a child's number; absent when there is none (lists are of today only). */
  onDrillDown?: (organizationId: number, organizationName: string, indicatorId: string) => void;
}

/** Nulls sort last whichever way the column is sorted. */
function compareValues(a: number | null | undefined, b: number | null | undefined): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return Number.NEGATIVE_INFINITY;
  if (b === null || b === undefined) return Number.POSITIVE_INFINITY;
  return a - b;
}

/** 下级对比: the children side by side, sortable by any indicator; a number opens what is behind it. */
export function ChildrenIndicatorTable({
  organizationId,
  asOf,
  indicatorIds,
  onIndicatorIdsChange,
  onDrillDown,
}: ChildrenIndicatorTableProps) {
  const t = useT();
  const labels = useLabels();
  const { byId, nameOf } = useIndicatorLookup();
  const children = useChildrenIndicators(organizationId, asOf, indicatorIds);

  const indicatorColumns: TableColumnsType<ChildIndicatorRow> = indicatorIds.map((id) => {
    const indicator = byId.get(id);
    const unit = indicator?.unit ?? "count";
    return {
      title: nameOf(id),
      key: id,
      align: "right",
      width: 130,
      sorter: (a, b) => compareValues(a.values[id], b.values[id]),
      sortDirections: ["descend", "ascend"],
      render: (_, row) => {
        const value = row.values[id];
        const text = formatIndicatorValue(value, unit);
        if (!onDrillDown || !indicator?.drillDown || value === null || value === undefined) return text;
        return (
          <Typography.Link
            onClick={() => onDrillDown(row.organizationId, row.name, id)}
            data-testid="children-indicator-value"
          >
            {text}
          </Typography.Link>
        );
      },
    };
  });
  const columns: TableColumnsType<ChildIndicatorRow> = [
    {
      title: t("indicators.childName"),
      dataIndex: "name",
      fixed: "left",
      width: 200,
      sorter: (a, b) => a.name.localeCompare(b.name, "zh-CN"),
      render: (name: string, row) => (
        <Flex vertical>
          <span>{name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {labels.kind(row.kind)}
            {row.sector ? ` · ${labels.sector(row.sector)}` : ""}
          </Typography.Text>
        </Flex>
      ),
    },
    ...indicatorColumns,
  ];

  return (
    <Flex vertical gap={12} data-testid="children-indicators">
      <Flex justify="space-between" align="center" gap={12} wrap>
        <Flex align="center" gap={8} wrap>
          <Typography.Text>{t("indicators.columns")}</Typography.Text>
          <IndicatorSelect
            value={indicatorIds}
            onChange={onIndicatorIdsChange}
            style={{ width: 480 }}
            data-testid="children-indicator-select"
          />
        </Flex>
        <IndicatorExportButton
          run={() => exportIndicators(organizationId, asOf, { rows: "children", ids: indicatorIds })}
          disabled={indicatorIds.length === 0}
          data-testid="children-export"
        />
      </Flex>
      {children.isError ? (
        <ErrorResult error={children.error} onRetry={() => void children.refetch()} />
      ) : (
        <Table<ChildIndicatorRow>
          size="small"
          rowKey="organizationId"
          columns={columns}
          dataSource={children.data?.rows ?? []}
          loading={children.isFetching}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: "max-content" }}
          locale={{ emptyText: t("indicators.noChildren") }}
          data-testid="children-indicator-table"
        />
      )}
    </Flex>
  );
}
