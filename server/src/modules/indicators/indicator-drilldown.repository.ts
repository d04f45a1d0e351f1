import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { inSubtree } from "../../lib/tree-sql";

/**
 * SQL of the drill-downs (issue 4 part 4): the members or organizations behind an indicator's number,
 * in a subtree, narrowed by a condition the service builds per indicator (over member "m" and its
 * branch "o", or organization "o" and its parent "p"), counted and paged.
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

const memberFrom = (rootPath: string, condition: SQL) =>
  sql`from member m join organization o on o.id = m.organization_id
      where ${inSubtree(sql`o.path`, rootPath)} and (${condition})`;

const organizationFrom = (rootPath: string, condition: SQL) =>
  sql`from organization o left join organization p on p.id = o.parent_id
      where ${inSubtree(sql`o.path`, rootPath)} and (${condition})`;

export async function countDrillDownMembers(db: Executor, rootPath: string, condition: SQL): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n ${memberFrom(rootPath, condition)}`,
  );
  return Number(row?.n ?? 0);
}

export async function findDrillDownMembers(
  db: Executor,
  rootPath: string,
  condition: SQL,
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
  }>(
    db,
    sql`select m.id, m.name, m.sex, to_char(m.birth_date, 'YYYY-MM-DD') as birth_date, m.status,
        o.id as organization_id, o.name as organization_name, m.citizen_id, m.phone
      ${memberFrom(rootPath, condition)}
      order by m.id limit ${limit} offset ${offset}`,
  );
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

export async function countDrillDownOrganizations(
  db: Executor,
  rootPath: string,
  condition: SQL,
): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n ${organizationFrom(rootPath, condition)}`,
  );
  return Number(row?.n ?? 0);
}

export async function findDrillDownOrganizations(
  db: Executor,
  rootPath: string,
  condition: SQL,
  limit: number,
  offset: number,
): Promise<DrillDownOrganizationRow[]> {
  const rows = await queryRows<DrillDownOrganizationRow>(
    db,
    sql`select o.id, o.name, o.code, o.kind, o.sector ${organizationFrom(rootPath, condition)}
      order by o.path limit ${limit} offset ${offset}`,
  );
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}
