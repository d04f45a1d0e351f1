import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Flex, Form, Input, Typography } from "antd";
import { useNavigate, useSearchParams } from "react-router";
import { LOGIN_NEXT_PARAMETER, safeReturnPath } from "../../../api/client";
import { queryKeys } from "../../../api/query-keys";
import { FormErrorAlert } from "../../../components/FormErrorAlert";
import { showFieldErrorOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import { useMe } from "../../auth/hooks/use-me";
import { changeOwnPassword } from "../api/user-queries";

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

const FIELDS = ["currentPassword", "newPassword"] as const;

/**
 * /password — 修改密码: the current password and the new one twice. After a one-time password
 * (a new account, a reset) every page leads here until it is changed (RequireAuth); the server
 * refuses everything else meanwhile. After the change, on to `?next=` (the page asked for at login, a
 * same-origin path only: safeReturnPath), else the scope root. Errors appear on the field the server names.
 */
export function ChangePasswordPage() {
  const t = useT();
  const me = useMe();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const next = safeReturnPath(searchParams.get(LOGIN_NEXT_PARAMETER));
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordValues>();
  const change = useMutation({
    mutationFn: ({ currentPassword, newPassword }: PasswordValues) =>
      changeOwnPassword({ currentPassword, newPassword }),
    onSuccess: async () => {
      void message.success(t("password.done"));
      await queryClient.invalidateQueries({ queryKey: queryKeys.me });
      navigate(next ?? (me.scopeRoot ? `/orgs/${me.scopeRoot.id}` : "/"), { replace: true });
    },
    onError: (error) => showFieldErrorOf(form, error, FIELDS),
  });
  return (
    <Flex justify="center" style={{ padding: 24 }}>
      <Card title={t("password.title")} style={{ width: 420, maxWidth: "100%" }}>
        {me.mustChangePassword && (
          <Alert
            type="warning"
            showIcon
            title={t("password.forced")}
            style={{ marginBottom: 16 }}
            data-testid="password-forced"
          />
        )}
        <FormErrorAlert error={change.error} fieldNames={FIELDS} style={{ marginBottom: 12 }} />
        <Form<PasswordValues> form={form} layout="vertical" onFinish={(values) => change.mutate(values)}>
          <Form.Item
            name="currentPassword"
            label={t("password.current")}
            rules={[{ required: true, message: t("users.required") }]}
          >
            <Input.Password autoComplete="current-password" data-testid="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t("password.new")}
            extra={<Typography.Text type="secondary">{t("password.rules")}</Typography.Text>}
            rules={[{ required: true, message: t("users.required") }]}
          >
            <Input.Password autoComplete="new-password" data-testid="new-password" />
          </Form.Item>
          <Form.Item
            name="confirmPassword"
            label={t("password.confirm")}
            dependencies={["newPassword"]}
            rules={[
              { required: true, message: t("users.required") },
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  !value || value === getFieldValue("newPassword")
                    ? Promise.resolve()
                    : Promise.reject(new Error(t("password.mismatch"))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="confirm-password" />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            loading={change.isPending}
            data-testid="change-password"
          >
            {t("password.submit")}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
