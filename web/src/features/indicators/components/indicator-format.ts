import type { IndicatorUnit, TargetVerdict } from "../api/indicator-types";

/** The order the categories are shown in (the domain's order). */
export { INDICATOR_CATEGORIES } from "@tuanwu/domain";

/** The children table's columns and the trend's lines when the URL names none. */
export const DEFAULT_INDICATOR_IDS: readonly string[] = [
  "members_total",
  "organizations_total",
  "entry_rate",
  "youth_league_ratio",
  "league_student_ratio",
];

export const VERDICT_COLORS: Record<TargetVerdict, string> = {
  met: "success",
  on_track: "processing",
  off_track: "error",
  no_data: "default",
};

const COUNT_FORMAT = new Intl.NumberFormat("zh-CN");

/** "98.5%" for a percent, "12,345" for a count, "—" when there is nothing to measure. */
export function formatIndicatorValue(value: number | null | undefined, unit: IndicatorUnit): string {
  if (value === null || value === undefined) return "—";
  return unit === "percent" ? `${Math.round(value * 10) / 10}%` : COUNT_FORMAT.format(value);
}

/** A plain count with thousands separators, "—" for null. */
export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : COUNT_FORMAT.format(value);
}

/** The ids among `wanted` the catalog has, else its first `fallbackCount`. */
export function defaultIndicatorIds(catalogIds: readonly string[], fallbackCount = 5): string[] {
  const known = DEFAULT_INDICATOR_IDS.filter((id) => catalogIds.includes(id));
  return known.length > 0 ? known : catalogIds.slice(0, fallbackCount);
}
