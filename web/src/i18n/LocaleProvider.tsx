import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { type ReactNode, useCallback, useEffect, useMemo, useState } from "react";
import { type Locale, LocaleContext, readStoredLocale, storeLocale } from "./locale";

/** Holds the UI language, remembers it in localStorage and keeps dayjs and <html lang> in step. */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(readStoredLocale);

  const setLocale = useCallback((next: Locale) => {
    storeLocale(next);
    setLocaleState(next);
  }, []);

  useEffect(() => {
    dayjs.locale(locale === "zh-CN" ? "zh-cn" : "en");
    document.documentElement.lang = locale;
  }, [locale]);

  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}
