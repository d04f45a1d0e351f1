import type { ContactLogKind, DEPUTY_BODIES, LiaisonAssignmentKind } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";

/**
 * Reads and writes of deputies 团代表, liaison stations 联络站, "两联" assignments and contact logs
 * (issue 13 part 5). The only place with their SQL.
 */

/** The deputies held at an organization (its congress, full and standing committee). */
export async function findDeputies(db: Executor, organizationId: number) {
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
          from deputy where organization_id = ${organizationId} order by body, id limit 2000`,
  );
}

/** The organization a term belongs to and its body, or undefined. */
export async function findTermOrganization(
  db: Executor,
  termId: number,
): Promise<{ organizationId: number; body: string } | undefined> {
  const [row] = await queryRows<{ organizationId: number; body: string }>(
    db,
    sql`select organization_id as "organizationId", body from organization_term where id = ${termId}`,
  );
  return row;
}

/** Inserts a deputy; returns its id. */
export async function insertDeputy(
  db: Executor,
  values: {
    organizationId: number;
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
    sql`insert into deputy (organization_id, member_id, name, body, grassroots, front_line, term_id)
        values (${values.organizationId}, ${values.memberId}, ${values.name}, ${values.body}, ${values.grassroots},
                ${values.frontLine}, ${values.termId}) returning id::int as id`,
  );
  return Number(row?.id);
}

/** The liaison stations of an organization. */
export async function findStations(db: Executor, organizationId: number) {
  return queryRows<{ id: number; organizationId: number; name: string; address: string | null }>(
    db,
    sql`select id::int as id, organization_id as "organizationId", name, address from liaison_station
         where organization_id = ${organizationId} order by id limit 500`,
  );
}

/** Inserts a liaison station; returns its id. */
export async function insertStation(
  db: Executor,
  values: { organizationId: number; name: string; address: string | null },
): Promise<number> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into liaison_station (organization_id, name, address)
        values (${values.organizationId}, ${values.name}, ${values.address}) returning id::int as id`,
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

/** The "两联" assignments made at an organization. */
export async function findAssignments(db: Executor, organizationId: number): Promise<AssignmentRow[]> {
  return queryRows<AssignmentRow>(
    db,
    sql`select a.id::int as id, a.organization_id as "organizationId", a.kind, a.from_cadre_id::int as "fromCadreId",
               a.from_deputy_id::int as "fromDeputyId", a.target_deputy_id::int as "targetDeputyId",
               a.target_organization_id as "targetOrganizationId",
               coalesce(c.name, fd.name) as "fromName", coalesce(td.name, o.name) as "targetName"
          from liaison_assignment a
          left join cadre c on c.id = a.from_cadre_id
          left join deputy fd on fd.id = a.from_deputy_id
          left join deputy td on td.id = a.target_deputy_id
          left join organization o on o.id = a.target_organization_id
         where a.organization_id = ${organizationId} order by a.id limit 2000`,
  );
}

/** Inserts an assignment unless the same one exists; returns its id and whether it was new. */
export async function insertAssignment(
  db: Executor,
  values: {
    organizationId: number;
    kind: string;
    fromCadreId: number | null;
    fromDeputyId: number | null;
    targetDeputyId: number | null;
    targetOrganizationId: number | null;
  },
): Promise<number> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into liaison_assignment (organization_id, kind, from_cadre_id, from_deputy_id, target_deputy_id,
                                        target_organization_id)
        values (${values.organizationId}, ${values.kind}, ${values.fromCadreId}, ${values.fromDeputyId},
                ${values.targetDeputyId}, ${values.targetOrganizationId}) returning id::int as id`,
  );
  return Number(row?.id);
}

/** Whether the same assignment (kind and both ends) already exists. */
export async function assignmentExists(
  db: Executor,
  values: {
    kind: string;
    fromCadreId: number | null;
    fromDeputyId: number | null;
    targetDeputyId: number | null;
    targetOrganizationId: number | null;
  },
): Promise<boolean> {
  const rows = await queryRows(
    db,
    sql`select 1 from liaison_assignment where kind = ${values.kind}
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
  l.deputy_id::int as "deputyId", coalesce(c.name, d.name) as "personName", l.kind, l.occurred_on::text as "occurredOn",
  l.youth_count as "youthCount", l.linked_organization_id as "linkedOrganizationId",
  lo.name as "linkedOrganizationName", l.note, l.created_at::text as "createdAt"`;

const LOG_JOINS = sql`left join cadre c on c.id = l.cadre_id left join deputy d on d.id = l.deputy_id
  left join organization lo on lo.id = l.linked_organization_id`;

/** Contact logs at organizations of a subtree, of a year, optionally of one cadre; newest first. */
export async function findContactLogsUnder(
  db: Executor,
  rootPath: string,
  filter: { year: number; cadreId?: number | undefined },
): Promise<ContactLogRow[]> {
  return queryRows<ContactLogRow>(
    db,
    sql`select ${LOG_COLUMNS} from contact_log l join organization o on o.id = l.organization_id ${LOG_JOINS}
         where o.path like ${`${rootPath}%`}
           and l.occurred_on >= ${`${filter.year}-01-01`}::date and l.occurred_on <= ${`${filter.year}-12-31`}::date
           ${filter.cadreId === undefined ? sql`` : sql`and l.cadre_id = ${filter.cadreId}`}
         order by l.occurred_on desc, l.id desc limit 1000`,
  );
}

/** A cadre's contact logs of a year (the duties' input and the phone's list). */
export async function findCadreContactLogs(
  db: Executor,
  cadreId: number,
  year: number,
): Promise<ContactLogRow[]> {
  return queryRows<ContactLogRow>(
    db,
    sql`select ${LOG_COLUMNS} from contact_log l ${LOG_JOINS}
         where l.cadre_id = ${cadreId}
           and l.occurred_on >= ${`${year}-01-01`}::date and l.occurred_on <= ${`${year}-12-31`}::date
         order by l.occurred_on desc, l.id desc`,
  );
}

/** One contact log by id. */
export async function findContactLog(db: Executor, id: number): Promise<ContactLogRow | undefined> {
  const [row] = await queryRows<ContactLogRow>(
    db,
    sql`select ${LOG_COLUMNS} from contact_log l ${LOG_JOINS} where l.id = ${id}`,
  );
  return row;
}

/** Inserts a contact log; returns its id. */
export async function insertContactLog(
  db: Executor,
  values: {
    organizationId: number;
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
    sql`insert into contact_log (organization_id, cadre_id, deputy_id, kind, occurred_on, youth_count,
                                 linked_organization_id, note)
        values (${values.organizationId}, ${values.cadreId}, ${values.deputyId}, ${values.kind}, ${values.occurredOn},
                ${values.youthCount}, ${values.linkedOrganizationId}, ${values.note}) returning id::int as id`,
  );
  return Number(row?.id);
}

/** Distinct branches a cadre is linked to (cadre_to_branch assignments). */
export async function countLinkedBranches(db: Executor, cadreId: number): Promise<number> {
  const [row] = await queryRows<{ total: number }>(
    db,
    sql`select count(distinct target_organization_id)::int as total from liaison_assignment
         where kind = 'cadre_to_branch' and from_cadre_id = ${cadreId}`,
  );
  return Number(row?.total ?? 0);
}

/** A cadre's or deputy's organization (id and path), and whether a cadre's post ended. */
export async function findPersonOrganization(db: Executor, kind: "cadre" | "deputy", id: number) {
  const [row] = await queryRows<{ organizationId: number; path: string; name: string; ended: boolean }>(
    db,
    kind === "cadre"
      ? sql`select c.organization_id as "organizationId", o.path, c.name, c.ended_on is not null as ended
              from cadre c join organization o on o.id = c.organization_id where c.id = ${id}`
      : sql`select d.organization_id as "organizationId", o.path, d.name, false as ended
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
  const [row] = await queryRows<{ id: number; organizationId: number; path: string; name: string }>(
    db,
    sql`select c.id::int as id, c.organization_id as "organizationId", o.path, c.name
          from app_user u join cadre c on c.member_id = u.member_id join organization o on o.id = c.organization_id
         where u.id = ${userId} and u.member_id is not null and c.ended_on is null
         order by c.started_on desc, c.id desc limit 1`,
  );
  return row;
}
