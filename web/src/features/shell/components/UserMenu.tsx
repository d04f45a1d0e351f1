import { KeyOutlined, LogoutOutlined, UserOutlined } from "@ant-design/icons";
import { Button, Flex, Tag, Tooltip, Typography } from "antd";
import { useNavigate } from "react-router";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import { useLogout, useMe } from "../../auth/hooks/use-me";

/**
 * The signed-in user's name and role, and the change-password and logout buttons. `compact` (phones):
 * the name cut short, no role tag, icon-only buttons — the header must fit a 375 px screen, or a real
 * phone widens its layout viewport to the header and every drawer and modal lands partly off-screen
 * (the record-meeting drawer's mask then caught the taps meant for its form).
 */
export function UserMenu({ compact = false }: { compact?: boolean }) {
  const me = useMe();
  const t = useT();
  const labels = useLabels();
  const logout = useLogout();
  const navigate = useNavigate();
  const role = me.roles[0];

  return (
    <Flex align="center" gap={8} style={{ minWidth: 0 }}>
      {!compact && <UserOutlined style={{ color: "#fff" }} />}
      <Typography.Text
        ellipsis
        style={{ color: "#fff", minWidth: 0, maxWidth: compact ? 72 : undefined }}
        data-testid="user-name"
      >
        {me.displayName}
      </Typography.Text>
      {role && !compact && (
        <Tooltip title={role.organizationName}>
          <Tag data-testid="user-role">{labels.role(role.role)}</Tag>
        </Tooltip>
      )}
      <Button
        size="small"
        icon={<KeyOutlined />}
        aria-label={compact ? t("password.title") : undefined}
        onClick={() => navigate("/password")}
        data-testid="change-password-link"
      >
        {compact ? null : t("password.title")}
      </Button>
      <Button
        size="small"
        icon={<LogoutOutlined />}
        aria-label={compact ? t("header.logout") : undefined}
        loading={logout.isPending}
        onClick={() => logout.mutate()}
        data-testid="logout"
      >
        {compact ? null : t("header.logout")}
      </Button>
    </Flex>
  );
}
