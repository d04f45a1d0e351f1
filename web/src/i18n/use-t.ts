import { useCallback, useContext } from "react";
import { en } from "./en";
import { LocaleContext, type LocaleContextValue } from "./locale";
import { type MessageKey, type Messages, zhCN } from "./zh-CN";

const MESSAGES: Record<LocaleContextValue["locale"], Messages> = { "zh-CN": zhCN, en };

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function useLocale(): LocaleContextValue {
  return useContext(LocaleContext);
}

/** `t("common.total", { total: 3 })` → "共 3 条". */
export function useT(): Translate {
  const { locale } = useLocale();
  return useCallback<Translate>(
    (key, values) => {
      const template = MESSAGES[locale][key];
      if (!values) return template;
      return template.replace(/\{(\w+)\}/g, (match, name: string) => {
        const value = values[name];
        return value === undefined ? match : String(value);
      });
    },
    [locale],
  );
}
