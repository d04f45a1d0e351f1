import { Drawer, Flex, Table, type TableColumnsType, Typography } from "antd";
import { useState } from "react";
import { ErrorResult } from "../../../components/ErrorResult";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import { exportIndicators } from "../api/indicator-queries";
import type { DrillDownMember, DrillDownOrganization } from "../api/indicator-types";
import { useDrillDown, useIndicatorLookup } from "../hooks/use-indicators";
import { IndicatorExportButton } from "./IndicatorExportButton";
import { formatCount } from "./indicator-format";

/** Which number was clicked: an indicator of an organization's subtree (lists are of today only). */
export interface DrillDownTarget {
  organizationId: number;
  organizationName: string;
  indicatorId: string;
}

interface DrillDownDrawerProps {
  target: DrillDownTarget | undefined;
  onClose: () => void;
}

const PAGE_SIZE = 20;

function useMemberColumns(): TableColumnsType<DrillDownMember> {
  const t = useT();
  const labels = useLabels();
  return [
    { title: t("indicators.memberName"), dataIndex: "name", width: 100 },
    { title: t("indicators.sex"), dataIndex: "sex", width: 60, render: (sex: string) => labels.sex(sex) },
    { title: t("indicators.birthDate"), dataIndex: "birthDate", width: 110 },
    {
      title: t("indicators.status"),
      dataIndex: "status",
      width: 90,
      render: (status: string) => labels.status(status),
    },
    { title: t("indicators.organization"), dataIndex: "organizationName", ellipsis: true },
    { title: t("indicators.citizenId"), dataIndex: "citizenId", width: 180 },
    { title: t("indicators.phone"), dataIndex: "phone", width: 120 },
  ];
}

function useOrganizationColumns(): TableColumnsType<DrillDownOrganization> {
  const t = useT();
  const labels = useLabels();
  return [
    { title: t("indicators.childName"), dataIndex: "name", ellipsis: true },
    { title: t("indicators.orgCode"), dataIndex: "code", width: 140 },
    {
      title: t("indicators.kind"),
      dataIndex: "kind",
      width: 100,
      render: (kind: string) => labels.kind(kind),
    },
    {
      title: t("indicators.sector"),
      dataIndex: "sector",
      width: 120,
      render: (sector: string | null) => labels.sector(sector),
    },
  ];
}

/**
 * 明细: the members or organizations behind a number today, paginated, personal data masked by the server;
 * exported as .xlsx (the server refuses a list over its row limit and says how to narrow it).
 */
export function DrillDownDrawer({ target, onClose }: DrillDownDrawerProps) {
  const t = useT();
  const { nameOf } = useIndicatorLookup();
  const [page, setPage] = useState(1);
  const [shown, setShown] = useState(target);
  if (shown !== target) {
    setShown(target);
    setPage(1);
  }
  const drillDown = useDrillDown(target && { ...target, asOf: undefined, page, pageSize: PAGE_SIZE });
  const memberColumns = useMemberColumns();
  const organizationColumns = useOrganizationColumns();
  const data = drillDown.data;
  const pagination = {
    current: page,
    pageSize: PAGE_SIZE,
    total: data?.total ?? 0,
    showSizeChanger: false,
    showTotal: (total: number) => t("common.total", { total: formatCount(total) }),
    onChange: setPage,
  };

  return (
    <Drawer
      open={target !== undefined}
      onClose={onClose}
      size={960}
      title={target ? t("indicators.drillDown", { indicator: nameOf(target.indicatorId) }) : undefined}
      destroyOnHidden
    >
      {target && (
        <Flex vertical gap={12} data-testid="drill-down">
          <Flex justify="space-between" align="center">
            <Typography.Text type="secondary">{target.organizationName}</Typography.Text>
            <IndicatorExportButton
              run={() =>
                exportIndicators(target.organizationId, undefined, {
                  rows: "drilldown",
                  indicatorId: target.indicatorId,
                })
              }
              data-testid="drill-down-export"
            />
          </Flex>
          {drillDown.isError ? (
            <ErrorResult error={drillDown.error} onRetry={() => void drillDown.refetch()} />
          ) : data?.kind === "organizations" ? (
            <Table<DrillDownOrganization>
              size="small"
              rowKey="id"
              columns={organizationColumns}
              dataSource={data.items}
              loading={drillDown.isFetching}
              pagination={pagination}
              data-testid="drill-down-table"
            />
          ) : (
            <Table<DrillDownMember>
              size="small"
              rowKey="id"
              columns={memberColumns}
              dataSource={data?.kind === "members" ? data.items : []}
              loading={drillDown.isFetching}
              pagination={pagination}
              data-testid="drill-down-table"
            />
          )}
        </Flex>
      )}
    </Drawer>
  );
}
