import { GlobalOutlined } from "@ant-design/icons";
import { Select } from "antd";
import type { Locale } from "./locale";
import { useLocale, useT } from "./use-t";

const OPTIONS: { value: Locale; label: string }[] = [
  { value: "zh-CN", label: "简体中文" },
  { value: "en", label: "English" },
];

/** Switches the UI language; the choice is remembered on this browser. */
export function LanguageSwitch() {
  const { locale, setLocale } = useLocale();
  const t = useT();
  return (
    <Select<Locale>
      aria-label={t("header.language")}
      data-testid="language-switch"
      size="small"
      value={locale}
      onChange={setLocale}
      options={OPTIONS}
      prefix={<GlobalOutlined />}
      style={{ width: 130 }}
      popupMatchSelectWidth={false}
    />
  );
}
