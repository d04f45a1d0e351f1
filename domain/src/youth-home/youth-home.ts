import type { Label } from "../dictionaries/dictionary";

/**
 * Youth Homes 青年之家 and service posts (驿站): their kinds, the "五有" standard and the de-listing
 * rule of demonstration homes (domain.md §7; issue 14 part 1). Pure: whoever needs "today" passes it.
 */

/** youth_home 青年之家; student_return_station 学子归巢工作站 (at universities); talent_station 青年人才驿站. */
export const YOUTH_HOME_KINDS = ["youth_home", "student_return_station", "talent_station"] as const;
export type YouthHomeKind = (typeof YOUTH_HOME_KINDS)[number];

export const YOUTH_HOME_KIND_LABELS: Readonly<Record<YouthHomeKind, Label>> = {
  youth_home: { zh: "青年之家", en: "Youth Home" },
  student_return_station: { zh: "学子归巢工作站", en: "Student return station" },
  talent_station: { zh: "青年人才驿站", en: "Young talent station" },
};

/** The five items of the "五有" standard: a venue, projects, a team, rules, a sign (domain.md §7). */
export const FIVE_HAS_ITEMS = ["venue", "projects", "team", "rules", "sign"] as const;
export type FiveHasItem = (typeof FIVE_HAS_ITEMS)[number];

export const FIVE_HAS_LABELS: Readonly<Record<FiveHasItem, Label>> = {
  venue: { zh: "有场地", en: "A venue" },
  projects: { zh: "有项目", en: "Projects" },
  team: { zh: "有队伍", en: "A team" },
  rules: { zh: "有制度", en: "Rules" },
  sign: { zh: "有标识", en: "A sign" },
};

/** A home's checklist: one boolean per item of {@link FIVE_HAS_ITEMS}. */
export type FiveHasChecklist = Readonly<Record<FiveHasItem, boolean>>;

/** The outcome of the "五有" check: met when no item is missing; `missing` in the order of the standard. */
export interface FiveHasResult {
  met: boolean;
  metCount: number;
  missing: FiveHasItem[];
}

/** Checks a home against the "五有" standard (domain.md §7): every one of the five items is required. */
export function checkFiveHasStandard(checklist: FiveHasChecklist): FiveHasResult {
  const missing = FIVE_HAS_ITEMS.filter((item) => !checklist[item]);
  return { met: missing.length === 0, metCount: FIVE_HAS_ITEMS.length - missing.length, missing };
}

/**
 * The de-listing rule 摘牌 of demonstration homes, as data: a demonstration home listed at least
 * `inactiveMonths` months ago that has held no activity in the last `inactiveMonths` months is due
 * for de-listing. domain.md §7 says only "inactive demonstration homes are de-listed"; the period is
 * not in the source documents — 6 months (two quarters) is this installation's setting, kept here so
 * that a county's rule is a one-line change.
 */
export const DEMONSTRATION_DELISTING_RULE = { inactiveMonths: 6 } as const;

/** What {@link delistingDue} needs of a home. */
export interface DelistingInput {
  isDemonstration: boolean;
  /** YYYY-MM-DD, or null when not recorded (then the home counts as listed long enough). */
  listedOn: string | null;
  delistedOn: string | null;
  /** The date (YYYY-MM-DD, China time) of the home's last activity that was not cancelled, or null. */
  lastActivityOn: string | null;
}

/** `date` (YYYY-MM-DD) moved back `months` months; the day is clamped to the target month's end. */
export function monthsBefore(date: string, months: number): string {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) - months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  const pad = (value: number, width: number) => String(value).padStart(width, "0");
  return `${pad(targetYear, 4)}-${pad(targetMonth, 2)}-${pad(Math.min(day, lastDay), 2)}`;
}

/**
 * Whether a home is due for de-listing on `today` under `rule` (default
 * {@link DEMONSTRATION_DELISTING_RULE}): only a demonstration home not yet de-listed, listed on or
 * before the start of the period, whose last activity (if any) is before the period's start
 * (`today` − inactiveMonths). The reason, in Chinese, names the period.
 */
export function delistingDue(
  home: DelistingInput,
  today: string,
  rule: { inactiveMonths: number } = DEMONSTRATION_DELISTING_RULE,
): { due: boolean; reason: string | null } {
  if (!home.isDemonstration || home.delistedOn !== null) return { due: false, reason: null };
  const periodStart = monthsBefore(today, rule.inactiveMonths);
  if (home.listedOn !== null && home.listedOn > periodStart) return { due: false, reason: null };
  if (home.lastActivityOn !== null && home.lastActivityOn >= periodStart) return { due: false, reason: null };
  return { due: true, reason: `示范青年之家近${rule.inactiveMonths}个月未开展活动` };
}
