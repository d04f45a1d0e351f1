import {
  DomainError,
  findIndicator,
  INDICATOR_IDS,
  INDICATORS,
  type IndicatorDefinition,
  type IndicatorId,
  type IndicatorUnit,
  judgeTarget,
  lastDayOfMonth,
  type TargetComparison,
} from "@tuanwu/domain";
import { counterBucketOf } from "../../db/county";
import type { Executor } from "../../db/database";
import { requireAccess, requireFound } from "../access/access.service";
import type { Actor } from "../auth/actor";
import { findOrganizationById } from "../organizations/organization.repository";
import {
  type FigureDate,
  findHistoryStart,
  MEMBER_COUNT_DIMENSIONS,
  type MemberCountDimension,
} from "../stats/member-count-snapshot.repository";
import { findSnapshotMonths } from "../stats/member-count-snapshot-build.repository";
import { resolveFigureDate } from "../stats/stats.service";
import {
  type FigureOrganization,
  findChildFigureOrganizations,
  findFigureOrganizationByPath,
  findFirstBoundTargets,
  readMemberFiguresOf,
  readMemberFiguresOfMonths,
  readOrganizationFiguresOfMonths,
} from "./indicator.repository";
import { type IndicatorResult, NO_RESULT } from "./indicator-family";
import { FigureBatch, type PreloadedFigures } from "./indicator-figures";
import { implementationOf } from "./indicator-implementations";

/** The catalog (every indicator's definition), in display order. */
export function listIndicators(): readonly IndicatorDefinition[] {
  return INDICATORS;
}

/**
 * The definition of `id`.
 * @throws DomainError "unknown_indicator" (field "indicatorId") with `status` (404 for a path, 400 for a body).
 */
export function requireIndicator(id: string, status: 400 | 404): IndicatorDefinition {
  const indicator = findIndicator(id);
  if (!indicator) {
    throw new DomainError(
      "unknown_indicator",
      `indicatorId：没有指标 “${id}” / no indicator “${id}” in the catalog`,
      { field: "indicatorId", status },
    );
  }
  return indicator;
}

/**
 * The indicator ids of a comma-separated `ids` query parameter (default: the whole catalog).
 * @throws DomainError 400 "unknown_indicator" naming "ids" for an id not in the catalog.
 */
export function parseIndicatorIds(ids: string | undefined): IndicatorId[] {
  if (ids === undefined || ids.trim() === "") return [...INDICATOR_IDS];
  const parsed: IndicatorId[] = [];
  for (const id of ids.split(",").map((part) => part.trim())) {
    const indicator = findIndicator(id);
    if (!indicator) {
      throw new DomainError(
        "unknown_indicator",
        `ids：没有指标 “${id}” / no indicator “${id}” in the catalog`,
        {
          field: "ids",
          status: 400,
        },
      );
    }
    if (!parsed.includes(indicator.id)) parsed.push(indicator.id);
  }
  return parsed;
}

/** An organization the actor may read statistics of. Errors: 404 missing or outside the scope; 403 without stats:read. */
export async function loadReadableOrganization(db: Executor, actor: Actor, organizationId: number) {
  await requireAccess(db, actor, { permission: "stats:read", kind: "organization", ids: [organizationId] });
  return requireFound(await findOrganizationById(db, organizationId), "organization");
}

function toFigureOrganization(record: {
  id: number;
  path: string;
  kind: string;
  sector: string | null;
  depth: number;
  level: string;
  countyId: number;
}): FigureOrganization {
  return {
    id: record.id,
    path: record.path,
    kind: record.kind,
    sector: record.sector,
    depth: record.depth,
    countyId: counterBucketOf(record),
  };
}

/** Computes `ids` for every organization of `organizations` (the scope, or its children) in one batch. */
async function computeBatch(
  db: Executor,
  date: FigureDate,
  asOf: string,
  scope: FigureOrganization,
  organizations: readonly FigureOrganization[],
  ids: readonly IndicatorId[],
  preloaded: PreloadedFigures = {},
): Promise<Map<number, Map<IndicatorId, IndicatorResult>>> {
  const batch = new FigureBatch(db, date, asOf, scope, organizations, preloaded);
  const result = new Map<number, Map<IndicatorId, IndicatorResult>>();
  await Promise.all(
    organizations.map(async (organization) => {
      const figures = batch.of(organization);
      const values = await Promise.all(ids.map((id) => implementationOf(id).compute(figures)));
      result.set(organization.id, new Map(ids.map((id, index) => [id, values[index] ?? NO_RESULT])));
    }),
  );
  return result;
}

/**
 * The values of `ids` for the subtree at `rootPath` as of today (the live figures), for plan targets.
 * No authorization: callers check the subtree first.
 */
export async function computeIndicators(
  db: Executor,
  rootPath: string,
  ids: readonly IndicatorId[],
  today: string,
): Promise<Map<IndicatorId, number | null>> {
  const root = await findFigureOrganizationByPath(db, rootPath);
  if (!root || ids.length === 0) return new Map(ids.map((id) => [id, null]));
  const results = (await computeBatch(db, { kind: "live" }, today, root, [root], ids)).get(root.id);
  return new Map(ids.map((id) => [id, results?.get(id)?.value ?? null]));
}

/** An indicator's value for a subtree as of a date (GET /organizations/{id}/indicators/{indicatorId}). */
export interface IndicatorValue {
  indicatorId: IndicatorId;
  organizationId: number;
  value: number | null;
  unit: IndicatorUnit;
  asOf: string;
}

/**
 * Indicator `indicatorId` for the subtree of organization `organizationId`, computed now (issue 5
 * part 6, domain.md §9). Errors: 404 unknown indicator (field "indicatorId"); 404 organization outside
 * the actor's subtree; 403 without stats:read.
 */
export async function getIndicatorValue(
  db: Executor,
  actor: Actor,
  organizationId: number,
  indicatorId: string,
  today: string,
): Promise<IndicatorValue> {
  const indicator = requireIndicator(indicatorId, 404);
  const root = await loadReadableOrganization(db, actor, organizationId);
  const values = await computeIndicators(db, root.path, [indicator.id], today);
  return {
    indicatorId: indicator.id,
    organizationId,
    value: values.get(indicator.id) ?? null,
    unit: indicator.unit,
    asOf: today,
  };
}

/** The verdict of an indicator card's target: judgeTarget's, or no_data when the value is null. */
export type CardVerdict = "met" | "on_track" | "off_track" | "no_data";

/**
 * Indicators `ids` (default all) for an organization's subtree as of `asOf` (today or a past
 * month-end), each with its numerator, denominator and the first target of the organization's plans
 * bound to it, judged (domain judgeTarget; "no_data" when the value is null).
 * Errors: 404 outside the scope; 403 without stats:read; 400 naming "ids" or "asOf".
 */
export async function getOrganizationIndicators(
  db: Executor,
  actor: Actor,
  organizationId: number,
  query: { asOf?: string | undefined; ids?: string | undefined },
  today: string,
) {
  const ids = parseIndicatorIds(query.ids);
  const record = await loadReadableOrganization(db, actor, organizationId);
  const asOf = query.asOf ?? today;
  const date = await resolveFigureDate(db, asOf, today);
  const root = toFigureOrganization(record);
  const [results, targets] = await Promise.all([
    computeBatch(db, date, asOf, root, [root], ids),
    findFirstBoundTargets(db, organizationId, ids),
  ]);
  const values = results.get(root.id);
  return {
    organizationId,
    organizationName: record.name,
    asOf,
    items: ids.map((indicatorId) => {
      const result = values?.get(indicatorId) ?? NO_RESULT;
      const target = targets.find((candidate) => candidate.indicatorId === indicatorId);
      return {
        indicatorId,
        ...result,
        unit: requireIndicator(indicatorId, 400).unit,
        target:
          target && target.value !== null
            ? {
                planId: target.planId,
                planTitle: target.planTitle,
                targetValue: target.value,
                verdict:
                  result.value === null
                    ? ("no_data" as const)
                    : (judgeTarget(
                        {
                          indicatorId,
                          comparison: target.comparison as TargetComparison,
                          value: target.value,
                          dueOn: target.dueOn,
                        },
                        result.value,
                        today,
                      ) as CardVerdict),
              }
            : null,
      };
    }),
  };
}

/**
 * Indicators `ids` for every child of an organization as of `asOf`, computed in one batch (one
 * statement per figure kind for all children). Rows in code order.
 * Errors: 404 outside the scope; 403 without stats:read; 400 naming "ids" or "asOf".
 */
export async function getChildIndicators(
  db: Executor,
  actor: Actor,
  organizationId: number,
  query: { asOf?: string | undefined; ids?: string | undefined },
  today: string,
) {
  const ids = parseIndicatorIds(query.ids);
  const record = await loadReadableOrganization(db, actor, organizationId);
  const asOf = query.asOf ?? today;
  const date = await resolveFigureDate(db, asOf, today);
  const children = await findChildFigureOrganizations(db, organizationId);
  const results = await computeBatch(db, date, asOf, toFigureOrganization(record), children, ids);
  return {
    organizationId,
    asOf,
    indicatorIds: ids,
    rows: children.map((child) => ({
      organizationId: child.id,
      name: child.name,
      kind: child.kind,
      sector: child.sector,
      values: Object.fromEntries(ids.map((id) => [id, results.get(child.id)?.get(id)?.value ?? null])),
    })),
  };
}

/** Most months a trend covers. */
export const TREND_MAX_MONTHS = 36;

function invalidMonth(field: "from" | "to", code: string, message: string): DomainError {
  return new DomainError(code, `${field}：${message}`, { field, status: 400 });
}

function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

function monthOf(index: number): string {
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/**
 * The months of a trend: `from`..`to` ("YYYY-MM", inclusive; default the 12 months up to this one).
 * Errors: 400 naming "from"/"to" for a malformed month, `to` after this month, `from` after `to`, or
 * more than {@link TREND_MAX_MONTHS} months.
 */
export function trendMonths(from: string | undefined, to: string | undefined, today: string): string[] {
  const pattern = /^\d{4}-(0[1-9]|1[0-2])$/;
  for (const [field, value] of [
    ["from", from],
    ["to", to],
  ] as const) {
    if (value !== undefined && !pattern.test(value)) {
      throw invalidMonth(field, "invalid_month", "应为年月 YYYY-MM / expected a month YYYY-MM");
    }
  }
  const current = monthIndex(today.slice(0, 7));
  const end = to === undefined ? current : monthIndex(to);
  if (end > current)
    throw invalidMonth(
      "to",
      "month_in_future",
      `不能晚于本月 / cannot be after this month (${today.slice(0, 7)})`,
    );
  const start = from === undefined ? end - 11 : monthIndex(from);
  if (start > end) throw invalidMonth("from", "invalid_month_range", "不能晚于 to / from cannot be after to");
  if (end - start + 1 > TREND_MAX_MONTHS) {
    throw invalidMonth(
      "from",
      "trend_too_long",
      `最多${TREND_MAX_MONTHS}个月 / at most ${TREND_MAX_MONTHS} months (asked ${end - start + 1})`,
    );
  }
  return Array.from({ length: end - start + 1 }, (_, offset) => monthOf(start + offset));
}

/** Member dimensions read by indicators, by id prefix; an id matching none reads every dimension. */
const MEMBER_DIMENSIONS_BY_PREFIX: [string, MemberCountDimension[]][] = [
  ["members_total", ["total"]],
  ["members_status_", ["total"]],
  ["members_sex_", ["sex_birth_month"]],
  ["members_age_", ["sex_birth_month"]],
  ["members_turning_28", ["sex_birth_month"]],
  ["members_occupation_", ["occupation"]],
  ["members_education_", ["education"]],
  ["members_ethnicity_", ["ethnicity"]],
  ["members_sector_", ["sector"]],
  ["organizations_", []],
];

/**
 * The member dimensions indicators `ids` read (a trend of 36 months reads only these from the
 * snapshots: `total` is 7 rows a month, all dimensions about a thousand for a county).
 */
export function memberDimensionsOf(ids: readonly IndicatorId[]): MemberCountDimension[] {
  const wanted = new Set<MemberCountDimension>();
  for (const id of ids) {
    const entry = MEMBER_DIMENSIONS_BY_PREFIX.find(([prefix]) => id.startsWith(prefix));
    if (!entry) return [...MEMBER_COUNT_DIMENSIONS];
    for (const dimension of entry[1]) wanted.add(dimension);
  }
  return [...wanted];
}

/** Where a trend's month came from: today's counters, a month-end snapshot, a recount from member_history, or none (before the data). */
export type TrendMonthSource = "live" | "snapshot" | "history" | "none";

/**
 * The trend of indicators `ids` of an organization's subtree over months: each month's value as of
 * its last day, the current month as of today (live counters); null for months before the data
 * begins and for record-based indicators at past month-ends. Past months with a snapshot (issue 18
 * part 4) have their member and organization figures read in one statement for all of them; a month
 * without one is recounted from member_history for this subtree (slow on a province) and named in
 * `sources` as "history" (`tuanwu counters snapshot --window` builds the missing ones).
 * Errors: 404 outside the scope; 403 without stats:read; 400 naming "ids", "from" or "to".
 */
export async function getIndicatorTrend(
  db: Executor,
  actor: Actor,
  organizationId: number,
  query: { ids?: string | undefined; from?: string | undefined; to?: string | undefined },
  today: string,
) {
  const ids = parseIndicatorIds(query.ids);
  const months = trendMonths(query.from, query.to, today);
  const record = await loadReadableOrganization(db, actor, organizationId);
  const root = toFigureOrganization(record);
  const asOfs = months.map((month) => (month === today.slice(0, 7) ? today : lastDayOfMonth(`${month}-01`)));
  const past = asOfs.filter((asOf) => asOf !== today);
  const snapshotted = await findSnapshotMonths(db, past);
  const start = past.some((asOf) => !snapshotted.has(asOf)) ? ((await findHistoryStart(db)) ?? today) : null;
  const dates: (FigureDate | null)[] = asOfs.map((asOf) => {
    if (asOf === today) return { kind: "live" };
    if (snapshotted.has(asOf)) return { kind: "snapshot", month: asOf };
    return start !== null && asOf < start ? null : { kind: "history", month: asOf };
  });
  const snapshotMonths = [...snapshotted].sort();
  // Every snapshot month's figures in one statement, of the dimensions the indicators read; today's too.
  const dimensions = memberDimensionsOf(ids);
  const [members, organizations, live] = await Promise.all([
    readMemberFiguresOfMonths(db, snapshotMonths, [root], dimensions),
    readOrganizationFiguresOfMonths(db, snapshotMonths, [root]),
    asOfs.includes(today) ? readMemberFiguresOf(db, { kind: "live" }, [root], dimensions) : undefined,
  ]);
  // One month after another (a month without snapshot recounts; record-based figures read records).
  const perMonth: (Map<IndicatorId, IndicatorResult> | null)[] = [];
  for (const [index, date] of dates.entries()) {
    if (date === null) {
      perMonth.push(null);
      continue;
    }
    const preloaded =
      date.kind === "snapshot"
        ? { members: members.get(date.month), organizations: organizations.get(date.month) }
        : date.kind === "live"
          ? { members: live }
          : {};
    const results = await computeBatch(db, date, asOfs[index] as string, root, [root], ids, preloaded);
    perMonth.push(results.get(root.id) ?? null);
  }
  return {
    organizationId,
    months,
    sources: dates.map((date): TrendMonthSource => date?.kind ?? "none"),
    series: ids.map((indicatorId) => ({
      indicatorId,
      values: perMonth.map((values) => values?.get(indicatorId)?.value ?? null),
    })),
  };
}
