import { DomainError, maskCitizenId, maskPhone } from "@tuanwu/domain";
import type { Executor } from "../../db/database";
import type { Actor } from "../auth/actor";
import { resolveFigureDate } from "../stats/stats.service";
import { loadReadableOrganization, requireIndicator } from "./indicator.service";
import {
  countDrillDownMembers,
  countDrillDownOrganizations,
  type DrillDownMemberRow,
  type DrillDownOrganizationRow,
  findDrillDownMembers,
  findDrillDownOrganizations,
} from "./indicator-drilldown.repository";
import type { MemberDrillDownFilter, OrganizationDrillDownFilter } from "./indicator-family";
import { implementationOf } from "./indicator-implementations";

/** A member of a drill-down list as the API shows it: citizen ID and phone masked. */
export function toDrillDownMember(row: DrillDownMemberRow) {
  return { ...row, citizenId: maskCitizenId(row.citizenId), phone: maskPhone(row.phone) };
}

/** Largest page of a drill-down. */
export const DRILL_DOWN_MAX_PAGE_SIZE = 200;

/**
 * The indicator, organization and condition of a drill-down request, checked: the indicator has a
 * list (else 400 "no_drill_down" naming "indicatorId"; unknown → 404), asOf is today (a valid past
 * month-end → 400 "drilldown_as_of_today_only"; other bad dates → resolveFigureDate's 400s).
 */
export async function prepareDrillDown(
  db: Executor,
  actor: Actor,
  organizationId: number,
  indicatorId: string,
  asOf: string | undefined,
  today: string,
) {
  const indicator = requireIndicator(indicatorId, 404);
  const record = await loadReadableOrganization(db, actor, organizationId);
  const day = asOf ?? today;
  await resolveFigureDate(db, day, today);
  if (day !== today) {
    throw new DomainError(
      "drilldown_as_of_today_only",
      `asOf：明细仅提供今天的名单 / the list behind a number is given as of today only (${today})`,
      { field: "asOf", status: 400 },
    );
  }
  const drillDown = implementationOf(indicator.id).drillDown;
  if (drillDown === null) {
    throw new DomainError(
      "no_drill_down",
      `indicatorId：指标 “${indicator.id}” 没有明细名单 / indicator “${indicator.id}” has no list behind it`,
      { field: "indicatorId", status: 400 },
    );
  }
  const context = { db, rootPath: record.path, asOf: today };
  const selection: PreparedSelection =
    drillDown.kind === "members"
      ? { kind: "members", filter: await drillDown.filter(context) }
      : { kind: "organizations", filter: await drillDown.filter(context) };
  return { indicator, record, ...selection, asOf: today };
}

/** What a prepared drill-down lists: members or organizations, and the family's filter. */
type PreparedSelection =
  | { kind: "members"; filter: MemberDrillDownFilter }
  | { kind: "organizations"; filter: OrganizationDrillDownFilter };

/** Counts and reads `limit` rows of a prepared drill-down from `offset`. */
export async function readDrillDown(
  db: Executor,
  prepared: Awaited<ReturnType<typeof prepareDrillDown>>,
  limit: number,
  offset: number,
  knownTotal?: number,
): Promise<
  | { kind: "members"; total: number; items: ReturnType<typeof toDrillDownMember>[] }
  | { kind: "organizations"; total: number; items: DrillDownOrganizationRow[] }
> {
  const { record } = prepared;
  if (prepared.kind === "members") {
    const [total, rows] = await Promise.all([
      knownTotal ?? countDrillDownMembers(db, record.path, prepared.filter),
      findDrillDownMembers(db, record.path, prepared.filter, limit, offset),
    ]);
    return { kind: "members", total, items: rows.map(toDrillDownMember) };
  }
  const [total, items] = await Promise.all([
    knownTotal ?? countDrillDownOrganizations(db, record.path, prepared.filter),
    findDrillDownOrganizations(db, record.path, prepared.filter, limit, offset),
  ]);
  return { kind: "organizations", total, items };
}

/** How many rows a prepared drill-down has. */
export async function countDrillDown(
  db: Executor,
  prepared: Awaited<ReturnType<typeof prepareDrillDown>>,
): Promise<number> {
  return prepared.kind === "members"
    ? countDrillDownMembers(db, prepared.record.path, prepared.filter)
    : countDrillDownOrganizations(db, prepared.record.path, prepared.filter);
}

/**
 * The members or organizations behind indicator `indicatorId` of an organization's subtree, as of
 * today, paged (members masked). Errors: 404 unknown indicator or outside the scope; 403 without
 * stats:read; 400 naming "asOf" (past or bad date) or "indicatorId" (no list behind it).
 */
export async function getIndicatorDrillDown(
  db: Executor,
  actor: Actor,
  organizationId: number,
  indicatorId: string,
  query: { asOf?: string | undefined; page: number; pageSize: number },
  today: string,
) {
  const prepared = await prepareDrillDown(db, actor, organizationId, indicatorId, query.asOf, today);
  const result = await readDrillDown(db, prepared, query.pageSize, (query.page - 1) * query.pageSize);
  return { indicatorId: prepared.indicator.id, page: query.page, pageSize: query.pageSize, ...result };
}
