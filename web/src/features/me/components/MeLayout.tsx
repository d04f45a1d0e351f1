import {
  AuditOutlined,
  CalendarOutlined,
  EnvironmentOutlined,
  FileTextOutlined,
  HeartOutlined,
  IdcardOutlined,
  LogoutOutlined,
  SwapOutlined,
  WalletOutlined,
} from "@ant-design/icons";
import { Button, Flex, Layout, Typography } from "antd";
import { type ReactNode, Suspense } from "react";
import { Outlet, useLocation, useNavigate } from "react-router";
import { PageSpinner } from "../../../components/PageSpinner";
import { LanguageSwitch } from "../../../i18n/LanguageSwitch";
import { useT } from "../../../i18n/use-t";
import type { MessageKey } from "../../../i18n/zh-CN";
import { useLogout, useMe } from "../../auth/hooks/use-me";
import {
  MY_ACTIVITIES_PATH,
  MY_APPLICATION_PATH,
  MY_CONTACT_LOGS_PATH,
  MY_DUES_PATH,
  MY_MEETINGS_PATH,
  MY_RECORD_PATH,
  MY_REVIEW_PATH,
  MY_TRANSFER_PATH,
} from "../me-paths";

/** The member's pages, in the order of the switcher's grid (two rows of four at 375 px). */
export const ME_ENTRIES: readonly { path: string; label: MessageKey; icon: ReactNode }[] = [
  { path: MY_APPLICATION_PATH, label: "me.application", icon: <FileTextOutlined /> },
  { path: MY_RECORD_PATH, label: "me.record", icon: <IdcardOutlined /> },
  { path: MY_MEETINGS_PATH, label: "me.meetings", icon: <CalendarOutlined /> },
  { path: MY_DUES_PATH, label: "me.dues", icon: <WalletOutlined /> },
  { path: MY_REVIEW_PATH, label: "me.review", icon: <AuditOutlined /> },
  { path: MY_TRANSFER_PATH, label: "me.transfer", icon: <SwapOutlined /> },
  { path: MY_ACTIVITIES_PATH, label: "me.activities", icon: <HeartOutlined /> },
  { path: MY_CONTACT_LOGS_PATH, label: "me.contactLogs", icon: <EnvironmentOutlined /> },
];

/** The entry a path belongs to (/me/signin/… belongs to none). */
export function entryOfPath(pathname: string): string | undefined {
  return ME_ENTRIES.find(({ path }) => pathname === path || pathname.startsWith(`${path}/`))?.path;
}

/**
 * The member's own pages, phone first (375 px wide): a slim top bar (name, language, log out), a
 * compact grid of the eight pages (icon over a short label, four to a row, so nothing is cut at
 * 375 px) and one column of content — no side menu, no tree.
 */
export function MeLayout() {
  const t = useT();
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const current = entryOfPath(pathname);
  return (
    <Layout style={{ minHeight: "100vh" }} data-testid="me-layout">
      <Layout.Header style={{ display: "flex", alignItems: "center", gap: 8, paddingInline: 12, height: 52 }}>
        <Typography.Text strong style={{ color: "#fff", fontSize: 16, whiteSpace: "nowrap" }}>
          团务
        </Typography.Text>
        <Typography.Text ellipsis style={{ color: "#fff", flex: 1, minWidth: 0 }} data-testid="me-name">
          {me.displayName}
        </Typography.Text>
        <LanguageSwitch />
        <Button
          size="small"
          icon={<LogoutOutlined />}
          aria-label={t("header.logout")}
          loading={logout.isPending}
          onClick={() => logout.mutate()}
          data-testid="logout"
        />
      </Layout.Header>
      <Layout.Content style={{ padding: 12, maxWidth: 720, width: "100%", margin: "0 auto" }}>
        <Flex vertical gap={12}>
          <nav
            aria-label="me"
            data-testid="me-nav"
            style={{ display: "grid", gridTemplateColumns: "repeat(4, minmax(0, 1fr))", gap: 6 }}
          >
            {ME_ENTRIES.map(({ path, label, icon }) => {
              const active = path === current;
              return (
                <Button
                  key={path}
                  type={active ? "primary" : "default"}
                  aria-current={active ? "page" : undefined}
                  onClick={() => navigate(path)}
                  data-testid={`me-nav-${path.slice(4)}`}
                  style={{
                    height: "auto",
                    minWidth: 0,
                    paddingBlock: 6,
                    paddingInline: 2,
                    display: "flex",
                    flexDirection: "column",
                    gap: 2,
                    whiteSpace: "normal",
                    lineHeight: 1.2,
                    fontSize: 12,
                  }}
                >
                  {icon}
                  <span style={{ overflowWrap: "anywhere" }}>{t(label)}</span>
                </Button>
              );
            })}
          </nav>
          <Suspense fallback={<PageSpinner />}>
            <Outlet />
          </Suspense>
        </Flex>
      </Layout.Content>
    </Layout>
  );
}
