import { CURRENT_MEMBER_STATUSES } from "@tuanwu/domain";
import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { inScope, inSubtree } from "../../lib/tree-sql";
import type {
  MemberDrillDownFilter,
  MemberFilterField,
  OrganizationDrillDownFilter,
} from "./indicator-family";

/**
 * SQL of the drill-downs (issue 4 part 4): the members or organizations behind an indicator's number,
 * in a subtree, narrowed by the filter of the indicator's family (indicator-family.ts: data, rendered
 * here over member "m" and its branch "o", or organization "o" and its parent "p"), counted and paged.
 * The rendered statements are committed in indicator-drilldown.repository.sql (npm run sql:generate -w server).
 */

/** A member behind a number, unmasked (the service masks). */
export interface DrillDownMemberRow {
  id: number;
  name: string;
  sex: string;
  birthDate: string;
  status: string;
  organizationId: number;
  organizationName: string;
  citizenId: string;
  phone: string | null;
}

/** An organization behind a number. */
export interface DrillDownOrganizationRow {
  id: number;
  name: string;
  code: string;
  kind: string;
  sector: string | null;
}

const MEMBER_COLUMNS: Readonly<Record<Exclude<MemberFilterField, "cadreKind">, SQL>> = {
  sex: sql`m.sex`,
  occupation: sql`m.occupation`,
  education: sql`m.education`,
  ethnicity: sql`m.ethnicity`,
  politicalStatus: sql`m.political_status`,
  branchSector: sql`o.sector`,
};

/*
 * The cadre records are read apart from the members: on Citus `member` is distributed by county while
 * `cadre` is a coordinator table (or distributed by the post's county, which need not be the member's), and
 * a subquery correlated from a member to its cadre rows cannot be planned there ("direct joins between
 * distributed and local tables are not supported"). Each cadre condition is an uncorrelated
 * `m.id in (select …)`: read once, whole, then matched against the members (Citus runs the subquery first
 * and hands its result to the shards; PostgreSQL and PGlite as a hashed subplan).
 */

/** The members in a cadre post today (a cadre record not ended). */
const IN_POST = sql`m.id in (select c.member_id from cadre c where c.ended_on is null and c.member_id is not null)`;

/** The members whose first current post (the lowest cadre id not ended) is of one of `kinds`. */
function firstPostKindIn(kinds: SQL): SQL {
  return sql`m.id in (select f.member_id from (
      select distinct on (c.member_id) c.member_id, c.kind from cadre c
       where c.ended_on is null and c.member_id is not null order by c.member_id, c.id) f
     where f.kind in (${kinds}))`;
}

const BIRTH_MONTH = sql`to_char(m.birth_date, 'YYYY-MM')`;

function list(values: readonly string[]): SQL {
  return sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  );
}

/** The condition of a members filter over member "m" and its branch "o" (every part holds). */
function memberCondition(filter: MemberDrillDownFilter): SQL {
  const parts: SQL[] = [sql`m.status in (${list(filter.statuses)})`];
  if (filter.cadresOnly) {
    parts.push(IN_POST);
  }
  for (const [field, values] of Object.entries(filter.valuesIn ?? {}) as [MemberFilterField, string[]][]) {
    parts.push(
      field === "cadreKind"
        ? firstPostKindIn(list(values))
        : sql`${MEMBER_COLUMNS[field]} in (${list(values)})`,
    );
  }
  if (filter.birthMonthUpTo !== undefined) parts.push(sql`${BIRTH_MONTH} <= ${filter.birthMonthUpTo}`);
  if (filter.birthMonthAfter !== undefined) parts.push(sql`${BIRTH_MONTH} > ${filter.birthMonthAfter}`);
  if (filter.birthYear !== undefined) {
    parts.push(sql`extract(year from m.birth_date)::int = ${filter.birthYear}`);
  }
  if (filter.underPaths !== undefined) parts.push(inScope(sql`o.path`, filter.underPaths));
  return sql.join(parts, sql` and `);
}

/** The condition of an organizations filter over organization "o" of the subtree at `rootPath` and its parent "p" (every part holds). */
function organizationCondition(rootPath: string, filter: OrganizationDrillDownFilter): SQL {
  const parts: SQL[] = [];
  if (filter.sector !== undefined) parts.push(sql`o.sector = ${filter.sector}`);
  if (filter.kind !== undefined) parts.push(sql`o.kind = ${filter.kind}`);
  if (filter.withSecretary) {
    // Uncorrelated (the tree is a reference table, member distributed: see the cadre conditions above).
    parts.push(sql`o.id in (select m.organization_id from member m join organization mo on mo.id = m.organization_id
      where ${inSubtree(sql`mo.path`, rootPath)} and m.league_position = 'secretary'
        and m.status in (${list(CURRENT_MEMBER_STATUSES)}))`);
  }
  if (filter.secretaryPost !== undefined) {
    const held = sql`o.id in (select c.organization_id from cadre c where c.post = 'secretary' and c.ended_on is null)`;
    parts.push(filter.secretaryPost === "filled" ? held : sql`not ${held}`);
  }
  if (filter.termsDueBy !== undefined) {
    parts.push(sql`exists (select 1 from organization_term t where t.county_id = o.county_id and t.organization_id = o.id
      and t.ends_on <= ${filter.termsDueBy} and not exists (select 1 from organization_term l
      where l.county_id = t.county_id and l.organization_id = t.organization_id and l.body = t.body and l.starts_on > t.starts_on))`);
  }
  if (filter.coveredUnits !== undefined) {
    const units = filter.coveredUnits.map(
      ({ sector, underPaths }) => sql`(o.sector = ${sector} and ${inScope(sql`o.path`, underPaths)})`,
    );
    parts.push(sql`p.sector is distinct from o.sector and (${sql.join(units, sql` or `)})`);
  }
  return parts.length === 0 ? sql`true` : sql.join(parts, sql` and `);
}

const memberFrom = (rootPath: string, filter: MemberDrillDownFilter) =>
  sql`from member m join organization o on o.id = m.organization_id
      where ${inSubtree(sql`o.path`, rootPath)} and (${memberCondition(filter)})`;

const organizationFrom = (rootPath: string, filter: OrganizationDrillDownFilter) =>
  sql`from organization o left join organization p on p.id = o.parent_id
      where ${inSubtree(sql`o.path`, rootPath)} and (${organizationCondition(rootPath, filter)})`;

/** The statement counting a members drill-down. */
function countMembersStatement(rootPath: string, filter: MemberDrillDownFilter): SQL {
  return sql`select count(*)::int as n ${memberFrom(rootPath, filter)}`;
}

/** The statement reading a page of a members drill-down. */
function findMembersStatement(
  rootPath: string,
  filter: MemberDrillDownFilter,
  limit: number,
  offset: number,
): SQL {
  return sql`select m.id, m.name, m.sex, to_char(m.birth_date, 'YYYY-MM-DD') as birth_date, m.status,
        o.id as organization_id, o.name as organization_name, m.citizen_id, m.phone
      ${memberFrom(rootPath, filter)}
      order by m.id limit ${limit} offset ${offset}`;
}

/** The statement counting an organizations drill-down. */
function countOrganizationsStatement(rootPath: string, filter: OrganizationDrillDownFilter): SQL {
  return sql`select count(*)::int as n ${organizationFrom(rootPath, filter)}`;
}

/** The statement reading a page of an organizations drill-down. */
function findOrganizationsStatement(
  rootPath: string,
  filter: OrganizationDrillDownFilter,
  limit: number,
  offset: number,
): SQL {
  return sql`select o.id, o.name, o.code, o.kind, o.sector ${organizationFrom(rootPath, filter)}
      order by o.path limit ${limit} offset ${offset}`;
}

/** How many members a drill-down lists. */
export async function countDrillDownMembers(
  db: Executor,
  rootPath: string,
  filter: MemberDrillDownFilter,
): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, countMembersStatement(rootPath, filter));
  return Number(row?.n ?? 0);
}

/** A page of the members a drill-down lists, by id. */
export async function findDrillDownMembers(
  db: Executor,
  rootPath: string,
  filter: MemberDrillDownFilter,
  limit: number,
  offset: number,
): Promise<DrillDownMemberRow[]> {
  const rows = await queryRows<{
    id: number;
    name: string;
    sex: string;
    birth_date: string;
    status: string;
    organization_id: number;
    organization_name: string;
    citizen_id: string;
    phone: string | null;
  }>(db, findMembersStatement(rootPath, filter, limit, offset));
  return rows.map((row) => ({
    id: Number(row.id),
    name: row.name,
    sex: row.sex,
    birthDate: row.birth_date,
    status: row.status,
    organizationId: Number(row.organization_id),
    organizationName: row.organization_name,
    citizenId: row.citizen_id,
    phone: row.phone,
  }));
}

/** How many organizations a drill-down lists. */
export async function countDrillDownOrganizations(
  db: Executor,
  rootPath: string,
  filter: OrganizationDrillDownFilter,
): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, countOrganizationsStatement(rootPath, filter));
  return Number(row?.n ?? 0);
}

/** A page of the organizations a drill-down lists, in tree order. */
export async function findDrillDownOrganizations(
  db: Executor,
  rootPath: string,
  filter: OrganizationDrillDownFilter,
  limit: number,
  offset: number,
): Promise<DrillDownOrganizationRow[]> {
  const rows = await queryRows<DrillDownOrganizationRow>(
    db,
    findOrganizationsStatement(rootPath, filter, limit, offset),
  );
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}
