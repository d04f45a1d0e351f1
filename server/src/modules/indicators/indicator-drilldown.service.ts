import {
  AGE_BANDS,
  AGE_OUT_AGE,
  ageBandBirthDateThresholds,
  ageBandIdPart,
  BACHELOR_OR_HIGHER,
  CURRENT_MEMBER_STATUSES,
  DomainError,
  type IndicatorDefinition,
  lastDayOfMonth,
  maskCitizenId,
  maskPhone,
  schoolYearOf,
  TWO_NEW_SECTORS,
  topmostEntries,
} from "@tuanwu/domain";
import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { inScope } from "../../lib/tree-sql";
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
import { findEnteredFigures } from "./indicator-records.repository";

const CURRENT = sql`m.status in (${sql.join(
  CURRENT_MEMBER_STATUSES.map((status) => sql`${status}`),
  sql`, `,
)})`;
const CADRE = sql`${CURRENT} and m.is_cadre`;
const BIRTH_MONTH = sql`to_char(m.birth_date, 'YYYY-MM')`;

function list(values: readonly string[]): SQL {
  return sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  );
}

/** Birth months ("YYYY-MM") of an age band on `asOf`'s month-end: after `after` (exclusive) up to `upTo`. */
function ageBandCondition(idPart: string, asOf: string): SQL {
  const thresholds = ageBandBirthDateThresholds(lastDayOfMonth(asOf)).map((entry) => ({
    band: entry.band,
    month: entry.bornOnOrBefore.slice(0, 7),
  }));
  const band = AGE_BANDS.find((candidate) => ageBandIdPart(candidate) === idPart);
  const index = thresholds.findIndex((entry) => entry.band === band);
  const upTo = index >= 0 ? thresholds[index]?.month : undefined;
  const after =
    index > 0 ? thresholds[index - 1]?.month : index === -1 ? thresholds.at(-1)?.month : undefined;
  const parts = [CURRENT];
  if (upTo !== undefined && band !== "14-17") parts.push(sql`${BIRTH_MONTH} <= ${upTo}`);
  if (after !== undefined) parts.push(sql`${BIRTH_MONTH} > ${after}`);
  return sql.join(parts, sql` and `);
}

/** Paths of the topmost organizations that entered `table` data (of `key` when given) in the subtree. */
async function enteredPaths(
  db: Executor,
  table: "youth_population" | "school_enrollment" | "eligible_units",
  rootPath: string,
  asOf: string,
  key?: string,
): Promise<string[]> {
  const year = table === "school_enrollment" ? schoolYearOf(asOf) : Number(asOf.slice(0, 4));
  const entries = (await findEnteredFigures(db, table, rootPath, year)).filter(
    (entry) => key === undefined || entry.key === key,
  );
  return [...new Set(topmostEntries(entries).map((entry) => entry.path))];
}

/** Organization "o" lies under one of `paths` (none: nothing). */
function underAny(paths: readonly string[]): SQL {
  return inScope(sql`o.path`, paths);
}

/**
 * The condition selecting the members behind a members indicator (for a rate, its numerator), over
 * member "m" and its branch "o".
 */
async function memberCondition(
  db: Executor,
  indicator: IndicatorDefinition,
  rootPath: string,
  asOf: string,
): Promise<SQL> {
  const id: string = indicator.id;
  const suffix = (prefix: string) => id.slice(prefix.length);
  if (id === "members_total" || id === "entry_rate") return CURRENT;
  if (id.startsWith("members_sector_")) return sql`${CURRENT} and o.sector = ${suffix("members_sector_")}`;
  if (id.startsWith("members_status_")) return sql`m.status = ${suffix("members_status_")}`;
  if (id.startsWith("members_sex_")) return sql`${CURRENT} and m.sex = ${suffix("members_sex_")}`;
  if (id.startsWith("members_age_")) return ageBandCondition(suffix("members_age_"), asOf);
  if (id.startsWith("members_occupation_"))
    return sql`${CURRENT} and m.occupation = ${suffix("members_occupation_")}`;
  if (id.startsWith("members_education_"))
    return sql`${CURRENT} and m.education = ${suffix("members_education_")}`;
  if (id.startsWith("members_ethnicity_"))
    return sql`${CURRENT} and m.ethnicity = ${suffix("members_ethnicity_")}`;
  if (id === "members_turning_28") {
    return sql`${CURRENT} and extract(year from m.birth_date)::int = ${Number(asOf.slice(0, 4)) - AGE_OUT_AGE}`;
  }
  if (id === "youth_league_ratio") {
    return sql`${CURRENT} and ${underAny(await enteredPaths(db, "youth_population", rootPath, asOf))}`;
  }
  if (id.startsWith("league_student_ratio")) {
    const level = id === "league_student_ratio" ? undefined : suffix("league_student_ratio_");
    return sql`${CURRENT} and ${underAny(await enteredPaths(db, "school_enrollment", rootPath, asOf, level))}`;
  }
  if (id === "cadres_total") return CADRE;
  if (id === "cadres_party_member_rate")
    return sql`${CADRE} and m.political_status in ('party_member', 'probationary_party_member')`;
  if (id === "cadres_bachelor_or_higher_rate")
    return sql`${CADRE} and m.education in (${list(BACHELOR_OR_HIGHER)})`;
  if (id === "cadres_under_35_rate") {
    return sql`${CADRE} and ${BIRTH_MONTH} > ${`${Number(asOf.slice(0, 4)) - 35}-${asOf.slice(5, 7)}`}`;
  }
  if (id.startsWith("cadres_")) return sql`${CADRE} and m.cadre_kind = ${suffix("cadres_")}`;
  throw new Error(`no member drill-down for ${id}`);
}

/** The condition selecting the organizations behind an organizations indicator, over "o" and its parent "p". */
async function organizationCondition(
  db: Executor,
  indicator: IndicatorDefinition,
  rootPath: string,
  asOf: string,
): Promise<SQL> {
  const id: string = indicator.id;
  if (id === "organizations_total") return sql`true`;
  if (id.startsWith("organizations_sector_"))
    return sql`o.sector = ${id.slice("organizations_sector_".length)}`;
  if (id === "staffing_rate") {
    return sql`o.kind = 'branch' and exists (select 1 from member m where m.organization_id = o.id
      and m.league_position = 'secretary' and ${CURRENT})`;
  }
  if (id.startsWith("coverage_rate_")) {
    const sectors: readonly string[] =
      id === "coverage_rate_two_new" ? TWO_NEW_SECTORS : [id.slice("coverage_rate_".length)];
    const parts: SQL[] = [];
    for (const sector of sectors) {
      const paths = await enteredPaths(db, "eligible_units", rootPath, asOf, sector);
      parts.push(sql`(o.sector = ${sector} and ${underAny(paths)})`);
    }
    return sql`p.sector is distinct from o.sector and (${sql.join(parts, sql` or `)})`;
  }
  throw new Error(`no organization drill-down for ${id}`);
}

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
  if (indicator.drillDown === null) {
    throw new DomainError(
      "no_drill_down",
      `indicatorId：指标 “${indicator.id}” 没有明细名单 / indicator “${indicator.id}” has no list behind it`,
      { field: "indicatorId", status: 400 },
    );
  }
  const condition =
    indicator.drillDown === "members"
      ? await memberCondition(db, indicator, record.path, today)
      : await organizationCondition(db, indicator, record.path, today);
  return { indicator, record, kind: indicator.drillDown, condition, asOf: today };
}

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
  const { record, condition } = prepared;
  if (prepared.kind === "members") {
    const [total, rows] = await Promise.all([
      knownTotal ?? countDrillDownMembers(db, record.path, condition),
      findDrillDownMembers(db, record.path, condition, limit, offset),
    ]);
    return { kind: "members", total, items: rows.map(toDrillDownMember) };
  }
  const [total, items] = await Promise.all([
    knownTotal ?? countDrillDownOrganizations(db, record.path, condition),
    findDrillDownOrganizations(db, record.path, condition, limit, offset),
  ]);
  return { kind: "organizations", total, items };
}

/** How many rows a prepared drill-down has. */
export async function countDrillDown(
  db: Executor,
  prepared: Awaited<ReturnType<typeof prepareDrillDown>>,
): Promise<number> {
  return prepared.kind === "members"
    ? countDrillDownMembers(db, prepared.record.path, prepared.condition)
    : countDrillDownOrganizations(db, prepared.record.path, prepared.condition);
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
