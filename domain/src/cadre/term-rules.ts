import { addDays, addMonths, compareIsoDates } from "../dates/iso-date";

/**
 * Terms and elections 换届 (domain.md §6; issue 13 part 2), the composition of the bodies elected
 * (Wangcang reform plan task 6) and two-way exchange 双向交流 placements (Wangcang task 4).
 */

/** The bodies a term is held for (organization_term.body). */
export const TERM_BODIES = ["congress", "committee", "standing_committee"] as const;

/** A body (see {@link TERM_BODIES}). */
export type TermBody = (typeof TERM_BODIES)[number];

/** Display labels of {@link TERM_BODIES}. */
export const TERM_BODY_LABELS: Readonly<Record<TermBody, string>> = {
  congress: "团员代表大会",
  committee: "全委会",
  standing_committee: "常委会",
};

/**
 * The least share of grassroots and front-line people in each body: congress deputies ≥ 80 %, full
 * committee members (incl. alternates) ≥ 60 %, standing committee members ≥ 40 % (Wangcang reform plan
 * task 6: 基层和一线代表不少于代表总数的80% … 全委会 … 60% … 常委会 … 一般不少于 … 40%; domain.md §6).
 */
export const GRASSROOTS_MINIMUM: Readonly<Record<TermBody, number>> = {
  congress: 0.8,
  committee: 0.6,
  standing_committee: 0.4,
};

/** How many days before a term ends it is listed as expiring and its election 换届 falls due (tuanwu default). */
export const TERM_REMINDER_DAYS = 90;

/** Whether a term's dates are valid: it ends strictly after it starts (issue 13 "a term ending before it starts"). */
export function isValidTermPeriod(startsOn: string, endsOn: string): boolean {
  return compareIsoDates(endsOn, startsOn) > 0;
}

/** Where a term stands on `today`. */
export type TermState = "upcoming" | "current" | "expiring" | "expired";

/**
 * A term's state on `today`: upcoming before it starts, expired from the day after it ends, expiring
 * within `reminderDays` before its end (its end day included), else current.
 */
export function termState(
  term: { startsOn: string; endsOn: string },
  today: string,
  reminderDays = TERM_REMINDER_DAYS,
): TermState {
  if (compareIsoDates(today, term.startsOn) < 0) return "upcoming";
  if (compareIsoDates(today, term.endsOn) > 0) return "expired";
  if (compareIsoDates(addDays(today, reminderDays), term.endsOn) >= 0) return "expiring";
  return "current";
}

/** The day from which a term is listed as expiring (its end − `reminderDays`). */
export function reminderDate(endsOn: string, reminderDays = TERM_REMINDER_DAYS): string {
  return addDays(endsOn, -reminderDays);
}

/** A body's composition against its minimum share of grassroots and front-line seats. */
export interface CompositionCheck {
  body: TermBody;
  seats: number;
  grassrootsSeats: number;
  /** grassrootsSeats / seats; null with no seats. */
  share: number | null;
  minimum: number;
  /** null with no seats (nothing to check). */
  meets: boolean | null;
  /** How many more grassroots and front-line seats the minimum needs (0 when met or with no seats). */
  shortfall: number;
}

/** The least whole number of grassroots and front-line seats among `seats` (⌈minimum × seats⌉, in whole percents). */
export function grassrootsSeatsNeeded(body: TermBody, seats: number): number {
  const percent = Math.round(GRASSROOTS_MINIMUM[body] * 100);
  return Math.ceil((percent * Math.max(0, seats)) / 100);
}

/** Checks a body's grassroots and front-line seats against {@link GRASSROOTS_MINIMUM}. */
export function checkComposition(body: TermBody, seats: number, grassrootsSeats: number): CompositionCheck {
  const minimum = GRASSROOTS_MINIMUM[body];
  if (seats <= 0) return { body, seats, grassrootsSeats, share: null, minimum, meets: null, shortfall: 0 };
  const shortfall = Math.max(0, grassrootsSeatsNeeded(body, seats) - grassrootsSeats);
  return {
    body,
    seats,
    grassrootsSeats,
    share: grassrootsSeats / seats,
    minimum,
    meets: shortfall === 0,
    shortfall,
  };
}

/** The deputy.body rows that make up each term body's roster (congress → its deputies, and so on). */
export const ROSTER_BODY_OF_TERM: Readonly<
  Record<TermBody, "congress_deputy" | "committee_member" | "standing_member">
> = {
  congress: "congress_deputy",
  committee: "committee_member",
  standing_committee: "standing_member",
};

/** A roster row: a deputy or committee member with the grassroots and front-line flags of deputy. */
export interface RosterPerson {
  grassroots: boolean;
  frontLine: boolean;
}

/**
 * A person counts towards 基层和一线 when from the grassroots or the front line (Wangcang reform plan
 * task 6 counts 基层和一线代表 together; domain.md §6): either flag.
 */
export function isGrassrootsOrFrontLine(person: RosterPerson): boolean {
  return person.grassroots || person.frontLine;
}

/**
 * A body's composition from its roster (the deputy rows of the term): every row is a seat, the rows
 * from the grassroots or front line ({@link isGrassrootsOrFrontLine}) its grassroots seats.
 */
export function compositionOfRoster(body: TermBody, roster: readonly RosterPerson[]): CompositionCheck {
  return checkComposition(body, roster.length, roster.filter(isGrassrootsOrFrontLine).length);
}

/**
 * The plain warning of a body short of its minimum, or null when met or with no seats: "常委会基层和一线
 * 成员 2 / 7 名（29%），低于 40% 的要求，还差 1 名（旺苍县改革方案任务6）". A warning, not a refusal:
 * domain.md §6 states the minimums, and task 6 says 一般不少于 for the standing committee.
 */
export function compositionWarning(check: CompositionCheck): string | null {
  if (check.meets !== false || check.share === null) return null;
  const percent = (value: number) => `${Math.round(value * 100)}%`;
  return (
    `${TERM_BODY_LABELS[check.body]}基层和一线成员 ${check.grassrootsSeats} / ${check.seats} 名（${percent(check.share)}），` +
    `低于 ${percent(check.minimum)} 的要求，还差 ${check.shortfall} 名（旺苍县改革方案任务6）`
  );
}

/** Kinds of placement (cadre_placement.kind). */
export const PLACEMENT_KINDS = ["exchange", "secondment"] as const;

/** A placement kind (see {@link PLACEMENT_KINDS}). */
export type PlacementKind = (typeof PLACEMENT_KINDS)[number];

/** Display labels of {@link PLACEMENT_KINDS}. */
export const PLACEMENT_KIND_LABELS: Readonly<Record<PlacementKind, string>> = {
  exchange: "双向交流",
  secondment: "挂职锻炼",
};

/**
 * Least length of a placement in months: 3 in general (挂职锻炼, 时间原则上不低于3个月), 1 for a cadre new
 * to the post (新任职的基层团干部原则上要到团县委学习锻炼1个月以上) — Wangcang reform plan task 4.
 */
export const PLACEMENT_MINIMUM_MONTHS = { general: 3, newCadre: 1 } as const;

/** A cadre counts as new to the post for a placement starting within this many months of taking it (tuanwu's reading of 新任职). */
export const NEW_CADRE_MONTHS = 12;

/** Whether a placement starting on `placementStartsOn` is that of a cadre new to the post they took on `cadreStartedOn`. */
export function isNewCadre(cadreStartedOn: string, placementStartsOn: string): boolean {
  return compareIsoDates(placementStartsOn, addMonths(cadreStartedOn, NEW_CADRE_MONTHS)) < 0;
}

/** The least number of months a placement must last. */
export function placementMinimumMonths(cadreStartedOn: string, placementStartsOn: string): number {
  return isNewCadre(cadreStartedOn, placementStartsOn)
    ? PLACEMENT_MINIMUM_MONTHS.newCadre
    : PLACEMENT_MINIMUM_MONTHS.general;
}

/**
 * Whether a placement is long enough: it ends on or after its start + the minimum months
 * ({@link placementMinimumMonths}); 2026-01-10 → 2026-04-10 is three months.
 */
export function isPlacementLongEnough(
  cadreStartedOn: string,
  placement: { startsOn: string; endsOn: string },
): boolean {
  const months = placementMinimumMonths(cadreStartedOn, placement.startsOn);
  return compareIsoDates(placement.endsOn, addMonths(placement.startsOn, months)) >= 0;
}
