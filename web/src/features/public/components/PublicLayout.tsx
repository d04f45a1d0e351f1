import { Flex, Layout, Typography } from "antd";
import type { ReactNode } from "react";
import { LanguageSwitch } from "../../../i18n/LanguageSwitch";
import { useT } from "../../../i18n/use-t";

/**
 * The frame of the public pages (sign-up, check-in, rating, survey): phone first (375 px), no account,
 * no menu, nothing of the registry — a title bar, the language switch and one column.
 */
export function PublicLayout({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <Layout style={{ minHeight: "100vh" }} data-testid="public-layout">
      <Layout.Header style={{ display: "flex", alignItems: "center", gap: 8, paddingInline: 12, height: 52 }}>
        <Typography.Text strong style={{ color: "#fff", fontSize: 16, flex: 1, whiteSpace: "nowrap" }}>
          {t("public.title")}
        </Typography.Text>
        <LanguageSwitch />
      </Layout.Header>
      <Layout.Content style={{ padding: 12, maxWidth: 560, width: "100%", margin: "0 auto" }}>
        <Flex vertical gap={12}>
          {children}
        </Flex>
      </Layout.Content>
    </Layout>
  );
}
