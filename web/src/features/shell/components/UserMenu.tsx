import { KeyOutlined, LogoutOutlined, UserOutlined } from "@ant-design/icons";
import { Button, Flex, Tag, Tooltip, Typography } from "antd";
import { useNavigate } from "react-router";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import { useLogout, useMe } from "../../auth/hooks/use-me";

/** The signed-in user's name and role, and the logout button. */
export function UserMenu() {
  const me = useMe();
  const t = useT();
  const labels = useLabels();
  const logout = useLogout();
  const navigate = useNavigate();
  const role = me.roles[0];

  return (
    <Flex align="center" gap={8}>
      <UserOutlined style={{ color: "#fff" }} />
      <Typography.Text style={{ color: "#fff" }} data-testid="user-name">
        {me.displayName}
      </Typography.Text>
      {role && (
        <Tooltip title={role.organizationName}>
          <Tag data-testid="user-role">{labels.role(role.role)}</Tag>
        </Tooltip>
      )}
      <Button
        size="small"
        icon={<KeyOutlined />}
        onClick={() => navigate("/password")}
        data-testid="change-password-link"
      >
        {t("password.title")}
      </Button>
      <Button
        size="small"
        icon={<LogoutOutlined />}
        loading={logout.isPending}
        onClick={() => logout.mutate()}
        data-testid="logout"
      >
        {t("header.logout")}
      </Button>
    </Flex>
  );
}
