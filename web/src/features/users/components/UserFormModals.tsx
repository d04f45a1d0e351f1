import { Alert, Form, Input, Modal, Select, Typography } from "antd";
import { FormErrorAlert } from "../../../components/FormErrorAlert";
import { showFieldErrorOf } from "../../../components/form-errors";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import { OrganizationSearchSelect } from "../../organizations/components/OrganizationSearchSelect";
import type { UserRole } from "../api/user-queries";

/** Roles an administrator can grant in the web (never system_admin). */
export const GRANTABLE_ROLES: readonly UserRole[] = ["org_admin", "branch_secretary", "evaluator", "member"];

export interface CreateUserValues {
  username: string;
  displayName: string;
  role: UserRole;
  organizationId: number;
}

const CREATE_FIELDS = ["username", "displayName", "role", "organizationId"] as const;

/** 新建账号: user name, name, role and the organization it is held on. */
export function CreateUserModal(props: {
  open: boolean;
  organizationId: number;
  pending: boolean;
  error: unknown;
  onSubmit: (values: CreateUserValues) => Promise<unknown>;
  onClose: () => void;
}) {
  const t = useT();
  const labels = useLabels();
  const [form] = Form.useForm<CreateUserValues>();
  const required = [{ required: true, message: t("users.required") }];
  return (
    <Modal
      open={props.open}
      title={t("users.createTitle")}
      okText={t("common.create")}
      cancelText={t("common.cancel")}
      confirmLoading={props.pending}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <FormErrorAlert error={props.error} fieldNames={CREATE_FIELDS} style={{ marginBottom: 12 }} />
      <Form<CreateUserValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ organizationId: props.organizationId, role: "branch_secretary" }}
        onFinish={(values) =>
          void props.onSubmit(values).catch((error) => showFieldErrorOf(form, error, CREATE_FIELDS))
        }
      >
        <Form.Item name="username" label={t("users.username")} rules={required}>
          <Input autoComplete="off" data-testid="user-username" />
        </Form.Item>
        <Form.Item name="displayName" label={t("users.displayName")} rules={required}>
          <Input data-testid="user-display-name" />
        </Form.Item>
        <Form.Item name="role" label={t("users.role")} rules={required}>
          <Select
            data-testid="user-role-select"
            options={GRANTABLE_ROLES.map((role) => ({ value: role, label: labels.role(role) }))}
          />
        </Form.Item>
        <Form.Item name="organizationId" label={t("users.organization")} rules={required}>
          <OrganizationSearchSelect data-testid="user-organization" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 授予角色: a role on an organization of the administrator's subtree. */
export function GrantRoleModal(props: {
  open: boolean;
  username: string;
  organizationId: number;
  pending: boolean;
  error: unknown;
  onSubmit: (values: { role: UserRole; organizationId: number }) => Promise<unknown>;
  onClose: () => void;
}) {
  const t = useT();
  const labels = useLabels();
  const [form] = Form.useForm<{ role: UserRole; organizationId: number }>();
  const fields = ["role", "organizationId"] as const;
  return (
    <Modal
      open={props.open}
      title={`${t("users.grant")} · ${props.username}`}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={props.pending}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <FormErrorAlert error={props.error} fieldNames={fields} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ organizationId: props.organizationId, role: "evaluator" }}
        onFinish={(values) =>
          void props.onSubmit(values).catch((error) => showFieldErrorOf(form, error, fields))
        }
      >
        <Form.Item
          name="role"
          label={t("users.role")}
          rules={[{ required: true, message: t("users.required") }]}
        >
          <Select options={GRANTABLE_ROLES.map((role) => ({ value: role, label: labels.role(role) }))} />
        </Form.Item>
        <Form.Item
          name="organizationId"
          label={t("users.organization")}
          rules={[{ required: true, message: t("users.required") }]}
        >
          <OrganizationSearchSelect />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Shows a one-time password once, selectable for copying. */
export function OneTimePasswordModal(props: {
  shown: { username: string; displayName: string; oneTimePassword: string } | null;
  onClose: () => void;
}) {
  const t = useT();
  return (
    <Modal
      open={props.shown !== null}
      title={t("users.oneTimePasswordTitle")}
      onOk={props.onClose}
      onCancel={props.onClose}
      cancelButtonProps={{ style: { display: "none" } }}
    >
      {props.shown && (
        <>
          <Alert
            type="warning"
            showIcon
            title={t("users.oneTimePasswordHint", { name: props.shown.displayName })}
          />
          <Typography.Paragraph style={{ marginTop: 16 }}>
            {t("users.username")}:{" "}
            <Typography.Text code copyable data-testid="created-username">
              {props.shown.username}
            </Typography.Text>
          </Typography.Paragraph>
          <Typography.Paragraph>
            {t("users.oneTimePasswordTitle")}:{" "}
            <Typography.Text code copyable data-testid="one-time-password">
              {props.shown.oneTimePassword}
            </Typography.Text>
          </Typography.Paragraph>
        </>
      )}
    </Modal>
  );
}
