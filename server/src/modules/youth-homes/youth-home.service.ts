import {
  checkFiveHasStandard,
  DomainError,
  delistingDue,
  type FiveHasChecklist,
  type YouthHomeKind,
} from "@tuanwu/domain";
import { countyOfLocatedRow, locateInCounty } from "../../db/county";
import type { Database } from "../../db/database";
import { todayInChina } from "../../lib/clock";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { findOrganizationById } from "../organizations/organization.repository";
import {
  findServiceMonth,
  findServiceMonths,
  findYouthHome,
  findYouthHomes,
  insertYouthHome,
  updateYouthHome,
  upsertServiceMonth,
  type YouthHomeRow,
  type YouthHomeValues,
} from "./youth-home.repository";
import type { YouthHomeCreateInput, YouthHomePatchInput } from "./youth-home.schemas";

/**
 * Youth Homes 青年之家 and service posts (学子归巢工作站, 青年人才驿站; domain.md §7, issue 14 part 1):
 * attached to an organization of the tree, checked against "五有", with subsidies, services in
 * person-times and the de-listing 摘牌 of inactive demonstration homes. Reads need youth_home:read,
 * writes youth_home:write; everything is narrowed to the actor's subtree (404 outside); every write
 * leaves one audit entry in its transaction.
 */

/** A home as answered (schema YouthHome). */
export function youthHomeView(row: YouthHomeRow, today: string) {
  const { home } = row;
  const standard: FiveHasChecklist = {
    venue: home.standardVenue,
    projects: home.standardProjects,
    team: home.standardTeam,
    rules: home.standardRules,
    sign: home.standardSign,
  };
  const check = checkFiveHasStandard(standard);
  const lastActivityOn = row.lastActivityAt ? todayInChina(row.lastActivityAt) : null;
  const delisting = delistingDue(
    {
      isDemonstration: home.isDemonstration,
      listedOn: home.listedOn,
      delistedOn: home.delistedOn,
      lastActivityOn,
    },
    today,
  );
  return {
    id: home.id,
    organizationId: home.organizationId,
    organizationName: row.organizationName,
    kind: home.kind as YouthHomeKind,
    name: home.name,
    address: home.address,
    operator: home.operator,
    isDemonstration: home.isDemonstration,
    standard,
    standardMet: check.met,
    standardMissing: check.missing,
    subsidyYuanPerYear: home.subsidyYuanPerYear === null ? null : Number(home.subsidyYuanPerYear),
    listedOn: home.listedOn,
    delistedOn: home.delistedOn,
    delistedReason: home.delistedReason,
    lastActivityOn,
    delistingDue: delisting.due,
    delistingReason: delisting.reason,
    counts: {
      activities: row.activities,
      signups: row.signups,
      participants: row.participants,
      servicePersonTimes: row.servicePersonTimes,
    },
    createdAt: home.createdAt.toISOString(),
  };
}

type YouthHomeView = ReturnType<typeof youthHomeView>;

function columnsOf(input: YouthHomePatchInput): Partial<YouthHomeValues> {
  const values: Partial<YouthHomeValues> = {};
  if (input.name !== undefined) values.name = input.name;
  if (input.address !== undefined) values.address = input.address;
  if (input.operator !== undefined) values.operator = input.operator;
  if (input.isDemonstration !== undefined) values.isDemonstration = input.isDemonstration;
  if (input.subsidyYuanPerYear !== undefined)
    values.subsidyYuanPerYear =
      input.subsidyYuanPerYear === null ? null : input.subsidyYuanPerYear.toFixed(2);
  if (input.listedOn !== undefined) values.listedOn = input.listedOn;
  const standard = input.standard ?? {};
  if (standard.venue !== undefined) values.standardVenue = standard.venue;
  if (standard.projects !== undefined) values.standardProjects = standard.projects;
  if (standard.team !== undefined) values.standardTeam = standard.team;
  if (standard.rules !== undefined) values.standardRules = standard.rules;
  if (standard.sign !== undefined) values.standardSign = standard.sign;
  return values;
}

/** Sums of the homes' counts, and the counts per organization holding homes (for the list pages). */
function summarize(items: readonly YouthHomeView[]) {
  const zero = () => ({ activities: 0, signups: 0, participants: 0, servicePersonTimes: 0 });
  const totals = { homes: 0, listed: 0, standardMet: 0, delistingDue: 0, ...zero() };
  const perOrganization = new Map<
    number,
    ReturnType<typeof zero> & { organizationName: string; homes: number }
  >();
  for (const item of items) {
    totals.homes++;
    if (item.delistedOn === null) totals.listed++;
    if (item.standardMet) totals.standardMet++;
    if (item.delistingDue) totals.delistingDue++;
    const group = perOrganization.get(item.organizationId) ?? {
      organizationName: item.organizationName,
      homes: 0,
      ...zero(),
    };
    group.homes++;
    for (const key of ["activities", "signups", "participants", "servicePersonTimes"] as const) {
      totals[key] += item.counts[key];
      group[key] += item.counts[key];
    }
    perOrganization.set(item.organizationId, group);
  }
  const byOrganization = [...perOrganization].map(([organizationId, group]) => ({
    organizationId,
    ...group,
  }));
  return { totals, byOrganization };
}

/**
 * The homes of an organization's subtree (青年之家列表) with their 五有 check, de-listing due and counts
 * (activities, confirmed sign-ups, check-ins, person-times), their totals and the counts per
 * organization. De-listed homes only with `includeDelisted`.
 * Errors: 404 organization outside the scope; 403 without youth_home:read.
 */
export async function listYouthHomes(
  db: Database,
  actor: Actor,
  organizationId: number,
  options: { kind?: YouthHomeKind | undefined; includeDelisted: boolean },
  now: Date = new Date(),
) {
  const [target] = await requireAccess(db, actor, {
    permission: "youth_home:read",
    kind: "organization",
    ids: [organizationId],
  });
  const rows = await findYouthHomes(db, requireFound(target, "organization").path, { ...options, now });
  const today = todayInChina(now);
  const items = rows.map((row) => youthHomeView(row, today));
  return { items, ...summarize(items) };
}

/** One home with its months of services (GET /youth-homes/{id}). Errors: 404 outside the scope; 403. */
export async function getYouthHome(db: Database, actor: Actor, id: number, now: Date = new Date()) {
  await requireAccess(db, actor, { permission: "youth_home:read", kind: "youth_home", ids: [id] });
  const county = await countyOfLocatedRow(db, "youth_home", id);
  const row = requireFound(await findYouthHome(db, county, id, now), "youth_home");
  const services = await findServiceMonths(db, county, id);
  return {
    ...youthHomeView(row, todayInChina(now)),
    services: services.map((service) => ({
      month: service.month.slice(0, 7),
      personTimes: service.personTimes,
    })),
  };
}

/**
 * Attaches a new home to an organization (POST /organizations/{id}/youth-homes). Audit
 * "youth_home.create". Errors: 404 organization outside the scope; 403 without youth_home:write.
 */
export async function createYouthHome(
  db: Database,
  actor: Actor,
  organizationId: number,
  input: YouthHomeCreateInput,
  now: Date = new Date(),
) {
  const created = await db.transaction(async (tx) => {
    await requireAccess(tx, actor, {
      permission: "youth_home:write",
      kind: "organization",
      ids: [organizationId],
    });
    const countyId = requireFound(await findOrganizationById(tx, organizationId), "organization").countyId;
    const id = await insertYouthHome(tx, {
      organizationId,
      countyId,
      kind: input.kind,
      name: input.name,
      ...columnsOf(input),
    });
    const view = youthHomeView(
      requireFound(await findYouthHome(tx, countyId, id, now), "youth_home"),
      todayInChina(now),
    );
    await recordAudit(tx, actor, {
      action: "youth_home.create",
      entityType: "youth_home",
      entityId: id,
      organizationId,
      after: view,
    });
    return { view, countyId };
  });
  // Its location after the commit (county_locator, migration 0054; until then a read by id asks the table).
  await locateInCounty(db, "youth_home", [{ id: created.view.id, countyId: created.countyId }]);
  return created.view;
}

/**
 * Edits a home (PATCH /youth-homes/{id}): name, address, operator, demonstration, 五有 items, subsidy,
 * listing date. Audit "youth_home.update" with before and after.
 * Errors: 404 outside the scope; 403 without youth_home:write.
 */
export async function updateYouthHomeRecord(
  db: Database,
  actor: Actor,
  id: number,
  input: YouthHomePatchInput,
  now: Date = new Date(),
) {
  return db.transaction(async (tx) => {
    await requireAccess(tx, actor, { permission: "youth_home:write", kind: "youth_home", ids: [id] });
    const county = await countyOfLocatedRow(tx, "youth_home", id);
    const today = todayInChina(now);
    const before = youthHomeView(
      requireFound(await findYouthHome(tx, county, id, now, true), "youth_home"),
      today,
    );
    await updateYouthHome(tx, county, id, columnsOf(input));
    const after = youthHomeView(requireFound(await findYouthHome(tx, county, id, now), "youth_home"), today);
    await recordAudit(tx, actor, {
      action: "youth_home.update",
      entityType: "youth_home",
      entityId: id,
      organizationId: after.organizationId,
      before,
      after,
    });
    return after;
  });
}

/**
 * De-lists a home 摘牌 (POST /youth-homes/{id}/delist) with a reason, on `delistedOn` (default today).
 * Audit "youth_home.delist". Errors: 404; 403; 409 already_delisted.
 */
export async function delistYouthHome(
  db: Database,
  actor: Actor,
  id: number,
  input: { reason: string; delistedOn?: string | undefined },
  now: Date = new Date(),
) {
  return db.transaction(async (tx) => {
    await requireAccess(tx, actor, { permission: "youth_home:write", kind: "youth_home", ids: [id] });
    const county = await countyOfLocatedRow(tx, "youth_home", id);
    const today = todayInChina(now);
    const before = requireFound(await findYouthHome(tx, county, id, now, true), "youth_home");
    if (before.home.delistedOn !== null)
      throw new DomainError("already_delisted", "该青年之家已摘牌", { field: "reason", status: 409 });
    const delistedOn = input.delistedOn ?? today;
    await updateYouthHome(tx, county, id, { delistedOn, delistedReason: input.reason });
    const after = youthHomeView(requireFound(await findYouthHome(tx, county, id, now), "youth_home"), today);
    await recordAudit(tx, actor, {
      action: "youth_home.delist",
      entityType: "youth_home",
      entityId: id,
      organizationId: after.organizationId,
      before: { delistedOn: null },
      after: { delistedOn, delistedReason: input.reason },
    });
    return after;
  });
}

/**
 * Sets a home's services of one month in person-times 服务人次 (PUT /youth-homes/{id}/services/{month},
 * month YYYY-MM; the figure replaces the month's). Audit "youth_home.services".
 * Errors: 404; 403; 400 month (not a month).
 */
export async function setServiceMonth(
  db: Database,
  actor: Actor,
  id: number,
  month: string,
  personTimes: number,
) {
  const firstDay = `${month}-01`;
  return db.transaction(async (tx) => {
    await requireAccess(tx, actor, { permission: "youth_home:write", kind: "youth_home", ids: [id] });
    const county = await countyOfLocatedRow(tx, "youth_home", id);
    const home = requireFound(await findYouthHome(tx, county, id, new Date(), true), "youth_home");
    const before = await findServiceMonth(tx, county, id, firstDay);
    await upsertServiceMonth(tx, id, home.home.countyId, firstDay, personTimes);
    await recordAudit(tx, actor, {
      action: "youth_home.services",
      entityType: "youth_home",
      entityId: id,
      organizationId: home.home.organizationId,
      before: before ? { month, personTimes: before.personTimes } : null,
      after: { month, personTimes },
    });
    return { youthHomeId: id, month, personTimes };
  });
}
