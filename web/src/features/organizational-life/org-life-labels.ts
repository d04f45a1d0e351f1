import { MEETING_KIND_LABELS, MEETING_KINDS, type MeetingKind } from "@tuanwu/domain";
import { useCallback } from "react";
import { useLocale } from "../../i18n/use-t";

/** A meeting kind's label (支部团员大会, 团课 …) in the current language; the code when unknown. */
export function useMeetingKindLabel(): (kind: string) => string {
  const { locale } = useLocale();
  return useCallback(
    (kind: string) => {
      const label = (MEETING_KIND_LABELS as Readonly<Record<string, { zh: string; en: string }>>)[kind];
      return label ? (locale === "en" ? label.en : label.zh) : kind;
    },
    [locale],
  );
}

/** The kinds in the order the form offers them. */
export const MEETING_KIND_OPTIONS: readonly MeetingKind[] = MEETING_KINDS;
