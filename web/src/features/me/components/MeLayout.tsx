import { LogoutOutlined } from "@ant-design/icons";
import { Button, Flex, Layout, Segmented, Typography } from "antd";
import { Suspense } from "react";
import { Outlet, useLocation, useNavigate } from "react-router";
import { PageSpinner } from "../../../components/PageSpinner";
import { LanguageSwitch } from "../../../i18n/LanguageSwitch";
import { useT } from "../../../i18n/use-t";
import { useLogout, useMe } from "../../auth/hooks/use-me";
import {
  MY_ACTIVITIES_PATH,
  MY_APPLICATION_PATH,
  MY_DUES_PATH,
  MY_MEETINGS_PATH,
  MY_RECORD_PATH,
  MY_TRANSFER_PATH,
} from "../me-paths";

/**
 * The member's own pages, phone first (375 px wide): a slim top bar (name, language, log out), a
 * switch between 我的入团申请 and 我的档案, and one column of content — no side menu, no tree.
 */
export function MeLayout() {
  const t = useT();
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const { pathname } = useLocation();
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
          <Segmented
            block
            value={
              pathname.startsWith(MY_RECORD_PATH)
                ? MY_RECORD_PATH
                : pathname.startsWith(MY_TRANSFER_PATH)
                  ? MY_TRANSFER_PATH
                  : pathname.startsWith(MY_ACTIVITIES_PATH)
                    ? MY_ACTIVITIES_PATH
                    : pathname.startsWith(MY_MEETINGS_PATH)
                      ? MY_MEETINGS_PATH
                      : pathname.startsWith(MY_DUES_PATH)
                        ? MY_DUES_PATH
                        : MY_APPLICATION_PATH
            }
            onChange={(path) => navigate(path)}
            options={[
              { value: MY_APPLICATION_PATH, label: t("me.application") },
              { value: MY_RECORD_PATH, label: t("me.record") },
              { value: MY_TRANSFER_PATH, label: t("me.transfer") },
              { value: MY_ACTIVITIES_PATH, label: t("me.activities") },
              { value: MY_MEETINGS_PATH, label: t("me.meetings") },
              { value: MY_DUES_PATH, label: t("me.dues") },
            ]}
            data-testid="me-nav"
          />
          <Suspense fallback={<PageSpinner />}>
            <Outlet />
          </Suspense>
        </Flex>
      </Layout.Content>
    </Layout>
  );
}
