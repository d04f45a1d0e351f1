import { type IndicatorId, type MemberStatus, percentOf } from "@tuanwu/domain";
import type { Executor } from "../../db/database";
import type { SubtreeFigures } from "./indicator-figures";

/**
 * What a family of indicators (families/*.indicators.ts) gives for each of its catalog ids
 * (domain/src/indicators/catalog.ts): how its value is computed from a subtree's figures, and which
 * members or organizations are behind the number (its drill-down, described as data — the SQL is
 * rendered by indicator-drilldown.repository.ts). No SQL here.
 */

/**
 * An indicator's value with what it was computed from: a count (numerator = value, no denominator),
 * or a percent 0–100 with one decimal and its numerator and denominator; value null when there is
 * nothing to measure against (no denominator, or a figure that does not exist for the date).
 */
export interface IndicatorResult {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

/** Computes one indicator from a subtree's figures. */
export type ComputeIndicator = (figures: SubtreeFigures) => Promise<IndicatorResult>;

/** No figure for this date. */
export const NO_RESULT: IndicatorResult = { value: null, numerator: null, denominator: null };

/** A count: numerator = value, no denominator. */
export function count(value: number): IndicatorResult {
  return { value, numerator: value, denominator: null };
}

/** A percent of `denominator` (null when there is none, or 0). */
export function ratio(numerator: number, denominator: number | null): IndicatorResult {
  return { value: percentOf(numerator, denominator), numerator, denominator };
}

/** A count computation from a function giving the number. */
export function counted(compute: (figures: SubtreeFigures) => Promise<number>): ComputeIndicator {
  return async (figures) => count(await compute(figures));
}

/** Only today's member records hold it (cadre profile, secretaries, completeness): null at a past month-end. */
export function todayOnly(compute: ComputeIndicator): ComputeIndicator {
  return async (figures) => (figures.isLive ? compute(figures) : NO_RESULT);
}

/** Member columns a drill-down can narrow by (rendered by the repository; "branchSector" is the branch's sector). */
export type MemberFilterField =
  | "sex"
  | "occupation"
  | "education"
  | "ethnicity"
  | "politicalStatus"
  | "cadreKind"
  | "branchSector";

/**
 * The members behind a number (every condition holds): members of `statuses`, holding an open post in
 * the cadre records when `cadresOnly`, each field of `valuesIn` one of its values, born after `birthMonthAfter` / up to
 * `birthMonthUpTo` (months "YYYY-MM") or in `birthYear`, in a branch under one of `underPaths`
 * (an empty list: nobody).
 */
export interface MemberDrillDownFilter {
  statuses: readonly MemberStatus[];
  cadresOnly?: boolean;
  valuesIn?: Partial<Record<MemberFilterField, readonly string[]>>;
  birthMonthAfter?: string;
  birthMonthUpTo?: string;
  birthYear?: number;
  underPaths?: readonly string[];
}

/**
 * The organizations behind a number (every condition holds): of `sector`, of `kind`, with a current
 * member who is its secretary (`withSecretary`), its secretary post filled or empty in the cadre
 * records (`secretaryPost`), holding a term due for election (`termsDueBy`), or a covered unit (`coveredUnits`: its sector differs
 * from its parent's, and it is of one of the sectors, under one of that sector's paths).
 */
export interface OrganizationDrillDownFilter {
  sector?: string;
  kind?: string;
  withSecretary?: boolean;
  /** Its secretary post 书记 is filled / empty (an open cadre record; issue 13). */
  secretaryPost?: "filled" | "empty";
  /** It holds a term due for election by this date (ending by it, no later term; issue 13). */
  termsDueBy?: string;
  coveredUnits?: readonly { sector: string; underPaths: readonly string[] }[];
}

/** Where a drill-down is asked: the subtree's root path and the date (today). */
export interface DrillDownContext {
  db: Executor;
  rootPath: string;
  asOf: string;
}

/** The list behind an indicator's number: members or organizations, selected by a filter. */
export type IndicatorDrillDown =
  | { kind: "members"; filter: (context: DrillDownContext) => Promise<MemberDrillDownFilter> }
  | { kind: "organizations"; filter: (context: DrillDownContext) => Promise<OrganizationDrillDownFilter> };

/** One indicator of the catalog as the server works it: its computation and its drill-down (null: no list). */
export interface IndicatorImplementation {
  compute: ComputeIndicator;
  drillDown: IndicatorDrillDown | null;
}

/** A members drill-down with a filter that needs no lookup. */
export function membersWhere(filter: MemberDrillDownFilter): IndicatorDrillDown {
  return { kind: "members", filter: async () => filter };
}

/** An organizations drill-down with a filter that needs no lookup. */
export function organizationsWhere(filter: OrganizationDrillDownFilter): IndicatorDrillDown {
  return { kind: "organizations", filter: async () => filter };
}

/**
 * One implementation per value of a list, keyed by the id `idOf` gives it (a template literal type,
 * e.g. `members_sex_${Sex}`), so that the family's keys are typed ids the compiler checks against
 * {@link IndicatorId}.
 */
export function eachOf<const Value, const Id extends IndicatorId>(
  values: readonly Value[],
  idOf: (value: Value) => Id,
  make: (value: Value) => IndicatorImplementation,
): Record<Id, IndicatorImplementation> {
  // Every value gives its own id: the record has exactly the keys of Id for the listed values.
  return Object.fromEntries(values.map((value) => [idOf(value), make(value)])) as Record<
    Id,
    IndicatorImplementation
  >;
}
