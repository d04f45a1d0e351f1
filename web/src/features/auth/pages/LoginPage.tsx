import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Flex, Form, Input, Typography } from "antd";
import { useNavigate, useSearchParams } from "react-router";
import { LOGIN_NEXT_PARAMETER, pathWithReturn, safeReturnPath } from "../../../api/client";
import { isApiError } from "../../../api/errors";
import { LanguageSwitch } from "../../../i18n/LanguageSwitch";
import { useT } from "../../../i18n/use-t";
import { LEAGUE_RED } from "../../../theme";
import { useLogin } from "../hooks/use-me";

interface LoginValues {
  username: string;
  password: string;
}

/**
 * Username and password; the server's message on failure (it does not say which one was wrong). After
 * signing in, back to the page the user came from (`?next=`, set by the API client on a 401 — e.g. a
 * meeting's QR sign-in link scanned while logged out), only when it is a same-origin relative path
 * (safeReturnPath); otherwise "/". An account that must change its password first goes to /password with
 * the same `next`, where the change leads on to it. Fits a 375 px phone.
 */
export function LoginPage() {
  const t = useT();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const login = useLogin();
  const next = safeReturnPath(searchParams.get(LOGIN_NEXT_PARAMETER));

  // "/" is HomeRedirect: the scope root, or a member's own pages (/me/application).
  const onFinish = (values: LoginValues) => {
    login.mutate(values, {
      onSuccess: (me) =>
        navigate(me.mustChangePassword ? pathWithReturn("/password", next) : (next ?? "/"), {
          replace: true,
        }),
    });
  };

  const errorMessage = login.error
    ? isApiError(login.error)
      ? login.error.message
      : t("login.failed")
    : undefined;

  return (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{ minHeight: "100vh", background: "#f5f5f5", padding: 12, boxSizing: "border-box" }}
    >
      <Card style={{ width: "100%", maxWidth: 380 }} extra={<LanguageSwitch />} title={t("login.title")}>
        <Flex vertical align="center" style={{ marginBottom: 24 }}>
          <Typography.Title level={2} style={{ color: LEAGUE_RED, margin: 0 }}>
            团务 tuanwu
          </Typography.Title>
          <Typography.Text type="secondary">{t("app.tagline")}</Typography.Text>
        </Flex>
        {errorMessage && (
          <Alert
            type="error"
            showIcon
            title={errorMessage}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        )}
        <Form<LoginValues>
          layout="vertical"
          data-testid="login-form"
          onFinish={onFinish}
          requiredMark={false}
          autoComplete="on"
        >
          <Form.Item
            name="username"
            label={t("login.username")}
            rules={[{ required: true, message: t("login.usernameRequired") }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t("login.password")}
            rules={[{ required: true, message: t("login.passwordRequired") }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending}>
            {t("login.submit")}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
