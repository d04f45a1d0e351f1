import {
  AGE_BAND_LABELS,
  CANDIDATE_SOURCE_LABELS,
  DEVELOPMENT_STATE_LABELS,
  DEVELOPMENT_WORKFLOW,
  DICTIONARIES,
  type DictionaryName,
  EDUCATION_LEVELS,
  type Label,
  MEMBER_EVENT_KIND_LABELS,
  MEMBER_RECORD_FIELDS,
  MEMBER_STATUS_ACTION_LABELS,
  MEMBER_STATUS_LABELS,
  OCCUPATIONS,
  ORGANIZATION_KIND_LABELS,
  ORGANIZATION_LEVEL_LABELS,
  REVIEW_REQUEST_STATE_LABELS,
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
const DEVELOPMENT_ACTION_LABELS: LabelMap = Object.fromEntries(
  DEVELOPMENT_WORKFLOW.transitions.map((transition) => [transition.action, transition.label]),
);
const OCCUPATION_LABELS = dictionaryToMap(OCCUPATIONS);
const FIELD_LABELS: LabelMap = Object.fromEntries(
  MEMBER_RECORD_FIELDS.map((spec) => [spec.field, { zh: spec.zh, en: spec.en }]),
);
const DICTIONARY_MAPS = Object.fromEntries(
  Object.entries(DICTIONARIES).map(([name, entries]) => [name, dictionaryToMap(entries)]),
) as Record<DictionaryName, LabelMap>;

/** The label of `key` in the current language; the key itself when the map lacks it, "—" when empty. */
function pick(map: LabelMap, key: string | null | undefined, locale: Locale): string {
  if (key === null || key === undefined || key === "") return "—";
  const pair = map[key];
  if (!pair) return key;
  return locale === "zh-CN" ? pair.zh : pair.en;
}

export type LabelOf = (key: string | null | undefined) => string;

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
  /** A member record field (MEMBER_RECORD_FIELDS), e.g. "citizenId" → 公民身份号码. */
  field: LabelOf;
  /** A kind of archive entry (MEMBER_EVENT_KIND_LABELS). */
  eventKind: LabelOf;
  /** A status change (MEMBER_STATUS_ACTION_LABELS). */
  statusAction: LabelOf;
  /** A state of a reviewed request (REVIEW_REQUEST_STATE_LABELS). */
  reviewState: LabelOf;
  /** A state of member development (DEVELOPMENT_STATE_LABELS): the pipeline's columns. */
  developmentState: LabelOf;
  /** An action of member development (the workflow's transition labels). */
  developmentAction: LabelOf;
  /** How a candidate was put forward (CANDIDATE_SOURCE_LABELS). */
  candidateSource: LabelOf;
  /** A code of one of the DICTIONARIES (GET /dictionaries). */
  dictionary: (name: DictionaryName, code: string | null | undefined) => string;
}

const MAPS: Record<Exclude<keyof Labels, "dictionary">, LabelMap> = {
  kind: ORGANIZATION_KIND_LABELS,
  level: ORGANIZATION_LEVEL_LABELS,
  sector: SECTOR_LABELS,
  status: MEMBER_STATUS_LABELS,
  education: EDUCATION_LABELS,
  occupation: OCCUPATION_LABELS,
  sex: SEX_LABELS,
  ageBand: AGE_BAND_LABELS,
  role: ROLE_LABELS,
  field: FIELD_LABELS,
  eventKind: MEMBER_EVENT_KIND_LABELS,
  statusAction: MEMBER_STATUS_ACTION_LABELS,
  reviewState: REVIEW_REQUEST_STATE_LABELS,
  developmentState: DEVELOPMENT_STATE_LABELS,
  developmentAction: DEVELOPMENT_ACTION_LABELS,
  candidateSource: CANDIDATE_SOURCE_LABELS,
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
      field: labelOf(MAPS.field),
      eventKind: labelOf(MAPS.eventKind),
      statusAction: labelOf(MAPS.statusAction),
      reviewState: labelOf(MAPS.reviewState),
      developmentState: labelOf(MAPS.developmentState),
      developmentAction: labelOf(MAPS.developmentAction),
      candidateSource: labelOf(MAPS.candidateSource),
      dictionary: (name, code) => pick(DICTIONARY_MAPS[name], code, locale),
    };
  }, [locale]);
}
