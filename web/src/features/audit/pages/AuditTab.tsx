import { DownloadOutlined } from "@ant-design/icons";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { App, Button, DatePicker, Flex, Input, Space, Table, Typography } from "antd";
import { useState } from "react";
import { ErrorResult } from "../../../components/ErrorResult";
import { errorMessageOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import { type AuditEntry, type AuditQuery, auditQuery, downloadAuditLog } from "../api/audit-queries";

/** The details of an entry as plain text (never HTML): before, after and detail, nulls left out. */
function detailsText(entry: AuditEntry): string {
  const parts = { before: entry.before, after: entry.after, detail: entry.detail };
  const text = JSON.stringify(parts, (_key, value) => (value === null ? undefined : value));
  return text === "{}" ? "" : text;
}

/**
 * /orgs/:orgId/audit — 审计日志: the entries of the organization's subtree, newest first (audit:read),
 * filtered by action (exact, or a prefix such as "user."), entity type, user id and dates; personal
 * data arrives masked from the server. 导出 Excel downloads the filtered log (audited).
 */
export function AuditTab() {
  const organization = useCurrentOrganization();
  const t = useT();
  const { message } = App.useApp();
  const [query, setQuery] = useState<AuditQuery>({ organizationId: organization.id, page: 1, pageSize: 20 });
  const current = { ...query, organizationId: organization.id };
  const entries = useQuery({ ...auditQuery(current), placeholderData: keepPreviousData });
  const exporting = useMutation({
    mutationFn: () => {
      const { page: _page, pageSize: _pageSize, ...filters } = current;
      return downloadAuditLog(filters);
    },
    onError: (error) => void message.error(errorMessageOf(error, t("common.error"))),
  });

  if (entries.isError) return <ErrorResult error={entries.error} onRetry={() => void entries.refetch()} />;

  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={8} justify="space-between">
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t("audit.actionPlaceholder")}
            style={{ width: 240 }}
            onSearch={(action) => setQuery({ ...query, action: action.trim() || undefined, page: 1 })}
            data-testid="audit-action"
          />
          <Input.Search
            allowClear
            placeholder={t("audit.entityType")}
            style={{ width: 160 }}
            onSearch={(entityType) =>
              setQuery({ ...query, entityType: entityType.trim() || undefined, page: 1 })
            }
          />
          <Input.Search
            allowClear
            placeholder={t("audit.user")}
            style={{ width: 140 }}
            onSearch={(userId) =>
              setQuery({ ...query, userId: /^\d+$/.test(userId) ? Number(userId) : undefined, page: 1 })
            }
          />
          <DatePicker.RangePicker
            onChange={(range) =>
              setQuery({
                ...query,
                from: range?.[0]?.format("YYYY-MM-DD"),
                to: range?.[1]?.format("YYYY-MM-DD"),
                page: 1,
              })
            }
          />
        </Space>
        <Button
          icon={<DownloadOutlined />}
          loading={exporting.isPending}
          onClick={() => exporting.mutate()}
          data-testid="audit-export"
        >
          {t("audit.export")}
        </Button>
      </Flex>
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={entries.isFetching}
        dataSource={entries.data?.items ?? []}
        scroll={{ x: 1000 }}
        data-testid="audit-table"
        pagination={{
          current: query.page ?? 1,
          pageSize: query.pageSize ?? 20,
          total: entries.data?.total ?? 0,
          showTotal: (total) => t("common.total", { total }),
          onChange: (page, pageSize) => setQuery({ ...query, page, pageSize }),
        }}
        columns={[
          {
            title: t("audit.time"),
            dataIndex: "occurredAt",
            width: 170,
            fixed: "left",
            render: (value: string) => new Date(value).toLocaleString("zh-CN", { hour12: false }),
          },
          { title: t("audit.actor"), dataIndex: "actorName", width: 130 },
          { title: t("audit.action"), dataIndex: "action", width: 200 },
          {
            title: t("audit.entity"),
            key: "entity",
            width: 150,
            render: (_, entry) => `${entry.entityType}${entry.entityId ? ` #${entry.entityId}` : ""}`,
          },
          { title: t("audit.organization"), dataIndex: "organizationName", width: 200 },
          {
            title: t("audit.details"),
            key: "details",
            render: (_, entry) => (
              <Typography.Text ellipsis={{ tooltip: detailsText(entry) }} style={{ maxWidth: 360 }}>
                {detailsText(entry)}
              </Typography.Text>
            ),
          },
        ]}
      />
    </Flex>
  );
}
