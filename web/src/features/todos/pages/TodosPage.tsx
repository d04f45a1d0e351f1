import { Button, Card, Flex, Select, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { Link } from "react-router";
import { ErrorResult } from "../../../components/ErrorResult";
import { useT } from "../../../i18n/use-t";
import { OrganizationSearchSelect } from "../../organizations/components/OrganizationSearchSelect";
import type { TodoFilters, TodoItem, TodoKind } from "../api/todo-queries";
import { useTodoCounts, useTodos } from "../hooks/use-todos";

const FIRST_PAGE = { page: 1, pageSize: 20 };

/** The page of an item: the server's link is below its organization (/orgs/{id}/development/…). */
function todoPath(item: TodoItem): string {
  return `/orgs/${item.organizationId}${item.link ?? ""}`;
}

/**
 * /todos: 待办, every open item the signed-in user can act on (any workflow: member development
 * today), oldest first, filtered by kind and organization; each links to the page where it is handled.
 */
export function TodosPage() {
  const t = useT();
  const [filters, setFilters] = useState<TodoFilters>(FIRST_PAGE);
  const counts = useTodoCounts();
  const todos = useTodos(filters);

  return (
    <Card size="small" title={t("todos.title")} data-testid="todos-page">
      <Flex vertical gap={12}>
        <Flex gap={8} wrap align="center">
          <Select<TodoKind>
            allowClear
            placeholder={t("todos.allKinds")}
            value={filters.kind}
            onChange={(kind) => setFilters({ ...filters, ...FIRST_PAGE, kind })}
            style={{ minWidth: 200 }}
            options={(counts.data ?? []).map((count) => ({
              value: count.kind as TodoKind,
              label: `${count.label}（${count.count}）`,
            }))}
            data-testid="todos-kind"
          />
          <div style={{ minWidth: 260 }}>
            <OrganizationSearchSelect
              value={filters.organizationId ?? null}
              placeholder={t("todos.anyOrganization")}
              onChange={(organizationId) => setFilters({ ...filters, ...FIRST_PAGE, organizationId })}
              data-testid="todos-organization"
            />
          </div>
          {(filters.kind !== undefined || filters.organizationId !== undefined) && (
            <Button onClick={() => setFilters(FIRST_PAGE)}>{t("todos.clearFilters")}</Button>
          )}
        </Flex>
        {todos.isError ? (
          <ErrorResult error={todos.error} onRetry={() => void todos.refetch()} />
        ) : (
          <Table<TodoItem>
            size="small"
            rowKey="id"
            loading={todos.isFetching}
            dataSource={todos.data?.items ?? []}
            locale={{ emptyText: t("todos.empty") }}
            pagination={{
              current: filters.page,
              pageSize: filters.pageSize,
              total: todos.data?.total ?? 0,
              showTotal: (total) => t("common.total", { total }),
              onChange: (page, pageSize) => setFilters({ ...filters, page, pageSize }),
            }}
            columns={[
              {
                key: "title",
                title: t("todos.item"),
                render: (_, item) =>
                  item.link === null ? (
                    item.title
                  ) : (
                    <Link to={todoPath(item)} data-testid="todo-link">
                      {item.title}
                    </Link>
                  ),
              },
              { key: "kind", title: t("todos.kind"), render: (_, item) => <Tag>{item.kindLabel}</Tag> },
              { key: "state", title: t("todos.state"), dataIndex: "stateLabel" },
              { key: "organization", title: t("todos.organization"), dataIndex: "organizationName" },
              {
                key: "openedAt",
                title: t("todos.openedAt"),
                width: 150,
                render: (_, item) => (
                  <Typography.Text type={dayjs().diff(item.openedAt, "day") > 30 ? "danger" : undefined}>
                    {dayjs(item.openedAt).format("YYYY-MM-DD HH:mm")}
                  </Typography.Text>
                ),
              },
            ]}
            data-testid="todos-table"
          />
        )}
      </Flex>
    </Card>
  );
}
