import { ROLE_LABELS, ROLES } from "../auth/permissions";
import { AGE_BAND_LABELS, AGE_BANDS } from "../member/age";
import { MEMBER_STATUS_LABELS, MEMBER_STATUSES } from "../member/member-status";
import { SEX_LABELS, SEXES } from "../member/sex";
import { ORGANIZATION_KIND_LABELS, ORGANIZATION_KINDS } from "../organization/organization-kind";
import { ORGANIZATION_LEVEL_LABELS, ORGANIZATION_LEVELS } from "../organization/organization-level";
import { SECTOR_LABELS, SECTORS } from "../organization/sector";
import { CADRE_KINDS } from "./cadre-kinds";
import { type Dictionary, dictionaryFromLabels } from "./dictionary";
import { EDUCATION_LEVELS } from "./education-levels";
import { ETHNICITIES } from "./ethnicities";
import { ID_DOCUMENT_TYPES } from "./id-document-types";
import { LEAGUE_POSITIONS } from "./league-positions";
import { OCCUPATIONS } from "./occupations";
import { POLITICAL_STATUSES } from "./political-statuses";

/**
 * Every code table the UI needs, each as `[{ code, zh, en }]` in display order — the body of
 * GET /dictionaries (API contract). The string unions (kinds, levels, sectors, statuses, sexes,
 * age bands, roles) are turned into the same shape with {@link dictionaryFromLabels}.
 */
export const DICTIONARIES = {
  sectors: dictionaryFromLabels(SECTORS, SECTOR_LABELS),
  kinds: dictionaryFromLabels(ORGANIZATION_KINDS, ORGANIZATION_KIND_LABELS),
  levels: dictionaryFromLabels(ORGANIZATION_LEVELS, ORGANIZATION_LEVEL_LABELS),
  statuses: dictionaryFromLabels(MEMBER_STATUSES, MEMBER_STATUS_LABELS),
  sexes: dictionaryFromLabels(SEXES, SEX_LABELS),
  ageBands: dictionaryFromLabels(AGE_BANDS, AGE_BAND_LABELS),
  roles: dictionaryFromLabels(ROLES, ROLE_LABELS),
  ethnicities: ETHNICITIES,
  educationLevels: EDUCATION_LEVELS,
  occupations: OCCUPATIONS,
  politicalStatuses: POLITICAL_STATUSES,
  leaguePositions: LEAGUE_POSITIONS,
  cadreKinds: CADRE_KINDS,
  idDocumentTypes: ID_DOCUMENT_TYPES,
} as const satisfies Readonly<Record<string, Dictionary>>;

/** The name of one of the {@link DICTIONARIES}, e.g. "sectors", "ethnicities". */
export type DictionaryName = keyof typeof DICTIONARIES;
