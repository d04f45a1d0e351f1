import type { ContactLogKind, DEPUTY_BODIES, LiaisonAssignmentKind } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { bigintArray } from "../../lib/sql-arrays";

/**
 * Reads and writes of deputies 团代表, liaison stations 联络站, "两联" assignments and contact logs
 * (issue 13 part 5). The only place with their SQL. Each of these rows sits at an organization and carries
 * its county bucket (migration 0042_cadre_county; on Citus the distribution column, co-located with member):
 * every write gives it and every read of one organization names it, so each is one shard on Citus. The
 * names of a log's or an assignment's people are read apart (cadre is still a Citus local table on the
 * coordinator, and an assignment's deputies may sit in other counties): no join across them.
 */

/** The deputies held at an organization (its congress, full and standing committee) of county `countyId`. */
export async function findDeputies(db: Executor, organizationId: number, countyId: number) {
  return queryRows<{
    id: number;
    organizationId: number;
    memberId: number | null;
    name: string;
    body: (typeof DEPUTY_BODIES)[number];
    grassroots: boolean;
    frontLine: boolean;
    termId: number | null;
    createdAt: string;
  }>(
    db,
    sql`select id::int as id, organization_id as "organizationId", member_id::int as "memberId", name, body,
               grassroots, front_line as "frontLine", term_id::int as "termId", created_at::text as "createdAt"
          from deputy where county_id = ${countyId} and organization_id = ${organizationId}
         order by body, id limit 2000`,
  );
}

/** The organization a term of county `countyId` belongs to and its body, or undefined (none there). */
export async function findTermOrganization(
  db: Executor,
  termId: number,
  countyId: number,
): Promise<{ organizationId: number; body: string } | undefined> {
  const [row] = await queryRows<{ organizationId: number; body: string }>(
    db,
    sql`select organization_id as "organizationId", body from organization_term
         where county_id = ${countyId} and id = ${termId}`,
  );
  return row;
}

/** Inserts a deputy; returns its id. */
export async function insertDeputy(
  db: Executor,
  values: {
    organizationId: number;
    countyId: number;
    memberId: number | null;
    name: string;
    body: string;
    grassroots: boolean;
    frontLine: boolean;
    termId: number | null;
  },
): Promise<number> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into deputy (county_id, organization_id, member_id, name, body, grassroots, front_line, term_id)
        values (${values.countyId}, ${values.organizationId}, ${values.memberId}, ${values.name}, ${values.body}, ${values.grassroots},
                ${values.frontLine}, ${values.termId}) returning id::int as id`,
  );
  return Number(row?.id);
}

/** The liaison stations of an organization of county `countyId`. */
export async function findStations(db: Executor, organizationId: number, countyId: number) {
  return queryRows<{ id: number; organizationId: number; name: string; address: string | null }>(
    db,
    sql`select id::int as id, organization_id as "organizationId", name, address from liaison_station
         where county_id = ${countyId} and organization_id = ${organizationId} order by id limit 500`,
  );
}

/** Inserts a liaison station; returns its id. */
export async function insertStation(
  db: Executor,
  values: { organizationId: number; countyId: number; name: string; address: string | null },
): Promise<number> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into liaison_station (county_id, organization_id, name, address)
        values (${values.countyId}, ${values.organizationId}, ${values.name}, ${values.address}) returning id::int as id`,
  );
  return Number(row?.id);
}

/** An assignment with the names of both ends. */
export interface AssignmentRow {
  id: number;
  organizationId: number;
  kind: LiaisonAssignmentKind;
  fromCadreId: number | null;
  fromDeputyId: number | null;
  targetDeputyId: number | null;
  targetOrganizationId: number | null;
  fromName: string | null;
  targetName: string | null;
}

/**
 * The "两联" assignments made at an organization of county `countyId`, with the names of both ends: the
 * assignments first (one shard on Citus), then the cadres' and deputies' names by id (a deputy end may sit
 * in another county when the organization is above it; cadre is on the coordinator).
 */
export async function findAssignments(
  db: Executor,
  organizationId: number,
  countyId: number,
): Promise<AssignmentRow[]> {
  const rows = await queryRows<
    Omit<AssignmentRow, "fromName" | "targetName"> & { targetOrganizationName: string | null }
  >(
    db,
    sql`select a.id::int as id, a.organization_id as "organizationId", a.kind, a.from_cadre_id::int as "fromCadreId",
               a.from_deputy_id::int as "fromDeputyId", a.target_deputy_id::int as "targetDeputyId",
               a.target_organization_id as "targetOrganizationId", o.name as "targetOrganizationName"
          from liaison_assignment a
          left join organization o on o.id = a.target_organization_id
         where a.county_id = ${countyId} and a.organization_id = ${organizationId} order by a.id limit 2000`,
  );
  const names = await findPeopleNames(
    db,
    rows.flatMap((row) => (row.fromCadreId === null ? [] : [row.fromCadreId])),
    rows.flatMap((row) => [row.fromDeputyId, row.targetDeputyId].filter((id): id is number => id !== null)),
  );
  return rows.map(({ targetOrganizationName, ...row }) => ({
    ...row,
    fromName:
      (row.fromCadreId === null ? undefined : names.cadres.get(row.fromCadreId)) ??
      (row.fromDeputyId === null ? undefined : names.deputies.get(row.fromDeputyId)) ??
      null,
    targetName:
      (row.targetDeputyId === null ? undefined : names.deputies.get(row.targetDeputyId)) ??
      targetOrganizationName ??
      null,
  }));
}

/**
 * The names of cadres and deputies by id (absent: no such row), each table read in a statement of its own:
 * on Citus deputies by id ask every shard (they may sit in several counties), cadres are read on the
 * coordinator — never a join between the two kinds of table.
 */
async function findPeopleNames(db: Executor, cadreIds: readonly number[], deputyIds: readonly number[]) {
  const cadres = new Map<number, string>();
  const deputies = new Map<number, string>();
  if (cadreIds.length > 0) {
    const rows = await queryRows<{ id: number; name: string }>(
      db,
      sql`select id::int as id, name from cadre where id = any(${bigintArray([...new Set(cadreIds)])})`,
    );
    for (const row of rows) cadres.set(Number(row.id), row.name);
  }
  if (deputyIds.length > 0) {
    const rows = await queryRows<{ id: number; name: string }>(
      db,
      sql`select id::int as id, name from deputy where id = any(${bigintArray([...new Set(deputyIds)])})`,
    );
    for (const row of rows) deputies.set(Number(row.id), row.name);
  }
  return { cadres, deputies };
}

/** Inserts an assignment unless the same one exists; returns its id and whether it was new. */
export async function insertAssignment(
  db: Executor,
  values: {
    organizationId: number;
    countyId: number;
    kind: string;
    fromCadreId: number | null;
    fromDeputyId: number | null;
    targetDeputyId: number | null;
    targetOrganizationId: number | null;
  },
): Promise<number> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into liaison_assignment (county_id, organization_id, kind, from_cadre_id, from_deputy_id,
                                        target_deputy_id, target_organization_id)
        values (${values.countyId}, ${values.organizationId}, ${values.kind}, ${values.fromCadreId}, ${values.fromDeputyId},
                ${values.targetDeputyId}, ${values.targetOrganizationId}) returning id::int as id`,
  );
  return Number(row?.id);
}

/**
 * Whether the same assignment (kind and both ends) already exists in county `countyId` — the county of the
 * organization it is made at, whose subtree holds both ends (one shard on Citus; the same ends assigned
 * once at a city and once at its county are two buckets and not compared).
 */
export async function assignmentExists(
  db: Executor,
  values: {
    countyId: number;
    kind: string;
    fromCadreId: number | null;
    fromDeputyId: number | null;
    targetDeputyId: number | null;
    targetOrganizationId: number | null;
  },
): Promise<boolean> {
  const rows = await queryRows(
    db,
    sql`select 1 from liaison_assignment where county_id = ${values.countyId} and kind = ${values.kind}
          and from_cadre_id is not distinct from ${values.fromCadreId}::bigint
          and from_deputy_id is not distinct from ${values.fromDeputyId}::bigint
          and target_deputy_id is not distinct from ${values.targetDeputyId}::bigint
          and target_organization_id is not distinct from ${values.targetOrganizationId}::int limit 1`,
  );
  return rows.length > 0;
}

/** A contact log with who logged it and the linked organization's name. */
export interface ContactLogRow {
  id: number;
  organizationId: number;
  cadreId: number | null;
  deputyId: number | null;
  personName: string | null;
  kind: ContactLogKind;
  occurredOn: string;
  youthCount: number;
  linkedOrganizationId: number | null;
  linkedOrganizationName: string | null;
  note: string | null;
  createdAt: string;
}

const LOG_COLUMNS = sql`l.id::int as id, l.organization_id as "organizationId", l.cadre_id::int as "cadreId",
  l.deputy_id::int as "deputyId", l.kind, l.occurred_on::text as "occurredOn",
  l.youth_count as "youthCount", l.linked_organization_id as "linkedOrganizationId",
  lo.name as "linkedOrganizationName", l.note, l.created_at::text as "createdAt"`;

const LOG_JOINS = sql`left join organization lo on lo.id = l.linked_organization_id`;

/** Logs as read, then the cadre's or deputy's name of each (read apart: {@link findPeopleNames}). */
async function withPersonNames(
  db: Executor,
  rows: Omit<ContactLogRow, "personName">[],
): Promise<ContactLogRow[]> {
  const names = await findPeopleNames(
    db,
    rows.flatMap((row) => (row.cadreId === null ? [] : [row.cadreId])),
    rows.flatMap((row) => (row.deputyId === null ? [] : [row.deputyId])),
  );
  return rows.map((row) => ({
    ...row,
    personName:
      (row.cadreId === null ? undefined : names.cadres.get(row.cadreId)) ??
      (row.deputyId === null ? undefined : names.deputies.get(row.deputyId)) ??
      null,
  }));
}

/**
 * Contact logs at organizations of a subtree, of a year, optionally of one cadre; newest first.
 * `countyScope`: the bucket the subtree lies in (db/county.ts countyScopeOfPath) — one shard on Citus — or
 * null above the county (every shard, the limit pushed down).
 */
export async function findContactLogsUnder(
  db: Executor,
  rootPath: string,
  countyScope: number | null,
  filter: { year: number; cadreId?: number | undefined },
): Promise<ContactLogRow[]> {
  const rows = await queryRows<Omit<ContactLogRow, "personName">>(
    db,
    sql`select ${LOG_COLUMNS} from contact_log l join organization o on o.id = l.organization_id ${LOG_JOINS}
         where o.path like ${`${rootPath}%`}
           ${countyScope === null ? sql`` : sql`and l.county_id = ${countyScope}`}
           and l.occurred_on >= ${`${filter.year}-01-01`}::date and l.occurred_on <= ${`${filter.year}-12-31`}::date
           ${filter.cadreId === undefined ? sql`` : sql`and l.cadre_id = ${filter.cadreId}`}
         order by l.occurred_on desc, l.id desc limit 1000`,
  );
  return withPersonNames(db, rows);
}

/**
 * A cadre's contact logs of a year (the duties' input and the phone's list). A cadre's logs sit at the
 * cadre's organization: `countyId` is its county (one shard on Citus).
 */
export async function findCadreContactLogs(
  db: Executor,
  cadreId: number,
  countyId: number,
  year: number,
): Promise<ContactLogRow[]> {
  const rows = await queryRows<Omit<ContactLogRow, "personName">>(
    db,
    sql`select ${LOG_COLUMNS} from contact_log l ${LOG_JOINS}
         where l.county_id = ${countyId} and l.cadre_id = ${cadreId}
           and l.occurred_on >= ${`${year}-01-01`}::date and l.occurred_on <= ${`${year}-12-31`}::date
         order by l.occurred_on desc, l.id desc`,
  );
  return withPersonNames(db, rows);
}

/** One contact log of county `countyId` by id. */
export async function findContactLog(
  db: Executor,
  id: number,
  countyId: number,
): Promise<ContactLogRow | undefined> {
  const rows = await queryRows<Omit<ContactLogRow, "personName">>(
    db,
    sql`select ${LOG_COLUMNS} from contact_log l ${LOG_JOINS} where l.county_id = ${countyId} and l.id = ${id}`,
  );
  return (await withPersonNames(db, rows))[0];
}

/** Inserts a contact log; returns its id. */
export async function insertContactLog(
  db: Executor,
  values: {
    organizationId: number;
    countyId: number;
    cadreId: number | null;
    deputyId: number | null;
    kind: string;
    occurredOn: string;
    youthCount: number;
    linkedOrganizationId: number | null;
    note: string | null;
  },
): Promise<number> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into contact_log (county_id, organization_id, cadre_id, deputy_id, kind, occurred_on, youth_count,
                                 linked_organization_id, note)
        values (${values.countyId}, ${values.organizationId}, ${values.cadreId}, ${values.deputyId}, ${values.kind}, ${values.occurredOn},
                ${values.youthCount}, ${values.linkedOrganizationId}, ${values.note}) returning id::int as id`,
  );
  return Number(row?.id);
}

/**
 * Distinct branches a cadre is linked to (cadre_to_branch assignments). The assignments may be made at the
 * cadre's organization or above it, so in several buckets: on Citus every shard is asked (a count).
 */
export async function countLinkedBranches(db: Executor, cadreId: number): Promise<number> {
  const [row] = await queryRows<{ total: number }>(
    db,
    sql`select count(distinct target_organization_id)::int as total from liaison_assignment
         where kind = 'cadre_to_branch' and from_cadre_id = ${cadreId}`,
  );
  return Number(row?.total ?? 0);
}

/**
 * A cadre's or deputy's organization (id, path and county), and whether a cadre's post ended. A deputy by id
 * alone: on Citus every shard is asked.
 */
export async function findPersonOrganization(db: Executor, kind: "cadre" | "deputy", id: number) {
  const [row] = await queryRows<{
    organizationId: number;
    countyId: number;
    path: string;
    name: string;
    ended: boolean;
  }>(
    db,
    kind === "cadre"
      ? sql`select c.organization_id as "organizationId", o.county_id as "countyId", o.path, c.name,
                   c.ended_on is not null as ended
              from cadre c join organization o on o.id = c.organization_id where c.id = ${id}`
      : sql`select d.organization_id as "organizationId", d.county_id as "countyId", o.path, d.name, false as ended
              from deputy d join organization o on o.id = d.organization_id where d.id = ${id}`,
  );
  return row;
}

/** An organization's path, or undefined. */
export async function findOrganizationPath(db: Executor, id: number): Promise<string | undefined> {
  const [row] = await queryRows<{ path: string }>(db, sql`select path from organization where id = ${id}`);
  return row?.path;
}

/**
 * The open cadre record of a user's member (app_user.member_id = cadre.member_id, post not ended),
 * the latest started first; undefined when the account has none.
 */
export async function findOwnCadre(db: Executor, userId: number) {
  const [row] = await queryRows<{
    id: number;
    organizationId: number;
    countyId: number;
    path: string;
    name: string;
  }>(
    db,
    sql`select c.id::int as id, c.organization_id as "organizationId", o.county_id as "countyId", o.path, c.name
          from app_user u join cadre c on c.member_id = u.member_id join organization o on o.id = c.organization_id
         where u.id = ${userId} and u.member_id is not null and c.ended_on is null
         order by c.started_on desc, c.id desc limit 1`,
  );
  return row;
}
