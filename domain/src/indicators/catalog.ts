import type { Label } from "../dictionaries/dictionary";
import { SECTOR_LABELS, SECTORS, type Sector } from "../organization/sector";

/**
 * The indicator catalog (指标目录, domain.md §9): the figures the registry computes itself — for an
 * organization's subtree, never typed in — to which reform-plan targets can be bound (issue 5 part 6).
 * Each indicator is defined once here; the server computes it by id (server/src/modules/indicators).
 */

/** How an indicator's value reads: a percentage 0–100 (one decimal) or a whole count. */
export const INDICATOR_UNITS = ["percent", "count"] as const;

/** An indicator unit (see {@link INDICATOR_UNITS}). */
export type IndicatorUnit = (typeof INDICATOR_UNITS)[number];

/** Which way is better: a higher value (录入率) or a lower one (e.g. a count of overdue items). */
export const INDICATOR_DIRECTIONS = ["higher", "lower"] as const;

/** An indicator direction (see {@link INDICATOR_DIRECTIONS}). */
export type IndicatorDirection = (typeof INDICATOR_DIRECTIONS)[number];

/** Ids of the indicators counted per sector: `members_sector_<sector>`, `organizations_sector_<sector>`. */
export type SectorIndicatorId = `members_sector_${Sector}` | `organizations_sector_${Sector}`;

/** The id of an indicator of the catalog. */
export type IndicatorId =
  | "entry_rate"
  | "completeness_rate"
  | "members_total"
  | "organizations_total"
  | SectorIndicatorId;

/** One indicator: what it counts, over what, in which unit, which way is better, and where it comes from. */
export interface IndicatorDefinition {
  id: IndicatorId;
  /** Display name, e.g. 录入率 / Data-entry rate. */
  name: Label;
  /** What is counted over the registry (for a percent, the numerator). */
  numerator: Label;
  /** What the numerator is divided by, for a percent; null for a count. */
  denominator: Label | null;
  unit: IndicatorUnit;
  direction: IndicatorDirection;
  /** The sector counted, for per-sector indicators; null otherwise. */
  sector: Sector | null;
  /** The rule or source the indicator comes from (a bulletin, a plan, domain.md). */
  source: string;
}

const CURRENT_MEMBERS: Label = {
  zh: "在册团员数（正常、转接中、流动）",
  en: "current members (active, transferring, flowing)",
};

const BASE_INDICATORS: readonly IndicatorDefinition[] = [
  {
    id: "entry_rate",
    name: { zh: "录入率", en: "Data-entry rate" },
    numerator: CURRENT_MEMBERS,
    denominator: {
      zh: "应录入数：子树内各组织填报的团员数之和",
      en: "members the subtree's organizations report they have (sum of reported counts)",
    },
    unit: "percent",
    direction: "higher",
    sector: null,
    source:
      "Taiyuan bulletin 2021-13 (晋团要讯〔2021〕第13期): 团员录入率 60.3% → 99.8%; domain.md §2; Wangcang plan task 20 (智慧团建 团员数据库)",
  },
  {
    id: "completeness_rate",
    name: { zh: "信息完整率", en: "Record completeness rate" },
    numerator: {
      zh: "必填信息齐全的在册团员数",
      en: "current members whose required fields are all present",
    },
    denominator: CURRENT_MEMBERS,
    unit: "percent",
    direction: "higher",
    sector: null,
    source: "domain.md §2 (信息完整率, a figure distinct from 录入率); issue 3 part 6",
  },
  {
    id: "members_total",
    name: { zh: "团员数", en: "Members" },
    numerator: CURRENT_MEMBERS,
    denominator: null,
    unit: "count",
    direction: "higher",
    sector: null,
    source: "domain.md §2 and §9 (团员 in the registry, counted for any subtree)",
  },
  {
    id: "organizations_total",
    name: { zh: "团组织数", en: "League organizations" },
    numerator: {
      zh: "子树内团组织数（含本级）",
      en: "League organizations of the subtree, its root included",
    },
    denominator: null,
    unit: "count",
    direction: "higher",
    sector: null,
    source: "domain.md §1 and §9 (organizations and coverage by sector)",
  },
];

/** 团员数 in one sector: current members of branches whose organization has that sector. */
function membersOfSector(sector: Sector): IndicatorDefinition {
  const label = SECTOR_LABELS[sector];
  return {
    id: `members_sector_${sector}`,
    name: { zh: `${label.zh}领域团员数`, en: `Members, ${label.en.toLowerCase()} sector` },
    numerator: {
      zh: `所在团组织领域为“${label.zh}”的在册团员数`,
      en: `current members whose organization's sector is ${label.en.toLowerCase()}`,
    },
    denominator: null,
    unit: "count",
    direction: "higher",
    sector,
    source: "domain.md §1 (sectors) and §9 (figures by sector)",
  };
}

/** 团组织数 in one sector: organizations of the subtree with that sector. */
function organizationsOfSector(sector: Sector): IndicatorDefinition {
  const label = SECTOR_LABELS[sector];
  return {
    id: `organizations_sector_${sector}`,
    name: { zh: `${label.zh}领域团组织数`, en: `Organizations, ${label.en.toLowerCase()} sector` },
    numerator: {
      zh: `领域为“${label.zh}”的团组织数`,
      en: `League organizations whose sector is ${label.en.toLowerCase()}`,
    },
    denominator: null,
    unit: "count",
    direction: "higher",
    sector,
    source:
      "domain.md §1 (sectors; 建团 coverage) and §9 (coverage by sector); Wangcang plan task 8 (机关、事业单位、国有企业 100%建团)",
  };
}

/**
 * Every indicator of the catalog, in display order: entry rate, completeness rate, members,
 * organizations, then members per sector and organizations per sector (in {@link SECTORS} order).
 * To add one: extend {@link IndicatorId}, add its definition here, and its computation on the server.
 */
export const INDICATORS: readonly IndicatorDefinition[] = [
  ...BASE_INDICATORS,
  ...SECTORS.map(membersOfSector),
  ...SECTORS.map(organizationsOfSector),
];

const BY_ID: ReadonlyMap<string, IndicatorDefinition> = new Map(
  INDICATORS.map((indicator) => [indicator.id, indicator]),
);

/** Every indicator id, in catalog order. */
export const INDICATOR_IDS: readonly IndicatorId[] = INDICATORS.map((indicator) => indicator.id);

/** Whether `value` is the id of an indicator of the catalog (type guard, for text from a request or the database). */
export function isIndicatorId(value: string): value is IndicatorId {
  return BY_ID.has(value);
}

/** The definition of indicator `id`, or undefined when the catalog has none. */
export function findIndicator(id: string): IndicatorDefinition | undefined {
  return BY_ID.get(id);
}
