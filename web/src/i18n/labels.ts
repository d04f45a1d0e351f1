import {
  AGE_BAND_LABELS,
  EDUCATION_LEVELS,
  type Label,
  MEMBER_STATUS_LABELS,
  OCCUPATIONS,
  ORGANIZATION_KIND_LABELS,
  ORGANIZATION_LEVEL_LABELS,
  ROLE_LABELS,
  SECTOR_LABELS,
  SEX_LABELS,
} from "@tuanwu/domain";
import { useMemo } from "react";
import type { Locale } from "./locale";
import { useLocale } from "./use-t";

type LabelMap = Readonly<Record<string, Label>>;

function dictionaryToMap(entries: readonly { code: string; zh: string; en: string }[]): LabelMap {
  return Object.fromEntries(entries.map((entry) => [entry.code, { zh: entry.zh, en: entry.en }]));
}

const EDUCATION_LABELS = dictionaryToMap(EDUCATION_LEVELS);
const OCCUPATION_LABELS = dictionaryToMap(OCCUPATIONS);

/** The label of `key` in the current language; the key itself when the map lacks it, "—" when empty. */
function pick(map: LabelMap, key: string | null | undefined, locale: Locale): string {
  if (key === null || key === undefined || key === "") return "—";
  const pair = map[key];
  if (!pair) return key;
  return locale === "zh-CN" ? pair.zh : pair.en;
}

type LabelOf = (key: string | null | undefined) => string;

export interface Labels {
  kind: LabelOf;
  level: LabelOf;
  sector: LabelOf;
  status: LabelOf;
  education: LabelOf;
  occupation: LabelOf;
  sex: LabelOf;
  ageBand: LabelOf;
  role: LabelOf;
}

const MAPS: Record<keyof Labels, LabelMap> = {
  kind: ORGANIZATION_KIND_LABELS,
  level: ORGANIZATION_LEVEL_LABELS,
  sector: SECTOR_LABELS,
  status: MEMBER_STATUS_LABELS,
  education: EDUCATION_LABELS,
  occupation: OCCUPATION_LABELS,
  sex: SEX_LABELS,
  ageBand: AGE_BAND_LABELS,
  role: ROLE_LABELS,
};

/** Labels of the domain's codes (kinds, sectors, statuses…) from @tuanwu/domain, in the current UI language. */
export function useLabels(): Labels {
  const { locale } = useLocale();
  return useMemo<Labels>(() => {
    const labelOf =
      (map: LabelMap): LabelOf =>
      (key) =>
        pick(map, key, locale);
    return {
      kind: labelOf(MAPS.kind),
      level: labelOf(MAPS.level),
      sector: labelOf(MAPS.sector),
      status: labelOf(MAPS.status),
      education: labelOf(MAPS.education),
      occupation: labelOf(MAPS.occupation),
      sex: labelOf(MAPS.sex),
      ageBand: labelOf(MAPS.ageBand),
      role: labelOf(MAPS.role),
    };
  }, [locale]);
}
