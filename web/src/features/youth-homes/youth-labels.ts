import type { MessageKey } from "../../i18n/zh-CN";

/** The kinds of positions (domain.md §7): 青年之家, 学子归巢工作站, 青年人才驿站. */
export const YOUTH_HOME_KINDS = ["youth_home", "student_return_station", "talent_station"] as const;
export type YouthHomeKind = (typeof YOUTH_HOME_KINDS)[number];

export const YOUTH_HOME_KIND_KEYS: Record<YouthHomeKind, MessageKey> = {
  youth_home: "youth.kind.youth_home",
  student_return_station: "youth.kind.student_return_station",
  talent_station: "youth.kind.talent_station",
};

/** The "五有" standard (domain.md §7): a venue, projects, a team, rules, a sign. */
export const STANDARD_ITEMS = ["venue", "projects", "team", "rules", "sign"] as const;
export type StandardItem = (typeof STANDARD_ITEMS)[number];

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
