import { FIVE_HAS_ITEMS, type FiveHasItem, type YouthHomeKind } from "@tuanwu/domain";
import type { MessageKey } from "../../i18n/zh-CN";

export { YOUTH_HOME_KINDS, type YouthHomeKind } from "@tuanwu/domain";

export const YOUTH_HOME_KIND_KEYS: Record<YouthHomeKind, MessageKey> = {
  youth_home: "youth.kind.youth_home",
  student_return_station: "youth.kind.student_return_station",
  talent_station: "youth.kind.talent_station",
};

/** The "五有" standard (domain.md §7): a venue, projects, a team, rules, a sign. */
export const STANDARD_ITEMS = FIVE_HAS_ITEMS;
export type StandardItem = FiveHasItem;

export const STANDARD_KEYS: Record<StandardItem, MessageKey> = {
  venue: "youth.standard.venue",
  projects: "youth.standard.projects",
  team: "youth.standard.team",
  rules: "youth.standard.rules",
  sign: "youth.standard.sign",
};

/** The label key of a kind the server sent (an unknown kind shows as 青年之家's sibling text). */
export function kindKey(kind: string): MessageKey {
  return (YOUTH_HOME_KIND_KEYS as Record<string, MessageKey>)[kind] ?? "youth.kind.youth_home";
}

/** "2026-12-06 14:30" from an ISO instant, in the browser's time zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
