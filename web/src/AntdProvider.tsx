import { App as AntdApp, ConfigProvider } from "antd";
import enUS from "antd/es/locale/en_US";
import zhCN from "antd/es/locale/zh_CN";
import type { ReactNode } from "react";
import { useLocale } from "./i18n/use-t";
import { theme } from "./theme";

/** The one ConfigProvider: the theme and antd's own strings in the chosen language. */
export function AntdProvider({ children }: { children: ReactNode }) {
  const { locale } = useLocale();
  return (
    <ConfigProvider theme={theme} locale={locale === "zh-CN" ? zhCN : enUS}>
      <AntdApp>{children}</AntdApp>
    </ConfigProvider>
  );
}
