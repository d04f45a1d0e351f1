import { PlusOutlined, TeamOutlined } from "@ant-design/icons";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Flex, Input, Popconfirm, Select, Space, Table, Tag } from "antd";
import { useState } from "react";
import { ErrorResult } from "../../../components/ErrorResult";
import { errorMessageOf } from "../../../components/form-errors";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import { useMe } from "../../auth/hooks/use-me";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import {
  createBranchSecretaries,
  createUser,
  grantUserRole,
  resetUserPassword,
  revokeUserRole,
  setUserActive,
  type User,
  type UserListQuery,
  type UserRole,
  userKeys,
  userListQuery,
} from "../api/user-queries";
import {
  CreateUserModal,
  GRANTABLE_ROLES,
  GrantRoleModal,
  OneTimePasswordModal,
} from "../components/UserFormModals";

/**
 * /orgs/:orgId/users — 账号管理: the accounts of the organization's subtree (user:manage), filtered by
 * name, role and status; create an account, disable / enable, reset a password (one-time password
 * shown once), grant and revoke roles, and create every missing branch-secretary account at once
 * (an .xlsx of one-time passwords is downloaded). The server decides scope and rules.
 */
export function UsersTab() {
  const organization = useCurrentOrganization();
  const me = useMe();
  const t = useT();
  const labels = useLabels();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [query, setQuery] = useState<UserListQuery>({
    organizationId: organization.id,
    page: 1,
    pageSize: 20,
  });
  const current = { ...query, organizationId: organization.id };
  const users = useQuery({ ...userListQuery(current), placeholderData: keepPreviousData });
  const [creating, setCreating] = useState(false);
  const [granting, setGranting] = useState<User | null>(null);
  const [shown, setShown] = useState<{
    username: string;
    displayName: string;
    oneTimePassword: string;
  } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: userKeys.all });
  const onError = (error: unknown) => void message.error(errorMessageOf(error, t("common.error")));

  const create = useMutation({ mutationFn: createUser, onSuccess: refresh });
  const active = useMutation({
    mutationFn: ({ id, value }: { id: number; value: boolean }) => setUserActive(id, value),
    onSuccess: refresh,
    onError,
  });
  const reset = useMutation({
    mutationFn: resetUserPassword,
    onSuccess: (result) => {
      setShown({ ...result.user, oneTimePassword: result.oneTimePassword });
      void refresh();
    },
    onError,
  });
  const grant = useMutation({
    mutationFn: ({ id, role, organizationId }: { id: number; role: UserRole; organizationId: number }) =>
      grantUserRole(id, { role, organizationId }),
    onSuccess: refresh,
  });
  const revoke = useMutation({
    mutationFn: ({ id, roleId }: { id: number; roleId: number }) => revokeUserRole(id, roleId),
    onSuccess: refresh,
    onError,
  });
  const bulk = useMutation({
    mutationFn: () => createBranchSecretaries(organization.id),
    onSuccess: (count) => {
      void message.success(t("users.bulkDone", { count }));
      void refresh();
    },
    onError,
  });

  if (users.isError) return <ErrorResult error={users.error} onRetry={() => void users.refetch()} />;

  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={8} justify="space-between">
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t("users.search")}
            style={{ width: 220 }}
            onSearch={(q) => setQuery({ ...query, q: q || undefined, page: 1 })}
            data-testid="users-search"
          />
          <Select
            allowClear
            placeholder={t("users.allRoles")}
            style={{ width: 160 }}
            options={GRANTABLE_ROLES.map((role) => ({ value: role, label: labels.role(role) }))}
            onChange={(role?: UserRole) => setQuery({ ...query, role, page: 1 })}
          />
          <Select
            allowClear
            placeholder={t("users.allStatuses")}
            style={{ width: 120 }}
            options={[
              { value: "false", label: t("users.enabled") },
              { value: "true", label: t("users.disabled") },
            ]}
            onChange={(disabled?: "true" | "false") => setQuery({ ...query, disabled, page: 1 })}
            data-testid="users-status-filter"
          />
        </Space>
        <Space wrap>
          <Popconfirm
            title={t("users.bulkConfirm")}
            onConfirm={() => bulk.mutate()}
            overlayStyle={{ maxWidth: 360 }}
          >
            <Button icon={<TeamOutlined />} loading={bulk.isPending} data-testid="bulk-secretaries">
              {t("users.bulkSecretaries")}
            </Button>
          </Popconfirm>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="create-user"
          >
            {t("users.create")}
          </Button>
        </Space>
      </Flex>
      <Table<User>
        rowKey="id"
        size="small"
        loading={users.isFetching}
        dataSource={users.data?.items ?? []}
        scroll={{ x: 900 }}
        pagination={{
          current: query.page ?? 1,
          pageSize: query.pageSize ?? 20,
          total: users.data?.total ?? 0,
          showTotal: (total) => t("common.total", { total }),
          onChange: (page, pageSize) => setQuery({ ...query, page, pageSize }),
        }}
        columns={[
          { title: t("users.username"), dataIndex: "username", fixed: "left", width: 140 },
          { title: t("users.displayName"), dataIndex: "displayName", width: 180 },
          {
            title: t("users.roles"),
            key: "roles",
            render: (_, user) => (
              <Flex wrap gap={4}>
                {user.roles.map((role) => (
                  <Tag
                    key={role.id}
                    closable={user.roles.length > 1 && user.id !== me.id}
                    onClose={(event) => {
                      event.preventDefault();
                      if (window.confirm(t("users.revokeConfirm")))
                        revoke.mutate({ id: user.id, roleId: role.id });
                    }}
                  >
                    {labels.role(role.role)} · {role.organizationName ?? "—"}
                  </Tag>
                ))}
              </Flex>
            ),
          },
          {
            title: t("users.status"),
            key: "status",
            width: 130,
            render: (_, user) => (
              <Space size={4} wrap>
                <Tag color={user.isActive ? "green" : "default"} data-testid={`user-status-${user.username}`}>
                  {user.isActive ? t("users.enabled") : t("users.disabled")}
                </Tag>
                {user.mustChangePassword && <Tag color="orange">{t("users.mustChange")}</Tag>}
              </Space>
            ),
          },
          {
            title: t("users.actions"),
            key: "actions",
            fixed: "right",
            width: 250,
            render: (_, user) =>
              user.id === me.id ? null : (
                <Space size={0} wrap>
                  {user.isActive ? (
                    <Popconfirm
                      title={t("users.disableConfirm")}
                      onConfirm={() => active.mutate({ id: user.id, value: false })}
                    >
                      <Button type="link" size="small" danger data-testid={`disable-${user.username}`}>
                        {t("users.disable")}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button
                      type="link"
                      size="small"
                      onClick={() => active.mutate({ id: user.id, value: true })}
                    >
                      {t("users.enable")}
                    </Button>
                  )}
                  <Popconfirm title={t("users.resetConfirm")} onConfirm={() => reset.mutate(user.id)}>
                    <Button type="link" size="small">
                      {t("users.resetPassword")}
                    </Button>
                  </Popconfirm>
                  <Button type="link" size="small" onClick={() => setGranting(user)}>
                    {t("users.grant")}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      <CreateUserModal
        open={creating}
        organizationId={organization.id}
        pending={create.isPending}
        error={create.error}
        onClose={() => {
          setCreating(false);
          create.reset();
        }}
        onSubmit={async (values) => {
          const result = await create.mutateAsync(values);
          setCreating(false);
          setShown({ ...result.user, oneTimePassword: result.oneTimePassword });
        }}
      />
      <GrantRoleModal
        open={granting !== null}
        username={granting?.username ?? ""}
        organizationId={organization.id}
        pending={grant.isPending}
        error={grant.error}
        onClose={() => {
          setGranting(null);
          grant.reset();
        }}
        onSubmit={async (values) => {
          if (!granting) return;
          await grant.mutateAsync({ id: granting.id, ...values });
          setGranting(null);
        }}
      />
      <OneTimePasswordModal shown={shown} onClose={() => setShown(null)} />
    </Flex>
  );
}
